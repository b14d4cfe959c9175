"""The summary a run prints on stderr: what was checked, what the guard kept back and why, what
was created, cleaned and left behind, and the outcome with its exit code."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from .coverage import spec_operations

if TYPE_CHECKING:
    from .coverage import Coverage
    from .guard import Guard
    from .plan import Plan

__all__ = ["Counts", "summary"]


class Counts(Protocol):
    """What the summary reads of a run (runner.Run has it). Stated here rather than importing the
    runner, which imports this module: the two would import each other."""

    plan: Plan
    guard: Guard
    cases: Counter[str]
    withheld: Counter[str]
    operations: set[str]
    results: Counter[str]
    failures: list[str]
    checks: int
    notes: list[str]
    loaded: Any
    coverage: Coverage


def summary(
    this: Counts, preflight_note: str, outcome: str, *, exit_code: int, seconds: float, err: TextIO
) -> str:
    """Write the summary to `err`; returns its text (the JUnit file carries it too)."""
    plan, guard = this.plan, this.guard
    creating = (
        f"creates only on {plan.designated}, budget {plan.budget}, each named with run {guard.marker}"
        if plan.allow_create
        else "read-only"
    )
    lines = [
        "",
        f"conformance {plan.api} at {plan.base_url} (seed {plan.seed}, up to {plan.max_examples} "
        f"examples per operation; {creating})",
        f"  pre-flight: {preflight_note}",
        f"  operations {len(this.operations)}, cases {sum(this.cases.values())} "
        f"({this.cases['generated']} generated, {this.cases['stateful']} stateful steps), "
        f"checks {this.checks} on each answer, requests {guard.requests}",
        f"  tests passed {this.results['passed']}, failed {this.results['failed']}, "
        f"skipped {this.results['skipped']}",
    ]
    lines += [f"    failed: {name}" for name in this.failures[:20]]
    lines += [f"  {note}" for note in this.notes]
    if this.withheld or guard.refused:
        lines.append("  not sent (the guard):")
        lines += [f"    {n:5} {reason}" for reason, n in (this.withheld + guard.refused).items()]
    if this.loaded is not None:
        operations = spec_operations(this.loaded.raw_schema, writes=plan.allow_create)
        lines.append("  answers checked per operation:")
        lines += [f"    {line}" for line in this.coverage.table(operations)]
    if plan.allow_create:
        lines.append(
            f"  invalid creates sent {guard.invalid_sent} (their own budget: {plan.invalid_budget})"
        )
    created = guard.created
    removed = sum(c.removed for c in created)
    lines.append(
        f"  created {len(created)}, cleaned {removed}, left behind {len(created) - removed}"
    )
    lines += [f"    left behind: {c.describe()}" for c in guard.leftovers()]
    if guard.token_never_accepted():
        lines.append(
            f"  every request carrying the token was answered 401: check {plan.token_variable}"
        )
    lines.append(f"result: {outcome} (exit {exit_code}) in {seconds:.1f} s")
    text = "\n".join(lines) + "\n"
    err.write(text)
    err.flush()
    return text
