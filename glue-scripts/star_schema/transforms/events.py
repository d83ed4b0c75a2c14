"""Streamed events as dataset rows: where a redelivered event stops being a second sale."""

from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F
from pyspark.sql.types import StringType, StructField, StructType

from star_schema.transforms.conform import conform
from star_schema.transforms.dedupe import SOURCE_FILE


def rows_from_events(events: DataFrame, schema: StructType, event_key: str, row_key: str) -> DataFrame:
    """One row of `schema` per `row_key`, from events read with all-string columns.

    First one row per `event_key`: a redelivered event (at-least-once delivery, producer
    retries) repeats its event_id and counts once. Then one row per `row_key`: of several
    events about one sale, the latest `occurred_at` wins (ties: the greatest event_id), so a
    corrected sale replaces the earlier event. Values are then cast to the schema's types.
    """
    by_event = Window.partitionBy(event_key).orderBy(
        F.col(SOURCE_FILE), *(F.col(name) for name in schema.names)
    )
    once = events.withColumn("_copy", F.row_number().over(by_event)).where(F.col("_copy") == 1)
    occurred = F.col("occurred_at").cast("timestamp")
    by_row = Window.partitionBy(row_key).orderBy(occurred.desc(), F.col(event_key).desc())
    latest = once.withColumn("_rank", F.row_number().over(by_row)).where(F.col("_rank") == 1)
    return conform(latest, StructType([*schema.fields, StructField(SOURCE_FILE, StringType())]))


def with_streamed_rows(batch_rows: DataFrame, streamed_rows: DataFrame, key: str) -> DataFrame:
    """The batch's file rows, plus the streamed rows whose key no file row has.

    The daily file is the system of record: when it carries a sale that was also streamed, its
    row wins, and the event only filled the gap until the file arrived.
    """
    missing = streamed_rows.join(batch_rows.select(key), on=key, how="left_anti")
    return batch_rows.unionByName(missing.select(*batch_rows.columns))
