from datetime import date
from decimal import Decimal

from pyspark.testing import assertDataFrameEqual

from lake import KEYS, UNKNOWN, VERSION_KEYS
from star_schema.contract import HISTORY_BEGINNING, OPEN_END
from star_schema.transforms.derived import with_derived
from star_schema.transforms.facts import fact_rows, lookup_key

BATCH = date(2026, 1, 3)
CUSTOMER_VERSIONS = (
    "customer_id bigint, customer_key bigint, valid_from date, valid_to date, is_current boolean"
)


def test_derives_the_contracts_gross_and_net_amounts_exactly(spark, contract):
    sales = spark.createDataFrame(
        [
            (3, Decimal("2.50"), Decimal("1.25"), Decimal("0.99")),
            (1000000, Decimal("9999999999.99"), Decimal("0"), Decimal("0")),
        ],
        "quantity int, unit_price decimal(12,2), discount decimal(18,2), tax_amount decimal(18,2)",
    )
    actual = with_derived(sales, contract.star["sales_fact"].derived).selectExpr(
        "cast(gross_amount as decimal(18,2)) as gross", "cast(net_amount as decimal(18,2)) as net"
    )
    assertDataFrameEqual(
        actual,
        [
            (Decimal("7.50"), Decimal("6.25")),
            (Decimal("9999999999990000.00"), Decimal("9999999999990000.00")),
        ],
    )


def test_maps_a_natural_key_missing_from_the_dimension_or_null_to_unknown(spark, contract):
    facts = spark.createDataFrame([(1, 10), (2, 99), (3, None)], "sale_id bigint, product_id bigint")
    products = spark.createDataFrame([(10, 555), (UNKNOWN, UNKNOWN)], "product_id bigint, product_key bigint")
    actual = lookup_key(facts, "product_id", products, contract.star["product_dim"], UNKNOWN, "product_key")
    assert actual.columns == ["sale_id", "product_id", "product_key"]
    assertDataFrameEqual(actual.select("sale_id", "product_key"), [(1, 555), (2, UNKNOWN), (3, UNKNOWN)])


def test_resolves_the_version_valid_on_the_as_of_date_and_the_current_one_for_a_null_date(spark, contract):
    changed = date(2026, 1, 3)
    versions = spark.createDataFrame(
        [
            (1, 100, HISTORY_BEGINNING, changed, False),
            (1, 101, changed, OPEN_END, True),
            (2, 200, HISTORY_BEGINNING, OPEN_END, True),
            (UNKNOWN, UNKNOWN, HISTORY_BEGINNING, OPEN_END, True),
        ],
        CUSTOMER_VERSIONS,
    )
    facts = spark.createDataFrame(
        [
            (1, 1, date(2026, 1, 2)),  # the day before the change: the closed version
            (2, 1, changed),  # valid_to is exclusive and valid_from inclusive: the new version
            (3, 1, None),  # no date: the current version
            (4, 2, date(1899, 12, 31)),  # before any version
            (5, None, changed),  # no customer: Unknown
            (6, 3, changed),  # a customer the dimension lacks: Unknown
        ],
        "sale_id bigint, customer_id bigint, sale_date date",
    )
    table = contract.star["customer_dim"]
    actual = lookup_key(facts, "customer_id", versions, table, UNKNOWN, "customer_key", as_of="sale_date")
    assert actual.columns == ["sale_id", "customer_id", "sale_date", "customer_key"]
    assertDataFrameEqual(
        actual.select("sale_id", "customer_key"),
        [(1, 100), (2, 101), (3, 101), (4, UNKNOWN), (5, UNKNOWN), (6, UNKNOWN)],
    )


