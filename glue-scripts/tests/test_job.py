"""run_batch end to end on a file:// lake: SCD2 customers and SCD1 products across batches,
inferred members, facts on the version valid at their date, stable keys, idempotent re-runs."""

from datetime import date
from decimal import Decimal

import pytest
from pyspark.testing import assertDataFrameEqual

from lake import KEYS, UNKNOWN, VERSION_KEYS, Lake
from star_schema.contract import HISTORY_BEGINNING, OPEN_END
from star_schema.job import OutOfOrderBatchError, previous_batch_date, read_batch, run_batch, shared_frames

DAY1 = date(2026, 1, 2)
DAY2 = date(2026, 1, 3)
ALL_TIME = (HISTORY_BEGINNING, OPEN_END, True, False)
UNKNOWN_CUSTOMER = (UNKNOWN, UNKNOWN, "Unknown", "Unknown", "Unknown", "Unknown", "Unknown", *ALL_TIME)
CUSTOMER_3_INFERRED = (KEYS["customer_dim"][3], 3, "Unknown", "Unknown", "Unknown", "Unknown", "Unknown",
                       HISTORY_BEGINNING, OPEN_END, True, True)  # fmt: skip


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
    # Customer 1 changes segment (tracked) and name (untracked); of its two rows the later file wins.
    lake.add_csv("customers", DAY2, [("1", "Ada", "Lovelace", "ada@example.com", "London", "", "SMB")])
    lake.add_csv(
        "customers",
        DAY2,
        [
            ("1", "Ada", "King", "ada@example.com", "London", "", "VIP"),
            ("3", "Grace", "Hopper", "", "", "", ""),
        ],
        name="part-2.csv",
    )
    lake.add_csv(
        "sales",
        DAY2,
        [
            ("3", "2026-01-03", "3", "11", "100", "4", "2.50", "0", "0"),
            ("5", "2026-01-01", "1", "10", "100", "1", "19.99", "0", "0"),  # before customer 1 changed
            ("6", "2026-01-03", "1", "10", "100", "1", "19.99", "0", "0"),  # on the day it changed
        ],
    )
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


def test_writes_dimension_snapshots_with_an_unknown_member_and_a_placeholder_for_a_sold_to_customer(
    spark, contract, lake
):
    expected = spark.createDataFrame(
        [
            UNKNOWN_CUSTOMER,
            (
                KEYS["customer_dim"][1],
                1,
                "Ada Lovelace",
                "ada@example.com",
                "London",
                None,
                "Retail",
                *ALL_TIME,
            ),
            CUSTOMER_3_INFERRED,
        ],
        contract.star["customer_dim"].schema,
    )
    assertDataFrameEqual(lake.gold(spark, "customer_dim", DAY1), expected)


def test_versions_a_tracked_change_from_the_latest_row_and_completes_the_placeholder_in_place(
    spark, contract, lake
):
    expected = spark.createDataFrame(
        [
            UNKNOWN_CUSTOMER,
            (KEYS["customer_dim"][1], 1, "Ada Lovelace", "ada@example.com", "London", None, "Retail",
             HISTORY_BEGINNING, DAY2, False, False),
            (VERSION_KEYS["customer_dim"][(1, DAY2)], 1, "Ada King", "ada@example.com", "London", None, "VIP",
             DAY2, OPEN_END, True, False),
            (KEYS["customer_dim"][3], 3, "Grace Hopper", None, None, None, None, *ALL_TIME),
        ],
        contract.star["customer_dim"].schema,
    )  # fmt: skip
    assertDataFrameEqual(lake.gold(spark, "customer_dim", DAY2), expected)


def test_upserts_an_scd1_dimension_adding_a_placeholder_for_a_product_sold_but_never_delivered(
    spark, contract, lake
):
    expected = spark.createDataFrame(
        [
            (UNKNOWN, UNKNOWN, "Unknown", "Unknown", "Unknown", "Unknown", Decimal("0.00"), False),
            (KEYS["product_dim"][10], 10, "Lamp", "Home", "Lighting", "Acme", Decimal("19.99"), False),
            (KEYS["product_dim"][11], 11, "Unknown", "Unknown", "Unknown", "Unknown", Decimal("0.00"), True),
        ],
        contract.star["product_dim"].schema,
    )
    assertDataFrameEqual(lake.gold(spark, "product_dim", DAY2), expected)


