"""Fact rows: every foreign key resolved through its `via` column (Unknown when absent), the
fact's own key, the batch date and the derived columns."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

from star_schema.contract import ForeignKey, StarTable
from star_schema.transforms.conform import conform
from star_schema.transforms.dates import date_key
from star_schema.transforms.derived import with_derived
from star_schema.transforms.dimensions import with_batch_date
from star_schema.transforms.keys import with_surrogate_key


def lookup_key(
    facts: DataFrame, via: str, dimension: DataFrame, table: StarTable, unknown_key: int, into: str
) -> DataFrame:
    """Adds column `into`: the surrogate key of the member whose natural key equals `via`.

    A value the dimension lacks, or a null, maps to `unknown_key`. The dimension's columns are
    renamed for the join, so `via` and `into` may have any name, including the dimension's own.
    """
    natural, surrogate = f"{into}__natural", f"{into}__surrogate"
    keys = dimension.select(
        F.col(table.natural_key).alias(natural), F.col(table.surrogate_key).alias(surrogate)
    )
    return (
        facts.join(keys, facts[via] == keys[natural], "left")
        .withColumn(into, F.coalesce(F.col(surrogate), F.lit(unknown_key)))
        .drop(natural, surrogate)
    )


def calendar_key(via: str, unknown_key: int) -> Column:
    """A calendar member's key is the date itself (YYYYMMDD), so it needs no lookup; null is Unknown."""
    return F.coalesce(date_key(F.col(via)), F.lit(unknown_key))


def fact_rows(
    source: DataFrame,
    dimensions: Mapping[str, DataFrame],
    fact: StarTable,
    star: Mapping[str, StarTable],
    batch_date: date,
    unknown_key: int,
) -> DataFrame:
    """Builds a fact's rows of a batch from its deduplicated source and the updated dimension snapshots.

    Every source row is kept. The keys are resolved first, each into a private column and
    renamed at the end, so one key's column can never hide the `via` column of another; the
    derived columns then see every key, in declaration order.
    """
    rows = source
    resolved: dict[str, str] = {}
    for index, key in enumerate(fact.foreign_keys):
        into = f"__fk{index}"
        rows = _resolve(rows, key, into, dimensions, star, unknown_key)
        resolved[key.column] = into
    rows = rows.withColumns({column: F.col(into) for column, into in resolved.items()}).drop(
        *resolved.values()
    )
    if fact.surrogate_key != fact.natural_key:
        rows = with_surrogate_key(rows, fact.name, fact.surrogate_key, fact.natural_key)
    rows = with_derived(with_batch_date(rows, fact, batch_date), fact.derived)
    return conform(rows, fact.schema)


def _resolve(
    rows: DataFrame,
    key: ForeignKey,
    into: str,
    dimensions: Mapping[str, DataFrame],
    star: Mapping[str, StarTable],
    unknown_key: int,
) -> DataFrame:
    dimension = star[key.references]
    if dimension.is_calendar:
        return rows.withColumn(into, calendar_key(key.via, unknown_key))
    return lookup_key(rows, key.via, dimensions[key.references], dimension, unknown_key, into)
