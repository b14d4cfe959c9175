"""The fake as a real server: `python -m provisionkit.fake` on a free port answers a create then a
get over a socket, prints its URL and ids, stops on Ctrl-C (SIGINT) and releases its port."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import TOKEN

STARTUP_DEADLINE = 20.0  # seconds; a cold start imports Connexion and parses both specs


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _port_is_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _wait_until_serving(url: str) -> None:
    # A real process on a real socket: polling until it listens is the only way to know (bounded).
    deadline = time.monotonic() + STARTUP_DEADLINE
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{url}/__fake__/state", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise AssertionError(f"the fake did not listen on {url} within {STARTUP_DEADLINE}s")


def test_server_creates_then_gets_and_releases_its_port_on_ctrl_c() -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "provisionkit.fake", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_until_serving(url)
        auth = {"Authorization": f"Bearer {TOKEN}"}
        with httpx.Client(base_url=url, headers=auth, timeout=5) as http:
            server_id = http.get("/__fake__/fixtures").json()["mittwald_server"]
            created = http.post(f"/v2/servers/{server_id}/projects", json={"description": "x"})
            assert created.status_code == 201
            got = http.get(f"/v2/projects/{created.json()['id']}")
            assert (got.status_code, got.json()["description"]) == (200, "x")
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, stderr
    assert url in stdout
    assert server_id in stdout
    assert "Traceback" not in stderr
    assert TOKEN not in stdout + stderr
    assert _port_is_free(port)


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "provisionkit.fake", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_until_serving(url)
        yield url
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=15)
    # Drops are on purpose: the server must not log them as application errors.
    assert "Traceback" not in stderr, stderr


@pytest.fixture
def http(server_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=server_url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=5
    ) as client:
        client.post("/__fake__/reset")
        yield client


@pytest.mark.parametrize(("fault", "applied"), [("drop_before", 0), ("drop_after", 1)])
def test_drops_over_a_socket_close_without_a_complete_answer(
    http: httpx.Client, fault: str, applied: int
) -> None:
    server_id = http.get("/__fake__/fixtures").json()["mittwald_server"]
    http.post("/__fake__/faults", json={"operation_id": "project-create-project", "fault": fault})
    with pytest.raises(httpx.TransportError):
        http.post(f"/v2/servers/{server_id}/projects", json={"description": "x"})
    assert http.get("/__fake__/applied-creates").json() == {"applied_creates": applied}


def test_refuse_over_a_socket_processes_nothing(http: httpx.Client) -> None:
    """A listening server cannot refuse an accepted connection: it closes it unanswered instead."""
    http.post("/__fake__/faults", json={"operation_id": "getProject", "fault": "refuse"})
    with pytest.raises(httpx.TransportError):
        http.get("/api/v2/filesystem/projects/ri.compass.main.folder.x")
    assert http.get("/api/v2/filesystem/projects/ri.compass.main.folder.x").status_code == 404