def test_carries_a_dimension_forward_when_the_batch_has_no_file_for_it(spark, lake):
    assertDataFrameEqual(lake.gold(spark, "location_dim", DAY2), lake.gold(spark, "location_dim", DAY1))


def test_covers_every_sale_date_in_date_dim(spark, lake):
    keys = lake.gold(spark, "date_dim", DAY2).select("date_key")
    assertDataFrameEqual(keys, [(UNKNOWN,), (20260101,), (20260102,), (20260103,)])


def test_keys_a_sale_of_a_customer_not_delivered_yet_to_its_placeholder(spark, contract, lake):
    expected = spark.createDataFrame(
        [
            (KEYS["sales_fact"][1], 1, KEYS["customer_dim"][1], KEYS["product_dim"][10],
             KEYS["location_dim"][100], 20260102, 2, Decimal("19.99"), Decimal("39.98"), Decimal("1.00"),
             Decimal("0.50"), Decimal("38.98"), DAY1),
            (KEYS["sales_fact"][2], 2, KEYS["customer_dim"][3], KEYS["product_dim"][10],
             KEYS["location_dim"][100], 20260101, 1, Decimal("19.99"), Decimal("19.99"), Decimal("0.00"),
             Decimal("0.00"), Decimal("19.99"), DAY1),
        ],
        contract.star["sales_fact"].schema,
    )  # fmt: skip
    assertDataFrameEqual(lake.gold(spark, "sales_fact", DAY1), expected)


def test_keeps_the_placeholders_key_when_the_member_arrives_and_keeps_the_last_file(spark, lake):
    facts = lake.gold(spark, "sales_fact", DAY2).where("sale_id = 3")
    # Customer 3 completed its placeholder: same key; product 11 was never delivered: its placeholder.
    assertDataFrameEqual(
        facts.select("sale_id", "customer_key", "product_key", "quantity"),
        [(3, KEYS["customer_dim"][3], KEYS["product_dim"][11], 5)],
    )


def test_keys_each_sale_to_the_customer_version_valid_on_its_sale_date(spark, lake):
    facts = lake.gold(spark, "sales_fact", DAY2).where("sale_id in (5, 6)").select("sale_id", "customer_key")
    assertDataFrameEqual(facts, [(5, KEYS["customer_dim"][1]), (6, VERSION_KEYS["customer_dim"][(1, DAY2)])])


def test_writes_a_manifest_with_counts_inputs_and_the_previous_batch(lake):
    manifest = lake.manifest(DAY2)
    assert manifest["batch_date"] == "2026-01-03"
    assert manifest["previous_batch_date"] == "2026-01-02"
    assert manifest["tables"] == {
        "customer_dim": 4,
        "product_dim": 3,
        "location_dim": 2,
        "date_dim": 4,
        "sales_fact": 3,
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


def test_runs_a_batch_of_sales_only_keying_every_reference_to_a_placeholder(spark, contract, tmp_path):
    lake = Lake(tmp_path, contract)
    lake.add_csv("sales", DAY1, [("4", "2026-01-02", "1", "10", "100", "1", "1.00", "", "")])
    manifest = run_batch(spark, contract, DAY1, lake.validated_root, lake.curated_root)
    assert manifest["previous_batch_date"] is None
    assert manifest["tables"]["customer_dim"] == 2  # Unknown and customer 1's placeholder
    fact = lake.gold(spark, "sales_fact", DAY1)
    keys = fact.select("sale_key", "customer_key", "product_key", "location_key", "discount")
    expected = (KEYS["customer_dim"][1], KEYS["product_dim"][10], KEYS["location_dim"][100])
    assertDataFrameEqual(keys, [(KEYS["sales_fact"][4], *expected, Decimal("0.00"))])


def test_fails_on_a_batch_older_than_a_completed_one_before_writing_anything(spark, contract, tmp_path):
    lake = Lake(tmp_path, contract)
    seed_day1(lake)
    seed_day2(lake)
    run_batch(spark, contract, DAY2, lake.validated_root, lake.curated_root)
    message = (
        r"batch 2026-01-02 is older than the completed batch 2026-01-03: .*"
        r" Land late files under a new batch date after 2026-01-03"
    )
    with pytest.raises(OutOfOrderBatchError, match=message):
        run_batch(spark, contract, DAY1, lake.validated_root, lake.curated_root)
    assert issubclass(OutOfOrderBatchError, ValueError)
    assert not list(tmp_path.glob("curated/**/batch_date=2026-01-02"))


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
