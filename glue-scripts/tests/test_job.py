"""run_batch end to end on a file:// lake: SCD1 across batches, stable keys, idempotent re-runs."""

from datetime import date
from decimal import Decimal

import pytest
from pyspark.testing import assertDataFrameEqual

from lake import KEYS, UNKNOWN, Lake
from star_schema.job import previous_batch_date, read_batch, run_batch, shared_frames

DAY1 = date(2026, 1, 2)
DAY2 = date(2026, 1, 3)
UNKNOWN_CUSTOMER = (UNKNOWN, UNKNOWN, "Unknown", "Unknown", "Unknown", "Unknown", "Unknown")


def seed_day1(lake: Lake) -> None:
    lake.add_csv("customers", DAY1, [("1", "Ada", "Lovelace", "ada@example.com", "London", "", "Retail")])
    lake.add_csv("products", DAY1, [("10", "Lamp", "Home", "Lighting", "Acme", "19.99")])
    lake.add_csv("locations", DAY1, [("100", "Main St", "Leeds", "", "North", "UK")])
    lake.add_csv(
        "sales",
        DAY1,
        [
            ("1", "2026-01-02", "1", "10", "100", "2", "19.99", "1.00", "0.50"),
            ("2", "2026-01-01", "3", "10", "100", "1", "19.99", "0", "0"),  # customer 3 not known yet
        ],
    )


def seed_day2(lake: Lake) -> None:
    lake.add_csv("customers", DAY2, [("1", "Ada", "King", "ada@example.com", "London", "", "VIP")])
    lake.add_csv("customers", DAY2, [("3", "Grace", "Hopper", "", "", "", "")], name="part-2.csv")
    lake.add_csv("sales", DAY2, [("3", "2026-01-03", "3", "11", "100", "4", "2.50", "0", "0")])
    # The same sale in a later file of the batch wins.
    lake.add_csv(
        "sales", DAY2, [("3", "2026-01-03", "3", "11", "100", "5", "2.50", "0", "0")], name="part-2.csv"
    )


@pytest.fixture(scope="module")
def lake(spark, contract, tmp_path_factory) -> Lake:
    """Two batches, run once for the whole module (Spark writes are the slow part)."""
    lake = Lake(tmp_path_factory.mktemp("lake"), contract)
    seed_day1(lake)
    seed_day2(lake)
    run_batch(spark, contract, DAY1, lake.validated_root, lake.curated_root)
    run_batch(spark, contract, DAY2, lake.validated_root, lake.curated_root)
    return lake


def test_writes_dimension_snapshots_with_an_unknown_member(spark, contract, lake):
    expected = spark.createDataFrame(
        [
            UNKNOWN_CUSTOMER,
            (KEYS["customer_dim"][1], 1, "Ada Lovelace", "ada@example.com", "London", None, "Retail"),
        ],
        contract.star["customer_dim"].schema,
    )
    assertDataFrameEqual(lake.gold(spark, "customer_dim", DAY1), expected)


def test_applies_scd1_across_batches_keeping_keys_stable(spark, contract, lake):
    expected = spark.createDataFrame(
        [
            UNKNOWN_CUSTOMER,
            (KEYS["customer_dim"][1], 1, "Ada King", "ada@example.com", "London", None, "VIP"),
            (KEYS["customer_dim"][3], 3, "Grace Hopper", None, None, None, None),
        ],
        contract.star["customer_dim"].schema,
    )
    assertDataFrameEqual(lake.gold(spark, "customer_dim", DAY2), expected)


def test_carries_a_dimension_forward_when_the_batch_has_no_file_for_it(spark, lake):
    assertDataFrameEqual(lake.gold(spark, "product_dim", DAY2), lake.gold(spark, "product_dim", DAY1))


def test_covers_every_sale_date_in_date_dim(spark, lake):
    keys = lake.gold(spark, "date_dim", DAY2).select("date_key")
    assertDataFrameEqual(keys, [(UNKNOWN,), (20260101,), (20260102,), (20260103,)])


def test_maps_unknown_members_to_minus_one_and_keeps_the_sale(spark, contract, lake):
    expected = spark.createDataFrame(
        [
            (KEYS["sales_fact"][1], 1, KEYS["customer_dim"][1], KEYS["product_dim"][10],
             KEYS["location_dim"][100], 20260102, 2, Decimal("19.99"), Decimal("39.98"), Decimal("1.00"),
             Decimal("0.50"), Decimal("38.98"), DAY1),
            (KEYS["sales_fact"][2], 2, UNKNOWN, KEYS["product_dim"][10],
             KEYS["location_dim"][100], 20260101, 1, Decimal("19.99"), Decimal("19.99"), Decimal("0.00"),
             Decimal("0.00"), Decimal("19.99"), DAY1),
        ],
        contract.star["sales_fact"].schema,
    )  # fmt: skip
    assertDataFrameEqual(lake.gold(spark, "sales_fact", DAY1), expected)


