"""run_batch end to end on a contract that is not the sales example: shipments and returns
(tests/shipments.py), two facts, role-playing dates, a carrier found by its code, a placeholder for
a carrier shipped with before it was delivered."""

from datetime import date
from decimal import Decimal

import pytest
from pyspark.sql import functions as F
from pyspark.testing import assertDataFrameEqual

from lake import UNKNOWN, Lake
from star_schema.job import run_batch
from star_schema.transforms.keys import surrogate_key

DAY1 = date(2026, 1, 2)
DAY2 = date(2026, 1, 3)


def key(spark, table: str, natural) -> int:
    """The surrogate key the job gives `natural` in `table` (test_keys pins the scheme itself);
    the contract stores these ids as bigint."""
    value = F.lit(natural).cast("bigint") if isinstance(natural, int) else F.lit(natural)
    return spark.range(1).select(surrogate_key(table, value).alias("key")).first().key


@pytest.fixture(scope="module")
def lake(spark, shipments, tmp_path_factory) -> Lake:
    lake = Lake(tmp_path_factory.mktemp("shipments-lake"), shipments)
    lake.add_csv("carriers", DAY1, [("DHL", "DHL Express"), ("UPS", "UPS")])
    lake.add_csv("warehouses", DAY1, [("7", "Leeds")])
    lake.add_csv(
        "shipments",
        DAY1,
        [
            ("1", "2026-01-02", "2026-01-05", "UPS", "7", "3", "10.00", "1.50"),
            (
                "2",
                "2026-01-02",
                "",
                "FEDEX",
                "",
                "1",
                "4.00",
                "0",
            ),  # a carrier not delivered (yet), no origin
        ],
    )
    lake.add_csv("returns", DAY1, [("1", "2026-01-04", "DHL", "2.00")])
    lake.add_csv("carriers", DAY2, [("UPS", "UPS Ground")])
    lake.add_csv("shipments", DAY2, [("3", "2026-01-03", "2026-01-04", "UPS", "7", "2", "6.00", "0")])
    run_batch(spark, shipments, DAY1, lake.validated_root, lake.curated_root)
    run_batch(spark, shipments, DAY2, lake.validated_root, lake.curated_root)
    return lake


def test_builds_the_calendar_from_every_referencing_date_column_of_both_facts(spark, lake):
    day1 = lake.gold(spark, "day_dim", DAY1).select("date_key")
    # ship 01-02, delivery 01-05 (the other delivery is empty), return 01-04
    assertDataFrameEqual(day1, [(UNKNOWN,), (20260102,), (20260104,), (20260105,)])
    day2 = lake.gold(spark, "day_dim", DAY2).select("date_key", "is_weekend")
    assertDataFrameEqual(
        day2,
        [(UNKNOWN, False), (20260102, False), (20260103, True), (20260104, True), (20260105, False)],
    )


def test_upserts_a_dimension_keyed_by_text_keeping_its_key_and_its_placeholder(spark, lake):
    expected = [
        (UNKNOWN, "Unknown", "Unknown", False),
        (key(spark, "carrier_dim", "DHL"), "DHL", "DHL Express", False),
        (key(spark, "carrier_dim", "UPS"), "UPS", "UPS Ground", False),
        (key(spark, "carrier_dim", "FEDEX"), "FEDEX", "Unknown", True),
    ]
    assertDataFrameEqual(lake.gold(spark, "carrier_dim", DAY2), expected)


def test_resolves_each_foreign_key_through_its_via_column_an_empty_one_to_unknown(spark, lake):
    ups, fedex = (key(spark, "carrier_dim", code) for code in ("UPS", "FEDEX"))
    warehouse = key(spark, "warehouse_dim", 7)
    expected = [
        (key(spark, "shipment_fact", 1), 1, ups, warehouse, 20260102, 20260105, 3, Decimal("10.00"),
         Decimal("11.50"), DAY1),
        (key(spark, "shipment_fact", 2), 2, fedex, UNKNOWN, 20260102, UNKNOWN, 1, Decimal("4.00"),
         Decimal("4.00"), DAY1),
    ]  # fmt: skip
    assertDataFrameEqual(lake.gold(spark, "shipment_fact", DAY1), expected)


def test_writes_the_second_fact_without_a_batch_date_it_does_not_declare(spark, lake):
    dhl = key(spark, "carrier_dim", "DHL")
    expected = [(key(spark, "return_fact", 1), 1, dhl, 20260104, Decimal("2.00"))]
    assertDataFrameEqual(lake.gold(spark, "return_fact", DAY1), expected)
    assert lake.gold(spark, "return_fact", DAY2).count() == 0


def test_lists_every_table_in_load_order_in_the_manifest(lake):
    assert lake.manifest(DAY1)["tables"] == {
        "carrier_dim": 4,
        "warehouse_dim": 2,
        "day_dim": 4,
        "shipment_fact": 2,
        "return_fact": 1,
    }
    assert list(lake.manifest(DAY2)["tables"].items()) == [
        ("carrier_dim", 4),
        ("warehouse_dim", 2),
        ("day_dim", 5),
        ("shipment_fact", 1),
        ("return_fact", 0),
    ]


def test_reruns_a_batch_of_another_contract_idempotently(spark, shipments, lake):
    before = {table: lake.gold(spark, table, DAY2).collect() for table in shipments.load_order}
    manifest = lake.manifest(DAY2)
    assert run_batch(spark, shipments, DAY2, lake.validated_root, lake.curated_root) == manifest
    for table in shipments.load_order:
        assertDataFrameEqual(lake.gold(spark, table, DAY2), before[table])
