"""SCD1 dimension snapshots: this batch's rows upserted over the previous snapshot, plus Unknown.

A sourced dimension takes its rows from its dataset; a calendar dimension from the dates its
facts reference. Both then merge the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import reduce
from typing import Any

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import BooleanType, DataType, DateType, DecimalType, IntegralType, StringType

from star_schema.contract import BATCH_DATE_COLUMN, StarTable
from star_schema.transforms.conform import conform
from star_schema.transforms.dates import DATE_VALUE, date_rows
from star_schema.transforms.derived import with_derived
from star_schema.transforms.keys import with_surrogate_key

# A calendar Unknown member needs a real date_value (the column is NOT NULL); its other parts are 0.
UNKNOWN_DATE = date(1900, 1, 1)


def with_batch_date(rows: DataFrame, table: StarTable, batch_date: date) -> DataFrame:
    """Stamps the batch date on the rows when the table declares a batch_date column."""
    return rows.withColumn(BATCH_DATE_COLUMN, F.lit(batch_date)) if table.has_batch_date else rows


def dimension_rows(source: DataFrame, table: StarTable, batch_date: date) -> DataFrame:
    """This batch's rows of a sourced dimension, from its deduplicated dataset: keyed and conformed."""
    rows = with_derived(source, table.derived)
    if table.surrogate_key != table.natural_key:
        rows = with_surrogate_key(rows, table.name, table.surrogate_key, table.natural_key)
    return conform(with_batch_date(rows, table, batch_date), table.schema)


def calendar_rows(dates: Iterable[DataFrame], table: StarTable) -> DataFrame | None:
    """This batch's rows of a calendar dimension: one per distinct non-null date of `dates`.

    Each frame holds one date column, e.g. the `via` column of a fact's foreign key; a null date
    finds the Unknown member, so it adds no row.
    """
    columns = [frame.select(F.col(frame.columns[0]).alias(DATE_VALUE)) for frame in dates]
    if not columns:
        return None
    values = reduce(DataFrame.unionByName, columns).where(F.col(DATE_VALUE).isNotNull())
    return conform(date_rows(values, DATE_VALUE), table.schema)


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
    """The table's Unknown row: its keys `key` (a text natural key `text`), text attributes
    `text`, numbers 0, flags false."""
    keys = {table.surrogate_key, table.natural_key}
    row = tuple(
        key
        if field.name in keys and isinstance(field.dataType, IntegralType)
        else _unknown_value(field.dataType, text)
        for field in table.schema.fields
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
    batch: DataFrame | None,
    unknown_key: int,
    unknown_text: str,
) -> DataFrame:
    """The full current snapshot of a dimension after this batch, with exactly one Unknown member.

    `previous` is the last snapshot (or None for the first batch); `batch` is this batch's rows
    (dimension_rows or calendar_rows), or None when the batch has nothing for the dimension.
    """
    merged = scd1_upsert(previous, batch, table.natural_key)
    unknown = unknown_member(spark, table, unknown_key, unknown_text)
    if merged is None:
        return unknown
    # The surrogate key is always a number, and only the Unknown member has `unknown_key`.
    members = conform(merged, table.schema).where(F.col(table.surrogate_key) != unknown_key)
    return members.unionByName(unknown)
