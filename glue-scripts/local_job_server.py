"""The Glue entrypoint kept warm for the local pipeline: one process, one SparkSession, many runs.

Starting Python and a Spark JVM costs more than a laptop-sized batch, so the local pipeline
(local/pipeline/local-glue-job.ts) starts this once per pipeline run and sends it each batch.

Protocol, one JSON document per line:
  stdin   a run's job arguments, as Glue passes them: {"--batch_date": "2026-01-02", ...}
  stdout  {"ok": true, "manifest": {...}}  or  {"ok": false, "error": "<the error's last lines>"}
Spark starts with the process, before the first request. Runs are answered in order, one at a
time. End of input stops Spark and exits 0. Everything
else the process writes (logging, Spark, the JVM) goes to stderr.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import sys
import traceback
from collections.abc import Mapping
from typing import Any, TextIO

import star_schema_job
from pyspark import SparkContext
from pyspark.sql import SparkSession

ERROR_LINES = 8


def job_argv(arguments: Mapping[str, str]) -> list[str]:
    """The job's sys.argv for a run: the script name, then each `--name value`."""
    return ["star_schema_job.py", *(part for name, value in arguments.items() for part in (name, str(value)))]


def checked_argv(arguments: Any) -> list[str]:
    """The argv of a request, with argparse's message as the error when an argument is missing."""
    if not isinstance(arguments, dict):
        raise ValueError(f"a request is a JSON object of job arguments (got {type(arguments).__name__})")
    argv = job_argv(arguments)
    messages = io.StringIO()
    try:
        with contextlib.redirect_stderr(messages):
            star_schema_job.job_arguments(argv)
    except SystemExit:
        raise ValueError(messages.getvalue().strip()) from None
    return argv


def reset_session() -> None:
    """Leaves nothing of a run in the session that the next run could see: cached frames and
    temporary views (the data quality gate registers one). Each read lists its files afresh."""
    spark = SparkSession.getActiveSession()
    if spark is None:
        return
    spark.catalog.clearCache()
    for table in spark.catalog.listTables():
        if table.isTemporary:
            spark.catalog.dropTempView(table.name)


def handle(line: str) -> dict[str, Any]:
    """Runs one request line to its response."""
    try:
        manifest = star_schema_job.main(checked_argv(json.loads(line)))
        return {"ok": True, "manifest": manifest}
    except Exception:  # the run fails, the server carries on with the next request
        lines = traceback.format_exc().strip().splitlines()
        return {"ok": False, "error": "\n".join(lines[-ERROR_LINES:])}
    finally:
        reset_session()


def serve(requests: TextIO, responses: TextIO) -> None:
    """Answers each non-empty request line until end of input."""
    for line in requests:
        if line.strip():
            responses.write(json.dumps(handle(line)) + "\n")
            responses.flush()


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # The protocol keeps the real stdout; fd 1 becomes stderr, so nothing else (a print, the
    # JVM, which inherits fd 1) can break a response line.
    responses = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    # The JVM and SparkContext start now, while the pipeline prepares the batch; the job's
    # getOrCreate then finds them.
    SparkContext.getOrCreate(star_schema_job.spark_conf())
    try:
        serve(sys.stdin, responses)
    finally:
        if SparkContext._active_spark_context is not None:
            SparkContext._active_spark_context.stop()


if __name__ == "__main__":
    main()
