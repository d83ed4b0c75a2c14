"""SCD2 versions: a batch merged over the previous snapshot, one version per change of a member.

A version is valid on date d when valid_from <= d < valid_to. A member's first version is valid
from HISTORY_BEGINNING; a change of a tracked column at batch date D closes the current version
at D and opens the next one at D, so the versions of a member tile all time without overlap.
"""

from __future__ import annotations

from datetime import date
from functools import reduce
from typing import Any

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

from star_schema.contract import (
    HISTORY_BEGINNING,
    IS_CURRENT,
    IS_INFERRED,
    OPEN_END,
    VALID_FROM,
    VALID_TO,
    StarTable,
)
from star_schema.transforms.keys import version_key

#: The platform columns of a member valid for all time: a first version, the Unknown member, and
#: what a snapshot written before the table had these columns means (its rows are first versions).
ALL_TIME: dict[str, Any] = {
    VALID_FROM: HISTORY_BEGINNING,
    VALID_TO: OPEN_END,
    IS_CURRENT: True,
    IS_INFERRED: False,
}

# The current version's values, joined beside the batch row of the same member.
_PRIOR = "__prior_"


def all_time_values(table: StarTable) -> dict[str, Any]:
    """ALL_TIME for the platform columns the table has (SCD1 dimensions only have is_inferred)."""
    return {name: value for name, value in ALL_TIME.items() if name in table.schema.names}


def as_first_versions(rows: DataFrame, table: StarTable) -> DataFrame:
    """Sets the table's platform columns to those of a member valid for all time, not inferred."""
    return rows.withColumns({name: F.lit(value) for name, value in all_time_values(table).items()})


def with_history_defaults(previous: DataFrame, table: StarTable) -> DataFrame:
    """A previous snapshot with its missing platform columns (null when read from older Parquet)
    filled: turning SCD2 on makes today's rows the first versions, with their keys."""
    return previous.withColumns(
        {name: F.coalesce(F.col(name), F.lit(value)) for name, value in all_time_values(table).items()}
    )


def _prior(column: str) -> str:
    return f"{_PRIOR}{column}"


def _tracked_change(tracked: tuple[str, ...]) -> Column:
    """Whether any tracked column differs from the current version's (null-safe: null to a
    value is a change, null to null is not)."""
    changes = [~F.col(name).eqNullSafe(F.col(_prior(name))) for name in tracked]
    return reduce(Column.__or__, changes, F.lit(False))


def scd2_merge(
    previous: DataFrame | None, batch: DataFrame | None, table: StarTable, batch_date: date
) -> DataFrame | None:
    """Type 2 merge of this batch's rows (one per natural key, as first versions) over every
    version of the previous snapshot (without the Unknown member).

    For a member of the batch whose current version C is:
      absent    - the batch row is its first version;
      inferred  - C is completed in place: the batch's values, C's key and valid_from, not inferred;
      different in a tracked column - C is closed at the batch date and a version opens there,
                  keyed on the natural key and that date;
      otherwise - C takes the batch's values in place (an untracked change, or none).
    Closed versions, and the current versions of members absent from the batch, are kept as they were.
    """
    if previous is None or batch is None:
        return batch if previous is None else previous
    natural, surrogate, columns = table.natural_key, table.surrogate_key, previous.columns
    current = previous.where(F.col(IS_CURRENT))
    # One join pairs each batch row with its member's current version; the three kinds of
    # output row are projections of it.
    paired = batch.join(
        current.select(*(F.col(name).alias(_prior(name)) for name in columns)),
        F.col(natural) == F.col(_prior(natural)),
        "full_outer",
    )
    in_batch, has_current = F.col(natural).isNotNull(), F.col(_prior(natural)).isNotNull()
    opens = in_batch & has_current & ~F.col(_prior(IS_INFERRED)) & _tracked_change(table.tracked)
    day = F.lit(batch_date)
    incoming = paired.where(in_batch).withColumns(
        {
            surrogate: F.when(opens, version_key(table.name, F.col(natural), day)).otherwise(
                F.coalesce(F.col(_prior(surrogate)), F.col(surrogate))
            ),
            VALID_FROM: F.when(opens, day).otherwise(
                F.coalesce(F.col(_prior(VALID_FROM)), F.col(VALID_FROM))
            ),
        }
    )
    as_prior = [F.col(_prior(name)).alias(name) for name in columns]
    closing = paired.where(opens).select(*as_prior).withColumns({VALID_TO: day, IS_CURRENT: F.lit(False)})
    untouched = paired.where(~in_batch).select(*as_prior)
    closed = previous.where(~F.col(IS_CURRENT))
    return reduce(DataFrame.unionByName, [closed, untouched, closing, incoming.select(*columns)])
