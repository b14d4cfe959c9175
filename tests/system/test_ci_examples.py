"""The CI examples run as written: the shell steps of examples/ci/github-actions.yml's and
examples/ci/gitlab-ci.yml's `conformance-fake` jobs, in their job's environment, here.

Only what this machine cannot do is swapped, through the variables the files already use:
PROVISIONKIT names a wheel built from this checkout (installed without resolving dependencies:
they come from the dev venv, as the registry would give them), PORT a free port, MAX_EXAMPLES a
small number. The live jobs cannot run without accounts; that they only run with their secrets is
checked on the files."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sysconfig
import venv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from provisionkit.fake import free_port

from tests.helpers.conformance import ROOT

EXAMPLES = ROOT / "examples" / "ci"
STEP_TIMEOUT = 300  # seconds; a step against the fake takes seconds, this only stops a hung one


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A venv for the wheel of this checkout, and the variables that point the steps at it."""
    out = tmp_path_factory.mktemp("ci")
    venv.create(out / "venv", with_pip=True)
    return {
        "PATH": f"{out / 'venv' / 'bin'}{os.pathsep}{os.environ['PATH']}",
        # The dependencies of the extras, from the dev venv (PYTHONPATH ignores its .pth files,
        # so its editable provisionkit stays invisible: the wheel's is the one that runs).
        "PYTHONPATH": sysconfig.get_paths()["purelib"],
        "PROVISIONKIT": f"{wheel}[conformance,fake]",
        "PIP_NO_DEPS": "1",
        "PIP_NO_INDEX": "1",
        "PORT": str(free_port()),
        "MAX_EXAMPLES": "1",
    }


def _environment(document: dict[str, Any], job: dict[str, Any], key: str) -> dict[str, str]:
    return {k: str(v) for k, v in {**document.get(key, {}), **job.get(key, {})}.items()}


@pytest.fixture
def groups() -> Iterator[list[int]]:
    """Process groups the steps start (the background fake); all stopped after the test."""
    started: list[int] = []
    yield started
    for group in started:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGTERM)


def _run(script: str, env: dict[str, str], cwd: Path, groups: list[int]) -> tuple[int, str]:
    process = subprocess.Popen(  # GitHub's and GitLab's bash: stop at the first failing command
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    groups.append(process.pid)
    output, _ = process.communicate(timeout=STEP_TIMEOUT)
    return process.returncode, output


def _check_conformance(code: int, output: str) -> None:
    assert code == 0, output[-4000:]
    assert "pre-flight: GET" in output
    assert ", failed 0," in output
    assert "left behind 0" in output


def test_the_github_actions_fake_job_runs_as_written(
    installed: dict[str, str], groups: list[int], tmp_path: Path
) -> None:
    document = yaml.safe_load((EXAMPLES / "github-actions.yml").read_text())
    job = document["jobs"]["conformance-fake"]
    env = {**os.environ, **_environment(document, job, "env"), **installed}
    ran = []
    for step in job["steps"]:
        if "run" not in step:
            continue  # actions (checkout, setup-python, upload) are the platform's
        code, output = _run(step["run"], env, tmp_path, groups)
        ran.append(step["name"])
        if "conformance" in step["run"] and "--api" in step["run"]:
            _check_conformance(code, output)
        else:
            assert code == 0, output
    assert len(ran) == 4
    assert {p.name for p in (tmp_path / "reports").iterdir()} == {
        "conformance-mittwald.xml",
        "conformance-foundry.xml",
    }


def test_the_gitlab_fake_job_runs_as_written(
    installed: dict[str, str], groups: list[int], tmp_path: Path
) -> None:
    document = yaml.safe_load((EXAMPLES / "gitlab-ci.yml").read_text())
    job = document["conformance-fake"]
    env = {**os.environ, **_environment(document, job, "variables"), **installed}
    script = job["script"]
    # GitLab stops at the first failing line: run the setup lines, then each conformance line.
    setup = [line for line in script if "provisionkit conformance" not in line]
    code, output = _run("\n".join(setup), env, tmp_path, groups)
    assert code == 0, output
    runs = [line for line in script if "provisionkit conformance" in line]
    assert len(runs) == 2
    for line in runs:
        _check_conformance(*_run(line, env, tmp_path, groups))


def test_the_live_jobs_run_only_with_their_secrets() -> None:
    github = yaml.safe_load((EXAMPLES / "github-actions.yml").read_text())["jobs"]
    live = github["conformance-live"]
    assert live["env"]["MITTWALD_API_TOKEN"] == "${{ secrets.MITTWALD_API_TOKEN }}"
    assert live["env"]["FOUNDRY_TOKEN"] == "${{ secrets.FOUNDRY_TOKEN }}"
    runs = [s for s in live["steps"] if "provisionkit conformance" in s.get("run", "")]
    assert [s["if"] for s in runs] == [
        "env.MITTWALD_API_TOKEN != ''",
        "env.FOUNDRY_TOKEN != '' && env.FOUNDRY_HOSTNAME != ''",
    ]
    # No token on any command line: the suite reads them from the environment.
    for text in (EXAMPLES / "github-actions.yml", EXAMPLES / "gitlab-ci.yml"):
        assert "--token" not in text.read_text()
    gitlab = yaml.safe_load((EXAMPLES / "gitlab-ci.yml").read_text())
    assert gitlab["conformance-live"]["rules"] == [{"if": "$MITTWALD_API_TOKEN || $FOUNDRY_TOKEN"}]
