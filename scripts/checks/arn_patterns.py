"""Whether a policy's Resource entry can name a resource of a given ARN format.

Both sides are patterns: a policy entry may hold IAM wildcards (`*`, `?`) and deploy-time values
(cfn_template.ANY); an ARN format from the Service Authorization Reference holds variables such as
`${BucketName}`. Two patterns overlap when some string matches both. A wildcard or a resource
name may span colons, but ${Partition}, ${Region} and ${Account} are single ARN segments.
"""

from __future__ import annotations

import re
from functools import cache

from cfn_template import ANY

_STAR = object()  # any string
_SEGMENT = object()  # any string without ":"
_ONE = object()  # any one character
_FORMAT_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_SEGMENT_VARIABLES = {"Partition", "Region", "Account"}


def may_name(resource: str, arn_format: str) -> bool:
    """True when some ARN matches both the policy's `resource` and `arn_format`."""
    return _overlap(_policy_tokens(resource), _format_tokens(arn_format))


def _policy_tokens(resource: str) -> tuple[object, ...]:
    return tuple(_STAR if c in ("*", ANY) else _ONE if c == "?" else c for c in resource)


@cache
def _format_tokens(arn_format: str) -> tuple[object, ...]:
    tokens: list[object] = []
    parts = _FORMAT_VARIABLE.split(arn_format)
    # split() alternates literal text and variable names: literal, name, literal, ...
    for i, part in enumerate(parts):
        if i % 2:
            tokens.append(_SEGMENT if part in _SEGMENT_VARIABLES else _STAR)
        else:
            tokens.extend(part)
    return tuple(tokens)


def _overlap(policy: tuple[object, ...], arn_format: tuple[object, ...]) -> bool:
    # Dynamic programming over prefixes: reachable[j] says whether policy[:i] and arn_format[:j]
    # can match the same string. Only the policy holds _STAR-like ANY and _ONE; only the format
    # holds _SEGMENT; both may hold _STAR and literal characters.
    reachable = [True] + [False] * len(arn_format)
    for j in range(1, len(arn_format) + 1):
        reachable[j] = reachable[j - 1] and arn_format[j - 1] in (_STAR, _SEGMENT)
    for i in range(1, len(policy) + 1):
        previous, reachable = reachable, [False] * (len(arn_format) + 1)
        x = policy[i - 1]
        reachable[0] = previous[0] and x is _STAR
        for j in range(1, len(arn_format) + 1):
            y = arn_format[j - 1]
            if x is _STAR:
                # x matches nothing more, or also what y matches.
                reachable[j] = previous[j] or reachable[j - 1]
            elif y is _STAR or y is _SEGMENT:
                # y matches nothing more, or also x's character (a segment never a ":").
                reachable[j] = reachable[j - 1] or (previous[j] and (y is _STAR or x != ":"))
            else:
                reachable[j] = previous[j - 1] and (x is _ONE or y == x)
    return reachable[len(arn_format)]
