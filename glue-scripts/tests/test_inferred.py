"""Inferred members: placeholders for the natural keys facts reference before the member arrives."""

from datetime import date
from decimal import Decimal

from pyspark.sql import functions as F
from pyspark.testing import assertDataFrameEqual

from lake import KEYS, UNKNOWN
from star_schema.contract import HISTORY_BEGINNING, OPEN_END
from star_schema.transforms.dimensions import dimension_rows, dimension_snapshot
from star_schema.transforms.inferred import referenced_keys, with_inferred_members
from star_schema.transforms.keys import surrogate_key
from star_schema.transforms.members import unknown_member

DAY = date(2026, 1, 3)


def test_collects_the_distinct_non_null_keys_of_every_referencing_column(spark):
    shipments = spark.createDataFrame([("UPS",), ("DHL",), (None,), ("UPS",)], "carrier string")
    returns = spark.createDataFrame([("DHL",), ("FEDEX",)], "carrier string")
    actual = referenced_keys([shipments, returns], "carrier_code")
    assert actual.columns == ["carrier_code"]
    assertDataFrameEqual(actual, [("UPS",), ("DHL",), ("FEDEX",)])
    assert referenced_keys([], "carrier_code") is None


def test_adds_a_placeholder_keyed_like_the_first_version_for_a_customer_no_version_has(spark, contract):
    table = contract.star["customer_dim"]
    known = [
        (UNKNOWN, UNKNOWN, "Unknown", "Unknown", "Unknown", "Unknown", "Unknown",
         HISTORY_BEGINNING, OPEN_END, True, False),
        (KEYS["customer_dim"][1], 1, "Ada Lovelace", None, None, None, "Retail",
         HISTORY_BEGINNING, date(2026, 1, 2), False, False),
        (99, 1, "Ada Lovelace", None, None, None, "VIP", date(2026, 1, 2), OPEN_END, True, False),
    ]  # fmt: skip
    snapshot = spark.createDataFrame(known, table.schema)
    # Customer 1 has versions and -1 is the Unknown member's id: only customer 3 is missing.
    referenced = spark.createDataFrame([(1,), (3,), (UNKNOWN,)], "customer_id bigint")
    placeholder = (KEYS["customer_dim"][3], 3, "Unknown", "Unknown", "Unknown", "Unknown", "Unknown",
                   HISTORY_BEGINNING, OPEN_END, True, True)  # fmt: skip
    actual = with_inferred_members(snapshot, referenced, table, "Unknown")
    assertDataFrameEqual(actual, spark.createDataFrame([*known, placeholder], table.schema))


def test_gives_placeholders_of_an_scd1_dimension_keyed_by_text_stand_in_values(spark, shipments):
    table = shipments.star["carrier_dim"]
    unknown = unknown_member(spark, table, UNKNOWN, "n/a")
    referenced = spark.createDataFrame([("FEDEX",), ("n/a",)], "carrier_code string")
    fedex = spark.range(1).select(surrogate_key("carrier_dim", F.lit("FEDEX"))).first()[0]
    actual = with_inferred_members(unknown, referenced, table, "n/a")
    assertDataFrameEqual(actual, [(UNKNOWN, "n/a", "n/a", False), (fedex, "FEDEX", "n/a", True)])


def test_adds_no_placeholder_to_a_table_without_an_is_inferred_column(spark, shipments):
    table = shipments.star["day_dim"]
    unknown = unknown_member(spark, table, UNKNOWN, "Unknown")
    referenced = spark.createDataFrame([(20260102,)], "date_key int")
    assert with_inferred_members(unknown, referenced, table, "Unknown") is unknown
    assert with_inferred_members(unknown, None, table, "Unknown") is unknown


def test_replaces_an_scd1_placeholder_with_the_member_when_it_arrives(spark, contract):
    table = contract.star["product_dim"]
    placeholder = (KEYS["product_dim"][11], 11, "Unknown", "Unknown", "Unknown", "Unknown", Decimal(0), True)
    unknown = (UNKNOWN, UNKNOWN, "Unknown", "Unknown", "Unknown", "Unknown", Decimal(0), False)
    previous = spark.createDataFrame([unknown, placeholder], table.schema)
    source = spark.createDataFrame(
        [(11, "Desk", "Home", None, None, Decimal("120.00"))], contract.dataset_schemas["products"]
    )
    rows = dimension_rows(source, table, DAY)
    referenced = spark.createDataFrame([(11,)], "product_id bigint")
    actual = dimension_snapshot(spark, table, DAY, previous, rows, referenced, UNKNOWN, "Unknown")
    expected = [unknown, (KEYS["product_dim"][11], 11, "Desk", "Home", None, None, Decimal("120.00"), False)]
    assertDataFrameEqual(actual, spark.createDataFrame(expected, table.schema))
