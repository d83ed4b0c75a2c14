"""Glue entrypoint of the star-schema job: parses the job arguments and runs one batch.

The only module that imports awsglue. Arguments:
  --JOB_NAME --batch_date YYYY-MM-DD --validated_root URI --curated_root URI
  [--raw_root URI]  (the raw zone: adds the date's streamed sales events; without it, none)
  [--contract_path FILE]
Roots are s3://bucket in Glue, or file:///abs/dir locally (with tests/shim on PYTHONPATH).
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import date

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark import SparkConf, SparkContext

from star_schema.contract import load_contract
from star_schema.job import run_batch
from star_schema.local_spark import LOCAL_SPARK_CONF

REQUIRED_ARGS = ["JOB_NAME", "batch_date", "validated_root", "curated_root"]
OPTIONAL_ARGS = ["contract_path", "raw_root"]


def spark_conf() -> SparkConf:
    """Glue's own configuration, or lean local settings when no cluster master is configured."""
    conf = SparkConf()
    if not conf.contains("spark.master"):
        conf.setAll(LOCAL_SPARK_CONF.items())
    return conf


def main(argv: list[str]) -> dict:
    # getResolvedOptions fails on a missing name, so optional ones are asked for only when given.
    names = REQUIRED_ARGS + [name for name in OPTIONAL_ARGS if f"--{name}" in argv]
    args = getResolvedOptions(argv, names)
    glue_context = GlueContext(SparkContext.getOrCreate(spark_conf()))
    job = Job(glue_context)
    job.init(args["JOB_NAME"], args)
    manifest = run_batch(
        glue_context.spark_session,
        load_contract(args.get("contract_path")),
        date.fromisoformat(args["batch_date"]),
        args["validated_root"],
        args["curated_root"],
        args.get("raw_root"),
    )
    job.commit()
    return manifest


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    print(json.dumps(main(sys.argv)))
