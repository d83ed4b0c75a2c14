"""SCD2 versions of customer_dim (tracked: segment, city, state) merged batch over snapshot."""

from datetime import date

import pytest
from pyspark.sql.types import StructType
from pyspark.testing import assertDataFrameEqual

from lake import KEYS, UNKNOWN, VERSION_KEYS
from star_schema.contract import HISTORY_BEGINNING, OPEN_END, VALID_FROM
from star_schema.transforms.dimensions import dimension_rows, dimension_snapshot
from star_schema.transforms.history import scd2_merge

DAY1, DAY2 = date(2026, 1, 2), date(2026, 1, 3)
OPENED_DAY2 = VERSION_KEYS["customer_dim"][(1, DAY2)]
UNKNOWN_CUSTOMER = (UNKNOWN, UNKNOWN, "Unknown", "Unknown", "Unknown", "Unknown", "Unknown",
                    HISTORY_BEGINNING, OPEN_END, True, False)  # fmt: skip


def version(key, customer, name, city, segment, start=HISTORY_BEGINNING, end=OPEN_END, inferred=False):
    """A customer_dim row (no email, state 'S'): valid on [start, end), current when end is open."""
    return (key, customer, name, None, city, "S", segment, start, end, end == OPEN_END, inferred)


@pytest.fixture(scope="module")
def table(contract):
    return contract.star["customer_dim"]


def snapshot(spark, table, rows):
    return spark.createDataFrame(rows, table.schema)


def batch(spark, contract, table, rows, batch_date=DAY2):
    """This batch's customer_dim rows from customers rows (id, first, last, city, segment)."""
    source = spark.createDataFrame(
        [(customer, first, last, None, city, "S", segment) for customer, first, last, city, segment in rows],
        contract.dataset_schemas["customers"],
    )
    return dimension_rows(source, table, batch_date)


def test_closes_the_current_version_and_opens_one_at_the_batch_date_when_a_tracked_column_changes(
    spark, contract, table
):
    previous = snapshot(
        spark, table, [version(KEYS["customer_dim"][1], 1, "Ada Lovelace", "London", "Retail")]
    )
    rows = batch(spark, contract, table, [(1, "Ada", "Lovelace", "London", "VIP")])
    expected = [
        version(KEYS["customer_dim"][1], 1, "Ada Lovelace", "London", "Retail", end=DAY2),
        version(OPENED_DAY2, 1, "Ada Lovelace", "London", "VIP", start=DAY2),
    ]
    assertDataFrameEqual(scd2_merge(previous, rows, table, DAY2), snapshot(spark, table, expected))


def test_opens_one_version_when_several_tracked_columns_change_in_one_batch(spark, contract, table):
    previous = snapshot(
        spark, table, [version(KEYS["customer_dim"][1], 1, "Ada Lovelace", "London", "Retail")]
    )
    rows = batch(spark, contract, table, [(1, "Ada", "King", "Leeds", "VIP")])
    expected = [
        version(KEYS["customer_dim"][1], 1, "Ada Lovelace", "London", "Retail", end=DAY2),
        version(OPENED_DAY2, 1, "Ada King", "Leeds", "VIP", start=DAY2),
    ]
    assertDataFrameEqual(scd2_merge(previous, rows, table, DAY2), snapshot(spark, table, expected))


def test_updates_the_current_version_in_place_on_an_untracked_change_leaving_closed_ones(
    spark, contract, table
):
    opened = date(2025, 6, 1)
    previous = snapshot(
        spark,
        table,
        [
            version(KEYS["customer_dim"][1], 1, "Ada Lovelace", "London", "Retail", end=opened),
            version(77, 1, "Ada Lovelace", "London", "VIP", start=opened),
        ],
    )
    rows = batch(spark, contract, table, [(1, "Ada", "King", "London", "VIP")])
    expected = [
        version(KEYS["customer_dim"][1], 1, "Ada Lovelace", "London", "Retail", end=opened),
        version(77, 1, "Ada King", "London", "VIP", start=opened),
    ]
    assertDataFrameEqual(scd2_merge(previous, rows, table, DAY2), snapshot(spark, table, expected))


