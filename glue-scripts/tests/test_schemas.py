"""python -m star_schema.schemas: what the DDL property test compares with the warehouse tables."""

import json
import subprocess
import sys
from pathlib import Path

from star_schema.schemas import star_schemas

GLUE_SCRIPTS = Path(__file__).resolve().parents[1]


def test_prints_every_star_table_in_load_order_with_spark_simple_types(shipments_path):
    result = subprocess.run(
        [sys.executable, "-m", "star_schema.schemas", str(shipments_path)],
        cwd=GLUE_SCRIPTS,
        capture_output=True,
        text=True,
        check=True,
    )
    printed = json.loads(result.stdout)
    assert list(printed) == ["carrier_dim", "warehouse_dim", "day_dim", "shipment_fact", "return_fact"]
    assert printed["carrier_dim"] == [
        {"name": "carrier_key", "type": "bigint", "nullable": False},
        {"name": "carrier_code", "type": "string", "nullable": False},
        {"name": "carrier_name", "type": "string", "nullable": False},
        {"name": "is_inferred", "type": "boolean", "nullable": False},
    ]
    assert printed["warehouse_dim"][2] == {"name": "city", "type": "string", "nullable": True}
    assert [(column["name"], column["type"]) for column in printed["day_dim"]] == [
        ("date_key", "int"),
        ("date_value", "date"),
        ("year", "smallint"),
        ("month", "smallint"),
        ("is_weekend", "boolean"),
    ]
    assert printed["shipment_fact"][-2:] == [
        {"name": "total_cost", "type": "decimal(14,2)", "nullable": False},
        {"name": "batch_date", "type": "date", "nullable": False},
    ]


def test_prints_one_line_per_contract(shipments_path, contract_path):
    result = subprocess.run(
        [sys.executable, "-m", "star_schema.schemas", str(shipments_path), str(contract_path)],
        cwd=GLUE_SCRIPTS,
        capture_output=True,
        text=True,
        check=True,
    )
    shipments, sales = (json.loads(line) for line in result.stdout.splitlines())
    assert "shipment_fact" in shipments
    assert "sales_fact" in sales


def test_lists_each_sales_table_with_its_columns_in_contract_order(contract):
    schemas = star_schemas(contract)
    for name, table in contract.star.items():
        assert [column["name"] for column in schemas[name]] == table.schema.fieldNames()
    assert {"name": "net_amount", "type": "decimal(18,2)", "nullable": False} in schemas["sales_fact"]


def test_fails_with_usage_without_a_contract_file():
    result = subprocess.run(
        [sys.executable, "-m", "star_schema.schemas"], cwd=GLUE_SCRIPTS, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "usage: python -m star_schema.schemas CONTRACT.json [CONTRACT.json ...]" in result.stderr
