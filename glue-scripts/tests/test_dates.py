from datetime import date

from pyspark.testing import assertDataFrameEqual

from star_schema.transforms.conform import conform
from star_schema.transforms.dates import date_rows


def test_builds_one_row_per_distinct_date_with_iso_weekdays(spark, contract):
    sales = spark.createDataFrame(
        [(date(2026, 1, 2),), (date(2026, 1, 2),), (date(2026, 1, 4),), (date(2025, 12, 31),)],
        "sale_date date",
    )
    expected = spark.createDataFrame(
        [
            (20260102, date(2026, 1, 2), 2026, 1, 1, 2, 5, False),  # Friday
            (20260104, date(2026, 1, 4), 2026, 1, 1, 4, 7, True),  # Sunday
            (20251231, date(2025, 12, 31), 2025, 4, 12, 31, 3, False),  # Wednesday
        ],
        contract.star["date_dim"].schema,
    )
    assertDataFrameEqual(conform(date_rows(sales, "sale_date"), expected.schema), expected)
