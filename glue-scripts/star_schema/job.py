"""One daily batch: validated CSVs in, star-schema Parquet and a manifest out.

Stages, in order: refuse a batch older than a completed one; read the batch; build every
dimension snapshot (SCD1 or SCD2 over the previous snapshot, with placeholders for the members
the batch's facts reference before they arrive) and write it; build each fact, in load order,
against the dimensions as written, and write it; write the manifest last, which marks the batch
complete. With a quality gate, each table is checked against its data quality ruleset as
written, before the manifest: a failed rule stops the batch.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from pyspark.sql import DataFrame, SparkSession

from star_schema import io
from star_schema.contract import Contract, StarTable
from star_schema.manifest import build_manifest, manifest_json
from star_schema.quality import QualityGate
from star_schema.transforms.conform import with_defaults
from star_schema.transforms.dedupe import latest_per_key
from star_schema.transforms.dimensions import calendar_rows, dimension_rows, dimension_snapshot
from star_schema.transforms.events import rows_from_events, with_streamed_rows
from star_schema.transforms.facts import fact_rows
from star_schema.transforms.inferred import referenced_keys

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class BatchInputs:
    """The batch's datasets, each deduplicated on its key; a dataset without files is absent."""

    batch_date: date
    frames: Mapping[str, DataFrame]
    files: tuple[str, ...]


def read_batch(
    spark: SparkSession,
    contract: Contract,
    validated_root: str,
    batch_date: date,
    raw_root: str | None = None,
) -> BatchInputs:
    """Reads every dataset's validated CSVs for the batch date, deduplicated on the key.

    With `raw_root`, a dataset fed by a stream (the contract's `events`) also gets the events
    the stream consumer wrote to the raw zone for that ingest date; they were validated on the way in.
    """
    frames: dict[str, DataFrame] = {}
    files: list[str] = []
    for dataset, schema in contract.dataset_schemas.items():
        folder = contract.path(validated_root, "validated", dataset=dataset, date=batch_date.isoformat())
        dataset_files = [folder + name for name in io.list_names(spark, folder + "*.csv")]
        key = contract.dataset_keys[dataset]
        if dataset_files:
            rows = io.read_csv(spark, dataset_files, schema)
            rows = with_defaults(rows, contract.dataset_defaults[dataset])
            frames[dataset] = latest_per_key(rows, key)
            files.extend(dataset_files)
        source = contract.event_sources.get(dataset)
        if raw_root is None or source is None:
            continue
        folder = contract.path(raw_root, "raw", dataset=source.lake_dataset, date=batch_date.isoformat())
        event_files = [folder + name for name in io.list_names(spark, folder + "*.ndjson.gz")]
        if event_files:
            events = io.read_ndjson(spark, event_files, source.schema)
            streamed = with_defaults(
                rows_from_events(events, schema, source, key), contract.dataset_defaults[dataset]
            )
            frames[dataset] = (
                with_streamed_rows(frames[dataset], streamed, key) if dataset in frames else streamed
            )
            files.extend(event_files)
    return BatchInputs(batch_date=batch_date, frames=frames, files=tuple(files))


class OutOfOrderBatchError(ValueError):
    """A batch date older than a completed batch, which never completed itself."""

    def __init__(self, batch_date: date, later: date) -> None:
        super().__init__(
            f"batch {batch_date.isoformat()} is older than the completed batch {later.isoformat()}:"
            f" its dimension rows would never reach the snapshot of {later.isoformat()} or any built"
            f" on it. Land late files under a new batch date after {later.isoformat()}; facts resolve"
            " dimension versions by their own dates, so late facts still find the versions valid"
            " when they happened"
        )
        self.batch_date = batch_date
        self.later = later


def completed_batch_dates(spark: SparkSession, contract: Contract, curated_root: str) -> list[date]:
    """The dates of the batches that completed (wrote a manifest), in order."""
    folders = io.list_parent_names(spark, contract.path(curated_root, "manifest", date="*"))
    return sorted(date.fromisoformat(folder.partition("=")[2]) for folder in folders)


