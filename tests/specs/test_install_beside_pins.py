"""A newcomer's path, for real: a fresh venv, the wheel with [fake] beside a service's older pin of
a shared dependency, and the README's testing section green under pytest and mypy --strict.

Installs from PyPI (reachable from CI; pip's cache keeps a rerun at ~40 s), so the extras'
ranges are what is tested, not this repository's constraints.txt.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

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


def readme_testing_section() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Testing your service")[1]
    return section.split("```python\n", 1)[1].split("\n```", 1)[0]


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
    (service / "test_provisioning.py").write_text(readme_testing_section())
    tests = subprocess.run(
        [python, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=service,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]
    assert "4 passed" in tests.stdout
    # This repository's mypy, reading the installed packages of the service's venv.
    mypy = [Path(sys.executable).parent / "mypy", "--strict", "--python-executable", python]
    cache = ["--cache-dir", ROOT / ".mypy_cache" / "service-venv"]
    types = subprocess.run(
        [*mypy, *cache, "test_provisioning.py"],
        cwd=service,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert types.returncode == 0, types.stdout + types.stderr
