"""Keeps one row per key within a batch, deterministically."""

from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F

# Added by the readers: the file a row came from, so that the last file of a batch wins.
SOURCE_FILE = "_source_file"


def latest_per_key(df: DataFrame, key: str) -> DataFrame:
    """One row per `key`: the row from the greatest source file name wins.

    The validator already removes duplicates within a file, so ties within one file cannot
    occur in practice; ordering by the remaining columns only makes the choice deterministic
    if they did.
    """
    tie_breakers = [F.col(name).desc_nulls_last() for name in df.columns if name not in (key, SOURCE_FILE)]
    window = Window.partitionBy(key).orderBy(F.col(SOURCE_FILE).desc(), *tie_breakers)
    return df.withColumn("_rank", F.row_number().over(window)).where(F.col("_rank") == 1).drop("_rank")
