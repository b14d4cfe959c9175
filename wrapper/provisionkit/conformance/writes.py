"""The writes a conformance run may send on a project it created, derived from the operation tables
(`mittwald/operations.py`, `foundry/operations.py`): every operation of kind update or delete, at
its spec path and method, naming the project by the path's parameter. A new update or delete in a
table is allowed on the run's own projects, and on nothing else, with no change here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from provisionkit.operations import Kind, Operation

__all__ = ["OwnWrite", "own_writes", "written"]

_OWN = (Kind.UPDATE, Kind.DELETE)
_TEMPLATE = re.compile(r"\{([^/{}]+)\}")


@dataclass(frozen=True)
class OwnWrite:
    operation: str
    kind: Kind
    method: str
    pattern: re.Pattern[str]  # the path relative to the base URL; the project's id is group `id`

    @property
    def refusal(self) -> str:
        """Why the guard refuses this write on a project the run did not create."""
        article = "an" if self.kind is Kind.UPDATE else "a"
        return f"{article} {self.kind} of something this run did not create"

    def project(self, method: str, path: str) -> str | None:
        """The project id this request writes to, if it is this operation (None otherwise)."""
        match = self.pattern.fullmatch(path) if method == self.method else None
        return match["id"] if match else None


def _table(api: str) -> tuple[Operation, ...]:
    if api == "mittwald":
        from provisionkit.mittwald.operations import OPERATIONS  # noqa: PLC0415

        return OPERATIONS
    from provisionkit.foundry.operations import OPERATIONS as FOUNDRY  # noqa: PLC0415

    return FOUNDRY


def _pattern(path: str) -> re.Pattern[str]:
    """A spec path as a pattern; its last parameter names the project, the others match any segment."""
    names = _TEMPLATE.findall(path)
    parts = _TEMPLATE.split(path)
    out = ""
    for i, part in enumerate(parts):
        if i % 2 == 0:
            out += re.escape(part)
        else:
            out += "(?P<id>[^/]+)" if part == names[-1] else "[^/]+"
    return re.compile(f"{out}/?")  # fullmatch: `$` would let a trailing newline through


@cache
def own_writes(api: str, spec: Path) -> tuple[OwnWrite, ...]:
    """The update and delete operations of `api`'s table, located in its `spec`."""
    located: dict[str, tuple[str, str]] = {}
    document: Any = yaml.safe_load(spec.read_text())
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                located[operation["operationId"]] = (method.upper(), path)
    writes = []
    for operation in _table(api):
        if operation.kind not in _OWN:
            continue
        method, path = located[operation.id]
        if not _TEMPLATE.search(path):
            raise ValueError(f"{operation.id}: {path} names no project, so no run could own it")
        writes.append(OwnWrite(operation.id, operation.kind, method, _pattern(path)))
    return tuple(writes)


def written(writes: tuple[OwnWrite, ...], method: str, path: str) -> tuple[OwnWrite, str] | None:
    """The update or delete of `writes` this request is, and the project it names."""
    for write in writes:
        project = write.project(method, path)
        if project is not None:
            return write, project
    return None
