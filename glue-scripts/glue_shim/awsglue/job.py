"""Job with Glue's lifecycle calls; bookmarks are disabled for this job, so they do nothing here."""

from __future__ import annotations

from typing import Any


class Job:
    def __init__(self, glue_context: Any) -> None:
        self.glue_context = glue_context
        self.name: str | None = None

    def init(self, name: str, args: dict[str, str]) -> None:
        self.name = name

    def commit(self) -> None:
        """Glue persists bookmark state here; there is none locally."""
