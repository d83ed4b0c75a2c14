"""Calendar dimension rows: one per distinct date, date_key as the integer YYYYMMDD."""

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

#: The calendar column holding the date itself (contract/spec.ts CALENDAR_COLUMNS).
DATE_VALUE = "date_value"


def date_key(date: Column) -> Column:
    """YYYYMMDD as an int, e.g. 2026-01-02 -> 20260102."""
    return F.year(date) * 10000 + F.month(date) * 100 + F.dayofmonth(date)


def date_rows(df: DataFrame, date_column: str) -> DataFrame:
    """One row of every calendar column per distinct value of `date_column`.

    day_of_week is ISO 8601 (1 = Monday ... 7 = Sunday); is_weekend is Saturday or Sunday.
    """
    date = F.col(DATE_VALUE)
    day_of_week = F.weekday(date) + 1
    return (
        df.select(F.col(date_column).alias(DATE_VALUE))
        .distinct()
        .select(
            date_key(date).alias("date_key"),
            date,
            F.year(date).alias("year"),
            F.quarter(date).alias("quarter"),
            F.month(date).alias("month"),
            F.dayofmonth(date).alias("day"),
            day_of_week.alias("day_of_week"),
            (day_of_week >= 6).alias("is_weekend"),
        )
    )
