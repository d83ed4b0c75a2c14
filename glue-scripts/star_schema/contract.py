"""The normalized data contract as Spark schemas and lake paths.

The job reads the contract in its normalized form only (`cli contract normalize FILE`, as a
deployment ships it): every default filled in, foreign keys as {references, via}, calendar
dimensions marked `generated: "calendar"`, an explicit load order. Every schema the job reads or
writes is built here from it; nothing is inferred.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
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

# In Glue the normalized contract travels inside the --extra-py-files zip next to this module
# (lib/etl/glue-package.ts puts it there); locally the job is given its path.
PACKAGED_CONTRACT = "contract.json"
#: A star column of this name holds the batch date the row was built in (contract/spec.ts).
BATCH_DATE_COLUMN = "batch_date"
CALENDAR = "calendar"

# A sourced dimension's history and its platform columns (contract/spec.ts HISTORY). A version is
# valid on date d when valid_from <= d < valid_to (half-open), so a change at D closes one version
# and opens the next at the same date without overlap.
SCD1, SCD2 = "scd1", "scd2"
VALID_FROM = "valid_from"
VALID_TO = "valid_to"
IS_CURRENT = "is_current"
IS_INFERRED = "is_inferred"
#: valid_from of a member's first version: facts dated before the member arrived resolve to it.
HISTORY_BEGINNING = date(1900, 1, 1)
#: valid_to of a current version.
OPEN_END = date(9999, 12, 31)

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
class ForeignKey:
    """A fact column holding a dimension's surrogate key, found through a source column."""

    column: str
    references: str
    #: The fact's source column whose value finds the member: the dimension's natural key, or
    #: a date column for a calendar dimension.
    via: str
    #: For a key into an SCD2 dimension: the source's date column whose value picks the version.
    as_of: str | None = None


@dataclass(frozen=True)
class StarTable:
    """One star-schema table as the contract describes it."""

    name: str
    kind: str
    #: The dataset the rows come from; None for a calendar dimension, built from dates.
    source: str | None
    is_calendar: bool
    surrogate_key: str
    natural_key: str
    schema: StructType
    foreign_keys: tuple[ForeignKey, ...]
    non_negative: tuple[str, ...]
    #: Derived columns in declaration order: column -> the contract's expression.
    derived: Mapping[str, Any]
    #: A sourced dimension's history: SCD1 (overwrite) or SCD2 (versions); SCD1 for other tables.
    history: str
    #: For an SCD2 dimension: the columns whose change opens a new version.
    tracked: tuple[str, ...]

    @property
    def has_batch_date(self) -> bool:
        return BATCH_DATE_COLUMN in self.schema.names

    @property
    def is_scd2(self) -> bool:
        return self.history == SCD2

    @property
    def has_inferred(self) -> bool:
        """Whether a member a fact references before it arrives gets a placeholder row. Contracts
        normalized before issue 17 have no is_inferred column: such a reference stays Unknown."""
        return IS_INFERRED in self.schema.names


@dataclass(frozen=True)
class EventSource:
    """Streamed events that carry rows of a dataset (the contract's `events`)."""

    name: str
    dataset: str
    #: The {dataset} of the raw layout under which the consumer writes the accepted events.
    lake_dataset: str
    #: The envelope field that identifies an event; a redelivery repeats it.
    key: str
    #: The envelope's timestamp field, if any: of several events about one row, the latest wins.
    occurred_at: str | None
    #: The stored NDJSON: envelope fields, then the dataset's columns, all as JSON strings.
    schema: StructType


@dataclass(frozen=True)
class Contract:
    """The parts of the normalized contract the job uses."""

    version: str
    dataset_schemas: Mapping[str, StructType]
    dataset_keys: Mapping[str, str]
    dataset_defaults: Mapping[str, Mapping[str, str]]
    star: Mapping[str, StarTable]
    unknown_key: int
    unknown_text: str
    layout: Mapping[str, str]
    load_order: tuple[str, ...]
    #: Event sources by the dataset they feed.
    event_sources: Mapping[str, EventSource]

    @property
    def dimensions(self) -> tuple[StarTable, ...]:
        """Dimension tables in load order (they are all built before any fact)."""
        return tuple(self.star[name] for name in self.load_order if self.star[name].kind == "dimension")

    @property
    def facts(self) -> tuple[StarTable, ...]:
        """Fact tables in load order."""
        return tuple(self.star[name] for name in self.load_order if self.star[name].kind == "fact")

    def references(self, dimension: str) -> tuple[tuple[str, str], ...]:
        """(source dataset, via column) of every foreign key, of every fact, into `dimension`: a
        calendar's dates, or the natural keys a fact may reference before the member arrives."""
        pairs = {
            (fact.source, key.via)
            for fact in self.facts
            for key in fact.foreign_keys
            if key.references == dimension and fact.source is not None
        }
        return tuple(sorted(pairs))

    def source_datasets(self, table: StarTable) -> tuple[str, ...]:
        """The datasets a table's rows are built from: its source, and the datasets of the facts
        that reference it when those add rows (a calendar's dates, inferred members)."""
        own = () if table.source is None or table.is_calendar else (table.source,)
        if not (table.is_calendar or table.has_inferred):
            return own
        return tuple(sorted({*own, *(dataset for dataset, _ in self.references(table.name))}))

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


