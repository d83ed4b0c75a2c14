"""GlueContext reduced to what the entrypoint uses: the SparkSession over a SparkContext."""

from __future__ import annotations

from pyspark import SparkContext
from pyspark.sql import SparkSession


class GlueContext:
    def __init__(self, spark_context: SparkContext) -> None:
        self.spark_session = SparkSession(spark_context)
