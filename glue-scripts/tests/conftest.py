"""One small SparkSession for the whole suite: local[2], two shuffle partitions, no UI."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyspark.sql import SparkSession

from star_schema.contract import Contract, load_contract

REPO = Path(__file__).resolve().parents[2]

# pandas-on-Spark (imported by pyspark.testing) asks for this with pyarrow >= 2.
os.environ.setdefault("PYARROW_IGNORE_TIMEZONE", "1")


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    session = (
        SparkSession.builder.master("local[2]")
        .appName("glue-scripts-tests")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "1g")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def contract() -> Contract:
    return load_contract()


@pytest.fixture(scope="session")
def dq_rulesets() -> str:
    """The job's --dq_rulesets argument, from the one DQDL generator (contract/data-quality-rules.ts)."""
    script = (
        "import { dataQualityRulesetsArgument } from './contract/data-quality-rules';"
        " process.stdout.write(dataQualityRulesetsArgument());"
    )
    result = subprocess.run(
        [str(REPO / "node_modules" / ".bin" / "tsx"), "-e", script],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return result.stdout
