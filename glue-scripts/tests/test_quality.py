"""The quality gate: the verdict on rule outcomes, and the local EvaluateDataQuality (awsgluedq shim)
on the generator's own rulesets."""

import json
from datetime import date
from decimal import Decimal

import pytest
from awsglue.dynamicframe import DynamicFrame
from awsgluedq.transforms import EvaluateDataQuality
from pyspark.sql.types import StructField, StructType

from star_schema.quality import DataQualityFailedError, check_outcomes, parse_rulesets

# valid_from, valid_to, is_current, is_inferred of a first version (customer_dim is SCD2).
FIRST_VERSION = (date(1900, 1, 1), date(9999, 12, 31), True, False)
CUSTOMER = (1, 10, "Ada Lovelace", None, None, None, None, *FIRST_VERSION)
UNKNOWN_CUSTOMER = (-1, -1, "Unknown", "Unknown", "Unknown", "Unknown", "Unknown", *FIRST_VERSION)


def evaluate(spark, contract, rulesets, table, rows):
    """Runs the shim's EvaluateDataQuality on rows of `table`; returns {rule: (outcome, reason)}."""
    # Every column nullable, as the job reads a table back from Parquet: a NOT NULL column
    # would let Spark fold `IsNull` to false and hide the nulls the gate must catch.
    schema = StructType([StructField(f.name, f.dataType, True) for f in contract.star[table].schema])
    df = spark.createDataFrame(rows, schema)
    frame = DynamicFrame.fromDF(df, None, table)
    results = EvaluateDataQuality.apply(frame=frame, ruleset=json.loads(rulesets)[table])
    return {row.Rule: (row.Outcome, row.FailureReason) for row in results.toDF().collect()}


def failed(outcomes):
    return {rule: reason for rule, (outcome, reason) in outcomes.items() if outcome != "Passed"}


def test_passes_a_dimension_snapshot_that_keeps_every_rule(spark, contract, dq_rulesets):
    outcomes = evaluate(spark, contract, dq_rulesets, "customer_dim", [UNKNOWN_CUSTOMER, CUSTOMER])
    assert failed(outcomes) == {}
    assert set(outcomes) >= {"RowCount >= 1", 'IsUnique "customer_key"', 'IsComplete "full_name"'}


def test_fails_a_duplicate_key_and_a_missing_required_value(spark, contract, dq_rulesets):
    duplicate = (1, 11, None, None, None, None, None, *FIRST_VERSION)  # customer_key 1 again, no full_name
    outcomes = evaluate(spark, contract, dq_rulesets, "customer_dim", [CUSTOMER, duplicate])
    assert failed(outcomes) == {
        'IsUnique "customer_key"': "1 of 2 values of customer_key are duplicates or null",
        'IsComplete "full_name"': "1 null values in full_name",
    }


def test_fails_a_negative_amount(spark, contract, dq_rulesets):
    sale = (7, 1, -1, -1, -1, 20260102, 2, Decimal("1.00"), Decimal("2.00"), Decimal("-0.50"),
            Decimal("0.00"), Decimal("2.50"), date(2026, 1, 2))  # fmt: skip
    outcomes = evaluate(spark, contract, dq_rulesets, "sales_fact", [sale])
    assert failed(outcomes) == {'ColumnValues "discount" >= 0': '1 values break ColumnValues "discount" >= 0'}


def test_fails_a_net_amount_that_is_not_gross_minus_discount(spark, contract, dq_rulesets):
    sale = (7, 1, -1, -1, -1, 20260102, 2, Decimal("1.00"), Decimal("2.00"), Decimal("0.50"),
            Decimal("0.00"), Decimal("1.60"), date(2026, 1, 2))  # fmt: skip
    outcomes = evaluate(spark, contract, dq_rulesets, "sales_fact", [sale])
    rule = 'CustomSql "select count(*) from primary where net_amount != (gross_amount - discount)" = 0'
    assert failed(outcomes) == {rule: f"CustomSql returned 1: {rule}"}


def test_fails_an_empty_dimension_but_not_an_empty_fact(spark, contract, dq_rulesets):
    # No rows break no row rules; run_batch skips an empty table anyway (Glue's analyzers do not).
    assert failed(evaluate(spark, contract, dq_rulesets, "sales_fact", [])) == {}
    dates = evaluate(spark, contract, dq_rulesets, "date_dim", [])
    assert failed(dates) == {"RowCount >= 1": "RowCount 0 does not satisfy RowCount >= 1"}


def test_refuses_a_rule_it_cannot_evaluate(spark, contract):
    frame = DynamicFrame.fromDF(
        spark.createDataFrame([CUSTOMER], contract.star["customer_dim"].schema), None, "c"
    )
    with pytest.raises(NotImplementedError, match='ColumnLength "email"'):
        EvaluateDataQuality.apply(frame=frame, ruleset='Rules = [ ColumnLength "email" > 3 ]')


def test_raises_naming_the_table_and_each_failed_rule():
    outcomes = [
        {"Rule": 'IsUnique "sale_key"', "Outcome": "Failed", "FailureReason": "2 duplicates"},
        {"Rule": 'IsComplete "sale_key"', "Outcome": "Passed", "FailureReason": None},
        {"Rule": 'ColumnValues "discount" >= 0', "Outcome": "Error", "FailureReason": None},
    ]
    with pytest.raises(DataQualityFailedError) as error:
        check_outcomes("sales_fact", outcomes)
    assert str(error.value) == (
        'data quality failed for sales_fact: IsUnique "sale_key" -> Failed (2 duplicates); '
        'ColumnValues "discount" >= 0 -> Error'
    )
    check_outcomes("sales_fact", outcomes[1:2])


def test_reads_the_rulesets_argument_of_every_star_table(contract, dq_rulesets):
    rulesets = parse_rulesets(dq_rulesets, contract.star)
    assert set(rulesets) == set(contract.star)
    with pytest.raises(
        ValueError, match=r"--dq_rulesets must map each star table .* \(got \['customer_dim'\]\)"
    ):
        parse_rulesets(json.dumps({"customer_dim": rulesets["customer_dim"]}), contract.star)
