"""The fake as a real server: `python -m provisionkit.fake` on a free port answers a create then a
get over a socket, prints its URL and ids, stops on Ctrl-C (SIGINT) and releases its port."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time

import httpx

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
