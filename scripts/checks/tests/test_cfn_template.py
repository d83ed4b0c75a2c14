"""Rendering CloudFormation intrinsics of a synthesized template to stand-in strings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cfn_template import ANY, construct_path, load_templates
from templates import get_att, join, template

STACK = template(
    {
        "Bucket": {"Type": "AWS::S3::Bucket"},
        "Logs": {"Type": "AWS::Logs::LogGroup"},
        "Topic": {"Type": "AWS::SNS::Topic"},
        "Workgroup": {"Type": "AWS::RedshiftServerless::Workgroup"},
        "Job": {"Type": "AWS::Glue::Job"},
    }
)


def test_renders_references_to_arns_of_their_resource_type() -> None:
    assert STACK.render(join(get_att("Bucket"), "/gold/*")) == "arn:aws:s3:::bucket/gold/*"
    assert STACK.render(get_att("Logs")) == "arn:aws:logs:us-east-1:123456789012:log-group:logs:*"
    assert STACK.render({"Ref": "Topic"}) == "arn:aws:sns:us-east-1:123456789012:topic"
    assert STACK.render({"Fn::GetAtt": "Workgroup.Workgroup.WorkgroupArn"}) == (
        "arn:aws:redshift-serverless:us-east-1:123456789012:workgroup/workgroup"
    )


def test_renders_pseudo_parameters_and_substitutions() -> None:
    sub = {
        "Fn::Sub": "arn:${AWS::Partition}:s3:::cdk-assets-${AWS::AccountId}-${AWS::Region}/${Name}${!Literal}"
    }
    assert STACK.render(sub) == "arn:aws:s3:::cdk-assets-123456789012-us-east-1/" + ANY + "${Literal}"
    assert STACK.render({"Fn::Sub": ["${Arn}/*", {"Arn": get_att("Bucket")}]}) == "arn:aws:s3:::bucket/*"


def test_renders_values_only_known_at_deploy_time_as_any() -> None:
    assert STACK.render(get_att("Job")) == ANY
    assert STACK.render({"Ref": "Job"}) == ANY
    assert STACK.render({"Fn::If": ["IsProd", "a", "b"]}) == ANY
    assert STACK.render({"Ref": "AWS::NoValue"}) is None


def test_names_a_resource_by_its_construct_path_without_the_stack() -> None:
    assert construct_path(
        {"Metadata": {"aws:cdk:path": "DataPlatform-dev/Storage/Key/Resource"}}, "Key1"
    ) == ("Storage/Key/Resource")
    assert construct_path({}, "Key1") == "Key1"


def test_loads_every_template_of_a_cdk_out_folder(tmp_path: Path) -> None:
    for name in ("B", "A"):
        (tmp_path / f"{name}.template.json").write_text(json.dumps({"Resources": {}}))
    (tmp_path / "manifest.json").write_text("{}")
    assert [t.name for t in load_templates([tmp_path])] == ["A", "B"]


def test_fails_on_a_folder_without_templates(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"no \*\.template\.json found in"):
        load_templates([tmp_path])
