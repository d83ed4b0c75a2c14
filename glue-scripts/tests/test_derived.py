"""The contract's expression form evaluated by Spark, on inline rows."""

from decimal import Decimal

import pytest
from pyspark.testing import assertDataFrameEqual

from star_schema.transforms.derived import with_derived


def test_evaluates_each_operator_and_literal(spark):
    rows = spark.createDataFrame(
        [("Ada", "King", 3, Decimal("2.50"), Decimal("1.00"))],
        "first string, last string, n int, price decimal(12,2), off decimal(18,2)",
    )
    derived = {
        "name": {"concat": ["first", {"literal": " "}, "last"]},
        "gross": {"mul": ["n", "price"]},
        "net": {"sub": ["gross", "off"]},
        "plus_one": {"add": ["n", 1]},
    }
    actual = with_derived(rows, derived).select("name", "gross", "net", "plus_one")
    assertDataFrameEqual(actual, [("Ada King", Decimal("7.50"), Decimal("6.50"), 4)])


def test_a_later_column_reads_an_earlier_derived_one(spark):
    rows = spark.createDataFrame([(2, 5)], "a int, b int")
    actual = with_derived(rows, {"c": {"add": ["a", "b"]}, "d": {"mul": ["c", "c"]}}).select("d")
    assertDataFrameEqual(actual, [(49,)])


def test_concat_of_a_missing_value_is_null_as_in_sql(spark):
    rows = spark.createDataFrame([("Ada", None)], "first string, last string")
    actual = with_derived(rows, {"name": {"concat": ["first", {"literal": " "}, "last"]}}).select("name")
    assertDataFrameEqual(actual, [(None,)])


def test_fails_on_an_unknown_operator(spark):
    rows = spark.createDataFrame([(1,)], "a int")
    with pytest.raises(ValueError, match=r"unknown expression .*div"):
        with_derived(rows, {"b": {"div": ["a", 2]}})
