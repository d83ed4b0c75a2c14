"""The batch manifest: what the loader reconciles against, written last as the batch's commit marker."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from star_schema.contract import Contract

MANIFEST_VERSION = 1


def build_manifest(
    contract: Contract,
    batch_date: date,
    row_counts: Mapping[str, int],
    inputs: Iterable[str],
    previous_batch_date: date | None,
) -> dict[str, Any]:
    """The manifest document. It has no timestamps, so re-running a batch reproduces it exactly."""
    return {
        "manifest_version": MANIFEST_VERSION,
        "contract_version": contract.version,
        "batch_date": batch_date.isoformat(),
        "previous_batch_date": previous_batch_date.isoformat() if previous_batch_date else None,
        "tables": {table: row_counts[table] for table in contract.load_order},
        "inputs": sorted(inputs),
    }


def manifest_json(manifest: Mapping[str, Any]) -> str:
    return json.dumps(manifest, indent=2) + "\n"
