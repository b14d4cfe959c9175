"""The secrets scan's capture, installed when pytest collects this folder, i.e. before any test of
the run executes: every log record of the whole run (all folders), formatted with its traceback.

The scan itself (test_secrets.py) is moved to the very end of the run, and once the run's own JUnit
report is written, `pytest_sessionfinish` scans that too and fails the run if the token is in it.

The wheel of this checkout is built once per run (`wheel`), for the packaging test and the CI
examples alike."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from provisionkit.fake import Fake, serving

from tests.helpers import TOKEN
from tests.helpers.capture import Capture
from tests.helpers.conformance import ROOT

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


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of this checkout, built once per run for every test that installs it."""
    out = tmp_path_factory.mktemp("dist")
    # --no-isolation: hatchling comes pinned from .venv, so the build needs no download.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,  # a build takes seconds; this only stops a hung one
    )
    (built,) = out.glob("provisionkit-*.whl")
    return built


@pytest.fixture(scope="module")
def module_fake() -> Iterator[Fake]:
    """One in-process fake per test module: building one costs more than a hostile test."""
    with Fake() as fake:
        yield fake


@pytest.fixture
def proxied_fake(module_fake: Fake) -> Fake:
    """The module's fake, emptied, for a test that serves it through hostile.FakeProxy."""
    module_fake.reset()
    return module_fake
