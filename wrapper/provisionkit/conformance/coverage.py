"""Which answers each operation got in a run, and whether a creating run saw every operation succeed.

Shape checks only judge the answers they see: an operation only ever answered 404 (a read of ids
nobody created) had its success answer never checked. So a creating run must see at least one
success of every operation of the spec, or it fails saying which operation and why.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Coverage", "require", "spec_operations"]


@dataclass
class Coverage:
    answers: dict[str, Counter[int]] = field(default_factory=dict)  # operation -> status -> n
    withheld: dict[str, Counter[str]] = field(default_factory=dict)  # operation -> reason -> n

    def answered(self, operation: str, status: int) -> None:
        self.answers.setdefault(operation, Counter())[status] += 1

    def held_back(self, operation: str, reason: str) -> None:
        self.withheld.setdefault(operation, Counter())[reason] += 1

    def successes(self, operation: str) -> int:
        return sum(n for status, n in self.answers.get(operation, {}).items() if status < 300)

    def statuses(self, operation: str) -> str:
        """The answers `operation` got, e.g. `200x3 404x12` (`none`)."""
        return _statuses(self.answers.get(operation, Counter())) or "none"

    def unanswered(self, operations: Iterable[str]) -> dict[str, str]:
        """Each operation that never got a success answer, with why (what it got instead)."""
        missing = {}
        for operation in operations:
            if self.successes(operation):
                continue
            seen = self.answers.get(operation)
            withheld = self.withheld.get(operation)
            why = f"answered only {_statuses(seen)}" if seen else "never sent"
            if withheld:
                reasons = "; ".join(f"{n} {reason}" for reason, n in withheld.most_common(2))
                why += f" (the guard withheld {sum(withheld.values())}: {reasons})"
            missing[operation] = why
        return missing

    def table(self, operations: Iterable[str]) -> list[str]:
        """operation by answers seen, one line each, for the summary and the JUnit report."""
        rows = sorted(operations)
        width = max((len(op) for op in rows), default=9)
        lines = [f"{'operation':{width}}  2xx  4xx  5xx  answers"]
        for op in rows:
            seen = self.answers.get(op, Counter())
            by_class = [sum(n for s, n in seen.items() if s // 100 == c) for c in (2, 4, 5)]
            counts = "  ".join(f"{n:3}" for n in by_class)
            lines.append(f"{op:{width}}  {counts}  {self.statuses(op)}")
        return lines


def _statuses(seen: Counter[int]) -> str:
    return " ".join(f"{status}x{n}" for status, n in sorted(seen.items()))


def spec_operations(raw: Any, *, writes: bool) -> list[str]:
    """Every operation id of a spec (`writes` False: only those a read-only run may send)."""
    writing = {"post", "put", "patch", "delete"}
    return sorted(
        operation["operationId"]
        for item in (raw or {}).get("paths", {}).values()
        for method, operation in item.items()
        if isinstance(operation, dict)
        and "operationId" in operation
        and (writes or method not in writing)
    )


def require(
    coverage: Coverage, operations: list[str], *, creating: bool, record: Callable[[str, str], None]
) -> None:
    """The table into the JUnit report (testsuite properties `answers <operation>`) and the test's
    output; a creating run fails for each operation that never got a success answer, saying what
    it got instead."""
    for operation in operations:
        record(f"answers {operation}", coverage.statuses(operation))
    sys.stdout.write("\n".join(coverage.table(operations)) + "\n")
    missing = coverage.unanswered(operations) if creating else {}
    if missing:
        raise AssertionError(
            "in this creating run, no success answer of these operations was checked:\n"
            + "\n".join(f"  {op}: {why}" for op, why in missing.items())
        )
