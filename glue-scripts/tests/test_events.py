"""Streamed sale events in the batch: read from the raw zone, deduplicated, unioned with the file."""

from datetime import date
from decimal import Decimal

from pyspark.testing import assertDataFrameEqual

from lake import Lake
from star_schema.job import read_batch, run_batch
from star_schema.transforms.events import rows_from_events, with_streamed_rows

DAY = date(2026, 1, 2)


def event(
    event_id: str, sale_id: str, occurred_at: str, quantity: str = "1", **values: str
) -> dict[str, str]:
    """An accepted event as the consumer stores it: every value as the contract's text."""
    return {
        "event_id": event_id,
        "event_type": "sale",
        "occurred_at": occurred_at,
        "sale_id": sale_id,
        "sale_date": "2026-01-02",
        "customer_id": "1",
        "product_id": "10",
        "location_id": "100",
        "quantity": quantity,
        "unit_price": "2.50",
        "discount": "0",
        "tax_amount": "0",
        **values,
    }


def sales_ids_and_quantities(frame):
    return frame.select("sale_id", "quantity")


def test_counts_a_redelivered_event_once_and_keeps_the_latest_event_of_a_sale(spark, contract):
    source = contract.event_sources["sales"]
    events = spark.createDataFrame(
        [
            {**event("e1", "1", "2026-01-02T10:00:00Z"), "_source_file": "a.ndjson.gz"},
            {**event("e1", "1", "2026-01-02T10:00:00Z"), "_source_file": "b.ndjson.gz"},  # redelivered
            {**event("e2", "2", "2026-01-02T11:00:00+01:00", quantity="3"), "_source_file": "a.ndjson.gz"},
            # The same sale, corrected: 10:30 UTC is later than e2's 10:00 UTC.
            {**event("e3", "2", "2026-01-02T10:30:00Z", quantity="4"), "_source_file": "b.ndjson.gz"},
        ],
        schema=source.schema.add("_source_file", "string"),
    )
    rows = rows_from_events(events, contract.dataset_schemas["sales"], source, "sale_id")
    assert rows.schema.names == [*contract.dataset_schemas["sales"].names, "_source_file"]
    assertDataFrameEqual(sales_ids_and_quantities(rows), [(1, 1), (2, 4)])
    assert rows.where("sale_id = 1").first()["unit_price"] == Decimal("2.50")


def test_lets_the_daily_file_win_over_a_streamed_row_with_the_same_key(spark):
    batch = spark.createDataFrame([(1, "file")], "sale_id bigint, origin string")
    streamed = spark.createDataFrame([(1, "stream"), (2, "stream")], "sale_id bigint, origin string")
    assertDataFrameEqual(with_streamed_rows(batch, streamed, "sale_id"), [(1, "file"), (2, "stream")])


def test_reads_the_dates_sales_events_from_the_raw_zone_with_the_csv_sales(spark, contract, tmp_path):
    lake = Lake(tmp_path, contract)
    csv = lake.add_csv("sales", DAY, [("1", "2026-01-02", "1", "10", "100", "5", "2.50", "0", "0")])
    first = lake.add_events(
        DAY, [event("e1", "1", "2026-01-02T09:00:00Z"), event("e2", "2", "2026-01-02T09:01:00Z")]
    )
    # A later batch of the consumer redelivers e2, as Kinesis does after a retry.
    second = lake.add_events(
        DAY,
        [event("e2", "2", "2026-01-02T09:01:00Z"), event("e3", "3", "2026-01-02T09:02:00Z")],
        "shardId-0-3-4.ndjson.gz",
    )
    lake.add_events(date(2026, 1, 3), [event("e9", "9", "2026-01-03T00:00:01Z")])  # another day

    inputs = read_batch(spark, contract, lake.validated_root, DAY, lake.raw_root)

    assertDataFrameEqual(sales_ids_and_quantities(inputs.frames["sales"]), [(1, 5), (2, 1), (3, 1)])
    assert sorted(inputs.files) == sorted([csv, first, second])


def test_ignores_the_raw_zone_without_a_raw_root(spark, contract, tmp_path):
    lake = Lake(tmp_path, contract)
    lake.add_events(DAY, [event("e1", "1", "2026-01-02T09:00:00Z")])
    assert "sales" not in read_batch(spark, contract, lake.validated_root, DAY).frames


def test_builds_facts_from_streamed_sales_alone(spark, contract, tmp_path):
    lake = Lake(tmp_path, contract)
    lake.add_events(DAY, [event("e1", "7", "2026-01-02T09:00:00Z", quantity="2", discount="0.50")])
    manifest = run_batch(spark, contract, DAY, lake.validated_root, lake.curated_root, lake.raw_root)
    assert manifest["tables"]["sales_fact"] == 1
    fact = lake.gold(spark, "sales_fact", DAY).select("sale_id", "quantity", "gross_amount", "net_amount")
    assertDataFrameEqual(fact, [(7, 2, Decimal("5.00"), Decimal("4.50"))])
