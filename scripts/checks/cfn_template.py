"""Synthesized CloudFormation templates as the deploy checks read them.

Loads the templates of a cdk.out folder, names each resource by its construct path, and renders
CloudFormation intrinsics (Ref, Fn::GetAtt, Fn::Join, Fn::Sub) to plain stand-in strings, so a
check can compare a policy's Resource with an ARN format without a deploy.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Stands for a value only known at deploy time; checks treat it like an IAM `*` (any string).
ANY = "\x00"

ACCOUNT = "123456789012"
REGION = "us-east-1"
PSEUDO_PARAMETERS = {
    "AWS::AccountId": ACCOUNT,
    "AWS::Region": REGION,
    "AWS::Partition": "aws",
    "AWS::URLSuffix": "amazonaws.com",
}

# ARNs of the references whose value is an ARN, from each resource's "Return values" in the
# CloudFormation resource reference (e.g. AWS::Logs::LogGroup's Arn ends in ":*"). `{id}` is
# the lower-cased logical id, standing in for the generated name. Others render as ANY.
_ARN_STAND_INS = {
    ("AWS::S3::Bucket", "Arn"): "arn:aws:s3:::{id}",
    ("AWS::KMS::Key", "Arn"): "arn:aws:kms:{region}:{account}:key/{id}",
    ("AWS::SQS::Queue", "Arn"): "arn:aws:sqs:{region}:{account}:{id}",
    ("AWS::SNS::Topic", "Ref"): "arn:aws:sns:{region}:{account}:{id}",
    ("AWS::SNS::Topic", "TopicArn"): "arn:aws:sns:{region}:{account}:{id}",
    ("AWS::Lambda::Function", "Arn"): "arn:aws:lambda:{region}:{account}:function:{id}",
    ("AWS::StepFunctions::StateMachine", "Ref"): "arn:aws:states:{region}:{account}:stateMachine:{id}",
    ("AWS::StepFunctions::StateMachine", "Arn"): "arn:aws:states:{region}:{account}:stateMachine:{id}",
    ("AWS::Kinesis::Stream", "Arn"): "arn:aws:kinesis:{region}:{account}:stream/{id}",
    ("AWS::Logs::LogGroup", "Arn"): "arn:aws:logs:{region}:{account}:log-group:{id}:*",
    ("AWS::IAM::Role", "Arn"): "arn:aws:iam::{account}:role/{id}",
    ("AWS::Events::Rule", "Arn"): "arn:aws:events:{region}:{account}:rule/{id}",
    ("AWS::RedshiftServerless::Workgroup", "Workgroup.WorkgroupArn"): (
        "arn:aws:redshift-serverless:{region}:{account}:workgroup/{id}"
    ),
    ("AWS::RedshiftServerless::Namespace", "Namespace.NamespaceArn"): (
        "arn:aws:redshift-serverless:{region}:{account}:namespace/{id}"
    ),
}

_SUB_VARIABLE = re.compile(r"\$\{(!?)([^}]+)\}")


@dataclass(frozen=True)
class Resource:
    """One resource of a template, named as a reviewer finds it in the construct tree."""

    template: str
    logical_id: str
    type: str
    properties: dict[str, Any]
    path: str

    @property
    def label(self) -> str:
        return f"{self.template}: {self.path} ({self.logical_id})"


@dataclass(frozen=True)
class Template:
    name: str
    body: dict[str, Any]
    file: Path | None = None

    def resources(self) -> Iterator[Resource]:
        for logical_id, resource in self.body.get("Resources", {}).items():
            yield Resource(
                template=self.name,
                logical_id=logical_id,
                type=resource.get("Type", ""),
                properties=resource.get("Properties") or {},
                path=construct_path(resource, logical_id),
            )

    def render(self, value: Any) -> str | None:
        """`value` as a string, references replaced by stand-ins; None for AWS::NoValue."""
        return _Renderer(self.body.get("Resources", {})).render(value)


def construct_path(resource: dict[str, Any], logical_id: str) -> str:
    """The CDK construct path without the stack's id (the same in every environment's stack),
    or the logical id when the template carries no path metadata."""
    path = (resource.get("Metadata") or {}).get("aws:cdk:path")
    if not isinstance(path, str) or "/" not in path:
        return logical_id
    return path.split("/", 1)[1]


def load_templates(sources: Iterable[str | Path]) -> list[Template]:
    """The templates named, or every `*.template.json` of each folder named, sorted by name."""
    files: list[Path] = []
    for source in map(Path, sources):
        files.extend(sorted(source.glob("*.template.json")) if source.is_dir() else [source])
    if not files:
        raise ValueError(f"no *.template.json found in {', '.join(map(str, sources))}")
    return [
        Template(file.name.removesuffix(".template.json"), json.loads(file.read_text()), file)
        for file in files
    ]


class _Renderer:
    def __init__(self, resources: dict[str, Any]) -> None:
        self._resources = resources

    def render(self, value: Any) -> str | None:
        if isinstance(value, str):
            return value
        if isinstance(value, bool | int | float):
            return json.dumps(value)
        if not isinstance(value, dict) or len(value) != 1:
            return ANY
        [(function, argument)] = value.items()
        if function == "Ref":
            return self._reference(argument, "Ref")
        if function == "Fn::GetAtt":
            logical_id, attribute = argument if isinstance(argument, list) else argument.split(".", 1)
            return self._reference(logical_id, attribute)
        if function == "Fn::Join":
            separator, parts = argument
            rendered = [self.render(part) for part in parts] if isinstance(parts, list) else [ANY]
            return separator.join(part for part in rendered if part is not None)
        if function == "Fn::Sub":
            return self._substitute(argument)
        # Fn::If, Fn::Select, Fn::ImportValue, ...: any value is possible.
        return ANY

    def _reference(self, logical_id: str, attribute: str) -> str | None:
        if attribute == "Ref":
            if logical_id == "AWS::NoValue":
                return None
            if logical_id in PSEUDO_PARAMETERS:
                return PSEUDO_PARAMETERS[logical_id]
        resource_type = self._resources.get(logical_id, {}).get("Type", "")
        stand_in = _ARN_STAND_INS.get((resource_type, attribute))
        if stand_in is None:
            return ANY
        return stand_in.format(id=logical_id.lower(), region=REGION, account=ACCOUNT)

    def _substitute(self, argument: Any) -> str:
        text, variables = (argument, {}) if isinstance(argument, str) else argument

        def replace(match: re.Match[str]) -> str:
            literal, name = match.groups()
            if literal:
                return "${" + name + "}"
            if name in variables:
                return self.render(variables[name]) or ""
            logical_id, _, attribute = name.partition(".")
            return self._reference(logical_id, attribute or "Ref") or ""

        return _SUB_VARIABLE.sub(replace, text)
