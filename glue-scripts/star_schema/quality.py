"""The data quality gate's pure side: the rulesets argument and the verdict on rule outcomes.

The DQDL itself comes from contract/data-quality-rules.ts (the one generator), through the job's
`--dq_rulesets` argument. The entrypoint evaluates it with Glue's EvaluateDataQuality; run_batch
only sees a `QualityGate` callable, so it runs with a plain SparkSession.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pyspark.sql import DataFrame

# Evaluates one star table's ruleset on the frame just written; raises DataQualityFailedError.
QualityGate = Callable[[str, DataFrame], None]

PASSED = "Passed"


class DataQualityFailedError(RuntimeError):
    """A star table broke a rule of its ruleset: the batch must not be loaded."""

    def __init__(self, table: str, failures: list[str]) -> None:
        super().__init__(f"data quality failed for {table}: {'; '.join(failures)}")
        self.table = table
        self.failures = failures


def parse_rulesets(text: str, tables: Iterable[str]) -> dict[str, str]:
    """Reads `--dq_rulesets` (JSON `{table: dqdl}`), which must name every star table exactly."""
    rulesets = json.loads(text)
    expected = set(tables)
    if not isinstance(rulesets, dict) or set(rulesets) != expected:
        got = sorted(rulesets) if isinstance(rulesets, dict) else type(rulesets).__name__
        raise ValueError(f"--dq_rulesets must map each star table {sorted(expected)} to its DQDL (got {got})")
    return {table: str(ruleset) for table, ruleset in rulesets.items()}


def check_outcomes(table: str, outcomes: Iterable[Mapping[str, Any]]) -> None:
    """Raises DataQualityFailedError naming every rule whose Outcome is not Passed.

    `outcomes` are EvaluateDataQuality's rule rows: Rule, Outcome, FailureReason.
    """
    failures = [_describe(row) for row in outcomes if row["Outcome"] != PASSED]
    if failures:
        raise DataQualityFailedError(table, failures)


def _describe(row: Mapping[str, Any]) -> str:
    reason = row.get("FailureReason")
    return f"{row['Rule']} -> {row['Outcome']}" + (f" ({reason})" if reason else "")
