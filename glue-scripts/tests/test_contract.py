import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pyspark.sql.types import (
    BooleanType,
    DateType,
    DecimalType,
    IntegerType,
    LongType,
    ShortType,
    StringType,
    StructField,
    StructType,
)

from star_schema.contract import ForeignKey, load_contract, parse_contract, spark_type

PACKAGE = Path(__file__).resolve().parents[1] / "star_schema"


def test_builds_the_sales_csv_schema_from_storage_types_in_contract_order(contract):
    assert contract.dataset_schemas["sales"] == StructType(
        [
            StructField("sale_id", LongType(), False),
            StructField("sale_date", DateType(), False),
            StructField("customer_id", LongType(), False),
            StructField("product_id", LongType(), False),
            StructField("location_id", LongType(), False),
            StructField("quantity", IntegerType(), False),
            StructField("unit_price", DecimalType(12, 2), False),
            StructField("discount", DecimalType(18, 2), True),
            StructField("tax_amount", DecimalType(18, 2), True),
        ]
    )


def test_builds_star_schemas_with_contract_types_and_nullability(contract):
    assert contract.star["customer_dim"].schema["email"] == StructField("email", StringType(), True)
    assert contract.star["date_dim"].schema["is_weekend"] == StructField("is_weekend", BooleanType(), False)
    assert contract.star["date_dim"].schema["quarter"].dataType == ShortType()
    assert contract.star["sales_fact"].schema.fieldNames()[-1] == "batch_date"
    assert contract.star["sales_fact"].schema["net_amount"].dataType == DecimalType(18, 2)


def test_orders_dimensions_before_the_fact(contract):
    assert [table.name for table in contract.dimensions] == [
        "customer_dim",
        "product_dim",
        "location_dim",
        "date_dim",
    ]
    assert [table.name for table in contract.facts] == ["sales_fact"]


def test_reads_foreign_keys_with_their_via_column_and_marks_calendar_dimensions(contract):
    assert contract.star["sales_fact"].foreign_keys == (
        ForeignKey("customer_key", "customer_dim", "customer_id"),
        ForeignKey("product_key", "product_dim", "product_id"),
        ForeignKey("location_key", "location_dim", "location_id"),
        ForeignKey("date_key", "date_dim", "sale_date"),
    )
    assert contract.star["date_dim"].is_calendar
    assert contract.star["date_dim"].source is None
    assert not contract.star["customer_dim"].is_calendar


def test_finds_every_date_column_that_references_a_calendar_across_facts(shipments):
    assert shipments.date_sources("day_dim") == (
        ("returns", "return_date"),
        ("shipments", "delivery_date"),
        ("shipments", "ship_date"),
    )
    assert [table.name for table in shipments.facts] == ["shipment_fact", "return_fact"]
    assert shipments.star["shipment_fact"].has_batch_date
    assert not shipments.star["return_fact"].has_batch_date


def test_fills_layout_templates_under_a_root(contract):
    assert contract.path("s3://curated/", "gold", table="sales_fact", date="2026-01-02") == (
        "s3://curated/gold/sales_fact/batch_date=2026-01-02/"
    )
    assert contract.path("file:///tmp/lake", "manifest", date="2026-01-02") == (
        "file:///tmp/lake/gold/_manifests/batch_date=2026-01-02/manifest.json"
    )


def test_fails_on_a_type_without_a_spark_mapping():
    with pytest.raises(ValueError, match=r"unsupported contract type 'timestamp'"):
        spark_type("timestamp")


def test_fails_on_a_contract_that_is_not_normalized(contract_path):
    document = json.loads(contract_path.read_text())
    document["star"]["sales_fact"]["foreignKeys"]["customer_key"] = "customer_dim"
    with pytest.raises(ValueError, match=r"sales_fact.foreignKeys.customer_key is not normalized"):
        parse_contract(document)
    del document["loadOrder"]
    with pytest.raises(
        ValueError, match=r"no loadOrder: give the job the output of `cli contract normalize`"
    ):
        parse_contract(document)


def test_fails_without_a_path_when_no_contract_is_packaged():
    with pytest.raises(FileNotFoundError, match=r"no contract: pass --contract_path"):
        load_contract()


def test_loads_the_contract_packaged_inside_the_modules_zip(tmp_path, contract_path):
    """lib/etl/glue-package.ts puts contract.json in the zip next to the package, as Glue receives it."""
    archive = tmp_path / "star_schema.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for source in PACKAGE.rglob("*.py"):
            zipped.write(source, f"star_schema/{source.relative_to(PACKAGE)}")
        zipped.writestr("star_schema/contract.json", contract_path.read_text().replace('"1.0.0"', '"9.9.9"'))
    script = "from star_schema.contract import load_contract; print(load_contract().version)"
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={"PYTHONPATH": str(archive)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "9.9.9"
