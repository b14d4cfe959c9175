"""Running `provisionkit conformance` as a CI job would, and reading the fake's counts after it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
TOKEN_VARIABLE = {"mittwald": "MITTWALD_API_TOKEN", "foundry": "FOUNDRY_TOKEN"}
DESIGNATED_FLAG = {"mittwald": "--server-id", "foundry": "--space-rid"}
# The fake's fixture names for "the target" and for the others a create must never reach.
DESIGNATED = {"mittwald": "mittwald_server", "foundry": "foundry_space"}
RUN_TIMEOUT = 600  # a run against the fake takes seconds; this only stops a hung one


def _command(
    api: str, args: tuple[str, ...], token: str | None, extra_env: dict[str, str] | None = None
) -> tuple[list[str], dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if k not in TOKEN_VARIABLE.values()}
    env.update(extra_env or {})
    if token is not None:
        env[TOKEN_VARIABLE[api]] = token
    return [sys.executable, "-m", "provisionkit.cli", "conformance", "--api", api, *args], env


def start_conformance(api: str, *args: str, token: str | None) -> subprocess.Popen[str]:
    """The same, started: for a test that interrupts it."""
    command, env = _command(api, args, token)
    return subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )


def run_conformance(
    api: str,
    *args: str,
    token: str | None,
    timeout: float = RUN_TIMEOUT,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`provisionkit conformance --api API ARGS` in a child process, the token in its environment
    (with `env` added to the caller's)."""
    command, env = _command(api, args, token, env)
    return subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=timeout, check=False, cwd=ROOT
    )


def creating_on_the_fake(api: str, url: str, token: str) -> list[str]:
    """The arguments of a run against a served fake that may create on its designated target."""
    designated = fake_get(url, token, "fixtures")[DESIGNATED[api]]
    return ["--base-url", url, "--allow-create", DESIGNATED_FLAG[api], designated]


def fake_get(url: str, token: str, route: str) -> Any:
    """A control route of a served fake (restricted tokens: the control API wants one too)."""
    headers = {"Authorization": f"Bearer {token}"}
    response = httpx.get(f"{url}/__fake__/{route}", headers=headers, timeout=10)
    response.raise_for_status()
    return response.json()
