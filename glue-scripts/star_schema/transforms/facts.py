"""sales_fact: dimension keys looked up by natural id (Unknown when absent) and derived columns."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from star_schema.contract import StarTable
from star_schema.transforms.conform import conform
from star_schema.transforms.dates import date_key
from star_schema.transforms.derived import with_derived
from star_schema.transforms.keys import with_surrogate_key


def lookup_key(facts: DataFrame, dimension: DataFrame, table: StarTable, unknown_key: int) -> DataFrame:
    """Adds `table`'s surrogate key by natural key; a natural key the dimension lacks maps to Unknown."""
    keys = dimension.select(table.natural_key, table.surrogate_key)
    return facts.join(keys, table.natural_key, "left").withColumn(
        table.surrogate_key, F.coalesce(F.col(table.surrogate_key), F.lit(unknown_key))
    )


def sales_fact(
    sales: DataFrame,
    dimensions: Mapping[str, DataFrame],
    fact: StarTable,
    star: Mapping[str, StarTable],
    batch_date: date,
    unknown_key: int,
) -> DataFrame:
    """Builds the fact rows of a batch from its deduplicated sales and the updated dimension snapshots.

    Every sale is kept. date_dim is keyed by the date itself (date_key = YYYYMMDD) and covers
    every sale date by construction, so it needs no lookup.
    """
    # The contract's derived columns (gross_amount, net_amount); conform() casts them to
    # decimal(18,2), which the validator's bounds (quantity <= 1e6, unit_price decimal(12,2))
    # guarantee never overflows.
    rows = with_derived(sales.withColumn("date_key", date_key(F.col("sale_date"))), fact.derived)
    for foreign_key, dimension_name in fact.foreign_keys.items():
        dimension = star[dimension_name]
        if dimension.surrogate_key == dimension.natural_key:
            continue
        if dimension.surrogate_key != foreign_key:
            raise ValueError(f"{fact.name}.{foreign_key} must be named like {dimension_name}'s key")
        rows = lookup_key(rows, dimensions[dimension_name], dimension, unknown_key)
    rows = with_surrogate_key(rows, fact.name, fact.surrogate_key, fact.natural_key)
    return conform(rows.withColumn("batch_date", F.lit(batch_date)), fact.schema)
