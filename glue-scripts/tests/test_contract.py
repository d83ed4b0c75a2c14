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

from star_schema.contract import (
    IS_CURRENT,
    IS_INFERRED,
    VALID_FROM,
    VALID_TO,
    ForeignKey,
    load_contract,
    parse_contract,
    spark_type,
)

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
        ForeignKey("customer_key", "customer_dim", "customer_id", as_of="sale_date"),
        ForeignKey("product_key", "product_dim", "product_id"),
        ForeignKey("location_key", "location_dim", "location_id"),
        ForeignKey("date_key", "date_dim", "sale_date"),
    )
    assert contract.star["date_dim"].is_calendar
    assert contract.star["date_dim"].source is None
    assert not contract.star["customer_dim"].is_calendar


def test_reads_history_tracked_columns_and_the_platform_columns_of_sourced_dimensions(contract):
    customers, products, dates = (contract.star[name] for name in ("customer_dim", "product_dim", "date_dim"))
    assert customers.is_scd2
    assert customers.tracked == ("segment", "city", "state")
    assert customers.schema.fieldNames()[-4:] == [VALID_FROM, VALID_TO, IS_CURRENT, IS_INFERRED]
    assert customers.schema[VALID_TO] == StructField(VALID_TO, DateType(), False)
    assert (products.history, products.tracked, products.has_inferred) == ("scd1", (), True)
    assert VALID_FROM not in products.schema.names
    assert (dates.is_scd2, dates.has_inferred) == (False, False)


def test_reads_a_contract_normalized_before_history_as_scd1_without_inferred_members(contract_path):
    document = json.loads(contract_path.read_text())
    for table in document["star"].values():
        table.pop("history", None)
        table.pop("tracked", None)
        table["columns"] = [
            c for c in table["columns"] if c["name"] not in (VALID_FROM, VALID_TO, IS_CURRENT, IS_INFERRED)
        ]
        for key in table["foreignKeys"].values():
            key.pop("asOf", None)
    older = parse_contract(document)
    customers = older.star["customer_dim"]
    assert (customers.history, customers.is_scd2, customers.has_inferred) == ("scd1", False, False)
    assert older.star["sales_fact"].foreign_keys[0] == ForeignKey(
        "customer_key", "customer_dim", "customer_id"
    )
    # Its dimensions add no rows from the facts, so only the calendar reads the fact's source.
    assert older.source_datasets(customers) == ("customers",)


def test_finds_every_column_that_references_a_dimension_across_facts(shipments, contract):
    assert shipments.references("day_dim") == (
        ("returns", "return_date"),
        ("shipments", "delivery_date"),
        ("shipments", "ship_date"),
    )
    assert shipments.references("carrier_dim") == (("returns", "carrier"), ("shipments", "carrier"))
    # A dimension with inferred members is also built from the facts that reference it.
    assert shipments.source_datasets(shipments.star["carrier_dim"]) == ("carriers", "returns", "shipments")
    assert contract.source_datasets(contract.star["date_dim"]) == ("sales",)
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


def test_fails_on_an_scd2_dimension_without_tracked_columns_or_a_key_into_it_without_asOf(contract_path):
    document = json.loads(contract_path.read_text())
    del document["star"]["sales_fact"]["foreignKeys"]["customer_key"]["asOf"]
    with pytest.raises(
        ValueError, match=r"sales_fact.foreignKeys.customer_key is not normalized \(.* no asOf"
    ):
        parse_contract(document)
    document = json.loads(contract_path.read_text())
    del document["star"]["customer_dim"]["tracked"]
    with pytest.raises(
        ValueError, match=r"star.customer_dim is not normalized \(scd2 without tracked columns\)"
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
        document = json.loads(contract_path.read_text()) | {"version": "9.9.9"}
        zipped.writestr("star_schema/contract.json", json.dumps(document))
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
