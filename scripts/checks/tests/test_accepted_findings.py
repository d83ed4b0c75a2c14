"""The reviewed lists of accepted findings: loading, matching and staleness."""

from __future__ import annotations

from pathlib import Path

import pytest

from accepted_findings import Acceptance, Finding, load_acceptances, triage
from cfn_template import Resource

REASON = "a reason long enough to say why the finding is acceptable"


def finding(check: str, path: str, detail: str = "") -> Finding:
    resource = Resource("Stack", path.replace("/", ""), "AWS::S3::Bucket", {}, path)
    return Finding(check, resource, "message", detail)


def test_loads_one_acceptance_per_listed_resource(tmp_path: Path) -> None:
    listed = tmp_path / "list.yaml"
    listed.write_text(f"- check: CKV_AWS_21\n  resources: [A/Resource, B/Resource]\n  reason: {REASON}\n")
    assert load_acceptances(listed) == [
        Acceptance("CKV_AWS_21", "A/Resource", REASON),
        Acceptance("CKV_AWS_21", "B/Resource", REASON),
    ]


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        ("- check: CKV_AWS_21\n  resources: [A]\n  reason: not needed\n", "the reason must say why"),
        (f"- check: CKV_AWS_21\n  resources: []\n  reason: {REASON}\n", "non-empty list of resources"),
        (f"- check: CKV_AWS_21\n  resource: A\n  reason: {REASON}\n", "expected the keys"),
    ],
)
def test_fails_on_an_entry_without_a_reason_or_resources(tmp_path: Path, entry: str, error: str) -> None:
    listed = tmp_path / "list.yaml"
    listed.write_text(entry)
    with pytest.raises(ValueError, match=error):
        load_acceptances(listed)


def test_accepts_only_the_named_check_resource_and_detail() -> None:
    acceptances = [Acceptance("unsupported-resource", "A/Resource", REASON, "kinesis:SubscribeToShard")]
    result = triage(
        [
            finding("unsupported-resource", "A/Resource", "kinesis:SubscribeToShard"),
            finding("unsupported-resource", "A/Resource", "kinesis:DescribeStreamConsumer"),
            finding("unsupported-resource", "B/Resource", "kinesis:SubscribeToShard"),
        ],
        acceptances,
    )
    assert [(f.resource.path, f.detail) for f in result.open] == [
        ("A/Resource", "kinesis:DescribeStreamConsumer"),
        ("B/Resource", "kinesis:SubscribeToShard"),
    ]
    assert len(result.accepted) == 1
    assert not result.passed


def test_fails_on_an_acceptance_that_covers_no_finding() -> None:
    result = triage(
        [finding("CKV_AWS_21", "A/Resource")],
        [Acceptance("CKV_AWS_21", "A/Resource", REASON), Acceptance("CKV_AWS_18", "A/Resource", REASON)],
    )
    assert result.stale == [Acceptance("CKV_AWS_18", "A/Resource", REASON)]
    assert not result.passed


def test_matches_a_resource_by_logical_id_too() -> None:
    result = triage([finding("CKV_AWS_21", "A/Resource")], [Acceptance("CKV_AWS_21", "AResource", REASON)])
    assert result.passed


def test_an_entry_for_a_resource_the_templates_lack_is_absent_not_stale() -> None:
    entries = [
        Acceptance("CKV_AWS_18", "A/Resource", REASON),
        Acceptance("CKV_AWS_18", "Streaming/Stream", REASON),
    ]
    result = triage([], entries, present={"A/Resource", "AResource"})
    assert result.stale == [Acceptance("CKV_AWS_18", "A/Resource", REASON)]
    assert result.absent == [Acceptance("CKV_AWS_18", "Streaming/Stream", REASON)]
    assert not result.passed
    assert triage([], entries[1:], present={"A/Resource"}).passed