def _not_normalized(field: str, found: str) -> ValueError:
    return ValueError(
        f"{field} is not normalized ({found}): give the job the output of `cli contract normalize`"
    )


def _foreign_keys(table: str, spec: Mapping[str, Any], star: Mapping[str, Any]) -> tuple[ForeignKey, ...]:
    keys = []
    for column, key in spec["foreignKeys"].items():
        if not isinstance(key, Mapping) or "via" not in key:
            raise _not_normalized(f"star.{table}.foreignKeys.{column}", repr(key))
        if star[key["references"]].get("history") == SCD2 and "asOf" not in key:
            raise _not_normalized(
                f"star.{table}.foreignKeys.{column}", f"{key!r} has no asOf into an scd2 table"
            )
        keys.append(
            ForeignKey(column=column, references=key["references"], via=key["via"], as_of=key.get("asOf"))
        )
    return tuple(keys)


def _tracked(name: str, spec: Mapping[str, Any]) -> tuple[str, ...]:
    if spec.get("history", SCD1) == SCD1:
        return ()
    if "tracked" not in spec:
        raise _not_normalized(f"star.{name}", "scd2 without tracked columns")
    return tuple(spec["tracked"])


def _star_table(name: str, spec: Mapping[str, Any], star: Mapping[str, Any]) -> StarTable:
    is_calendar = spec.get("generated") == CALENDAR
    return StarTable(
        name=name,
        kind=spec["kind"],
        source=None if is_calendar else spec["source"],
        is_calendar=is_calendar,
        surrogate_key=spec["surrogateKey"],
        natural_key=spec["naturalKey"],
        schema=_struct(spec["columns"], "type", lambda column: column["nullable"]),
        foreign_keys=_foreign_keys(name, spec, star),
        non_negative=tuple(spec["nonNegative"]),
        derived={column["name"]: column["derived"] for column in spec["columns"] if "derived" in column},
        # Absent in contracts normalized before issue 17: those dimensions are SCD1.
        history=spec.get("history", SCD1),
        tracked=_tracked(name, spec),
    )


def parse_contract(document: Mapping[str, Any]) -> Contract:
    """Builds the typed contract from a parsed normalized contract."""
    if "loadOrder" not in document:
        raise ValueError("the contract has no loadOrder: give the job the output of `cli contract normalize`")
    datasets = document["datasets"]
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
        star={name: _star_table(name, spec, document["star"]) for name, spec in document["star"].items()},
        unknown_key=document["unknownMember"]["key"],
        unknown_text=document["unknownMember"]["text"],
        layout=dict(document["layout"]),
        load_order=tuple(document["loadOrder"]),
        event_sources={
            spec["dataset"]: _event_source(name, spec, datasets[spec["dataset"]])
            for name, spec in document["events"].items()
        },
    )


def _event_source(name: str, spec: Mapping[str, Any], dataset: Mapping[str, Any]) -> EventSource:
    # The consumer stores every value as the contract's text, exactly as a validated CSV holds
    # it, so the events are read as strings and cast like the CSV values (conform).
    envelope = spec["envelope"]
    fields = [field["name"] for field in envelope] + [column["name"] for column in dataset["columns"]]
    timestamps = [field["name"] for field in envelope if field["type"] == "timestamptz"]
    return EventSource(
        name=name,
        dataset=spec["dataset"],
        lake_dataset=spec["lakeDataset"],
        key=spec["key"],
        occurred_at=timestamps[0] if timestamps else None,
        schema=StructType([StructField(field, StringType(), True) for field in fields]),
    )


def _contract_text(path: str | None) -> str:
    if path:
        return Path(path).read_text(encoding="utf-8")
    packaged = resources.files(__package__).joinpath(PACKAGED_CONTRACT)
    if not packaged.is_file():
        raise FileNotFoundError(
            f"no contract: pass --contract_path, or package the normalized contract as"
            f" {__package__}/{PACKAGED_CONTRACT}"
        )
    return packaged.read_text(encoding="utf-8")


def load_contract(path: str | None = None) -> Contract:
    """Loads the normalized contract from `path`, else the copy packaged with the module."""
    return parse_contract(json.loads(_contract_text(path)))
