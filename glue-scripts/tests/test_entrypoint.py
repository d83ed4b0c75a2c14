"""The Glue entrypoint with the local awsglue shim, exactly as the local pipeline runs it."""

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import star_schema_job

from lake import Lake
from star_schema.quality import DataQualityFailedError

GLUE_SCRIPTS = Path(__file__).resolve().parents[1]
DAY = date(2026, 1, 2)


def test_runs_a_batch_from_job_arguments_in_a_fresh_process(contract, contract_path, dq_rulesets, tmp_path):
    lake = Lake(tmp_path, contract)
    lake.add_csv("customers", DAY, [("1", "Ada", "Lovelace", "", "", "", "")])
    lake.add_csv("sales", DAY, [("1", "2026-01-02", "1", "10", "100", "3", "2.00", "0.50", "0")])
    command = [
        sys.executable,
        str(GLUE_SCRIPTS / "star_schema_job.py"),
        "--JOB_NAME", "local",
        "--batch_date", DAY.isoformat(),
        "--validated_root", lake.validated_root,
        "--curated_root", lake.curated_root,
        "--dq_rulesets", dq_rulesets,
        "--contract_path", str(contract_path),
        "--job-bookmark-option", "job-bookmark-disable",  # Glue passes its own flags too
    ]  # fmt: skip
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(GLUE_SCRIPTS), str(GLUE_SCRIPTS / "glue_shim")]),
    }
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    printed = json.loads(result.stdout.strip().splitlines()[-1])
    assert printed == lake.manifest(DAY)
    # Unknown members, customer 1, and placeholders for product 10 and location 100, sold but not delivered.
    assert printed["tables"] == {
        "customer_dim": 2,
        "product_dim": 2,
        "location_dim": 2,
        "date_dim": 2,
        "sales_fact": 1,
    }
    # Every table was evaluated (by the shim's EvaluateDataQuality) before the manifest.
    for table, rules in json.loads(dq_rulesets).items():
        assert f"data quality of {table} passed: {rules.count(chr(10)) - 1} rules" in result.stderr


def test_fails_the_run_naming_the_table_and_rule_when_a_table_breaks_its_ruleset(
    contract, contract_path, dq_rulesets, tmp_path
):
    lake = Lake(tmp_path, contract)
    lake.add_csv("sales", DAY, [("1", "2026-01-02", "1", "10", "100", "-3", "2.00", "0", "0")])
    argv = [
        "star_schema_job.py",
        "--JOB_NAME", "local",
        "--batch_date", DAY.isoformat(),
        "--validated_root", lake.validated_root,
        "--curated_root", lake.curated_root,
        "--dq_rulesets", dq_rulesets,
        "--contract_path", str(contract_path),
    ]  # fmt: skip
    with pytest.raises(
        DataQualityFailedError, match=r'^data quality failed for sales_fact: ColumnValues "quantity" >= 0'
    ):
        star_schema_job.main(argv)  # in this process, on the suite's SparkContext
    # No manifest: the loader never sees the batch, and the next batch does not build on it.
    assert not (tmp_path / "curated" / "gold" / "_manifests").exists()


def test_fails_before_starting_spark_when_a_required_argument_is_missing():
    with pytest.raises(SystemExit):
        star_schema_job.main(["star_schema_job.py", "--JOB_NAME", "local", "--batch_date", "2026-01-02"])


def test_fails_before_starting_spark_when_the_rulesets_miss_a_table(contract_path):
    argv = ["star_schema_job.py", "--JOB_NAME", "local", "--batch_date", "2026-01-02",
            "--validated_root", "file:///v", "--curated_root", "file:///c",
            "--contract_path", str(contract_path),
            "--dq_rulesets", '{"customer_dim": "Rules = [ RowCount >= 1 ]"}']  # fmt: skip
    with pytest.raises(ValueError, match="--dq_rulesets must map each star table"):
        star_schema_job.main(argv)