def test_resolves_a_member_that_arrives_in_the_same_batch_and_keeps_the_last_file(spark, lake):
    facts = lake.gold(spark, "sales_fact", DAY2).select("sale_id", "customer_key", "product_key", "quantity")
    # Customer 3 is new in DAY2, so it resolves; product 11 was never delivered, so it is Unknown.
    assertDataFrameEqual(facts, [(3, KEYS["customer_dim"][3], UNKNOWN, 5)])


def test_writes_a_manifest_with_counts_inputs_and_the_previous_batch(lake):
    manifest = lake.manifest(DAY2)
    assert manifest["batch_date"] == "2026-01-03"
    assert manifest["previous_batch_date"] == "2026-01-02"
    assert manifest["tables"] == {
        "customer_dim": 3,
        "product_dim": 2,
        "location_dim": 2,
        "date_dim": 4,
        "sales_fact": 1,
    }
    prefix = lake.validated_root + "/silver/"
    assert manifest["inputs"] == [
        prefix + "customers/ingest_date=2026-01-03/part-1.csv",
        prefix + "customers/ingest_date=2026-01-03/part-2.csv",
        prefix + "sales/ingest_date=2026-01-03/part-1.csv",
        prefix + "sales/ingest_date=2026-01-03/part-2.csv",
    ]


def test_reruns_a_batch_idempotently_replacing_its_output(spark, contract, lake):
    """A second run of the same batch gives the same rows and keys, with no duplicates."""
    before = {table: lake.gold(spark, table, DAY2).collect() for table in contract.load_order}
    manifest = lake.manifest(DAY2)
    assert run_batch(spark, contract, DAY2, lake.validated_root, lake.curated_root) == manifest
    assert lake.manifest(DAY2) == manifest
    for table in contract.load_order:
        assertDataFrameEqual(lake.gold(spark, table, DAY2), before[table])


def test_runs_a_batch_of_sales_only_mapping_everything_to_unknown(spark, contract, tmp_path):
    lake = Lake(tmp_path, contract)
    lake.add_csv("sales", DAY1, [("4", "2026-01-02", "1", "10", "100", "1", "1.00", "", "")])
    manifest = run_batch(spark, contract, DAY1, lake.validated_root, lake.curated_root)
    assert manifest["previous_batch_date"] is None
    assert manifest["tables"]["customer_dim"] == 1
    fact = lake.gold(spark, "sales_fact", DAY1)
    keys = fact.select("sale_key", "customer_key", "product_key", "location_key", "discount")
    assertDataFrameEqual(keys, [(KEYS["sales_fact"][4], UNKNOWN, UNKNOWN, UNKNOWN, Decimal("0.00"))])


def test_runs_the_quality_gate_on_each_table_as_written_skipping_an_empty_fact(spark, contract, tmp_path):
    lake = Lake(tmp_path, contract)
    lake.add_csv("customers", DAY1, [("1", "Ada", "Lovelace", "", "", "", "")])
    checked: dict[str, int] = {}
    manifest = run_batch(
        spark, contract, DAY1, lake.validated_root, lake.curated_root,
        evaluate_quality=lambda table, df: checked.__setitem__(table, df.count()),
    )  # fmt: skip
    # A batch without sales has an empty fact partition: nothing to check, and Glue would fail it.
    assert checked == {name: count for name, count in manifest["tables"].items() if name != "sales_fact"}
    assert manifest["tables"]["sales_fact"] == 0


def test_builds_on_the_latest_completed_batch_before_the_date(spark, contract, lake):
    assert previous_batch_date(spark, contract, lake.curated_root, DAY1) is None
    assert previous_batch_date(spark, contract, lake.curated_root, DAY2) == DAY1
    assert previous_batch_date(spark, contract, lake.curated_root, date(2026, 2, 1)) == DAY2


def test_fails_fast_on_a_csv_whose_header_does_not_match_the_contract(spark, contract, tmp_path):
    lake = Lake(tmp_path, contract)
    uri = lake.add_csv("products", DAY1, [("10", "Lamp", "Home", "", "", "1.00")])
    path = uri.removeprefix("file://")
    with open(path, encoding="utf-8") as handle:
        text = handle.read().replace("product_name", "name")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    with pytest.raises(Exception, match=r"(?i)header|name"):
        run_batch(spark, contract, DAY1, lake.validated_root, lake.curated_root)


def test_caches_only_the_datasets_that_build_several_tables_and_releases_them(spark, contract, tmp_path):
    lake = Lake(tmp_path, contract)
    seed_day1(lake)
    inputs = read_batch(spark, contract, lake.validated_root, DAY1)
    # sales builds sales_fact and, through sale_date, date_dim; the others build one table each.
    assert shared_frames(contract, inputs) == [inputs.frames["sales"]]
    assert inputs.frames["sales"].is_cached
    assert not inputs.frames["customers"].is_cached
    inputs.frames["sales"].unpersist()
    run_batch(spark, contract, DAY1, lake.validated_root, lake.curated_root)
    assert spark._jsparkSession.sharedState().cacheManager().isEmpty()
