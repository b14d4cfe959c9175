"""Table 7: a service's suite of 50 create+wait tests on the pytest plugin (real time).

The suite is written to an empty folder and run as a service would run it: `python -m pytest`,
the plugin found through its entry point, one fake per session. Half the tests use the
`mittwald_client` fixture, half run the service's own `from_env()` code under `provisionkit_mock`.
Wall time includes starting Python and pytest and building the fake; medians over the rounds."""

from __future__ import annotations

import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

TESTS = 50
GOAL = 5.0  # seconds for the whole suite

SUITE = """
import pytest
from provisionkit import MittwaldClient
from provisionkit.testing import ProvisionkitFake


def provision(name: str) -> bool:
    with MittwaldClient.from_env() as mw:
        server = mw.list_servers()[0]
        return mw.create_project(server.id, name).is_ready


@pytest.mark.parametrize("n", range({half}))
def test_fixture_client_creates_and_waits(
    n: int, mittwald_client: MittwaldClient, provisionkit_fake: ProvisionkitFake
) -> None:
    project = mittwald_client.create_project(provisionkit_fake.fixtures.mittwald_server, f"shop {{n}}")
    assert project.is_ready
    assert provisionkit_fake.call_count("project-create-project") == 1


@pytest.mark.parametrize("n", range({half}))
def test_service_code_creates_and_waits(n: int, provisionkit_mock: ProvisionkitFake) -> None:
    assert provision(f"service {{n}}")
    assert provisionkit_mock.applied_creates("mittwald") == 1
"""


@dataclass(frozen=True)
class Row:
    name: str
    wall_s: float
    cpu_s: (
        float  # the child's user + system CPU: what the run costs, whatever else loads the machine
    )
    pytest_s: float  # what pytest itself reports (collection and tests, not interpreter start)
    passed: int


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(folder: Path, args: list[str]) -> tuple[float, float, float, int]:
    started, cpu = time.perf_counter(), _cpu()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    wall, cpu = time.perf_counter() - started, _cpu() - cpu
    if result.returncode not in (0, 5):  # 5: nothing collected, the start-up row
        raise RuntimeError(result.stdout[-2000:])
    summary = re.search(r"(?:(\d+) passed)?.* in ([\d.]+)s", result.stdout.splitlines()[-1])
    assert summary is not None, result.stdout
    return wall, cpu, float(summary[2]), int(summary[1] or 0)


CASES = {
    "pytest alone, no test selected (start-up: Python, pytest, this venv's plugins)": [
        "-k",
        "no_such_test",
    ],
    "1 create+wait test (+ importing provisionkit and building the fake)": [
        "test_service.py::test_fixture_client_creates_and_waits[0]"
    ],
    f"{TESTS} create+wait tests": [],
}


def measure(rounds: int = 3) -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "test_service.py").write_text(SUITE.format(half=TESTS // 2))
        runs: dict[str, list[tuple[float, float, float, int]]] = {name: [] for name in CASES}
        for _ in range(rounds):  # interleaved, so the machine's load falls on every row alike
            for name, args in CASES.items():
                runs[name].append(_run(folder, args))
        return [
            Row(
                name,
                statistics.median(r[0] for r in results),
                statistics.median(r[1] for r in results),
                statistics.median(r[2] for r in results),
                results[0][3],
            )
            for name, results in runs.items()
        ]


def section(rounds: int = 3) -> list[str]:
    rows = measure(rounds)
    _, one, full = rows
    per_test_ms = (full.pytest_s - one.pytest_s) / (TESTS - 1) * 1e3
    verdict = "met" if full.cpu_s < GOAL else "MISSED"
    load = os.getloadavg()[0]
    return [
        f"## 7. A service's {TESTS} create+wait tests on the pytest plugin (real time)",
        "",
        f"`benchmarks/service_suite.py` writes a {TESTS}-test module (half on the `mittwald_client` "
        "fixture, half running a service's own `from_env()` code under `provisionkit_mock`; every "
        "test creates a project and waits until it is ready) into an empty folder and runs "
        f"`python -m pytest` there, {rounds} interleaved rounds, medians. The fake's manual clock "
        "makes each wait instant. CPU time is the child's user + system time: what the run costs, "
        "which the shared machine's load moves far less than wall time (load average "
        f"{load:.1f} on {os.cpu_count()} CPUs as this section finished). The first row is pytest's "
        "start-up in this venv, where schemathesis's and hypothesis's plugins load too. "
        f"Goal: the whole run under {GOAL:g} s ({verdict}: {full.cpu_s:.1f} s CPU, start-up "
        f"included; pytest itself counts {full.pytest_s:.1f} s). One more test costs about "
        f"{per_test_ms:.0f} ms.",
        "",
        "| run | tests passed | wall time | CPU time | pytest's own time |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {r.name} | {r.passed} | {r.wall_s:.2f} s | {r.cpu_s:.2f} s | {r.pytest_s:.2f} s |"
            for r in rows
        ),
        "",
    ]


if __name__ == "__main__":
    print("\n".join(section()))
