"""The members the platform makes up: the Unknown member, and the stand-in values it shares with
inferred placeholders (text `unknownMember.text`, numbers 0, dates 1900-01-01, flags false)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.types import (
    BooleanType,
    DataType,
    DateType,
    DecimalType,
    IntegralType,
    StringType,
    StructField,
)

from star_schema.contract import HISTORY_BEGINNING, StarTable
from star_schema.transforms.history import all_time_values


def stand_in_value(data_type: DataType, text: str) -> Any:
    """A made-up member's value of an attribute of `data_type`. A date is HISTORY_BEGINNING, so a
    calendar's Unknown member has a real date_value (the column is NOT NULL)."""
    if isinstance(data_type, StringType):
        return text
    if isinstance(data_type, DecimalType):
        return Decimal(0)
    if isinstance(data_type, IntegralType):
        return 0
    if isinstance(data_type, BooleanType):
        return False
    if isinstance(data_type, DateType):
        return HISTORY_BEGINNING
    raise ValueError(f"no Unknown-member value for {data_type.simpleString()}")


def unknown_member(spark: SparkSession, table: StarTable, key: int, text: str) -> DataFrame:
    """The table's Unknown row: its keys `key` (a text natural key `text`), text attributes
    `text`, numbers 0, flags false; valid for all time, current and not inferred."""
    keys = {table.surrogate_key, table.natural_key}
    platform = all_time_values(table)

    def value(field: StructField) -> Any:
        if field.name in keys and isinstance(field.dataType, IntegralType):
            return key
        if field.name in platform:
            return platform[field.name]
        return stand_in_value(field.dataType, text)

    return spark.createDataFrame([tuple(value(field) for field in table.schema.fields)], table.schema)
