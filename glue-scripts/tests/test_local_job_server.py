"""The warm local job (local_job_server.py): many runs over one SparkSession, answered in order."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import local_job_server
import pyarrow.parquet as pq

from lake import Lake

GLUE_SCRIPTS = Path(__file__).resolve().parents[1]
DAYS = [date(2026, 1, 2), date(2026, 1, 3)]
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join([str(GLUE_SCRIPTS), str(GLUE_SCRIPTS / "glue_shim")]),
    "PYARROW_IGNORE_TIMEZONE": "1",
}


def seed(lake: Lake, day: date, offset: int) -> None:
    """A few hundred deterministic rows per day: enough for several tasks, joins and shuffles."""
    customers = [(str(i), f"First{i}", f"Last{i + offset}", "", "", "", "") for i in range(1, 60)]
    lake.add_csv("customers", day, customers)
    lake.add_csv("products", day, [(str(i), f"P{i}", "Home", "", "", f"{i}.50") for i in range(1, 20)])
    lake.add_csv("locations", day, [(str(i), f"S{i}", "", "", "North", "UK") for i in range(1, 6)])
    sales = [
        (str(offset * 1000 + i), (day - timedelta(days=i % 3)).isoformat(), str(i % 70), str(i % 23),
         str(i % 7), str(1 + i % 4), f"{i % 50}.25", "0", "")
        for i in range(1, 400)
    ]  # fmt: skip
    lake.add_csv("sales", day, [row for row in sales if row[2] != "0" and row[3] != "0" and row[4] != "0"])


def request(lake: Lake, day: date, contract_path: Path, dq_rulesets: str) -> dict[str, str]:
    return {
        "--JOB_NAME": "local",
        "--batch_date": day.isoformat(),
        "--validated_root": lake.validated_root,
        "--curated_root": lake.curated_root,
        "--contract_path": str(contract_path),
        "--dq_rulesets": dq_rulesets,
    }


def fingerprint(path: Path) -> tuple[str, Any]:
    """A Parquet part's pages, byte for byte, and its footer with each column's encodings as a set.

    parquet-mr lists a column's encodings from a HashSet of enums, whose order follows identity
    hash codes and so changes from one JVM to the next: two fresh processes differ there too.
    """
    data = path.read_bytes()
    footer_length = int.from_bytes(data[-8:-4], "little")
    meta = pq.ParquetFile(path).metadata
    footer = {
        "created_by": meta.created_by,
        "key_value": meta.metadata,
        "schema": str(meta.schema).split("\n", 1)[1],  # without the object's address
        "row_groups": [
            [_column(meta.row_group(group).column(index)) for index in range(meta.num_columns)]
            for group in range(meta.num_row_groups)
        ],
    }
    return hashlib.sha256(data[: -8 - footer_length]).hexdigest(), footer


def _column(chunk: pq.ColumnChunkMetaData) -> dict[str, Any]:
    names = ["path_in_schema", "compression", "num_values", "data_page_offset", "dictionary_page_offset",
             "total_compressed_size", "total_uncompressed_size"]  # fmt: skip
    stats = chunk.statistics
    return {name: getattr(chunk, name) for name in names} | {
        "encodings": sorted(chunk.encodings),
        "null_count": stats.null_count if stats is not None else None,
    }


def gold_parts(lake: Lake) -> dict[str, tuple[str, Any]]:
    """The fingerprint of every Parquet part under gold/, by its path without the write's random id."""
    gold = Path(lake.curated_root.removeprefix("file://")) / "gold"
    return {
        re.sub(r"part-(\d+)-[0-9a-f-]{36}", r"part-\1", str(path.relative_to(gold))): fingerprint(path)
        for path in sorted(gold.rglob("*.parquet"))
    }


def without_roots(manifest: dict, lake: Lake) -> dict:
    """A manifest with its input URIs relative to the lake, so two lakes can be compared."""
    return manifest | {"inputs": [uri.removeprefix(lake.validated_root) for uri in manifest["inputs"]]}


def test_answers_each_request_in_order_and_carries_on_after_a_failed_run(
    spark, contract, contract_path, dq_rulesets, tmp_path
):
    lake = Lake(tmp_path, contract)
    seed(lake, DAYS[0], 0)
    good = request(lake, DAYS[0], contract_path, dq_rulesets)
    missing = {name: value for name, value in good.items() if name != "--curated_root"}
    requests = io.StringIO(
        "\n".join(
            [json.dumps(missing), "[1, 2]", "", json.dumps({**good, "--dq_rulesets": "{}"}), json.dumps(good)]
        )
    )
    responses = io.StringIO()

    local_job_server.serve(requests, responses)  # on the suite's SparkContext

    answers = [json.loads(line) for line in responses.getvalue().splitlines()]
    assert [answer["ok"] for answer in answers] == [False, False, False, True]
    assert "the following arguments are required: --curated_root" in answers[0]["error"]
    assert answers[1]["error"].endswith("a request is a JSON object of job arguments (got list)")
    assert re.search(
        r"ValueError: --dq_rulesets must map each star table .* \(got \[\]\)$", answers[2]["error"]
    )
    assert answers[3]["manifest"] == lake.manifest(DAYS[0])
    # The data quality gate's temporary view did not outlive its run.
    assert [table.name for table in spark.catalog.listTables() if table.isTemporary] == []


def test_writes_the_same_gold_bytes_through_one_warm_session_as_through_fresh_ones(
    contract, contract_path, dq_rulesets, tmp_path
):
    warm, fresh = Lake(tmp_path / "warm", contract), Lake(tmp_path / "fresh", contract)
    for lake in (warm, fresh):
        for offset, day in enumerate(DAYS):
            seed(lake, day, offset)

    # Both batches through one server process: one SparkSession, the quality gate in between.
    lines = "".join(json.dumps(request(warm, day, contract_path, dq_rulesets)) + "\n" for day in DAYS)
    server = subprocess.run(
        [sys.executable, str(GLUE_SCRIPTS / "local_job_server.py")],
        input=lines, env=ENV, capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert server.returncode == 0, server.stderr[-3000:]
    answers = [json.loads(line) for line in server.stdout.splitlines()]
    assert [answer["ok"] for answer in answers] == [True, True], answers

    # Each batch in a fresh process, as Glue runs it.
    for day in DAYS:
        argv = [
            part
            for name, value in request(fresh, day, contract_path, dq_rulesets).items()
            for part in (name, value)
        ]
        job = subprocess.run(
            [sys.executable, str(GLUE_SCRIPTS / "star_schema_job.py"), *argv],
            env=ENV, capture_output=True, text=True, check=False, timeout=600,
        )  # fmt: skip
        assert job.returncode == 0, job.stderr[-3000:]

    warm_parts = gold_parts(warm)
    assert len(warm_parts) >= 10
    assert warm_parts == gold_parts(fresh)
    for day in DAYS:
        assert without_roots(warm.manifest(day), warm) == without_roots(fresh.manifest(day), fresh)
