"""Streamed events as dataset rows: where a redelivered event stops being a second row."""

from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F
from pyspark.sql.types import StringType, StructField, StructType

from star_schema.contract import EventSource
from star_schema.transforms.conform import conform
from star_schema.transforms.dedupe import SOURCE_FILE


def rows_from_events(events: DataFrame, schema: StructType, source: EventSource, row_key: str) -> DataFrame:
    """One row of `schema` per `row_key`, from events read with all-string columns.

    First one row per event key: a redelivered event (at-least-once delivery, producer
    retries) repeats its key and counts once. Then one row per `row_key`: of several events
    about one row, the latest by the envelope's timestamp wins (ties: the greatest event key),
    so a corrected row replaces the earlier event. Values are then cast to the schema's types.
    """
    event_key = F.col(source.key)
    by_event = Window.partitionBy(event_key).orderBy(
        F.col(SOURCE_FILE), *(F.col(name) for name in schema.names)
    )
    once = events.withColumn("_copy", F.row_number().over(by_event)).where(F.col("_copy") == 1)
    latest_first = [event_key.desc()]
    if source.occurred_at is not None:
        latest_first.insert(0, F.col(source.occurred_at).cast("timestamp").desc())
    by_row = Window.partitionBy(row_key).orderBy(*latest_first)
    latest = once.withColumn("_rank", F.row_number().over(by_row)).where(F.col("_rank") == 1)
    return conform(latest, StructType([*schema.fields, StructField(SOURCE_FILE, StringType())]))


def with_streamed_rows(batch_rows: DataFrame, streamed_rows: DataFrame, key: str) -> DataFrame:
    """The batch's file rows, plus the streamed rows whose key no file row has.

    The daily file is the system of record: when it carries a row that was also streamed, its
    row wins, and the event only filled the gap until the file arrived.
    """
    missing = streamed_rows.join(batch_rows.select(key), on=key, how="left_anti")
    return batch_rows.unionByName(missing.select(*batch_rows.columns))
