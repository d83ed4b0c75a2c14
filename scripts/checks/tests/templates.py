"""Small CloudFormation templates for the checks' tests, shaped like the CDK's output."""

from __future__ import annotations

from typing import Any

from cfn_template import Template

WORKGROUP = {"Type": "AWS::RedshiftServerless::Workgroup", "Properties": {"WorkgroupName": "wg"}}
BUCKET = {"Type": "AWS::S3::Bucket", "Properties": {}}
KEY = {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Statement": []}}}


def get_att(logical_id: str, attribute: str = "Arn") -> dict[str, Any]:
    return {"Fn::GetAtt": [logical_id, attribute]}


def join(*parts: Any) -> dict[str, Any]:
    return {"Fn::Join": ["", list(parts)]}


def allow(actions: str | list[str], resources: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": actions, "Resource": resources}


def template(resources: dict[str, Any], name: str = "Stack") -> Template:
    """A template with the given resources, each with a construct path like the CDK writes."""
    return Template(
        name,
        {
            "Resources": {
                logical_id: {**resource, "Metadata": {"aws:cdk:path": f"{name}/{logical_id}/Resource"}}
                for logical_id, resource in resources.items()
            }
        },
    )


def identity_policy(*statements: dict[str, Any], **others: Any) -> Template:
    """A template whose AWS::IAM::Policy `Policy` holds `statements`, beside `others`."""
    policy = {
        "Type": "AWS::IAM::Policy",
        "Properties": {"PolicyDocument": {"Statement": list(statements), "Version": "2012-10-17"}},
    }
    return template({"Policy": policy, "Workgroup": WORKGROUP, "Bucket": BUCKET, "Key": KEY, **others})
