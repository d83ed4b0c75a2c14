"""EvaluateDataQuality for local runs: it evaluates, for real, the DQDL subset our generator emits.

contract/data-quality-rules.ts emits only these rule forms, and this stand-in computes each of them
on the DataFrame (one aggregation per ruleset, plus one per IsUnique column and per CustomSql),
so tests and the local pipeline run the same gate as Glue:

  RowCount <op> N            IsComplete "col"            IsUnique "col"
  ColumnValues "col" <op> N  (op one of >=, >, <=, <, =; null values fail, as in Glue)
  CustomSql "<select returning one number, from primary>" <op> N

IsUnique passes when no value repeats and none is null. Any other rule raises
NotImplementedError rather than passing unchecked. Results are returned as Glue returns them
(Rule, Outcome Passed/Failed, FailureReason, EvaluatedMetrics); publishing_options are recorded
on `EvaluateDataQuality.calls` (table context and flags) and otherwise ignored: nothing is
published locally.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from typing import Any, ClassVar

from awsglue.dynamicframe import DynamicFrame
from pyspark.sql import Column
from pyspark.sql import functions as F
from pyspark.sql.types import DoubleType, MapType, StringType, StructField, StructType

OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "=": operator.eq,
}
_OP = r"(>=|<=|>|<|=)"
_NUMBER = r"(-?\d+(?:\.\d+)?)"
ROW_COUNT = re.compile(rf"RowCount\s*{_OP}\s*{_NUMBER}")
IS_COMPLETE = re.compile(r'IsComplete\s+"([^"]+)"')
IS_UNIQUE = re.compile(r'IsUnique\s+"([^"]+)"')
COLUMN_VALUES = re.compile(rf'ColumnValues\s+"([^"]+)"\s*{_OP}\s*{_NUMBER}')
CUSTOM_SQL = re.compile(rf'CustomSql\s+"([^"]+)"\s*{_OP}\s*{_NUMBER}')
RESULT_SCHEMA = StructType(
    [
        StructField("Rule", StringType()),
        StructField("Outcome", StringType()),
        StructField("FailureReason", StringType()),
        StructField("EvaluatedMetrics", MapType(StringType(), DoubleType())),
    ]
)


def parse_rules(ruleset: str) -> list[str]:
    """The rules of `Rules = [ r1, r2, ... ]`; our rules hold no commas, so a split suffices."""
    match = re.fullmatch(r"\s*Rules\s*=\s*\[(.*)\]\s*", ruleset, re.DOTALL)
    if match is None:
        raise ValueError(f"not a DQDL ruleset: {ruleset[:80]!r}")
    return [rule.strip() for rule in match.group(1).split(",") if rule.strip()]


class _Rule:
    """One rule as aggregate columns plus a verdict on their values (which are its metrics).

    A CustomSql rule has no aggregate: its statement runs on its own, with the evaluated frame
    as the view `primary`, and its single value is the metric. IsUnique counts its column's
    distinct values in an aggregation of its own: several distinct counts in one aggregation
    make Spark copy every row once per counted column.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.sql: str | None = None
        self.distinct: str | None = None
        if match := CUSTOM_SQL.fullmatch(text):
            self.sql, op, bound = match[1], OPERATORS[match[2]], float(match[3])
            self.aggregates = {}
            self.check = lambda m: (op(m["value"], bound), f"CustomSql returned {m['value']:g}: {text}")
        elif match := ROW_COUNT.fullmatch(text):
            op, bound = OPERATORS[match[1]], float(match[2])
            self.aggregates = {"rows": F.count(F.lit(1))}
            self.check = lambda m: (op(m["rows"], bound), f"RowCount {m['rows']:g} does not satisfy {text}")
        elif match := IS_COMPLETE.fullmatch(text):
            column = match[1]
            self.aggregates = {"nulls": F.count(F.when(F.col(column).isNull(), 1))}
            self.check = lambda m: (m["nulls"] == 0, f"{m['nulls']:g} null values in {column}")
        elif match := IS_UNIQUE.fullmatch(text):
            column = match[1]
            self.aggregates = {"rows": F.count(F.lit(1))}
            self.distinct = column
            self.check = lambda m: (
                m["distinct"] == m["rows"],
                f"{m['rows'] - m['distinct']:g} of {m['rows']:g} values of {column} are duplicates or null",
            )
        elif match := COLUMN_VALUES.fullmatch(text):
            column, bound = match[1], float(match[3])
            passes: Column = F.col(column).isNotNull() & _compare(F.col(column), match[2], bound)
            self.aggregates = {"violations": F.count(F.when(~passes, 1))}
            self.check = lambda m: (m["violations"] == 0, f"{m['violations']:g} values break {text}")
        else:
            raise NotImplementedError(f"the local EvaluateDataQuality cannot evaluate rule: {text}")


def _compare(column: Column, op: str, bound: float) -> Column:
    return {
        ">=": column >= bound,
        ">": column > bound,
        "<=": column <= bound,
        "<": column < bound,
        "=": column == bound,
    }[op]


class EvaluateDataQuality:
    """`EvaluateDataQuality.apply(frame=..., ruleset=..., publishing_options=...)` as in Glue."""

    calls: ClassVar[list[dict[str, Any]]] = []

    @classmethod
    def apply(
        cls,
        frame: DynamicFrame,
        ruleset: str,
        publishing_options: dict[str, Any] | None = None,
        additional_options: dict[str, Any] | None = None,
    ) -> DynamicFrame:
        rules = [_Rule(text) for text in parse_rules(ruleset)]
        df = frame.toDF()
        columns = {
            f"r{index}_{name}": aggregate.alias(f"r{index}_{name}")
            for index, rule in enumerate(rules)
            for name, aggregate in rule.aggregates.items()
        }
        values = df.agg(*columns.values()).first().asDict() if columns else {}
        df.createOrReplaceTempView("primary")
        results = []
        for index, rule in enumerate(rules):
            if rule.sql is not None:
                metrics = {"value": float(df.sparkSession.sql(rule.sql).first()[0])}
            else:
                metrics = {name: float(values[f"r{index}_{name}"]) for name in rule.aggregates}
            if rule.distinct is not None:
                metrics["distinct"] = float(df.agg(F.countDistinct(rule.distinct)).first()[0])
            passed, reason = rule.check(metrics)
            results.append((rule.text, "Passed" if passed else "Failed", None if passed else reason, metrics))
        cls.calls.append({"frame": frame.name, "rules": len(rules), **(publishing_options or {})})
        spark = df.sparkSession
        return DynamicFrame(spark.createDataFrame(results, RESULT_SCHEMA), frame.glue_ctx, "dq_results")
