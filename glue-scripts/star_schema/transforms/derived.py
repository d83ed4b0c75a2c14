"""Derived star columns: the contract's expressions (contract/expressions.ts) as Spark columns.

A string names a column, {"literal": v} (or a bare number) is a value, and add, sub, mul and
concat combine expressions. Decimal arithmetic is exact; conform() then casts each result to the
contract's type.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import reduce
from operator import add, mul, sub
from typing import Any

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

_ARITHMETIC = {"add": add, "sub": sub, "mul": mul}


def expression_column(expr: Any) -> Column:
    """The Spark column computing `expr` over a row."""
    if isinstance(expr, str):
        return F.col(expr)
    if isinstance(expr, int | float):
        return F.lit(expr)
    if "literal" in expr:
        return F.lit(expr["literal"])
    (op, operands), *_ = expr.items()
    columns = [expression_column(operand) for operand in operands]
    if op == "concat":
        return F.concat(*columns)
    if op in _ARITHMETIC:
        return reduce(_ARITHMETIC[op], columns)
    raise ValueError(f"unknown expression {expr!r}: use a column, literal, add, sub, mul or concat")


def with_derived(rows: DataFrame, derived: Mapping[str, Any]) -> DataFrame:
    """Adds each derived column in declaration order, so a later one may read an earlier one."""
    for column, expr in derived.items():
        rows = rows.withColumn(column, expression_column(expr))
    return rows
