"""IAM action check: every action of every policy in the templates, against the IAM dataset.

Fails on
- unknown-action: an Action or NotAction entry that names no action AWS defines (a typo, a
  retired action, or a wildcard such as `kms:GenerateDataKey*` that matches nothing);
- star-only-action-scoped: an identity policy that allows an action accepting only
  `"Resource": "*"` on ARNs only; IAM then never allows the call (e.g.
  redshift-serverless:CreateUsageLimit scoped to a workgroup ARN);
- unsupported-resource: an allowed action none of whose resource types any of the statement's
  Resource entries can name, so the grant allows nothing (e.g. s3:GetObject on a bucket ARN).

Usage: iam_actions.py [--accepted LIST.yaml] TEMPLATE_OR_CDK_OUT_FOLDER...
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accepted_findings import ALL_PRESENT_HELP, Finding, load_acceptances, resource_names, triage
from arn_patterns import may_name
from cfn_template import ANY, Resource, Template, load_templates
from iam_dataset import IamDataset, bundled_dataset, dataset_version

UNKNOWN_ACTION = "unknown-action"
STAR_ONLY_ACTION_SCOPED = "star-only-action-scoped"
UNSUPPORTED_RESOURCE = "unsupported-resource"

IDENTITY, RESOURCE, TRUST = "identity", "resource", "trust"


@dataclass(frozen=True)
class PolicyDocument:
    kind: str  # IDENTITY, RESOURCE or TRUST
    where: str  # the property that holds it
    body: Any


@dataclass
class Coverage:
    documents: int = 0
    statements: int = 0
    actions: int = 0


def policy_documents(resource: Resource) -> Iterator[PolicyDocument]:
    """The policy documents a resource carries, by kind."""
    properties = resource.properties
    if resource.type in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
        yield PolicyDocument(IDENTITY, "PolicyDocument", properties.get("PolicyDocument"))
    if resource.type in ("AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"):
        for index, inline in enumerate(properties.get("Policies") or []):
            yield PolicyDocument(IDENTITY, f"Policies[{index}]", inline.get("PolicyDocument"))
    if resource.type == "AWS::IAM::Role":
        yield PolicyDocument(TRUST, "AssumeRolePolicyDocument", properties.get("AssumeRolePolicyDocument"))
    if resource.type in ("AWS::S3::BucketPolicy", "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy"):
        yield PolicyDocument(RESOURCE, "PolicyDocument", properties.get("PolicyDocument"))
    if resource.type == "AWS::KMS::Key":
        yield PolicyDocument(RESOURCE, "KeyPolicy", properties.get("KeyPolicy"))


class IamActionCheck:
    def __init__(self, dataset: IamDataset) -> None:
        self._dataset = dataset
        self.coverage = Coverage()

    def check(self, templates: list[Template]) -> list[Finding]:
        findings: list[Finding] = []
        for template in templates:
            for resource in template.resources():
                for document in policy_documents(resource):
                    findings.extend(self._check_document(template, resource, document))
        return findings

    def _check_document(
        self, template: Template, resource: Resource, document: PolicyDocument
    ) -> Iterator[Finding]:
        body = json.loads(document.body) if isinstance(document.body, str) else document.body or {}
        statements = body.get("Statement", [])
        self.coverage.documents += 1
        for statement in statements if isinstance(statements, list) else [statements]:
            self.coverage.statements += 1
            yield from self._check_statement(template, resource, document, statement)

    def _check_statement(
        self, template: Template, resource: Resource, document: PolicyDocument, statement: dict[str, Any]
    ) -> Iterator[Finding]:
        named = [
            a for a in _as_list(statement.get("Action", statement.get("NotAction"))) if isinstance(a, str)
        ]
        self.coverage.actions += len(named)
        for action in named:
            if action != "*" and not self._dataset.expand(action):
                yield Finding(UNKNOWN_ACTION, resource, self._unknown(action, document), action)
        # Scoping applies to what a statement allows through Action on a list of Resources.
        if statement.get("Effect") != "Allow" or "Action" not in statement or "Resource" not in statement:
            return
        rendered = [template.render(r) for r in _as_list(statement["Resource"])]
        resources = [r for r in rendered if r is not None]
        if "*" in resources:
            return
        for action in named:
            actions = self._dataset.expand(action) if action != "*" else []
            if not actions:
                continue
            scoped = [a for a in actions if not a.accepts_only_star]
            if not scoped:
                if document.kind == IDENTITY:
                    yield Finding(
                        STAR_ONLY_ACTION_SCOPED,
                        resource,
                        f'{action} accepts only "Resource": "*" ({actions[0].reference_url}), '
                        f"but {document.where} allows it on {_shown(resources)} only: IAM denies every call",
                        action,
                    )
                continue
            if not any(may_name(r, arn) for a in scoped for arn in a.resource_arns for r in resources):
                accepted = sorted({arn for a in scoped for arn in a.resource_arns})
                yield Finding(
                    UNSUPPORTED_RESOURCE,
                    resource,
                    f"{action} is allowed on {_shown(resources)}, but accepts only {', '.join(accepted)} "
                    f"({scoped[0].reference_url}): the grant allows nothing",
                    action,
                )

    def _unknown(self, action: str, document: PolicyDocument) -> str:
        prefix = action.partition(":")[0]
        where = f"in {document.where}"
        if not self._dataset.knows_service(prefix):
            return f"{action} {where}: no service with the prefix {prefix!r} in the IAM reference"
        close = difflib.get_close_matches(action, self._dataset.action_names(prefix), n=3, cutoff=0.75)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        return f"{action} {where} names no action of {prefix}{hint}"


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _shown(resources: list[str]) -> str:
    return ", ".join(r.replace(ANY, "<deploy-time value>") for r in resources)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="+", help="templates, or cdk.out folders")
    parser.add_argument("--accepted", type=Path, help="the reviewed list of accepted findings (YAML)")
    parser.add_argument("--all-present", action="store_true", help=ALL_PRESENT_HELP)
    args = parser.parse_args(argv)

    templates = load_templates(args.sources)
    check = IamActionCheck(bundled_dataset())
    present = None if args.all_present else resource_names(r for t in templates for r in t.resources())
    result = triage(check.check(templates), load_acceptances(args.accepted) if args.accepted else [], present)
    for finding in result.open:
        print(f"FAIL {finding}")
    if result.absent:
        print(f"{len(result.absent)} entries name resources these templates do not have (not checked)")
    for acceptance in result.stale:
        print(f"FAIL stale entry in {args.accepted}: {acceptance} matches no finding; remove it")
    coverage = check.coverage
    print(
        f"iam-actions ({dataset_version()}): {len(templates)} templates, {coverage.documents} policy "
        f"documents, {coverage.statements} statements, {coverage.actions} actions; "
        f"{len(result.accepted)} accepted, {len(result.open)} findings, {len(result.stale)} stale entries"
    )
    return 0 if result.passed else 1


if __name__ == "__main__":
    sys.exit(main())
