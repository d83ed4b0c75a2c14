"""Prints the Spark schema of every star table of each contract, one JSON line per contract:

    python -m star_schema.schemas CONTRACT.json [CONTRACT.json ...]
    {"<table>": [{"name": "...", "type": "...", "nullable": true|false}, ...], ...}

Types are Spark's simpleString: bigint, int, smallint, decimal(p,s), string, date, boolean.
CONTRACT.json is a normalized contract (`cli contract normalize`). The DDL generator's property
test compares this with the warehouse tables, column for column, for many contracts in one
Python start.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from star_schema.contract import Contract, load_contract


def star_schemas(contract: Contract) -> dict[str, list[dict[str, Any]]]:
    """Each star table's columns, in load order, as the job writes them."""
    return {
        name: [
            {"name": field.name, "type": field.dataType.simpleString(), "nullable": field.nullable}
            for field in contract.star[name].schema.fields
        ]
        for name in contract.load_order
    }


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("usage: python -m star_schema.schemas CONTRACT.json [CONTRACT.json ...]", file=sys.stderr)
        return 2
    for path in argv[1:]:
        print(json.dumps(star_schemas(load_contract(path))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
