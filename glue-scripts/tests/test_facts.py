from datetime import date
from decimal import Decimal

from pyspark.testing import assertDataFrameEqual

from lake import KEYS, UNKNOWN
from star_schema.transforms.derived import with_derived
from star_schema.transforms.facts import lookup_key, sales_fact

BATCH = date(2026, 1, 3)


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


def test_maps_a_natural_key_missing_from_the_dimension_to_unknown(spark, contract):
    facts = spark.createDataFrame([(1, 10), (2, 99)], "sale_id bigint, product_id bigint")
    products = spark.createDataFrame([(10, 555), (UNKNOWN, UNKNOWN)], "product_id bigint, product_key bigint")
    actual = lookup_key(facts, products, contract.star["product_dim"], UNKNOWN).select(
        "sale_id", "product_key"
    )
    assertDataFrameEqual(actual, [(1, 555), (2, UNKNOWN)])


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
        "customer_dim": spark.createDataFrame(
            [(1, KEYS["customer_dim"][1])], "customer_id bigint, customer_key bigint"
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
    actual = sales_fact(sales, dimensions, star["sales_fact"], star, BATCH, UNKNOWN)
    assert actual.columns == star["sales_fact"].schema.fieldNames()
    assertDataFrameEqual(actual, expected)
