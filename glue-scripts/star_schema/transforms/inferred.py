"""Inferred members: a placeholder for each natural key a fact references before its member arrives.

The placeholder is keyed as the member's first version will be, so the facts keyed to it keep
their key when the member arrives and completes it in place (Kimball's late-arriving dimension).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F
from pyspark.sql.types import StructField

from star_schema.contract import IS_INFERRED, StarTable
from star_schema.transforms.history import all_time_values
from star_schema.transforms.keys import surrogate_key
from star_schema.transforms.members import stand_in_value


def referenced_keys(references: Iterable[DataFrame], natural_key: str) -> DataFrame | None:
    """The distinct non-null values of the frames' single columns (each a fact source's `via`
    column), as column `natural_key`; None without any frame. A null finds the Unknown member."""
    columns = [frame.select(F.col(frame.columns[0]).alias(natural_key)) for frame in references]
    if not columns:
        return None
    return reduce(DataFrame.unionByName, columns).where(F.col(natural_key).isNotNull()).distinct()


def _placeholder_column(field: StructField, table: StarTable, text: str) -> Column:
    platform = all_time_values(table) | {IS_INFERRED: True}
    if field.name == table.natural_key:
        value = F.col(table.natural_key)
    elif field.name == table.surrogate_key:
        value = surrogate_key(table.name, F.col(table.natural_key))
    elif field.name in platform:
        value = F.lit(platform[field.name])
    else:
        value = F.lit(stand_in_value(field.dataType, text))
    return value.cast(field.dataType).alias(field.name)


def with_inferred_members(
    snapshot: DataFrame, referenced: DataFrame | None, table: StarTable, text: str
) -> DataFrame:
    """The snapshot plus a placeholder for every referenced natural key no row of it has (any
    version, the Unknown member included): the member's first-version key, stand-in values,
    valid for all time, current, inferred."""
    if referenced is None or not table.has_inferred:
        return snapshot
    missing = referenced.join(snapshot.select(table.natural_key), table.natural_key, "left_anti")
    placeholders = missing.select(*(_placeholder_column(field, table, text) for field in table.schema.fields))
    return snapshot.unionByName(placeholders)
