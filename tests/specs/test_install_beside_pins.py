"""A newcomer's path, for real: a fresh venv, the wheel with [fake] beside a service's older pin of
a shared dependency, and the README's testing section green under pytest and mypy --strict, with
a developer's shell around it (real-looking tokens, base URLs at a loopback server recording what
reaches it) and no socket connected anywhere during the tests.

Installs from PyPI (reachable from CI; pip's cache keeps a rerun at ~40 s), so the extras'
ranges are what is tested, not this repository's constraints.txt.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.helpers.hostile import Conn, Hostile, Request

ROOT = Path(__file__).resolve().parents[2]
# Older than constraints.txt's PyYAML==6.0.3, as a service's own pin might be.
SERVICE_PIN = "PyYAML==6.0.2"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # --no-isolation: hatchling comes pinned from .venv, so the build needs no download.
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", out, ROOT],
        check=True,
        capture_output=True,
        timeout=120,
    )
    (built,) = out.glob("provisionkit-*.whl")
    return built


def readme_testing_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Testing your service")[1].split("\n## ")[0]
    return [block.split("\n```", 1)[0] for block in section.split("```python\n")[1:]]


# The service's conftest: any socket connect during its tests is an error, so "nothing left the
# machine" is checked below the HTTP layer (the in-process fake needs no socket at all).
NO_CONNECT = """
import sys


def _no_connect(event: str, args: tuple[object, ...]) -> None:
    if event == "socket.connect":
        raise RuntimeError(f"a socket connected to {args[1]!r} during the tests")


sys.addaudithook(_no_connect)
"""
UNFIRED = """
from provisionkit.testing import ProvisionkitFake


def test_a_fault_that_never_fires(provisionkit_fake: ProvisionkitFake) -> None:
    provisionkit_fake.inject("project-create-project", "drop_after")
"""


def _answer_anything(request: Request, conn: Conn) -> None:
    conn.respond(200, [])


def test_fake_extra_installs_beside_an_older_pin_and_the_readme_tests_pass(
    wheel: Path, tmp_path: Path
) -> None:
    target = tmp_path / "service-venv"
    venv.create(target, with_pip=True)
    python = target / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MITTWALD_", "FOUNDRY_"))}
    env.pop("PYTHONPATH", None)
    install = subprocess.run(
        [
            python,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-compile",
            SERVICE_PIN,
            "pytest",
            "pytest-asyncio",
            f"{wheel}[fake]",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    check = subprocess.run(
        [python, "-c", "import yaml, provisionkit.fake; print(yaml.__version__)"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert check.stdout.strip() == SERVICE_PIN.split("==")[1]

    service = tmp_path / "service"
    service.mkdir()
    (service / "conftest.py").write_text(NO_CONNECT)
    blocks = readme_testing_blocks()
    assert len(blocks) == 2  # the sync/class/anyio module and the pytest-asyncio one
    for number, block in enumerate(blocks):
        (service / f"test_provisioning_{number}.py").write_text(block)
    defined = sum(len(re.findall(r"^\s*(?:async )?def test_", b, re.M)) for b in blocks)
    with Hostile(_answer_anything) as recorder:
        shell = {
            **env,
            "MITTWALD_API_TOKEN": "mw-9b1c2f7e4a6d4e0f8c3b5a7d9e1f2a4c",
            "FOUNDRY_TOKEN": "eyJwbnQiOnRydWUsImFsZyI6IkVTMjU2In0.real-looking.token",
            "MITTWALD_BASE_URL": recorder.url,
            "FOUNDRY_BASE_URL": recorder.url,
        }
        tests = subprocess.run(
            [python, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
            cwd=service,
            env=shell,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]
        assert f"{defined} passed" in tests.stdout, tests.stdout[-3000:]
        (service / "test_unfired.py").write_text(UNFIRED)
        unfired = subprocess.run(
            [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_unfired.py"],
            cwd=service,
            env=shell,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert unfired.returncode == 1, unfired.stdout[-3000:]
        assert "1 passed, 1 error" in unfired.stdout, unfired.stdout[-3000:]
        assert "UnfiredFaults" in unfired.stdout
        (service / "test_unfired.py").unlink()
    assert recorder.requests == []
    # This repository's mypy, reading the installed packages of the service's venv.
    mypy = [Path(sys.executable).parent / "mypy", "--strict", "--python-executable", python]
    cache = ["--cache-dir", ROOT / ".mypy_cache" / "service-venv"]
    types = subprocess.run(
        [*mypy, *cache, *(f"test_provisioning_{n}.py" for n in range(len(blocks)))],
        cwd=service,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert types.returncode == 0, types.stdout + types.stderr
