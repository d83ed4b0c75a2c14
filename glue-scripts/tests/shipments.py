"""A small non-sales contract for the generic engine's tests: shipments and returns.

It exercises what the sales example does not: a string natural key found through a source
column of another name (carrier -> carrier_code), a foreign key column not named like the
dimension's surrogate key (origin_key -> warehouse_key), role-playing dates (ship and delivery
dates, and the returns' date, all in one calendar dimension that is not called date_dim), an
optional date and an optional reference (null -> Unknown), two facts, and batch_date on one
fact only. The tests normalize it with the CLI, so it is also checked by `contract check`.
"""

from __future__ import annotations

from typing import Any


def column(name: str, kind: str, storage: str, required: bool = True) -> dict[str, Any]:
    return {"name": name, "type": kind, "required": required, "storage": storage}


def star(name: str, storage: str, nullable: bool = False, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": storage, "nullable": nullable, **extra}


CALENDAR = ["date_key", "date_value", "year", "month", "is_weekend"]
CALENDAR_TYPES = {"date_key": "integer", "date_value": "date", "year": "smallint", "month": "smallint",
                  "is_weekend": "boolean"}  # fmt: skip

SHIPMENTS_CONTRACT: dict[str, Any] = {
    "version": "0.1.0",
    "datasets": {
        "carriers": {
            "description": "Carriers, keyed by their code",
            "key": "carrier_code",
            "columns": [
                column("carrier_code", "string", "varchar(8)"),
                column("carrier_name", "string", "varchar(64)"),
            ],
        },
        "warehouses": {
            "description": "Warehouses",
            "key": "warehouse_id",
            "columns": [
                column("warehouse_id", "int", "bigint"),
                column("city", "string", "varchar(64)", required=False),
            ],
        },
        "shipments": {
            "description": "One row per shipment",
            "key": "shipment_id",
            "columns": [
                column("shipment_id", "int", "bigint"),
                column("ship_date", "date", "date"),
                column("delivery_date", "date", "date", required=False),
                column("carrier", "string", "varchar(8)"),
                column("origin_warehouse_id", "int", "bigint", required=False),
                column("pieces", "int", "integer"),
                column("cost", "dec", "decimal(12,2)"),
                column("surcharge", "dec", "decimal(12,2)"),
            ],
        },
        "returns": {
            "description": "Returned shipments",
            "key": "return_id",
            "columns": [
                column("return_id", "int", "bigint"),
                column("return_date", "date", "date"),
                column("carrier", "string", "varchar(8)"),
                column("refund", "dec", "decimal(12,2)"),
            ],
        },
    },
    "star": {
        "carrier_dim": {
            "kind": "dimension",
            "source": "carriers",
            "surrogateKey": "carrier_key",
            "naturalKey": "carrier_code",
            "columns": [
                star("carrier_key", "bigint"),
                star("carrier_code", "varchar(8)"),
                star("carrier_name", "varchar(64)"),
            ],
        },
        "warehouse_dim": {
            "kind": "dimension",
            "source": "warehouses",
            "surrogateKey": "warehouse_key",
            "naturalKey": "warehouse_id",
            "columns": [
                star("warehouse_key", "bigint"),
                star("warehouse_id", "bigint"),
                star("city", "varchar(64)", nullable=True),
            ],
        },
        "day_dim": {
            "kind": "dimension",
            "generated": "calendar",
            "surrogateKey": "date_key",
            "naturalKey": "date_key",
            "columns": [star(name, CALENDAR_TYPES[name]) for name in CALENDAR],
        },
        "shipment_fact": {
            "kind": "fact",
            "source": "shipments",
            "surrogateKey": "shipment_key",
            "naturalKey": "shipment_id",
            "foreignKeys": {
                "carrier_key": {"references": "carrier_dim", "via": "carrier"},
                "origin_key": {"references": "warehouse_dim", "via": "origin_warehouse_id"},
                "ship_date_key": {"references": "day_dim", "via": "ship_date"},
                "delivery_date_key": {"references": "day_dim", "via": "delivery_date"},
            },
            "nonNegative": ["pieces", "cost", "total_cost"],
            "columns": [
                star("shipment_key", "bigint"),
                star("shipment_id", "bigint"),
                star("carrier_key", "bigint"),
                star("origin_key", "bigint"),
                star("ship_date_key", "integer"),
                star("delivery_date_key", "integer"),
                star("pieces", "integer"),
                star("cost", "decimal(12,2)"),
                star("total_cost", "decimal(14,2)", derived={"add": ["cost", "surcharge"]}),
                star("batch_date", "date"),
            ],
        },
        "return_fact": {
            "kind": "fact",
            "source": "returns",
            "surrogateKey": "return_key",
            "naturalKey": "return_id",
            "foreignKeys": {
                "carrier_key": {"references": "carrier_dim", "via": "carrier"},
                "return_date_key": {"references": "day_dim", "via": "return_date"},
            },
            "columns": [
                star("return_key", "bigint"),
                star("return_id", "bigint"),
                star("carrier_key", "bigint"),
                star("return_date_key", "integer"),
                star("refund", "decimal(12,2)"),
            ],
        },
    },
}
