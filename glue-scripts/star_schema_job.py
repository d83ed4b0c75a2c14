"""Glue entrypoint of the star-schema job: parses the job arguments and runs one batch.

The only module that imports awsglue (and awsgluedq). Arguments:
  --JOB_NAME --batch_date YYYY-MM-DD --validated_root URI --curated_root URI
  [--raw_root URI]  (the raw zone: adds the date's streamed events of each dataset; without it, none)
  [--dq_rulesets JSON]  ({table: DQDL} from contract/data-quality-rules.ts: each table is evaluated
                        with EvaluateDataQuality once written, and a failed rule fails the run)
  [--contract_path FILE]  (the normalized contract; in Glue, the one packaged with star_schema)
Roots are s3://bucket in Glue, or file:///abs/dir locally (with glue_shim on PYTHONPATH).
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import date

from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from awsgluedq.transforms import EvaluateDataQuality
from pyspark import SparkConf, SparkContext
from pyspark.sql import DataFrame

from star_schema.contract import load_contract
from star_schema.job import run_batch
from star_schema.local_spark import LOCAL_SPARK_CONF
from star_schema.quality import QualityGate, check_outcomes, parse_rulesets

REQUIRED_ARGS = ["JOB_NAME", "batch_date", "validated_root", "curated_root"]
OPTIONAL_ARGS = ["contract_path", "raw_root", "dq_rulesets"]
LOG = logging.getLogger("star_schema_job")


def spark_conf() -> SparkConf:
    """Glue's own configuration, or lean local settings when no cluster master is configured."""
    conf = SparkConf()
    if not conf.contains("spark.master"):
        conf.setAll(LOCAL_SPARK_CONF.items())
    return conf


def quality_gate(glue_context: GlueContext, rulesets: dict[str, str]) -> QualityGate:
    """Evaluates a table's ruleset in the job, publishing results and CloudWatch metrics under
    the context `star_schema_<table>`; raises DataQualityFailedError on any rule not Passed."""

    def evaluate(table: str, df: DataFrame) -> None:
        results = EvaluateDataQuality.apply(
            frame=DynamicFrame.fromDF(df, glue_context, table),
            ruleset=rulesets[table],
            publishing_options={
                "dataQualityEvaluationContext": f"star_schema_{table}",
                "enableDataQualityResultsPublishing": True,
                "enableDataQualityCloudWatchMetrics": True,
            },
        )
        rows = results.toDF().select("Rule", "Outcome", "FailureReason").collect()
        outcomes = [row.asDict() for row in rows]
        check_outcomes(table, outcomes)
        LOG.info("data quality of %s passed: %d rules", table, len(outcomes))

    return evaluate


def job_arguments(argv: list[str]) -> dict[str, str]:
    """The job's arguments; exits as Glue does (argparse) when a required one is missing."""
    # getResolvedOptions fails on a missing name, so optional ones are asked for only when given.
    names = REQUIRED_ARGS + [name for name in OPTIONAL_ARGS if f"--{name}" in argv]
    return getResolvedOptions(argv, names)


def main(argv: list[str]) -> dict:
    args = job_arguments(argv)
    contract = load_contract(args.get("contract_path"))
    # Parsed before Spark starts, so a malformed argument fails fast.
    rulesets = parse_rulesets(args["dq_rulesets"], contract.star) if "dq_rulesets" in args else None
    if rulesets is None:
        LOG.warning("no --dq_rulesets: the batch is written without its data quality gate")
    glue_context = GlueContext(SparkContext.getOrCreate(spark_conf()))
    job = Job(glue_context)
    job.init(args["JOB_NAME"], args)
    manifest = run_batch(
        glue_context.spark_session,
        contract,
        date.fromisoformat(args["batch_date"]),
        args["validated_root"],
        args["curated_root"],
        args.get("raw_root"),
        None if rulesets is None else quality_gate(glue_context, rulesets),
    )
    job.commit()
    return manifest


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    print(json.dumps(main(sys.argv)))
