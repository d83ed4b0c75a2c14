"""Dimension snapshots: this batch's rows merged over the previous snapshot (SCD1 upsert or SCD2
versions), placeholders for members facts reference before they arrive, and the Unknown member.

A sourced dimension takes its rows from its dataset; a calendar dimension from the dates its
facts reference. Both then merge the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import reduce

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from star_schema.contract import BATCH_DATE_COLUMN, StarTable
from star_schema.transforms.conform import conform
from star_schema.transforms.dates import DATE_VALUE, date_rows
from star_schema.transforms.derived import with_derived
from star_schema.transforms.history import as_first_versions, scd2_merge, with_history_defaults
from star_schema.transforms.inferred import with_inferred_members
from star_schema.transforms.keys import with_surrogate_key
from star_schema.transforms.members import unknown_member


def with_batch_date(rows: DataFrame, table: StarTable, batch_date: date) -> DataFrame:
    """Stamps the batch date on the rows when the table declares a batch_date column."""
    return rows.withColumn(BATCH_DATE_COLUMN, F.lit(batch_date)) if table.has_batch_date else rows


def dimension_rows(source: DataFrame, table: StarTable, batch_date: date) -> DataFrame:
    """This batch's rows of a sourced dimension, from its deduplicated dataset: keyed, as first
    versions (the merge keeps the key and history of a member already known), and conformed."""
    rows = with_derived(source, table.derived)
    if table.surrogate_key != table.natural_key:
        rows = with_surrogate_key(rows, table.name, table.surrogate_key, table.natural_key)
    return conform(as_first_versions(with_batch_date(rows, table, batch_date), table), table.schema)


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


def scd1_upsert(previous: DataFrame | None, batch: DataFrame | None, natural_key: str) -> DataFrame | None:
    """Type 1 upsert: a batch row replaces the previous row with the same natural key."""
    if previous is None or batch is None:
        return batch if previous is None else previous
    unchanged = previous.join(batch.select(natural_key), natural_key, "left_anti")
    return unchanged.unionByName(batch)


def dimension_snapshot(
    spark: SparkSession,
    table: StarTable,
    batch_date: date,
    previous: DataFrame | None,
    batch: DataFrame | None,
    referenced: DataFrame | None,
    unknown_key: int,
    unknown_text: str,
) -> DataFrame:
    """The full snapshot of a dimension after this batch (every version of an SCD2 one), with
    exactly one Unknown member.

    `previous` is the last snapshot (or None for the first batch); `batch` is this batch's rows
    (dimension_rows or calendar_rows), or None when the batch has nothing for the dimension;
    `referenced` the natural keys this batch's facts reference (inferred.referenced_keys), or None.
    """
    members = None
    if previous is not None:
        # The surrogate key is always a number, and only the Unknown member has `unknown_key`.
        members = with_history_defaults(previous, table).where(F.col(table.surrogate_key) != unknown_key)
    if table.is_scd2:
        members = scd2_merge(members, batch, table, batch_date)
    else:
        members = scd1_upsert(members, batch, table.natural_key)
    unknown = unknown_member(spark, table, unknown_key, unknown_text)
    known = unknown if members is None else conform(members, table.schema).unionByName(unknown)
    return with_inferred_members(known, referenced, table, unknown_text)
