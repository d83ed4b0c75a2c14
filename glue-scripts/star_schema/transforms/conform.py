"""Shapes a DataFrame to a contract schema: exactly its columns, in its order, with its types."""

from collections.abc import Mapping

from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from pyspark.sql.types import StructType


def conform(df: DataFrame, schema: StructType) -> DataFrame:
    """Selects the schema's columns in order, cast to the schema's types; extra columns are dropped."""
    return df.select([F.col(field.name).cast(field.dataType).alias(field.name) for field in schema.fields])


def with_defaults(df: DataFrame, defaults: Mapping[str, str]) -> DataFrame:
    """Replaces nulls with the contract's default for each optional column that has one.

    The validator already applies defaults; doing it again here keeps NOT NULL fact columns
    (discount, tax_amount) safe whatever wrote the file.
    """
    filled = {
        name: F.coalesce(F.col(name), F.lit(value).cast(df.schema[name].dataType))
        for name, value in defaults.items()
    }
    return df.withColumns(filled)
