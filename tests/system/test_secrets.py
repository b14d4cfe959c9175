"""Secrets: the distinctive test token (tests.helpers.TOKEN) appears nowhere the run produced:
no log line or logged traceback of any test in the run, no exception text or repr, no client repr,
no CLI output, no JUnit report in reports/ (those of earlier make steps; this run's own report is
checked by tests/system/conftest.py once it is written). This module runs last."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from provisionkit import OutcomeUnknown, ProvisionError, Runtime
from provisionkit.fake import Fake

from tests.helpers import TOKEN, clients
from tests.helpers.capture import Capture

REPORTS = Path(__file__).resolve().parents[2] / "reports"


def leaks(texts: list[str]) -> list[str]:
    """The texts that contain the token, cut around it so a failure shows the context."""
    found = []
    for text in texts:
        at = text.find(TOKEN)
        if at >= 0:
            found.append(text[max(0, at - 120) : at + 120])
    return found


def test_scanner_finds_a_planted_token() -> None:
    """The scan can fail: a text with the token in it is reported."""
    assert leaks(["nothing", f"Authorization: Bearer {TOKEN}"]) != []


@pytest.fixture
def debug_logging() -> Iterator[None]:
    logger = logging.getLogger("provisionkit")
    level = logger.level
    logger.setLevel(logging.DEBUG)
    yield
    logger.setLevel(level)


def _calls(mw: Any, fd: Any, fake: Fake) -> list[Callable[[], Any]]:
    return [
        lambda: mw.create_project(fake.fixtures.mittwald_server, "unknown"),
        lambda: mw.create_project(fake.fixtures.mittwald_forbidden_server, "forbidden"),
        lambda: mw.create_project(fake.fixtures.mittwald_failing_server, "failing"),
        lambda: mw.get_project("p-nothere"),
        lambda: fd.create_project("Secrets", fake.fixtures.foundry_space),
        lambda: fd.get_project("ri.compass.main.folder.00000000-0000-4000-8000-000000000000"),
    ]


def _failures(fake: Fake, runtime: Runtime) -> list[Any]:
    """Every kind of outcome the clients produce, with the token in use: errors and results."""
    produced: list[Any] = []
    for kind in ("sync", "async"):
        mw = clients.mittwald(kind, fake, runtime)
        fd = clients.foundry(kind, fake, runtime)
        produced.append(mw)
        fake.inject("project-create-project", "rate_limit", retry_after=1)
        fake.inject("project-get-project", "unavailable")
        produced.append(mw.create_project(fake.fixtures.mittwald_server, "secrets"))
        fake.inject("project-create-project", "drop_after")
        fake.inject("createProject", "malformed_json")
        fake.inject("getProject", "huge_body")
        for call in _calls(mw, fd, fake):
            try:
                produced.append(call())
            except ProvisionError as error:
                produced.append(error)
    return produced


def test_no_token_in_exception_texts_reprs_or_logs_of_failing_calls(
    fake: Fake, runtime: Runtime, debug_logging: None, captured_logs: Capture
) -> None:
    produced = _failures(fake, runtime)
    assert any(isinstance(p, OutcomeUnknown) for p in produced), (
        "the scenario reached an unknown outcome"
    )
    texts = [str(p) for p in produced] + [repr(p) for p in produced]
    texts += [repr(vars(p)) for p in produced if isinstance(p, ProvisionError)]
    assert leaks(texts) == []
    assert leaks(captured_logs.texts) == []


def test_no_token_in_cli_output(served: str) -> None:
    env = {
        "MITTWALD_API_TOKEN": TOKEN,
        "MITTWALD_BASE_URL": served,
        "FOUNDRY_TOKEN": TOKEN,
        "FOUNDRY_BASE_URL": served,
    }
    env["PATH"] = "/usr/bin:/bin"
    outputs = []
    for argv in (
        ["-v", "mittwald", "servers"],
        [
            "-v",
            "mittwald",
            "create",
            "--server-id",
            "0b5e8c7d-6a4f-4e3d-9c2b-1a0f9e8d7c6b",
            "--description",
            "x",
        ],
        ["-v", "mittwald", "get", "p-nothere"],
        ["-v", "foundry", "get", "ri.compass.main.folder.00000000-0000-4000-8000-000000000000"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "provisionkit.cli", *argv],
            check=False,
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        outputs += [done.stdout, done.stderr]
    assert any("error" in o for o in outputs), "the CLI really ran and failed somewhere"
    assert leaks(outputs) == []


def test_no_token_in_any_log_record_of_the_whole_run(captured_logs: Capture) -> None:
    """Runs last: every record any test in this run logged (the capture is installed at collection)."""
    assert captured_logs.texts, "the capture saw the run's logging"
    assert leaks(captured_logs.texts) == []


def test_no_token_in_the_junit_reports_of_earlier_make_steps() -> None:
    reports = sorted(REPORTS.glob("*.xml")) if REPORTS.is_dir() else []
    assert leaks([r.read_text(errors="replace") for r in reports]) == []
