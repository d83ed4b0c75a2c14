"""The checkov gate, running the real checkov (.venv-checkov) on small templates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accepted_findings import load_acceptances, triage
from cfn_template import Template
from checkov_gate import DEFAULT_CHECKOV, CheckovReport, main, read_report, run_checkov
from templates import template

# Encrypted, private and logged, but not versioned: checkov's CKV_AWS_21 is its one failure.
UNVERSIONED_BUCKET = {
    "Type": "AWS::S3::Bucket",
    "Properties": {
        "BucketEncryption": {
            "ServerSideEncryptionConfiguration": [
                {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}
            ]
        },
        "PublicAccessBlockConfiguration": {
            "BlockPublicAcls": True,
            "BlockPublicPolicy": True,
            "IgnorePublicAcls": True,
            "RestrictPublicBuckets": True,
        },
        "LoggingConfiguration": {"DestinationBucketName": "logs"},
    },
}
REASON = "a reason long enough to say why the finding is acceptable"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cdk.out")
    lake = template({"Lake": UNVERSIONED_BUCKET}, name="Lake")
    (folder / "Lake.template.json").write_text(json.dumps(lake.body))
    return folder


@pytest.fixture(scope="module")
def report(out: Path) -> CheckovReport:
    lake = Template("Lake", json.loads((out / "Lake.template.json").read_text()))
    return read_report(run_checkov(DEFAULT_CHECKOV, [out / "Lake.template.json"]), {"Lake": lake})


def skips(tmp_path: Path, *entries: str) -> Path:
    listed = tmp_path / "skips.yaml"
    listed.write_text("".join(f"- {entry}\n  reason: {REASON}\n" for entry in entries) or "[]\n")
    return listed


def test_reports_a_failed_check_by_construct_path(report: CheckovReport) -> None:
    assert [(f.check, f.resource.path, f.resource.logical_id) for f in report.findings] == [
        ("CKV_AWS_21", "Lake/Resource", "Lake")
    ]
    assert report.passed > 0
    assert report.parsing_errors == 0


def test_passes_a_failed_check_that_the_list_skips_for_that_resource(
    report: CheckovReport, tmp_path: Path
) -> None:
    listed = skips(tmp_path, "check: CKV_AWS_21\n  resources: [Lake/Resource]")
    assert triage(report.findings, load_acceptances(listed)).passed


def test_fails_on_a_failed_check_skipped_for_another_resource(report: CheckovReport, tmp_path: Path) -> None:
    listed = skips(tmp_path, "check: CKV_AWS_21\n  resources: [Logs/Resource]")
    result = triage(report.findings, load_acceptances(listed))
    assert [f.check for f in result.open] == ["CKV_AWS_21"]
    assert [str(a) for a in result.stale] == ["CKV_AWS_21 Logs/Resource"]


def test_fails_on_a_skip_whose_check_passes(report: CheckovReport, tmp_path: Path) -> None:
    listed = skips(
        tmp_path,
        "check: CKV_AWS_21\n  resources: [Lake/Resource]",
        "check: CKV_AWS_18\n  resources: [Lake/Resource]",
    )
    assert [str(a) for a in triage(report.findings, load_acceptances(listed)).stale] == [
        "CKV_AWS_18 Lake/Resource"
    ]


def test_command_fails_on_an_unskipped_check_and_names_it(
    out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(out), "--skips", str(skips(tmp_path))]) == 1
    printed = capsys.readouterr().out
    assert (
        "FAIL CKV_AWS_21 Lake: Lake/Resource (Lake): Ensure the S3 bucket has versioning enabled" in printed
    )
    assert "1 failed checks: 0 skipped with a reason, 1 open" in printed