def test_treats_null_to_a_value_as_a_change_and_null_to_null_as_none(spark, contract, table):
    previous = snapshot(
        spark,
        table,
        [
            version(KEYS["customer_dim"][1], 1, "Ada Lovelace", None, "Retail"),
            version(KEYS["customer_dim"][2], 2, "Alan Turing", None, None),
        ],
    )
    rows = batch(
        spark, contract, table, [(1, "Ada", "Lovelace", "London", "Retail"), (2, "Alan", "T", None, None)]
    )
    expected = [
        version(KEYS["customer_dim"][1], 1, "Ada Lovelace", None, "Retail", end=DAY2),
        version(OPENED_DAY2, 1, "Ada Lovelace", "London", "Retail", start=DAY2),
        version(KEYS["customer_dim"][2], 2, "Alan T", None, None),
    ]
    assertDataFrameEqual(scd2_merge(previous, rows, table, DAY2), snapshot(spark, table, expected))


def test_completes_an_inferred_placeholder_in_place_with_its_key_and_no_new_version(spark, contract, table):
    placeholder = (KEYS["customer_dim"][3], 3, "Unknown", "Unknown", "Unknown", "Unknown", "Unknown",
                   HISTORY_BEGINNING, OPEN_END, True, True)  # fmt: skip
    previous = snapshot(spark, table, [placeholder])
    rows = batch(spark, contract, table, [(3, "Grace", "Hopper", "Arlington", "VIP")])
    expected = [version(KEYS["customer_dim"][3], 3, "Grace Hopper", "Arlington", "VIP")]
    assertDataFrameEqual(scd2_merge(previous, rows, table, DAY2), snapshot(spark, table, expected))


def test_keeps_members_absent_from_the_batch_and_adds_new_members_as_first_versions(spark, contract, table):
    kept = version(KEYS["customer_dim"][1], 1, "Ada Lovelace", "London", "Retail")
    previous = snapshot(spark, table, [kept])
    rows = batch(spark, contract, table, [(2, "Alan", "Turing", "Wilmslow", None)])
    expected = [kept, version(KEYS["customer_dim"][2], 2, "Alan Turing", "Wilmslow", None)]
    assertDataFrameEqual(scd2_merge(previous, rows, table, DAY2), snapshot(spark, table, expected))
    assert scd2_merge(None, rows, table, DAY2) is rows
    assert scd2_merge(previous, None, table, DAY2) is previous


def test_makes_an_scd1_snapshot_the_first_versions_with_their_keys_when_scd2_is_turned_on(
    spark, contract, table, tmp_path
):
    """The previous snapshot was written before customer_dim had history columns: they read null."""
    scd1 = StructType([field for field in table.schema.fields if field.name not in table.schema.names[-4:]])
    older = [
        UNKNOWN_CUSTOMER[:7],
        (KEYS["customer_dim"][1], 1, "Ada Lovelace", None, "London", "S", "Retail"),
        (KEYS["customer_dim"][2], 2, "Alan Turing", None, "Wilmslow", "S", None),
    ]
    spark.createDataFrame(older, scd1).write.parquet(str(tmp_path / "scd1"))
    previous = spark.read.schema(table.schema).parquet(str(tmp_path / "scd1"))
    assert previous.where(previous[VALID_FROM].isNull()).count() == 3
    rows = batch(spark, contract, table, [(1, "Ada", "Lovelace", "London", "VIP")])
    expected = [
        UNKNOWN_CUSTOMER,
        version(KEYS["customer_dim"][1], 1, "Ada Lovelace", "London", "Retail", end=DAY2),
        version(OPENED_DAY2, 1, "Ada Lovelace", "London", "VIP", start=DAY2),
        version(KEYS["customer_dim"][2], 2, "Alan Turing", "Wilmslow", None),
    ]
    actual = dimension_snapshot(spark, table, DAY2, previous, rows, None, UNKNOWN, "Unknown")
    assertDataFrameEqual(actual, snapshot(spark, table, expected))
