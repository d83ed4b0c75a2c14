"""Benchmark of the star-schema job on local Spark: 1,000,000 sales plus dimensions.

Generates seeded, deterministic validated CSVs with Spark into a temporary folder, then times
the job's own stages with the functions run_batch uses, on the first batch:
  read   parse and deduplicate every CSV (cached, so later stages measure only their own work)
  dims   build the four dimension snapshots (customer_dim SCD2) and write them as Parquet
  facts  build the fact rows against the written dimensions (noop sink: no output)
  write  build and write the fact Parquet (the real write)
then one uncached end-to-end run_batch. Last, what SCD2 on customer_dim costs: the same two
batches (the second moves ~10% of the customers to another segment and city, and sells to them
before and after the move) through uncached run_batch with customer_dim SCD1 and SCD2,
alternately. Run: npm run bench:etl
"""

from __future__ import annotations

import copy
import json
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from contract_cli import normalized_contract
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from star_schema.contract import IS_CURRENT, VALID_FROM, VALID_TO, Contract, parse_contract
from star_schema.job import (
    dimension_snapshots,
    fact_table_rows,
    gold_path,
    previous_batch_date,
    read_batch,
    read_gold,
    run_batch,
    write_tables,
)
from star_schema.local_spark import LOCAL_SPARK_CONF

SALES = 1_000_000
CUSTOMERS = 50_000
PRODUCTS = 5_000
LOCATIONS = 500
SEED = 42
BATCH = date(2026, 1, 2)
NEXT_BATCH = BATCH + timedelta(days=1)


def _pick(column: str, salt: str, modulo: int) -> F.Column:
    """A seeded, deterministic value in [0, modulo) derived from a row id."""
    return F.pmod(F.xxhash64(F.lit(f"{SEED}:{salt}"), F.col(column)), F.lit(modulo))


