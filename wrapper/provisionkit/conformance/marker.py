"""The run's marker: `pkc-<random run id>-<n>` in the name of every project a run creates.

The description (mittwald) or display name (Foundry) of each create carries it, numbered per
create, so the cleanup can tell the run's projects from anyone else's (another job's project with
the same example description is never taken for the run's own), find a project whose create's
answer never came by its own number, and Foundry's names, unique within a space, differ from one
run to the next (a fixed example name made every second run's creates fail with 409).
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["NAME_FIELD", "Marker"]

NAME_FIELD = {"mittwald": "description", "foundry": "displayName"}
# Foundry: "at most 700 characters" (specs/foundry.yaml, CreateProjectRequest.displayName).
_NAME_LIMIT = {"mittwald": None, "foundry": 700}


class Marker:
    """One run's marker (`str(marker)` is `pkc-<run id>`) and the numbered tags it hands out."""

    def __init__(self, api: str, run_id: str) -> None:
        self.api = api
        self.text = f"pkc-{run_id}"
        self._count = 0
        self._pattern = re.compile(rf"(?<![\w-]){re.escape(self.text)}-\d+(?!\d)")

    def __str__(self) -> str:
        return self.text

    def mark(self, case: Any) -> None:
        """Put the next tag into a create's name (a name that is not a string cannot carry one:
        such a create is invalid, and is found by the id its answer gives, if any)."""
        body = case.body
        field = NAME_FIELD[self.api]
        if not isinstance(body, dict) or not isinstance(body.get(field), str):
            return
        name = body[field]
        if self.tag_in(name) is not None:
            return
        self._count += 1
        tag = f"{self.text}-{self._count}"
        limit = _NAME_LIMIT[self.api]
        kept = name if limit is None else name[: max(limit - len(tag) - 1, 0)]
        case.body = {**body, field: f"{kept} {tag}" if kept else tag}

    def tag_in(self, name: object) -> str | None:
        """This run's tag in `name`, if it bears one (another run's marker never matches)."""
        found = self._pattern.search(name) if isinstance(name, str) else None
        return found[0] if found else None

    def missing_in(self, body: Any) -> bool:
        """A create body whose name is a string without this run's tag (the guard refuses it)."""
        if isinstance(body, bytes | str):
            try:
                body = json.loads(body)
            except ValueError:
                return False
        name = body.get(NAME_FIELD[self.api]) if isinstance(body, dict) else None
        return isinstance(name, str) and self.tag_in(name) is None
