"""DynamicFrame reduced to what the entrypoint uses: a named wrapper around a DataFrame."""

from __future__ import annotations

from typing import Any

from pyspark.sql import DataFrame


class DynamicFrame:
    def __init__(self, df: DataFrame, glue_ctx: Any, name: str) -> None:
        self._df = df
        self.glue_ctx = glue_ctx
        self.name = name

    @classmethod
    def fromDF(cls, dataframe: DataFrame, glue_ctx: Any, name: str) -> DynamicFrame:
        return cls(dataframe, glue_ctx, name)

    def toDF(self) -> DataFrame:
        return self._df
