"""The secrets scan's capture, installed when pytest collects this folder, i.e. before any test of
the run executes: every log record of the whole run (all folders), formatted with its traceback.

The scan itself (test_secrets.py) is moved to the very end of the run, and once the run's own JUnit
report is written, `pytest_sessionfinish` scans that too and fails the run if the token is in it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from provisionkit.fake import serving

from tests.helpers import TOKEN
from tests.helpers.capture import Capture

SCAN_MODULE = "test_secrets.py"


CAPTURE = Capture()
logging.getLogger().addHandler(CAPTURE)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the scan last, so it sees what every other test logged."""
    items.sort(key=lambda item: item.path.name == SCAN_MODULE)


@pytest.fixture(scope="session")
def captured_logs() -> Capture:
    return CAPTURE


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """After the JUnit writer (trylast): this run's own report must not contain the token."""
    xmlpath = getattr(session.config.option, "xmlpath", None)
    if not xmlpath or not Path(xmlpath).is_file():
        return
    if TOKEN in Path(xmlpath).read_text(errors="replace"):
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"SECRETS: the test token appears in {xmlpath}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def served() -> Iterator[str]:
    """The fake served by uvicorn in a child process, on a free loopback port."""
    with serving() as fake:
        yield fake.url
