"""The data contract (examples/sales/contract.json by default) as Spark schemas and lake paths.

Every schema the job reads or writes is built here from the contract; nothing is inferred.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from pyspark.sql.types import (
    BooleanType,
    DataType,
    DateType,
    DecimalType,
    IntegerType,
    LongType,
    ShortType,
    StringType,
    StructField,
    StructType,
)

# In Glue the file travels inside the --extra-py-files zip next to this module (the CDK asset
# step copies it there); in the repository it is read from the sales example.
PACKAGED_CONTRACT = "contract.json"
REPO_CONTRACT = Path(__file__).resolve().parents[2] / "examples" / "sales" / "contract.json"

_SIMPLE_TYPES: dict[str, DataType] = {
    "bigint": LongType(),
    "integer": IntegerType(),
    "smallint": ShortType(),
    "date": DateType(),
    "boolean": BooleanType(),
}
_DECIMAL = re.compile(r"^decimal\((\d+),(\d+)\)$")
_VARCHAR = re.compile(r"^varchar\(\d+\)$")


def spark_type(storage: str) -> DataType:
    """Maps a contract storage type (the Redshift type) to its Spark type."""
    if storage in _SIMPLE_TYPES:
        return _SIMPLE_TYPES[storage]
    if decimal := _DECIMAL.match(storage):
        return DecimalType(int(decimal.group(1)), int(decimal.group(2)))
    if _VARCHAR.match(storage):
        return StringType()
    raise ValueError(f"unsupported contract type {storage!r}: add its Spark mapping in contract.py")


@dataclass(frozen=True)
class StarTable:
    """One star-schema table as the contract describes it."""

    name: str
    kind: str
    source: str
    surrogate_key: str
    natural_key: str
    schema: StructType
    foreign_keys: Mapping[str, str]
    non_negative: tuple[str, ...]
    #: Derived columns in declaration order: column -> the contract's expression.
    derived: Mapping[str, Any]


@dataclass(frozen=True)
class EventSource:
    """Streamed events that carry rows of a dataset (contract.json `events`)."""

    name: str
    dataset: str
    #: The {dataset} of the raw layout under which the consumer writes the accepted events.
    lake_dataset: str
    #: The envelope field that identifies an event; a redelivery repeats it.
    key: str
    #: The stored NDJSON: envelope fields, then the dataset's columns, all as JSON strings.
    schema: StructType


@dataclass(frozen=True)
class Contract:
    """The parts of contract.json the job uses."""

    version: str
    dataset_schemas: Mapping[str, StructType]
    dataset_keys: Mapping[str, str]
    dataset_defaults: Mapping[str, Mapping[str, str]]
    star: Mapping[str, StarTable]
    unknown_key: int
    unknown_text: str
    layout: Mapping[str, str]
    load_order: tuple[str, ...]
    #: Event sources by the dataset they feed, e.g. {"sales": <sale_event>}.
    event_sources: Mapping[str, EventSource]

    @property
    def dimensions(self) -> tuple[StarTable, ...]:
        """Dimension tables in load order (they are built before the fact)."""
        return tuple(self.star[name] for name in self.load_order if self.star[name].kind == "dimension")

    @property
    def fact(self) -> StarTable:
        (fact,) = (self.star[name] for name in self.load_order if self.star[name].kind == "fact")
        return fact

    def path(self, root: str, zone: str, **values: str) -> str:
        """Joins a root (s3://bucket or file:///dir) and a layout template, e.g. zone='gold'."""
        relative = re.sub(r"\{(\w+)\}", lambda match: values[match.group(1)], self.layout[zone])
        return f"{root.rstrip('/')}/{relative}"


def _struct(
    columns: list[dict[str, Any]], type_key: str, nullable: Callable[[dict[str, Any]], bool]
) -> StructType:
    return StructType(
        [StructField(column["name"], spark_type(column[type_key]), nullable(column)) for column in columns]
    )


def parse_contract(document: Mapping[str, Any]) -> Contract:
    """Builds the typed contract from the parsed JSON document."""
    datasets = document["datasets"]
    star = {
        name: StarTable(
            name=name,
            kind=spec["kind"],
            source=spec["source"],
            surrogate_key=spec["surrogateKey"],
            natural_key=spec["naturalKey"],
            schema=_struct(spec["columns"], "type", lambda column: column["nullable"]),
            foreign_keys=dict(spec.get("foreignKeys", {})),
            non_negative=tuple(spec.get("nonNegative", [])),
            derived={column["name"]: column["derived"] for column in spec["columns"] if "derived" in column},
        )
        for name, spec in document["star"].items()
    }
    return Contract(
        version=document["version"],
        dataset_schemas={
            # CSV columns carry validation types (int, dec); `storage` is the value's real type.
            name: _struct(spec["columns"], "storage", lambda column: not column["required"])
            for name, spec in datasets.items()
        },
        dataset_keys={name: spec["key"] for name, spec in datasets.items()},
        dataset_defaults={
            name: {column["name"]: column["default"] for column in spec["columns"] if "default" in column}
            for name, spec in datasets.items()
        },
        star=star,
        unknown_key=document["unknownMember"]["key"],
        unknown_text=document["unknownMember"]["text"],
        layout={zone: template for zone, template in document["layout"].items() if zone != "$comment"},
        load_order=tuple(document["loadOrder"]),
        event_sources={
            spec["dataset"]: _event_source(name, spec, datasets[spec["dataset"]])
            for name, spec in document.get("events", {}).items()
            if name != "$comment"
        },
    )


def _event_source(name: str, spec: Mapping[str, Any], dataset: Mapping[str, Any]) -> EventSource:
    # The consumer stores every value as the contract's text, exactly as a validated CSV holds
    # it, so the events are read as strings and cast like the CSV values (conform).
    fields = [field["name"] for field in spec["envelope"]] + [column["name"] for column in dataset["columns"]]
    return EventSource(
        name=name,
        dataset=spec["dataset"],
        lake_dataset=spec["lakeDataset"],
        key=spec["key"],
        schema=StructType([StructField(field, StringType(), True) for field in fields]),
    )


def _contract_text(path: str | None) -> str:
    if path:
        return Path(path).read_text(encoding="utf-8")
    packaged = resources.files(__package__).joinpath(PACKAGED_CONTRACT)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return REPO_CONTRACT.read_text(encoding="utf-8")


def load_contract(path: str | None = None) -> Contract:
    """Loads the contract from `path`, else the copy packaged with the module, else the repository's."""
    return parse_contract(json.loads(_contract_text(path)))
