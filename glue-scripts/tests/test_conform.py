from decimal import Decimal

from pyspark.testing import assertDataFrameEqual

from star_schema.transforms.conform import conform, with_defaults


def test_selects_casts_and_orders_columns_as_the_contract_says(spark, contract):
    schema = contract.star["product_dim"].schema
    messy = spark.createDataFrame(
        [(False, "Lamp", 10, 7, "Home", None, "Acme", "19.5", "extra")],
        "is_inferred boolean, product_name string, product_id int, product_key int, category string,"
        " subcategory string, brand string, unit_price string, ignored string",
    )
    expected = spark.createDataFrame([(7, 10, "Lamp", "Home", None, "Acme", Decimal("19.50"), False)], schema)
    actual = conform(messy, schema)
    assert actual.columns == schema.fieldNames()
    assertDataFrameEqual(actual, expected)


def test_fills_nulls_with_the_contract_defaults(spark, contract):
    sales = spark.createDataFrame(
        [(Decimal("1.50"), None), (None, Decimal("2.00"))], "discount decimal(18,2), tax_amount decimal(18,2)"
    )
    actual = with_defaults(sales, contract.dataset_defaults["sales"])
    assertDataFrameEqual(actual, [(Decimal("1.50"), Decimal("0.00")), (Decimal("0.00"), Decimal("2.00"))])
