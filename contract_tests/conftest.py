"""The per-API summary `make conformance` prints at the end of a run."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import schemathesis.specs.openapi.checks  # noqa: F401 - registers the OpenAPI checks counted below
from schemathesis.checks import CHECKS

from contract_tests.schemas import CASES, OPERATIONS
from contract_tests.settings import MAX_EXAMPLES, SEED, SOAK
from contract_tests.target import target

# Test outcomes per group: the two APIs' schemathesis tests, then the suite's other claims.
_GROUPS = {
    "mittwald": "test_mittwald_",
    "foundry": "test_foundry_",
    "a broken fake fails": "test_suite_can_fail",
}
_RESULTS: dict[str, Counter[str]] = {group: Counter() for group in _GROUPS}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "call" and report.outcome == "passed":
        return  # setup and teardown count only when they fail or skip
    for group, marker in _GROUPS.items():
        if marker in report.nodeid:
            _RESULTS[group][report.outcome] += 1
            return


def _outcomes(results: Counter[str]) -> str:
    return f"passed {results['passed']}, failed {results['failed']}, skipped {results['skipped']}"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    write = terminalreporter.write_line
    write("")
    mode = (
        f"soak, randomized with seed {SEED}, up to {MAX_EXAMPLES} examples per operation"
        if SOAK
        else f"deterministic, seed {SEED}, up to {MAX_EXAMPLES} examples per operation"
    )
    write(f"conformance summary ({mode}; {len(CHECKS.get_all())} checks enabled):")
    for api in ("mittwald", "foundry"):
        chosen = target(api)
        where = "fake" if chosen.kind == "fake" else f"live {chosen.base_url}"
        cases = CASES[api]
        write(
            f"  {api:9} ({where}): {len(OPERATIONS[api])} operations, {sum(cases.values())} cases "
            f"({cases['in-process']} generated, {cases['stateful']} stateful steps, "
            f"{cases['socket']} over a socket); tests {_outcomes(_RESULTS[api])}"
        )
    for group in ("a broken fake fails",):
        write(f"  {group}: tests {_outcomes(_RESULTS[group])}")