def test_builds_fact_rows_keeping_sales_with_unknown_members(spark, contract):
    star = contract.star
    sales = spark.createDataFrame(
        [
            (1, date(2026, 1, 2), 1, 10, 100, 2, Decimal("5.00"), Decimal("1.00"), Decimal("0.80")),
            (2, date(2026, 1, 3), 7, 11, 999, 1, Decimal("3.10"), Decimal("0"), Decimal("0")),
        ],
        contract.dataset_schemas["sales"],
    )
    dimensions = {
        # Customer 1 changed segment on 2026-01-03: sale 1, of 2026-01-02, keeps the first version.
        "customer_dim": spark.createDataFrame(
            [
                (1, KEYS["customer_dim"][1], HISTORY_BEGINNING, BATCH, False),
                (1, VERSION_KEYS["customer_dim"][(1, BATCH)], BATCH, OPEN_END, True),
            ],
            CUSTOMER_VERSIONS,
        ),
        "product_dim": spark.createDataFrame(
            [(10, KEYS["product_dim"][10]), (11, KEYS["product_dim"][11])],
            "product_id bigint, product_key bigint",
        ),
        "location_dim": spark.createDataFrame(
            [(100, KEYS["location_dim"][100])], "location_id bigint, location_key bigint"
        ),
    }
    expected = spark.createDataFrame(
        [
            (
                KEYS["sales_fact"][1],
                1,
                KEYS["customer_dim"][1],
                KEYS["product_dim"][10],
                KEYS["location_dim"][100],
                20260102,
                2,
                Decimal("5.00"),
                Decimal("10.00"),
                Decimal("1.00"),
                Decimal("0.80"),
                Decimal("9.00"),
                BATCH,
            ),
            (
                KEYS["sales_fact"][2],
                2,
                UNKNOWN,
                KEYS["product_dim"][11],
                UNKNOWN,
                20260103,
                1,
                Decimal("3.10"),
                Decimal("3.10"),
                Decimal("0.00"),
                Decimal("0.00"),
                Decimal("3.10"),
                BATCH,
            ),
        ],
        star["sales_fact"].schema,
    )
    actual = fact_rows(sales, dimensions, star["sales_fact"], star, BATCH, UNKNOWN)
    assert actual.columns == star["sales_fact"].schema.fieldNames()
    assertDataFrameEqual(actual, expected)


def shipment_rows(spark, shipments, rows):
    return spark.createDataFrame(rows, shipments.dataset_schemas["shipments"])


def shipment_dimensions(spark, shipments):
    """Dimension snapshots with keys that differ from the natural keys, so a mix-up shows."""
    return {
        "carrier_dim": spark.createDataFrame(
            [("DHL", 501, "DHL Express"), ("UPS", 502, "UPS"), ("?", UNKNOWN, "Unknown")],
            "carrier_code string, carrier_key bigint, carrier_name string",
        ),
        "warehouse_dim": spark.createDataFrame(
            [(7, 707, "Leeds"), (UNKNOWN, UNKNOWN, "Unknown")],
            "warehouse_id bigint, warehouse_key bigint, city string",
        ),
    }


def test_resolves_role_playing_dates_and_a_key_found_through_a_differently_named_column(spark, shipments):
    rows = shipment_rows(
        spark,
        shipments,
        [(1, date(2026, 1, 2), date(2026, 1, 5), "UPS", 7, 3, Decimal("10.00"), Decimal("1.50"))],
    )
    fact = shipments.star["shipment_fact"]
    actual = fact_rows(rows, shipment_dimensions(spark, shipments), fact, shipments.star, BATCH, UNKNOWN)
    assert actual.columns == fact.schema.fieldNames()
    assertDataFrameEqual(
        actual.drop("shipment_key"),
        [(1, 502, 707, 20260102, 20260105, 3, Decimal("10.00"), Decimal("11.50"), BATCH)],
    )


def test_maps_an_unknown_or_empty_reference_and_an_empty_date_to_the_unknown_member(spark, shipments):
    rows = shipment_rows(
        spark,
        shipments,
        [
            (2, date(2026, 1, 2), None, "FEDEX", None, 1, Decimal("4.00"), Decimal("0.00")),
            (3, date(2026, 1, 3), None, "DHL", 99, 1, Decimal("4.00"), Decimal("0.00")),
        ],
    )
    fact = shipments.star["shipment_fact"]
    actual = fact_rows(rows, shipment_dimensions(spark, shipments), fact, shipments.star, BATCH, UNKNOWN)
    keys = actual.select("shipment_id", "carrier_key", "origin_key", "ship_date_key", "delivery_date_key")
    assertDataFrameEqual(
        keys, [(2, UNKNOWN, UNKNOWN, 20260102, UNKNOWN), (3, 501, UNKNOWN, 20260103, UNKNOWN)]
    )


def test_adds_batch_date_only_to_a_fact_that_declares_it(spark, shipments):
    returns = spark.createDataFrame(
        [(1, date(2026, 1, 4), "DHL", Decimal("2.00"))], shipments.dataset_schemas["returns"]
    )
    fact = shipments.star["return_fact"]
    actual = fact_rows(returns, shipment_dimensions(spark, shipments), fact, shipments.star, BATCH, UNKNOWN)
    assert actual.columns == ["return_key", "return_id", "carrier_key", "return_date_key", "refund"]
    assertDataFrameEqual(actual.drop("return_key"), [(1, 501, 20260104, Decimal("2.00"))])
