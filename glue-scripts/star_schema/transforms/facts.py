"""Fact rows: every foreign key resolved through its `via` column (Unknown when null or absent),
into an SCD2 dimension the version valid on its `asOf` date; the fact's own key, the batch date
and the derived columns."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

from star_schema.contract import IS_CURRENT, VALID_FROM, VALID_TO, ForeignKey, StarTable
from star_schema.transforms.conform import conform
from star_schema.transforms.dates import date_key
from star_schema.transforms.derived import with_derived
from star_schema.transforms.dimensions import with_batch_date
from star_schema.transforms.keys import with_surrogate_key


def lookup_key(
    facts: DataFrame,
    via: str,
    dimension: DataFrame,
    table: StarTable,
    unknown_key: int,
    into: str,
    as_of: str | None = None,
) -> DataFrame:
    """Adds column `into`: the surrogate key of the member whose natural key equals `via`; with
    `as_of` (a key into an SCD2 dimension), of its version valid on that date column's value
    (valid_from <= as_of < valid_to), or of its current version when the date is null.

    A value the dimension lacks, or a null, maps to `unknown_key`. The dimension's columns are
    renamed for the join, so `via` and `into` may have any name, including the dimension's own.
    The join is an equi-join on the natural key, the version a condition beside it, so Spark
    still hashes (or broadcasts) the dimension.
    """
    names = [table.natural_key, table.surrogate_key, *((VALID_FROM, VALID_TO, IS_CURRENT) if as_of else ())]
    private = {name: f"{into}__{name}" for name in names}
    keys = dimension.select(*(F.col(name).alias(alias) for name, alias in private.items()))
    match = facts[via] == keys[private[table.natural_key]]
    if as_of is not None:
        day = facts[as_of]
        valid = (keys[private[VALID_FROM]] <= day) & (day < keys[private[VALID_TO]])
        match &= F.when(day.isNull(), keys[private[IS_CURRENT]]).otherwise(valid)
    return (
        facts.join(keys, match, "left")
        .withColumn(into, F.coalesce(keys[private[table.surrogate_key]], F.lit(unknown_key)))
        .drop(*private.values())
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
    return lookup_key(rows, key.via, dimensions[key.references], dimension, unknown_key, into, key.as_of)
