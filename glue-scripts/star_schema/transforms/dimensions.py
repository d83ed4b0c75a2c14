"""SCD1 dimension snapshots: this batch's rows upserted over the previous snapshot, plus Unknown."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import BooleanType, DataType, DateType, DecimalType, IntegralType, StringType

from star_schema.contract import StarTable
from star_schema.transforms.conform import conform
from star_schema.transforms.dates import date_rows
from star_schema.transforms.derived import with_derived
from star_schema.transforms.keys import with_surrogate_key

# date_dim's Unknown member needs a real date_value (the column is NOT NULL); its other parts are 0.
UNKNOWN_DATE = date(1900, 1, 1)


def sale_date_rows(sales: DataFrame) -> DataFrame:
    """date_dim covers every sale date of the batch."""
    return date_rows(sales, "sale_date")


# Tables not listed here take their columns from the source dataset by name, plus the
# contract's derived columns.
_ROW_BUILDERS: dict[str, Callable[[DataFrame], DataFrame]] = {
    "date_dim": sale_date_rows,
}


def dimension_rows(source: DataFrame, table: StarTable) -> DataFrame:
    """This batch's rows of `table`, from its deduplicated source dataset: keyed and conformed."""
    rows = with_derived(_ROW_BUILDERS.get(table.name, lambda df: df)(source), table.derived)
    if table.surrogate_key != table.natural_key:
        rows = with_surrogate_key(rows, table.name, table.surrogate_key, table.natural_key)
    return conform(rows, table.schema)


def _unknown_value(data_type: DataType, text: str) -> Any:
    if isinstance(data_type, StringType):
        return text
    if isinstance(data_type, DecimalType):
        return Decimal(0)
    if isinstance(data_type, IntegralType):
        return 0
    if isinstance(data_type, BooleanType):
        return False
    if isinstance(data_type, DateType):
        return UNKNOWN_DATE
    raise ValueError(f"no Unknown-member value for {data_type.simpleString()}")


def unknown_member(spark: SparkSession, table: StarTable, key: int, text: str) -> DataFrame:
    """The table's Unknown row: both keys `key`, text attributes `text`, numbers 0, flags false."""
    keys = {table.surrogate_key, table.natural_key}
    row = tuple(
        key if field.name in keys else _unknown_value(field.dataType, text) for field in table.schema.fields
    )
    return spark.createDataFrame([row], table.schema)


def scd1_upsert(previous: DataFrame | None, batch: DataFrame | None, natural_key: str) -> DataFrame | None:
    """Type 1 upsert: a batch row replaces the previous row with the same natural key."""
    if previous is None or batch is None:
        return batch if previous is None else previous
    unchanged = previous.join(batch.select(natural_key), natural_key, "left_anti")
    return unchanged.unionByName(batch)


def dimension_snapshot(
    spark: SparkSession,
    table: StarTable,
    previous: DataFrame | None,
    source: DataFrame | None,
    unknown_key: int,
    unknown_text: str,
) -> DataFrame:
    """The full current snapshot of a dimension after this batch, with exactly one Unknown member.

    `previous` is the last snapshot (or None for the first batch); `source` is this batch's
    deduplicated source dataset (or None when the batch has no file for it).
    """
    batch = None if source is None else dimension_rows(source, table)
    merged = scd1_upsert(previous, batch, table.natural_key)
    unknown = unknown_member(spark, table, unknown_key, unknown_text)
    if merged is None:
        return unknown
    return conform(merged, table.schema).where(F.col(table.natural_key) != unknown_key).unionByName(unknown)
