"""One small SparkSession for the whole suite (local[2], two shuffle partitions, no UI), and the
contracts the tests run with, normalized by the project's CLI as a deployment ships them."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from contract_cli import data_quality_rulesets, normalized_contract
from pyspark.sql import SparkSession
from shipments import SHIPMENTS_CONTRACT

from star_schema.contract import Contract, load_contract
from star_schema.local_spark import LOCAL_SPARK_CONF

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
        # The JIT setting of local runs: the suite is many short queries too.
        .config("spark.driver.extraJavaOptions", LOCAL_SPARK_CONF["spark.driver.extraJavaOptions"])
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def contract_path(tmp_path_factory) -> Path:
    """The sales example, normalized (`cli contract normalize`): the job's --contract_path."""
    path = tmp_path_factory.mktemp("contracts") / "sales.json"
    path.write_text(normalized_contract(), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def contract(contract_path) -> Contract:
    return load_contract(str(contract_path))


@pytest.fixture(scope="session")
def dq_rulesets() -> str:
    """The job's --dq_rulesets argument for the sales example."""
    return data_quality_rulesets()


@pytest.fixture(scope="session")
def shipments_path(tmp_path_factory) -> Path:
    """The shipments contract (tests/shipments.py), checked and normalized by the CLI."""
    folder = tmp_path_factory.mktemp("shipments")
    document = folder / "contract.json"
    document.write_text(json.dumps(SHIPMENTS_CONTRACT), encoding="utf-8")
    path = folder / "normalized.json"
    path.write_text(normalized_contract(document), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def shipments(shipments_path) -> Contract:
    return load_contract(str(shipments_path))
