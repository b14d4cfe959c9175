"""The packaged runs' own summaries (what each API's run did), printed at the end of `make conformance`."""

from __future__ import annotations

from typing import Any

from contract_tests.target import SUMMARIES


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for summary in SUMMARIES:
        for line in summary.splitlines():
            terminalreporter.write_line(line)
