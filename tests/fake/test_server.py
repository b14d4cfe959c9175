"""The fake as a real server: `python -m provisionkit.fake` on a free port answers a create then a
get over a socket, prints its URL and ids, stops on Ctrl-C (SIGINT) and releases its port."""

from __future__ import annotations

import signal
import socket
import subprocess
from collections.abc import Iterator

import httpx
import pytest
from provisionkit.fake import serving

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
