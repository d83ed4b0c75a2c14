"""Findings, and the reviewed list of those a check accepts.

A list entry names a check, the exact resources (construct path, or logical id) and, where the
check has one, the detail (an IAM action), with the reason a reviewer accepted it. Findings the
list does not cover fail the check, and so does an entry that covers nothing, so that the list
keeps describing the templates as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from cfn_template import Resource

MIN_REASON_LENGTH = 40

ALL_PRESENT_HELP = (
    "fail on entries whose resources the templates lack (for the default build, which has every "
    "resource the lists name); without it such entries are reported as absent, not stale"
)


@dataclass(frozen=True)
class Finding:
    check: str
    resource: Resource
    message: str
    # What, within the resource, the finding is about (the IAM action), when the check has it.
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.check} {self.resource.label}: {self.message}"


@dataclass(frozen=True)
class Acceptance:
    check: str
    resource: str
    reason: str
    detail: str = ""

    def covers(self, finding: Finding) -> bool:
        return (
            finding.check == self.check
            and self.resource in (finding.resource.path, finding.resource.logical_id)
            and self.detail in ("", finding.detail)
        )

    def __str__(self) -> str:
        detail = f" [{self.detail}]" if self.detail else ""
        return f"{self.check} {self.resource}{detail}"


@dataclass(frozen=True)
class Triage:
    open: list[Finding]
    accepted: list[Finding]
    # Entries that no longer cover any finding: the list must shrink with the findings.
    stale: list[Acceptance] = field(default_factory=list)
    # Entries for resources the checked templates do not have (e.g. the stream of a contract
    # without events): not stale, since the list covers every contract the platform builds.
    absent: list[Acceptance] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.open and not self.stale


def load_acceptances(path: Path) -> list[Acceptance]:
    """The entries of a list file: `[{check, resources: [...], detail?, reason}]`."""
    entries = yaml.safe_load(path.read_text()) or []
    acceptances: list[Acceptance] = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path} entry {number}"
        if not isinstance(entry, dict) or set(entry) - {"check", "resources", "detail", "reason"}:
            raise ValueError(f"{where}: expected the keys check, resources, detail (optional), reason")
        reason = " ".join(str(entry.get("reason", "")).split())
        if len(reason) < MIN_REASON_LENGTH:
            raise ValueError(f"{where}: the reason must say why the finding is acceptable (got {reason!r})")
        resources = entry.get("resources")
        if not entry.get("check") or not isinstance(resources, list) or not resources:
            raise ValueError(f"{where}: check and a non-empty list of resources are required")
        acceptances.extend(
            Acceptance(str(entry["check"]), str(resource), reason, str(entry.get("detail", "")))
            for resource in resources
        )
    return acceptances


def triage(
    findings: Iterable[Finding], acceptances: list[Acceptance], present: set[str] | None = None
) -> Triage:
    """Sorts findings into accepted and open, and unused entries into stale and absent.

    `present` holds the construct paths and logical ids of the checked templates' resources; an
    unused entry whose resource is not among them is absent rather than stale. Without it, every
    unused entry is stale.
    """
    open_findings: list[Finding] = []
    accepted: list[Finding] = []
    used: set[Acceptance] = set()
    for finding in findings:
        covering = [acceptance for acceptance in acceptances if acceptance.covers(finding)]
        used.update(covering)
        (accepted if covering else open_findings).append(finding)
    unused = [a for a in acceptances if a not in used]
    if present is None:
        return Triage(open_findings, accepted, unused)
    return Triage(
        open_findings,
        accepted,
        [a for a in unused if a.resource in present],
        [a for a in unused if a.resource not in present],
    )


def resource_names(resources: Iterable[Resource]) -> set[str]:
    """The names an entry may use for the resources: construct paths and logical ids."""
    return {name for resource in resources for name in (resource.path, resource.logical_id)}
