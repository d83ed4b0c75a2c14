"""checkov over the synthesized templates, with a reviewed skip list.

Runs checkov's CloudFormation checks offline and fails on every failed check that the skip list
does not name for that exact resource, on every skip entry that matches nothing, and on any
template checkov cannot parse. checkov lives in a venv of its own (.venv-checkov, see
requirements-checkov.txt) because its pinned dependencies conflict with the project's tools.

Usage: checkov_gate.py --skips LIST.yaml [--checkov PATH] TEMPLATE_OR_CDK_OUT_FOLDER...
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accepted_findings import ALL_PRESENT_HELP, Finding, load_acceptances, resource_names, triage
from cfn_template import Resource, Template, load_templates

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CHECKOV = REPO / ".venv-checkov" / "bin" / "checkov"


@dataclass(frozen=True)
class CheckovReport:
    version: str
    passed: int
    parsing_errors: int
    findings: list[Finding]


def run_checkov(checkov: Path, templates: list[Path]) -> dict[str, Any]:
    """checkov's JSON report. --skip-download keeps it offline: without it checkov fetches
    guidelines from the Prisma Cloud API, which this check must never depend on."""
    command = [str(checkov), "--framework", "cloudformation", "--skip-download", "--quiet", "--compact"]
    command += ["--output", "json"]
    for template in templates:
        command += ["--file", str(template)]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    # checkov exits 1 when a check fails; when it cannot run at all it prints no report.
    try:
        report: dict[str, Any] = json.loads(completed.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(f"checkov failed (exit {completed.returncode}):\n{completed.stderr}") from None
    return report


def read_report(report: dict[str, Any], templates: dict[str, Template]) -> CheckovReport:
    summary = report["summary"]
    findings = []
    for failed in report["results"]["failed_checks"]:
        template = templates[Path(failed["file_abs_path"]).name.removesuffix(".template.json")]
        logical_id = failed["resource"].split(".", 1)[1]
        findings.append(Finding(failed["check_id"], _resource(template, logical_id), failed["check_name"]))
    return CheckovReport(
        version=str(summary.get("checkov_version", "?")),
        passed=int(summary.get("passed", 0)),
        parsing_errors=int(summary.get("parsing_errors", 0)),
        findings=findings,
    )


def _resource(template: Template, logical_id: str) -> Resource:
    return next(r for r in template.resources() if r.logical_id == logical_id)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="+", help="templates, or cdk.out folders")
    parser.add_argument("--skips", type=Path, required=True, help="the reviewed skip list (YAML)")
    parser.add_argument("--checkov", type=Path, default=DEFAULT_CHECKOV, help="the checkov executable")
    parser.add_argument("--all-present", action="store_true", help=ALL_PRESENT_HELP)
    args = parser.parse_args(argv)

    templates = load_templates(args.sources)
    files = [t.file for t in templates if t.file is not None]
    report = read_report(run_checkov(args.checkov, files), {t.name: t for t in templates})
    present = None if args.all_present else resource_names(r for t in templates for r in t.resources())
    result = triage(report.findings, load_acceptances(args.skips), present)
    for finding in result.open:
        print(f"FAIL {finding}")
    if result.absent:
        print(f"{len(result.absent)} entries name resources these templates do not have (not checked)")
    for acceptance in result.stale:
        print(f"FAIL stale entry in {args.skips}: {acceptance} matches no failed check; remove it")
    if report.parsing_errors:
        print(f"FAIL checkov could not parse {report.parsing_errors} template(s)")
    print(
        f"checkov {report.version}: {len(templates)} templates, {report.passed} passed, "
        f"{len(report.findings)} failed checks: {len(result.accepted)} skipped with a reason, "
        f"{len(result.open)} open; {len(result.stale)} stale entries"
    )
    return 0 if result.passed and not report.parsing_errors else 1


if __name__ == "__main__":
    sys.exit(main())