def refuse_out_of_order(completed: list[date], batch_date: date) -> None:
    """Raises OutOfOrderBatchError when `batch_date` never completed but a later batch did.
    Re-running a completed batch is allowed: it builds on the same previous snapshot."""
    if completed and batch_date not in completed and completed[-1] > batch_date:
        raise OutOfOrderBatchError(batch_date, completed[-1])


def latest_before(completed: list[date], batch_date: date) -> date | None:
    return max((previous for previous in completed if previous < batch_date), default=None)


def previous_batch_date(
    spark: SparkSession, contract: Contract, curated_root: str, batch_date: date
) -> date | None:
    """The latest completed batch (one with a manifest) strictly before `batch_date`, if any."""
    return latest_before(completed_batch_dates(spark, contract, curated_root), batch_date)


def gold_path(contract: Contract, curated_root: str, table: str, batch_date: date) -> str:
    return contract.path(curated_root, "gold", table=table, date=batch_date.isoformat())


def read_gold(
    spark: SparkSession, contract: Contract, curated_root: str, table: StarTable, batch_date: date
) -> DataFrame:
    return io.read_parquet(spark, gold_path(contract, curated_root, table.name, batch_date), table.schema)


def previous_snapshot(
    spark: SparkSession, contract: Contract, curated_root: str, table: StarTable, previous: date | None
) -> DataFrame | None:
    """The table's snapshot of the previous batch; None when there is no previous batch or the
    table is new in this contract version (the previous batch did not build it). Columns new in
    this version read as null from the older Parquet."""
    if previous is None:
        return None
    folder = gold_path(contract, curated_root, table.name, previous)
    if not io.list_names(spark, folder + "*.parquet"):
        return None
    return read_gold(spark, contract, curated_root, table, previous)


def dimension_batch_rows(contract: Contract, table: StarTable, inputs: BatchInputs) -> DataFrame | None:
    """This batch's rows of a dimension: from its dataset, or for a calendar dimension from every
    date column through which a fact of the batch references it."""
    if table.is_calendar:
        return calendar_rows(references(contract, table, inputs), table)
    source = inputs.frames.get(table.source)
    return None if source is None else dimension_rows(source, table, inputs.batch_date)


def references(contract: Contract, table: StarTable, inputs: BatchInputs) -> list[DataFrame]:
    """The `via` column of every fact source of the batch that references the dimension."""
    return [
        inputs.frames[dataset].select(column)
        for dataset, column in contract.references(table.name)
        if dataset in inputs.frames
    ]


def dimension_snapshots(
    spark: SparkSession,
    contract: Contract,
    inputs: BatchInputs,
    curated_root: str,
    previous: date | None,
) -> dict[str, DataFrame]:
    """Every dimension's full snapshot after this batch (lazy), keyed by table name."""
    return {
        table.name: dimension_snapshot(
            spark,
            table,
            inputs.batch_date,
            previous_snapshot(spark, contract, curated_root, table, previous),
            dimension_batch_rows(contract, table, inputs),
            referenced_keys(references(contract, table, inputs), table.natural_key),
            contract.unknown_key,
            contract.unknown_text,
        )
        for table in contract.dimensions
    }


def fact_table_rows(
    spark: SparkSession,
    contract: Contract,
    fact: StarTable,
    inputs: BatchInputs,
    dimensions: Mapping[str, DataFrame],
) -> DataFrame:
    """A fact's rows of the batch; a batch without its source dataset gives an empty partition."""
    source = inputs.frames.get(fact.source)
    if source is None:
        source = spark.createDataFrame([], contract.dataset_schemas[fact.source])
    return fact_rows(source, dimensions, fact, contract.star, inputs.batch_date, contract.unknown_key)


