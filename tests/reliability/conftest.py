"""The secrets scan's capture, installed when pytest collects this folder, i.e. before any test of
the run executes: every log record of the whole run (all folders), formatted with its traceback.

The scan itself (test_secrets.py) is moved to the very end of the run, and once the run's own JUnit
report is written, `pytest_sessionfinish` scans that too and fails the run if the token is in it."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

import pytest

from tests.conftest import TOKEN

SCAN_MODULE = "test_secrets.py"


class Capture(logging.Handler):
    """Keeps every record's fully formatted text (message, args, exception, stack)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.texts.append(self.format(record) + repr(record.__dict__))
        except Exception:  # a record that cannot be formatted is still scanned as best we can
            self.texts.append(repr(record.__dict__) + traceback.format_exc())


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
