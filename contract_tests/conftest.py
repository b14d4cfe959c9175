"""The per-API summary `make conformance` prints at the end of a run."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from schemathesis.checks import CHECKS

from contract_tests.schemas import CASES, OPERATIONS
from contract_tests.settings import MAX_EXAMPLES, SEED, SOAK
from contract_tests.target import target

_RESULTS: dict[str, Counter[str]] = {"mittwald": Counter(), "foundry": Counter()}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    for api, results in _RESULTS.items():
        if f"test_{api}_" in report.nodeid and (
            report.when == "call" or report.outcome != "passed"
        ):
            results[report.outcome] += 1


def pytest_terminal_summary(terminalreporter: Any) -> None:
    write = terminalreporter.write_line
    write("")
    mode = (
        f"soak (randomized, up to {MAX_EXAMPLES} examples per operation)"
        if SOAK
        else f"deterministic, seed {SEED}, up to {MAX_EXAMPLES} examples per operation"
    )
    write(f"conformance summary ({mode}):")
    for api, results in _RESULTS.items():
        chosen = target(api)
        where = "in-process fake" if chosen.kind == "fake" else f"live {chosen.base_url}"
        write(
            f"  {api:9} against {where}: {len(OPERATIONS[api])} operations, {len(CHECKS.get_all())} checks, "
            f"{CASES[api]} generated cases; tests passed {results['passed']}, failed {results['failed']}, "
            f"skipped {results['skipped']}"
        )