def write_tables(
    spark: SparkSession,
    contract: Contract,
    tables: Mapping[str, DataFrame],
    curated_root: str,
    batch_date: date,
) -> dict[str, int]:
    """Replaces each table's batch_date partition; returns the row counts written."""
    return {
        name: io.write_parquet(spark, df, gold_path(contract, curated_root, name, batch_date))
        for name, df in tables.items()
    }


def check_quality(
    evaluate_quality: QualityGate | None,
    written: Mapping[str, DataFrame],
    counts: Mapping[str, int],
) -> None:
    """Runs the gate on each table as written; an empty table (a fact the batch has no rows for) is skipped.

    Rules hold vacuously on no rows, but Glue's analyzers report an empty input as a failure.
    """
    if evaluate_quality is None:
        return
    for name, df in written.items():
        if counts[name] == 0:
            LOG.info("data quality of %s skipped: no rows in this batch", name)
            continue
        evaluate_quality(name, df)


def run_batch(
    spark: SparkSession,
    contract: Contract,
    batch_date: date,
    validated_root: str,
    curated_root: str,
    raw_root: str | None = None,
    evaluate_quality: QualityGate | None = None,
) -> dict[str, Any]:
    """Runs one batch end to end and returns the manifest it wrote.

    Re-running a batch date overwrites only that date's partitions and manifest, with the
    same result, because the previous snapshot it builds on is strictly earlier.

    `evaluate_quality(table, df)` checks each table's output right after it is written and
    raises on a failed rule; the batch then has no manifest, so nothing loads it or builds on it.

    A batch older than a completed one is refused (OutOfOrderBatchError) before anything is read.
    """
    completed = completed_batch_dates(spark, contract, curated_root)
    refuse_out_of_order(completed, batch_date)
    previous = latest_before(completed, batch_date)
    inputs = read_batch(spark, contract, validated_root, batch_date, raw_root)
    shared = shared_frames(contract, inputs)
    try:
        return _write_batch(spark, contract, inputs, curated_root, previous, evaluate_quality)
    finally:
        for frame in shared:
            frame.unpersist()


def shared_frames(contract: Contract, inputs: BatchInputs) -> list[DataFrame]:
    """Caches each dataset that builds several tables (a fact's source is also read for its
    calendar's dates and the members it references), so its files are parsed and deduplicated
    once; returns the cached frames."""
    uses = Counter(dataset for table in contract.star.values() for dataset in contract.source_datasets(table))
    shared = [frame for dataset, frame in inputs.frames.items() if uses[dataset] > 1]
    for frame in shared:
        frame.persist()
    return shared


def _write_batch(
    spark: SparkSession,
    contract: Contract,
    inputs: BatchInputs,
    curated_root: str,
    previous: date | None,
    evaluate_quality: QualityGate | None,
) -> dict[str, Any]:
    batch_date = inputs.batch_date
    counts = write_tables(
        spark,
        contract,
        dimension_snapshots(spark, contract, inputs, curated_root, previous),
        curated_root,
        batch_date,
    )
    # Facts look keys up in the dimensions as written, so the two can never disagree.
    dimensions = {
        table.name: read_gold(spark, contract, curated_root, table, batch_date)
        for table in contract.dimensions
    }
    check_quality(evaluate_quality, dimensions, counts)
    for fact in contract.facts:
        rows = fact_table_rows(spark, contract, fact, inputs, dimensions)
        counts |= write_tables(spark, contract, {fact.name: rows}, curated_root, batch_date)
        written = {fact.name: read_gold(spark, contract, curated_root, fact, batch_date)}
        check_quality(evaluate_quality, written, counts)
    manifest = build_manifest(contract, batch_date, counts, inputs.files, previous)
    io.write_text(
        spark, contract.path(curated_root, "manifest", date=batch_date.isoformat()), manifest_json(manifest)
    )
    LOG.info("batch %s written: %s", batch_date.isoformat(), manifest["tables"])
    return manifest
