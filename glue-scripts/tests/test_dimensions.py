from datetime import date
from decimal import Decimal

from pyspark.testing import assertDataFrameEqual

from lake import KEYS, UNKNOWN
from star_schema.transforms.dimensions import (
    calendar_rows,
    dimension_rows,
    dimension_snapshot,
    scd1_upsert,
    unknown_member,
)

BATCH = date(2026, 1, 3)


def customers(spark, contract, rows):
    return spark.createDataFrame(rows, contract.dataset_schemas["customers"])


def test_builds_customer_rows_with_full_name_and_hashed_key(spark, contract):
    source = customers(spark, contract, [(1, "Ada", "Lovelace", "ada@example.com", "London", None, "Retail")])
    expected = spark.createDataFrame(
        [(KEYS["customer_dim"][1], 1, "Ada Lovelace", "ada@example.com", "London", None, "Retail")],
        contract.star["customer_dim"].schema,
    )
    assertDataFrameEqual(dimension_rows(source, contract.star["customer_dim"], BATCH), expected)


def test_builds_product_rows_from_same_named_columns(spark, contract):
    source = spark.createDataFrame(
        [(10, "Lamp", "Home", "Lighting", None, Decimal("19.99"))], contract.dataset_schemas["products"]
    )
    expected = spark.createDataFrame(
        [(KEYS["product_dim"][10], 10, "Lamp", "Home", "Lighting", None, Decimal("19.99"))],
        contract.star["product_dim"].schema,
    )
    assertDataFrameEqual(dimension_rows(source, contract.star["product_dim"], BATCH), expected)


def test_builds_the_unknown_member_with_unknown_text_and_zero_numbers(spark, contract):
    expected = spark.createDataFrame(
        [(UNKNOWN, UNKNOWN, "Unknown", "Unknown", "Unknown", "Unknown", Decimal("0.00"))],
        contract.star["product_dim"].schema,
    )
    assertDataFrameEqual(unknown_member(spark, contract.star["product_dim"], UNKNOWN, "Unknown"), expected)


def test_gives_date_dim_an_unknown_member_with_a_sentinel_date(spark, contract):
    expected = spark.createDataFrame(
        [(UNKNOWN, date(1900, 1, 1), 0, 0, 0, 0, 0, False)], contract.star["date_dim"].schema
    )
    assertDataFrameEqual(unknown_member(spark, contract.star["date_dim"], UNKNOWN, "Unknown"), expected)


def test_upserts_type_1_so_the_batch_row_replaces_the_previous_one(spark):
    previous = spark.createDataFrame([(1, "a"), (2, "b")], "id bigint, name string")
    batch = spark.createDataFrame([(2, "b2"), (3, "c")], "id bigint, name string")
    assertDataFrameEqual(scd1_upsert(previous, batch, "id"), [(1, "a"), (2, "b2"), (3, "c")])
    assert scd1_upsert(previous, None, "id") is previous
    assert scd1_upsert(None, batch, "id") is batch
    assert scd1_upsert(None, None, "id") is None


def test_snapshots_previous_plus_batch_with_exactly_one_unknown_member(spark, contract):
    table = contract.star["customer_dim"]
    unknown = (UNKNOWN, UNKNOWN, "Unknown", "Unknown", "Unknown", "Unknown", "Unknown")
    previous = spark.createDataFrame(
        [unknown, (KEYS["customer_dim"][1], 1, "Ada Lovelace", None, None, None, None)], table.schema
    )
    batch = customers(
        spark,
        contract,
        [(1, "Ada", "King", None, None, None, "VIP"), (2, "Alan", "Turing", None, None, None, None)],
    )
    expected = spark.createDataFrame(
        [
            unknown,
            (KEYS["customer_dim"][1], 1, "Ada King", None, None, None, "VIP"),
            (KEYS["customer_dim"][2], 2, "Alan Turing", None, None, None, None),
        ],
        table.schema,
    )
    rows = dimension_rows(batch, table, BATCH)
    assertDataFrameEqual(dimension_snapshot(spark, table, previous, rows, UNKNOWN, "Unknown"), expected)


def test_snapshots_only_the_unknown_member_when_there_is_no_data_yet(spark, contract):
    table = contract.star["location_dim"]
    actual = dimension_snapshot(spark, table, None, None, UNKNOWN, "Unknown")
    assertDataFrameEqual(actual, unknown_member(spark, table, UNKNOWN, "Unknown"))


def test_builds_one_calendar_row_per_distinct_date_of_every_column_skipping_nulls(spark, shipments):
    table = shipments.star["day_dim"]
    ship = spark.createDataFrame([(date(2026, 1, 2),), (date(2026, 1, 3),)], "ship_date date")
    delivery = spark.createDataFrame(
        [(date(2026, 1, 3),), (None,), (date(2026, 1, 10),)], "delivery_date date"
    )
    expected = spark.createDataFrame(
        [
            (20260102, date(2026, 1, 2), 2026, 1, False),
            (20260103, date(2026, 1, 3), 2026, 1, True),
            (20260110, date(2026, 1, 10), 2026, 1, True),
        ],
        table.schema,
    )
    actual = calendar_rows([ship, delivery], table)
    assert actual.columns == ["date_key", "date_value", "year", "month", "is_weekend"]
    assertDataFrameEqual(actual, expected)
    assert calendar_rows([], table) is None


def test_merges_calendar_rows_over_the_previous_snapshot_with_one_unknown_member(spark, shipments):
    table = shipments.star["day_dim"]
    unknown = (UNKNOWN, date(1900, 1, 1), 0, 0, False)
    previous = spark.createDataFrame([unknown, (20260102, date(2026, 1, 2), 2026, 1, False)], table.schema)
    batch = calendar_rows(
        [spark.createDataFrame([(date(2026, 1, 2),), (date(2026, 1, 3),)], "d date")], table
    )
    expected = spark.createDataFrame(
        [unknown, (20260102, date(2026, 1, 2), 2026, 1, False), (20260103, date(2026, 1, 3), 2026, 1, True)],
        table.schema,
    )
    assertDataFrameEqual(dimension_snapshot(spark, table, previous, batch, UNKNOWN, "Unknown"), expected)


def test_gives_a_dimension_keyed_by_text_an_unknown_member_with_the_unknown_text(spark, shipments):
    table = shipments.star["carrier_dim"]
    unknown = (UNKNOWN, "Unknown", "Unknown")
    previous = spark.createDataFrame([unknown, (5, "DHL", "DHL Express")], table.schema)
    actual = dimension_snapshot(spark, table, previous, None, UNKNOWN, "Unknown")
    assertDataFrameEqual(actual, [unknown, (5, "DHL", "DHL Express")])
    assertDataFrameEqual(unknown_member(spark, table, UNKNOWN, "Unknown"), [unknown])