def generate(spark: SparkSession, contract: Contract, validated_root: str, day: int = 0) -> None:
    """Writes the four validated datasets for batch BATCH + `day` (ids 1..n; ~2% of sales hit
    ids never delivered). From day 1 on, ~10% of the customers have moved segment and city."""
    batch_date = BATCH + timedelta(days=day)
    ids = F.col("id")
    moved = F.lit(day > 0) & (_pick("id", "moved", 10) == 0)

    def attribute(salt: str, modulo: int) -> F.Column:
        return F.when(moved, _pick("id", f"{salt}{day}", modulo)).otherwise(_pick("id", salt, modulo))

    frames = {
        "customers": spark.range(1, CUSTOMERS + 1).select(
            ids.alias("customer_id"),
            F.concat(F.lit("First"), ids).alias("first_name"),
            F.concat(F.lit("Last"), ids).alias("last_name"),
            F.concat(F.lit("c"), ids, F.lit("@example.com")).alias("email"),
            F.concat(F.lit("City"), attribute("city", 300)).alias("city"),
            F.concat(F.lit("S"), _pick("id", "state", 50)).alias("state"),
            F.element_at(
                F.array(F.lit("Retail"), F.lit("SMB"), F.lit("VIP")), attribute("seg", 3).cast("int") + 1
            ).alias("segment"),
        ),
        "products": spark.range(1, PRODUCTS + 1).select(
            ids.alias("product_id"),
            F.concat(F.lit("Product "), ids).alias("product_name"),
            F.concat(F.lit("Category"), _pick("id", "cat", 20)).alias("category"),
            F.concat(F.lit("Sub"), _pick("id", "sub", 100)).alias("subcategory"),
            F.concat(F.lit("Brand"), _pick("id", "brand", 200)).alias("brand"),
            ((_pick("id", "price", 100000) + 100) / 100).cast("decimal(12,2)").alias("unit_price"),
        ),
        "locations": spark.range(1, LOCATIONS + 1).select(
            ids.alias("location_id"),
            F.concat(F.lit("Store "), ids).alias("store_name"),
            F.concat(F.lit("City"), _pick("id", "lcity", 300)).alias("city"),
            F.concat(F.lit("S"), _pick("id", "lstate", 50)).alias("state"),
            F.concat(F.lit("Region"), _pick("id", "region", 8)).alias("region"),
            F.lit("UK").alias("country"),
        ),
        "sales": spark.range(day * SALES + 1, (day + 1) * SALES + 1)
        .select(
            ids.alias("sale_id"),
            F.date_sub(F.lit(batch_date), _pick("id", "date", 7).cast("int")).alias("sale_date"),
            (_pick("id", "customer", CUSTOMERS + CUSTOMERS // 50) + 1).alias("customer_id"),
            (_pick("id", "product", PRODUCTS + PRODUCTS // 50) + 1).alias("product_id"),
            (_pick("id", "location", LOCATIONS + LOCATIONS // 50) + 1).alias("location_id"),
            (_pick("id", "qty", 10) + 1).cast("int").alias("quantity"),
            ((_pick("id", "uprice", 100000) + 100) / 100).cast("decimal(12,2)").alias("unit_price"),
        )
        .withColumn("discount", (F.col("quantity") * F.col("unit_price") * 0.1).cast("decimal(18,2)"))
        .withColumn("tax_amount", (F.col("quantity") * F.col("unit_price") * 0.2).cast("decimal(18,2)")),
    }
    for dataset, df in frames.items():
        folder = contract.path(validated_root, "validated", dataset=dataset, date=batch_date.isoformat())
        df.select(contract.dataset_schemas[dataset].fieldNames()).write.mode("overwrite").option(
            "header", True
        ).csv(folder)


def timed(label: str, rows: Callable[[], int], action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    count = rows()
    print(f"{label:<8} {seconds:8.2f} s  {count:>10,} rows  {count / seconds:>12,.0f} rows/s", flush=True)
    return seconds


def noop(df: DataFrame) -> None:
    df.write.format("noop").mode("overwrite").save()


def as_scd1(document: dict[str, Any], dimension: str) -> dict[str, Any]:
    """The normalized contract `cli contract normalize` gives when `dimension` keeps no history."""
    star = copy.deepcopy(document["star"])
    table = star[dimension]
    table["history"] = "scd1"
    del table["tracked"]
    table["columns"] = [c for c in table["columns"] if c["name"] not in (VALID_FROM, VALID_TO, IS_CURRENT)]
    for fact in star.values():
        for key in fact["foreignKeys"].values():
            if key["references"] == dimension:
                del key["asOf"]
    return document | {"star": star}


def run_seconds(
    spark: SparkSession, contract: Contract, batch_date: date, validated: str, curated: str
) -> float:
    start = time.perf_counter()
    run_batch(spark, contract, batch_date, validated, curated)
    return time.perf_counter() - start


def compare_history(
    spark: SparkSession, document: dict[str, Any], validated: str, tmp: str, first: float
) -> None:
    """Both batches with customer_dim SCD1 and SCD2, alternately; `first` is SCD2's first batch."""
    scd2, scd1 = parse_contract(document), parse_contract(as_scd1(document, "customer_dim"))
    roots = {"scd1": (Path(tmp) / "curated-scd1").as_uri(), "scd2": (Path(tmp) / "curated").as_uri()}
    seconds = {("scd2", BATCH): first}
    seconds[("scd1", BATCH)] = run_seconds(spark, scd1, BATCH, validated, roots["scd1"])
    seconds[("scd2", NEXT_BATCH)] = run_seconds(spark, scd2, NEXT_BATCH, validated, roots["scd2"])
    seconds[("scd1", NEXT_BATCH)] = run_seconds(spark, scd1, NEXT_BATCH, validated, roots["scd1"])
    for label, batch_date in (("batch 1", BATCH), ("batch 2", NEXT_BATCH)):
        one, two = seconds[("scd1", batch_date)], seconds[("scd2", batch_date)]
        print(
            f"{label}  run_batch with customer_dim SCD1 {one:6.2f} s, SCD2 {two:6.2f} s: {two / one - 1:+.1%}"
        )
    versions = spark.read.parquet(gold_path(scd2, roots["scd2"], "customer_dim", NEXT_BATCH))
    print(f"customer_dim after batch 2: {versions.count():,} versions of {CUSTOMERS:,} customers")


def main() -> None:
    builder = SparkSession.builder.appName("bench-etl")
    for key, value in LOCAL_SPARK_CONF.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    document = json.loads(normalized_contract())
    contract = parse_contract(document)
    (sales_fact,) = contract.facts
    with tempfile.TemporaryDirectory(prefix="bench-etl-") as tmp:
        validated, curated = (Path(tmp) / "validated").as_uri(), (Path(tmp) / "curated").as_uri()
        start = time.perf_counter()
        generate(spark, contract, validated)
        generate(spark, contract, validated, day=1)
        print(f"generated 2 batches of {SALES:,} sales + dimensions in {time.perf_counter() - start:.1f} s")
        print(f"{'stage':<8} {'wall':>10}  {'rows':>15}  {'throughput':>19}")

        inputs = read_batch(spark, contract, validated, BATCH)
        cached = [df.cache() for df in inputs.frames.values()]
        timed("read", lambda: sum(df.count() for df in cached), lambda: [df.count() for df in cached])

        previous = previous_batch_date(spark, contract, curated, BATCH)
        counts: dict[str, int] = {}
        timed(
            "dims",
            lambda: sum(counts.values()),
            lambda: counts.update(
                write_tables(
                    spark,
                    contract,
                    dimension_snapshots(spark, contract, inputs, curated, previous),
                    curated,
                    BATCH,
                )
            ),
        )
        written = {
            table.name: read_gold(spark, contract, curated, table, BATCH) for table in contract.dimensions
        }
        fact = fact_table_rows(spark, contract, sales_fact, inputs, written)
        timed("facts", lambda: inputs.frames["sales"].count(), lambda: noop(fact))
        timed(
            "write",
            lambda: spark.read.parquet(gold_path(contract, curated, sales_fact.name, BATCH)).count(),
            lambda: write_tables(spark, contract, {sales_fact.name: fact}, curated, BATCH),
        )
        for df in cached:
            df.unpersist()
        first = timed("total", lambda: SALES, lambda: run_batch(spark, contract, BATCH, validated, curated))
        print("total = one uncached end-to-end run_batch (read, dims, facts, writes, manifest)")
        compare_history(spark, document, validated, tmp, first)
    spark.stop()


if __name__ == "__main__":
    main()
