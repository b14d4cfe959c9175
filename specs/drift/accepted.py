"""specs/drift-accepted.yaml: what each API's drift check covers, and the differences we mean.

Per API: `covers` (the operationIds compared even when one side lacks them), `renamed` (our
operationId -> upstream's, where we chose a different name) and `accepted`, each entry naming
differences by `operation`, `where` and `what` (shell-style wildcards, `*` when left out) with a
`reason` a reviewer can check. An entry that no longer matches anything is reported as stale, so
the file cannot quietly outlive what it excuses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from .compare import Difference
from .documents import DocumentError

_ENTRY_KEYS = {"operation", "where", "what", "reason"}
_API_KEYS = {"covers", "renamed", "accepted"}


@dataclass(frozen=True)
class Acceptance:
    """One deliberate difference (or family of them), with the reason it is deliberate."""

    operation: str
    where: str
    what: str
    reason: str

    def matches(self, difference: Difference) -> bool:
        return (
            fnmatchcase(difference.operation, self.operation)
            and fnmatchcase(difference.where, self.where)
            and fnmatchcase(difference.what, self.what)
        )

    def __str__(self) -> str:
        return f"{self.operation} {self.where} {self.what}"


@dataclass(frozen=True)
class Policy:
    """What one API's drift check compares and accepts."""

    covers: tuple[str, ...] = ()
    renamed: dict[str, str] = field(default_factory=dict)
    accepted: tuple[Acceptance, ...] = ()

    def acceptance_for(self, difference: Difference) -> Acceptance | None:
        return next((entry for entry in self.accepted if entry.matches(difference)), None)


def _entry(api: str, raw: Any) -> Acceptance:
    if not isinstance(raw, dict) or set(raw) - _ENTRY_KEYS:
        raise DocumentError(
            f"{api}: an accepted entry must be a mapping of {sorted(_ENTRY_KEYS)}: {raw!r}"
        )
    reason = raw.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise DocumentError(f"{api}: every accepted difference needs a reason: {raw!r}")
    return Acceptance(
        operation=str(raw.get("operation", "*")),
        where=str(raw.get("where", "*")),
        what=str(raw.get("what", "*")),
        reason=" ".join(reason.split()),
    )


def policies(data: Any) -> dict[str, Policy]:
    """The parsed file: API name -> Policy."""
    if not isinstance(data, dict):
        raise DocumentError("the accepted-differences file must map API names to their policies")
    parsed = {}
    for api, raw in data.items():
        if not isinstance(raw, dict) or set(raw) - _API_KEYS:
            raise DocumentError(f"{api}: expected a mapping of {sorted(_API_KEYS)}")
        renamed = raw.get("renamed") or {}
        if not isinstance(renamed, dict):
            raise DocumentError(f"{api}: `renamed` maps our operationId to upstream's")
        parsed[str(api)] = Policy(
            covers=tuple(str(name) for name in raw.get("covers") or ()),
            renamed={str(k): str(v) for k, v in renamed.items()},
            accepted=tuple(_entry(str(api), entry) for entry in raw.get("accepted") or ()),
        )
    return parsed
