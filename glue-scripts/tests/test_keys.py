from datetime import date

from pyspark.sql import functions as F
from pyspark.testing import assertDataFrameEqual

from lake import KEYS, VERSION_KEYS
from star_schema.transforms.keys import surrogate_key, version_key, with_surrogate_key


def test_gives_every_natural_key_its_pinned_stable_key(spark):
    ids = spark.createDataFrame([(1,), (2,), (3,)], "customer_id bigint")
    actual = with_surrogate_key(ids, "customer_dim", "customer_key", "customer_id")
    expected = spark.createDataFrame(
        [(i, KEYS["customer_dim"][i]) for i in (1, 2, 3)], "customer_id bigint, customer_key bigint"
    )
    assertDataFrameEqual(actual, expected)


def test_salts_keys_with_the_table_so_equal_ids_differ_across_tables(spark):
    row = (
        spark.range(1)
        .select(
            surrogate_key("customer_dim", F.lit(10).cast("bigint")).alias("customer"),
            surrogate_key("product_dim", F.lit(10).cast("bigint")).alias("product"),
        )
        .first()
    )
    assert row.product == KEYS["product_dim"][10]
    assert row.customer != row.product


def test_never_produces_a_negative_key_that_could_meet_unknown(spark):
    keys = spark.range(1, 20001).select(surrogate_key("sales_fact", F.col("id")).alias("key"))
    assert keys.where(F.col("key") < 0).count() == 0
    assert keys.distinct().count() == 20000


def test_keys_a_later_version_on_the_natural_key_and_the_date_it_opened_at(spark):
    customer = F.lit(1).cast("bigint")
    row = (
        spark.range(1)
        .select(
            version_key("customer_dim", customer, F.lit(date(2026, 1, 3))).alias("opened_jan_3"),
            version_key("customer_dim", customer, F.lit(date(2026, 1, 4))).alias("opened_jan_4"),
        )
        .first()
    )
    assert row.opened_jan_3 == VERSION_KEYS["customer_dim"][(1, date(2026, 1, 3))]
    assert row.opened_jan_4 not in (row.opened_jan_3, KEYS["customer_dim"][1])
    assert row.opened_jan_4 >= 0
