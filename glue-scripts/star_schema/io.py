"""Reading and writing the lake through Spark and the Hadoop FileSystem API.

Going through Hadoop (not boto3 or os) lets the same code serve s3:// in Glue and file:// in
tests and the local pipeline.
"""

from __future__ import annotations

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StructType

from star_schema.transforms.dedupe import SOURCE_FILE


def _filesystem(spark: SparkSession, uri: str):  # returns py4j proxies (FileSystem, Path)
    path = spark._jvm.org.apache.hadoop.fs.Path(uri)
    return path.getFileSystem(spark._jsc.hadoopConfiguration()), path


def list_names(spark: SparkSession, pattern: str) -> list[str]:
    """Sorted names of the entries matching a Hadoop glob pattern (empty when none match)."""
    filesystem, path = _filesystem(spark, pattern)
    statuses = filesystem.globStatus(path) or []
    return sorted(status.getPath().getName() for status in statuses)


def list_parent_names(spark: SparkSession, pattern: str) -> list[str]:
    """Sorted names of the parent folders of the entries matching a glob pattern."""
    filesystem, path = _filesystem(spark, pattern)
    statuses = filesystem.globStatus(path) or []
    return sorted(status.getPath().getParent().getName() for status in statuses)


def read_csv(spark: SparkSession, files: list[str], schema: StructType) -> DataFrame:
    """Reads validated CSV files with the contract schema, plus the source file of each row.

    enforceSchema=False makes Spark check each header against the contract's column names;
    FAILFAST turns any value that does not parse into an error instead of a silent null.
    Quotes are escaped by doubling them (RFC 4180), and quoted fields may span lines.
    """
    return (
        spark.read.schema(schema)
        .options(header=True, enforceSchema=False, mode="FAILFAST", multiLine=True, escape='"')
        .csv(files)
        .withColumn(SOURCE_FILE, F.col("_metadata.file_path"))
    )


def read_ndjson(spark: SparkSession, files: list[str], schema: StructType) -> DataFrame:
    """Reads NDJSON files (gzip by their .gz name) with an explicit schema, plus each row's file.

    FAILFAST turns a line that is not JSON of the schema into an error, not a row of nulls.
    """
    return (
        spark.read.schema(schema)
        .options(mode="FAILFAST")
        .json(files)
        .withColumn(SOURCE_FILE, F.col("_metadata.file_path"))
    )


def read_parquet(spark: SparkSession, path: str, schema: StructType) -> DataFrame:
    """Reads one Parquet folder with the contract schema."""
    return spark.read.schema(schema).parquet(path)


def write_parquet(spark: SparkSession, df: DataFrame, path: str) -> int:
    """Replaces the folder `path` with `df` as Parquet and returns the row count actually written.

    The count is read back from the Parquet footers, so it is what the loader will COPY.
    """
    df.write.mode("overwrite").parquet(path)
    return spark.read.parquet(path).count()


def write_text(spark: SparkSession, uri: str, text: str) -> None:
    """Creates or replaces a UTF-8 text object."""
    filesystem, path = _filesystem(spark, uri)
    stream = filesystem.create(path, True)
    try:
        stream.write(bytearray(text.encode("utf-8")))
    finally:
        stream.close()
