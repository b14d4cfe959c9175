"""The command line as a user runs it: a subprocess against the fake over a real socket."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest
from provisionkit.fake import serving

from tests.conftest import TOKEN

CLI = [sys.executable, "-m", "provisionkit.cli"]
SERVER = "5e2a1c3b-8f7d-4e6a-9b0c-1d2e3f4a5b6c"


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    """The fake as `provisionkit mock` serves it: the CLI's own subcommand."""
    with serving(command=["-m", "provisionkit.cli", "mock"]) as fake:
        yield fake.url


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("MITTWALD_", "FOUNDRY_"))}
    return subprocess.run(
        [*CLI, *args], env={**clean, **env}, capture_output=True, text=True, timeout=60, check=False
    )


def test_cli_creates_a_project_and_prints_json(server_url: str) -> None:
    result = run(
        "mittwald",
        "create",
        "--server-id",
        SERVER,
        "--description",
        "cli shop",
        env={"MITTWALD_API_TOKEN": TOKEN, "MITTWALD_BASE_URL": server_url},
    )
    assert result.returncode == 0, result.stderr
    project = json.loads(result.stdout)
    assert project["description"] == "cli shop"
    assert project["isReady"] is True
    assert "done in" in result.stderr
    assert TOKEN not in result.stdout + result.stderr


def test_cli_typed_failure_has_its_exit_code_and_a_readable_message(server_url: str) -> None:
    result = run(
        "foundry",
        "create",
        "--display-name",
        "a/b",
        "--space-rid",
        "ri.compass.main.folder.x",
        env={"FOUNDRY_TOKEN": TOKEN, "FOUNDRY_BASE_URL": server_url},
    )
    assert result.returncode == 4
    assert "InvalidDisplayName" in result.stderr
    assert result.stdout == ""
    assert TOKEN not in result.stderr


def test_cli_project_that_fails_exits_8(server_url: str) -> None:
    result = run(
        "mittwald",
        "create",
        "--server-id",
        "9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f",
        "--description",
        "doomed",
        env={"MITTWALD_API_TOKEN": TOKEN, "MITTWALD_BASE_URL": server_url},
    )
    assert result.returncode == 8
    assert "status 'error'" in result.stderr


def test_cli_without_a_token_says_which_variable_to_set() -> None:
    result = run("mittwald", "servers", env={})
    assert result.returncode == 3
    assert "MITTWALD_API_TOKEN" in result.stderr


def test_cli_has_no_token_flag_and_documents_exit_codes() -> None:
    result = run("--help", env={})
    assert result.returncode == 0
    assert "exit codes" in result.stdout
    assert "--token" not in result.stdout
    assert run("mittwald", "servers", "--token", "x", env={}).returncode == 2


def test_mock_server_releases_its_port_when_stopped() -> None:
    with serving(command=["-m", "provisionkit.cli", "mock"]) as fake:
        response = httpx.get(
            f"{fake.url}/v2/servers", headers={"Authorization": "Bearer x"}, timeout=5
        )
        assert response.status_code == 200
    assert fake.process.returncode is not None
    with socket.socket() as s:
        s.bind(("127.0.0.1", fake.port))  # would raise if the port were still held


def test_cli_server_side_error_is_typed_with_its_exit_code(server_url: str) -> None:
    result = run(
        "foundry",
        "create",
        "--display-name",
        "Nowhere",
        "--space-rid",
        "ri.compass.main.folder.00000000-0000-0000-0000-000000000000",
        "--grant",
        "compass:manage=USER:f05f8da4-b84c-4fca-9c77-8af0b13d11de",
        env={"FOUNDRY_TOKEN": TOKEN, "FOUNDRY_BASE_URL": server_url},
    )
    assert result.returncode == 6, result.stderr
    assert "SpaceNotFound" in result.stderr
    assert TOKEN not in result.stderr


def test_cli_unknown_outcome_exits_11_and_prints_what_is_known(server_url: str) -> None:
    httpx.post(
        f"{server_url}/__fake__/faults",
        json={"operation_id": "project-create-project", "fault": "drop_after"},
        timeout=5,
    ).raise_for_status()
    result = run(
        "mittwald",
        "create",
        "--server-id",
        SERVER,
        "--description",
        "dropped",
        env={"MITTWALD_API_TOKEN": TOKEN, "MITTWALD_BASE_URL": server_url},
    )
    assert result.returncode == 11, result.stderr
    assert result.stdout == ""
    assert '"description": "dropped"' in result.stderr
