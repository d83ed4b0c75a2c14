from pyspark.testing import assertDataFrameEqual

from star_schema.transforms.dedupe import latest_per_key


def test_keeps_the_row_from_the_greatest_file_name_per_key(spark):
    rows = spark.createDataFrame(
        [
            (1, "old", "s3://b/silver/sales/ingest_date=2026-01-02/part-1.csv"),
            (1, "new", "s3://b/silver/sales/ingest_date=2026-01-02/part-2.csv"),
            (2, "only", "s3://b/silver/sales/ingest_date=2026-01-02/part-1.csv"),
        ],
        "sale_id bigint, note string, _source_file string",
    )
    actual = latest_per_key(rows, "sale_id").select("sale_id", "note")
    assertDataFrameEqual(actual, [(1, "new"), (2, "only")])


def test_breaks_ties_within_one_file_deterministically(spark):
    rows = spark.createDataFrame(
        [(1, "a", "f.csv"), (1, "b", "f.csv")], "sale_id bigint, note string, _source_file string"
    )
    assertDataFrameEqual(latest_per_key(rows, "sale_id").select("note"), [("b",)])
