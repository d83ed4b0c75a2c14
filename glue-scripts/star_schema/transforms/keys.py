"""Surrogate keys: a deterministic 63-bit hash of the natural key, salted with the table name.

A member's first version (and every SCD1 row) is keyed on its natural key alone, so facts keyed
before a dimension kept history, or to an inferred placeholder, keep their key. A later SCD2
version adds the date it opened at, so re-running a batch gives its versions the same keys.

xxhash64 is part of Spark SQL (seed 42, fixed algorithm), so a natural key gets the same
surrogate key in every run, batch and cluster. The mask keeps keys non-negative, so they can
never collide with the Unknown member's -1. With n keys in a table, the chance of any
collision is about n^2 / 2^64 (~3e-6 at 10 million rows); the data quality ruleset's
IsUnique check on each surrogate key would surface one.
"""

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

NON_NEGATIVE_MASK = 0x7FFFFFFFFFFFFFFF


def surrogate_key(table: str, natural_key: Column) -> Column:
    """The surrogate key of `natural_key` in `table` (a non-negative bigint)."""
    return F.xxhash64(F.lit(f"{table}:"), natural_key).bitwiseAND(F.lit(NON_NEGATIVE_MASK))


def version_key(table: str, natural_key: Column, valid_from: Column) -> Column:
    """The surrogate key of the SCD2 version of `natural_key` opened at `valid_from` (a date)."""
    return F.xxhash64(F.lit(f"{table}:"), natural_key, valid_from).bitwiseAND(F.lit(NON_NEGATIVE_MASK))


def with_surrogate_key(df: DataFrame, table: str, surrogate: str, natural: str) -> DataFrame:
    """Adds (or replaces) column `surrogate` keyed on column `natural`."""
    return df.withColumn(surrogate, surrogate_key(table, F.col(natural)))
