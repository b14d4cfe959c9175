"""The fake as a real server: `python -m provisionkit.fake` on a free port answers a create then a
get over a socket, prints its URL and ids, stops on Ctrl-C (SIGINT) and releases its port."""

from __future__ import annotations

import functools
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest
from provisionkit.fake import serve, serving
from provisionkit.fake.server import ALLOW_REMOTE_ENV, is_loopback

from tests.helpers import TOKEN


def _port_is_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def test_server_creates_then_gets_and_releases_its_port_on_ctrl_c() -> None:
    with serving(stdout=subprocess.PIPE, stderr=subprocess.PIPE) as fake:
        url, port, process = fake.url, fake.port, fake.process
        auth = {"Authorization": f"Bearer {TOKEN}"}
        with httpx.Client(base_url=url, headers=auth, timeout=5) as http:
            server_id = http.get("/__fake__/fixtures").json()["mittwald_server"]
            created = http.post(f"/v2/servers/{server_id}/projects", json={"description": "x"})
            assert created.status_code == 201
            got = http.get(f"/v2/projects/{created.json()['id']}")
            assert (got.status_code, got.json()["description"]) == (200, "x")
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=15)
    assert process.returncode == 0, stderr
    assert url in stdout
    assert server_id in stdout
    assert "Traceback" not in stderr
    assert TOKEN not in stdout + stderr
    assert _port_is_free(port)


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    with serving(stderr=subprocess.PIPE) as fake:
        yield fake.url
        fake.process.send_signal(signal.SIGINT)
        _, stderr = fake.process.communicate(timeout=15)
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


# --- what a server owes its host: loopback unless told, no connection held forever, quick stop --


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost"])
def test_loopback_hosts_are_loopback(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "10.1.2.3", "fake.example", ""])
def test_other_hosts_are_not_loopback(host: str) -> None:
    assert not is_loopback(host)


def test_a_host_beyond_loopback_is_refused_without_the_opt_in() -> None:
    env = {k: v for k, v in os.environ.items() if k != ALLOW_REMOTE_ENV}
    result = subprocess.run(
        [sys.executable, "-m", "provisionkit.fake", "--host", "0.0.0.0", "--port", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "--allow-remote" in result.stderr


@pytest.mark.parametrize("how", ["argument", "environment"])
def test_the_opt_in_binds_beyond_loopback_with_a_warning(
    how: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import uvicorn

    ran: list[str] = []
    # Not really bound: the test proves the decision, and binds nothing beyond loopback.
    monkeypatch.setattr(uvicorn.Server, "run", lambda self: ran.append(self.config.host))
    monkeypatch.setenv(ALLOW_REMOTE_ENV, "1" if how == "environment" else "0")
    serve("0.0.0.0", 8080, allow_remote=True if how == "argument" else None)
    assert ran == ["0.0.0.0"]
    assert "warning: the fake listens on 0.0.0.0" in capsys.readouterr().err


def _closed_by_the_server(connection: socket.socket) -> bool:
    """True once the server has closed its end (a read answers end-of-file or a reset)."""
    try:
        return connection.recv(1024) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def test_a_silent_or_trickling_connection_is_closed() -> None:
    with serving(command=["-m", "provisionkit.fake", "--read-timeout", "0.5"]) as fake:
        with socket.create_connection(("127.0.0.1", fake.port), timeout=10) as silent:
            assert _closed_by_the_server(silent)  # before: nothing, ever
        with socket.create_connection(("127.0.0.1", fake.port), timeout=0.2) as slow:
            slow.sendall(b"GET /v2/servers HTTP/1.1\r\nhost: fake\r\n")
            closed = False
            for _ in range(100):  # one header line every 0.2 s: a read timeout reset per byte
                try:
                    slow.sendall(b"x-slow: 1\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    closed = True
                    break
                if _closed_by_the_server(slow):
                    closed = True
                    break
            assert closed
        # A prompt client is still served.
        auth = {"Authorization": f"Bearer {TOKEN}"}
        assert httpx.get(f"{fake.url}/v2/servers", headers=auth, timeout=5).status_code == 200


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_long_delay_does_not_hold_up_stopping(stop: signal.Signals) -> None:
    with serving(stderr=subprocess.PIPE) as fake:
        control = httpx.Client(base_url=fake.url, timeout=5)
        fault = {"operation_id": "project-list-servers", "fault": "delay", "seconds": 600}
        control.post("/__fake__/faults", json=fault).raise_for_status()
        with socket.create_connection(("127.0.0.1", fake.port), timeout=10) as waiting:
            waiting.sendall(
                f"GET /v2/servers HTTP/1.1\r\nhost: fake\r\nauthorization: Bearer {TOKEN}\r\n\r\n".encode()
            )
            while control.get("/__fake__/state").json()["faults"]:  # until the delay has begun
                time.sleep(0.05)
            control.close()
            fake.process.send_signal(stop)
            _, stderr = fake.process.communicate(timeout=30)  # before: waited the 600 s out
    # uvicorn ends by re-raising a SIGTERM it caught: killed by it, as a process asked to stop is.
    assert fake.process.returncode in {0, -stop}, stderr
    assert "Traceback" not in stderr


def test_provisionkit_mock_accepts_only_the_configured_tokens() -> None:
    with serving(command=["-m", "provisionkit.cli", "mock"], tokens=["right-token"]) as fake:
        get = functools.partial(httpx.get, f"{fake.url}/v2/servers", timeout=5)
        assert get(headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 401
        assert get(headers={"Authorization": "Bearer right-token"}).status_code == 200
        assert httpx.get(f"{fake.url}/__fake__/state", timeout=5).status_code == 401
