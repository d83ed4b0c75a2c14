"""Test helpers: pinned surrogate keys and a throwaway file:// lake laid out as contract.json says."""

from __future__ import annotations

import csv
import gzip
import json
from datetime import date
from pathlib import Path
from typing import Any

from pyspark.sql import DataFrame, SparkSession

from star_schema.contract import Contract

# Golden surrogate keys (xxhash64 of '<table>:' and the id, masked to 63 bits). Pinned so that
# a change of hashing scheme or Spark version that would re-key the warehouse fails loudly.
KEYS = {
    "customer_dim": {1: 3770000716800273348, 2: 2662365801022429129, 3: 8338822194409649724},
    "product_dim": {10: 6566499282006499754, 11: 6808140851549937612},
    "location_dim": {100: 5602128445632367867, 101: 2959860600003403634},
    "sales_fact": {
        1: 5631156403933068500,
        2: 1306006979291857396,
        3: 5835895209977945224,
        4: 2704254444009606287,
    },
}
#: Keys of SCD2 versions opened after a member's first: xxhash64 of '<table>:', the id and the
#: date the version opened at, masked the same way.
VERSION_KEYS = {"customer_dim": {(1, date(2026, 1, 3)): 6866952305953047012}}
UNKNOWN = -1


class Lake:
    """A validated zone and a curated zone under one temporary folder."""

    def __init__(self, base: Path, contract: Contract) -> None:
        self.base = base
        self.contract = contract
        self.validated_root = (base / "validated").as_uri()
        self.raw_root = (base / "raw").as_uri()
        self.curated_root = (base / "curated").as_uri()

    def add_csv(
        self, dataset: str, batch_date: date, rows: list[tuple[str, ...]], name: str = "part-1.csv"
    ) -> str:
        """Writes a validated CSV (header in contract order) and returns its URI."""
        uri = (
            self.contract.path(self.validated_root, "validated", dataset=dataset, date=batch_date.isoformat())
            + name
        )
        path = Path(uri.removeprefix("file://"))
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(self.contract.dataset_schemas[dataset].fieldNames())
            writer.writerows(rows)
        return uri

    def add_events(
        self, batch_date: date, events: list[dict[str, str]], name: str = "shardId-0-1-2.ndjson.gz"
    ) -> str:
        """Writes accepted sale events as the stream consumer does (gzipped NDJSON); returns the URI."""
        source = self.contract.event_sources["sales"]
        folder = self.contract.path(
            self.raw_root, "raw", dataset=source.lake_dataset, date=batch_date.isoformat()
        )
        path = Path((folder + name).removeprefix("file://"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(gzip.compress("".join(json.dumps(event) + "\n" for event in events).encode("utf-8")))
        return folder + name

    def gold(self, spark: SparkSession, table: str, batch_date: date) -> DataFrame:
        path = self.contract.path(self.curated_root, "gold", table=table, date=batch_date.isoformat())
        return spark.read.parquet(path)

    def manifest(self, batch_date: date) -> dict[str, Any]:
        uri = self.contract.path(self.curated_root, "manifest", date=batch_date.isoformat())
        return json.loads(Path(uri.removeprefix("file://")).read_text(encoding="utf-8"))
