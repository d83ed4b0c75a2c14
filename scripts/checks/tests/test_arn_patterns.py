"""Overlap of a policy's Resource entry with an ARN format of the Service Authorization Reference."""

from __future__ import annotations

import pytest

from arn_patterns import may_name
from cfn_template import ANY

OBJECT = "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
BUCKET = "arn:${Partition}:s3:::${BucketName}"
LOG_STREAM = (
    "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}"
)


@pytest.mark.parametrize(
    ("resource", "arn_format"),
    [
        ("arn:aws:s3:::lake/gold/*", OBJECT),
        ("arn:aws:s3:::lake", BUCKET),
        ("arn:aws:s3:::*", OBJECT),  # a wildcard may span the "/"
        ("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*", LOG_STREAM),
        ("arn:aws:logs:*:*:*", LOG_STREAM),
        ("arn:aws:s3:::lake?", BUCKET),
        # A qualifier after the function name: names may hold colons, accounts may not.
        (
            "arn:aws:lambda:us-east-1:123456789012:function:f:*",
            "arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}",
        ),
        (f"{ANY}/gold/*", OBJECT),  # a deploy-time value followed by a key prefix
        (ANY, BUCKET),
    ],
)
def test_names_a_resource_of_the_format(resource: str, arn_format: str) -> None:
    assert may_name(resource, arn_format)


@pytest.mark.parametrize(
    ("resource", "arn_format"),
    [
        ("arn:aws:s3:::lake", OBJECT),  # no key
        # The trailing * cannot make up for "lake/gold/": ${Region} and ${Account} hold no ":".
        ("arn:aws:s3:::lake/gold/*", "arn:${Partition}:s3:${Region}:${Account}:job/${JobId}"),
        (
            "arn:aws:kinesis:us-east-1:123456789012:stream/events",
            "arn:${Partition}:kinesis:${Region}:${Account}:${StreamType}/${StreamName}/consumer/${ConsumerName}:${ConsumerCreationTimpstamp}",
        ),
        (
            "arn:aws:sqs:us-east-1:123456789012:queue",
            "arn:${Partition}:sns:${Region}:${Account}:${TopicName}",
        ),
    ],
)
def test_fails_to_name_a_resource_of_another_format(resource: str, arn_format: str) -> None:
    assert not may_name(resource, arn_format)
