from datetime import date
from decimal import Decimal

from pyspark.testing import assertDataFrameEqual

from lake import KEYS, UNKNOWN
from star_schema.contract import HISTORY_BEGINNING, OPEN_END
from star_schema.transforms.dimensions import calendar_rows, dimension_rows, dimension_snapshot, scd1_upsert
from star_schema.transforms.members import unknown_member

BATCH = date(2026, 1, 3)
#: valid_from, valid_to, is_current, is_inferred of a member valid for all time.
ALL_TIME = (HISTORY_BEGINNING, OPEN_END, True, False)


def customers(spark, contract, rows):
    return spark.createDataFrame(rows, contract.dataset_schemas["customers"])


def test_builds_customer_rows_with_full_name_and_hashed_key_as_first_versions(spark, contract):
    source = customers(spark, contract, [(1, "Ada", "Lovelace", "ada@example.com", "London", None, "Retail")])
    expected = spark.createDataFrame(
        [
            (
                KEYS["customer_dim"][1],
                1,
                "Ada Lovelace",
                "ada@example.com",
                "London",
                None,
                "Retail",
                *ALL_TIME,
            )
        ],
        contract.star["customer_dim"].schema,
    )
    assertDataFrameEqual(dimension_rows(source, contract.star["customer_dim"], BATCH), expected)


def test_builds_product_rows_from_same_named_columns(spark, contract):
    source = spark.createDataFrame(
        [(10, "Lamp", "Home", "Lighting", None, Decimal("19.99"))], contract.dataset_schemas["products"]
    )
    expected = spark.createDataFrame(
        [(KEYS["product_dim"][10], 10, "Lamp", "Home", "Lighting", None, Decimal("19.99"), False)],
        contract.star["product_dim"].schema,
    )
    assertDataFrameEqual(dimension_rows(source, contract.star["product_dim"], BATCH), expected)


def test_builds_the_unknown_member_with_unknown_text_and_zero_numbers_not_inferred(spark, contract):
    expected = spark.createDataFrame(
        [(UNKNOWN, UNKNOWN, "Unknown", "Unknown", "Unknown", "Unknown", Decimal("0.00"), False)],
        contract.star["product_dim"].schema,
    )
    assertDataFrameEqual(unknown_member(spark, contract.star["product_dim"], UNKNOWN, "Unknown"), expected)


def test_makes_the_unknown_member_of_an_scd2_dimension_current_and_valid_for_all_time(spark, contract):
    expected = spark.createDataFrame(
        [(UNKNOWN, UNKNOWN, "Unknown", "Unknown", "Unknown", "Unknown", "Unknown", *ALL_TIME)],
        contract.star["customer_dim"].schema,
    )
    assertDataFrameEqual(unknown_member(spark, contract.star["customer_dim"], UNKNOWN, "Unknown"), expected)


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
    table = contract.star["product_dim"]
    unknown = (UNKNOWN, UNKNOWN, "Unknown", "Unknown", "Unknown", "Unknown", Decimal("0.00"), False)
    previous = spark.createDataFrame(
        [unknown, (KEYS["product_dim"][10], 10, "Lamp", "Home", None, None, Decimal("19.99"), False)],
        table.schema,
    )
    batch = spark.createDataFrame(
        [
            (10, "Lamp", "Home", "Lighting", None, Decimal("17.50")),
            (11, "Desk", "Home", None, None, Decimal("99.00")),
        ],
        contract.dataset_schemas["products"],
    )
    expected = spark.createDataFrame(
        [
            unknown,
            (KEYS["product_dim"][10], 10, "Lamp", "Home", "Lighting", None, Decimal("17.50"), False),
            (KEYS["product_dim"][11], 11, "Desk", "Home", None, None, Decimal("99.00"), False),
        ],
        table.schema,
    )
    rows = dimension_rows(batch, table, BATCH)
    actual = dimension_snapshot(spark, table, BATCH, previous, rows, None, UNKNOWN, "Unknown")
    assertDataFrameEqual(actual, expected)


def test_snapshots_only_the_unknown_member_when_there_is_no_data_yet(spark, contract):
    table = contract.star["location_dim"]
    actual = dimension_snapshot(spark, table, BATCH, None, None, None, UNKNOWN, "Unknown")
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
    actual = dimension_snapshot(spark, table, BATCH, previous, batch, None, UNKNOWN, "Unknown")
    assertDataFrameEqual(actual, expected)


def test_gives_a_dimension_keyed_by_text_an_unknown_member_with_the_unknown_text(spark, shipments):
    table = shipments.star["carrier_dim"]
    unknown = (UNKNOWN, "Unknown", "Unknown", False)
    previous = spark.createDataFrame([unknown, (5, "DHL", "DHL Express", False)], table.schema)
    actual = dimension_snapshot(spark, table, BATCH, previous, None, None, UNKNOWN, "Unknown")
    assertDataFrameEqual(actual, [unknown, (5, "DHL", "DHL Express", False)])
    assertDataFrameEqual(unknown_member(spark, table, UNKNOWN, "Unknown"), [unknown])
