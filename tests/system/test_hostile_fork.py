"""A client across os.fork, and a read after create that checks whose project it is (issue 20,
point 4).

A sync client used before `os.fork` (gunicorn's preload, multiprocessing's fork start) holds a
pooled keep-alive connection; children that use the inherited client at once must each open their
own, or two processes read one socket and take each other's answers (one project handed to two
callers, others orphaned). The fake answers behind a loopback proxy (hostile.FakeProxy) that keeps
connections alive and numbers them.

Then the read after create: an answer that names another project (as a crossed answer would) is an
OutcomeUnknown, never that project returned as this call's."""

from __future__ import annotations

import json
import os
import select
import time
from collections.abc import Iterator
from typing import Any

import pytest
from provisionkit import MittwaldClient, OutcomeUnknown
from provisionkit.fake import Fake

from tests.helpers import TOKEN
from tests.helpers.hostile import (
    FOUNDRY_CREATE_PATH,
    KINDS,
    PROJECT_ID,
    SERVER_ID,
    SPACE_RID,
    Conn,
    FakeProxy,
    Hostile,
    Request,
    foundry,
    foundry_project,
    mittwald,
    mittwald_project,
    run,
)

CHILDREN = 4
GUARD = 20.0  # seconds the parent waits for all children; each needs well under one


@pytest.fixture
def fake() -> Iterator[Fake]:
    with Fake() as fake:
        yield fake


def _child(client: MittwaldClient, server: str, description: str, out: int) -> None:
    """In the child: create, report (description asked, id and description got), exit at once."""
    try:
        project = client.create_project(server, description, wait=False, timeout=5.0)
        report = {"asked": description, "id": project.id, "got": project.description}
    except BaseException as error:
        report = {"asked": description, "error": f"{type(error).__name__}: {error}"}
    os.write(out, (json.dumps(report) + "\n").encode())
    os._exit(0)


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_children_of_a_forked_sync_client_never_share_its_connection(fake: Fake) -> None:
    server = fake.fixtures.mittwald_server
    with FakeProxy(fake, keep_alive=True) as proxy:
        client = MittwaldClient(TOKEN, base_url=proxy.server.url)
        client.list_servers(timeout=5.0)  # the parent's pooled connection
        parent_connections = set(proxy.connection)
        read, write = os.pipe()
        children = []
        for n in range(CHILDREN):
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the child, which exits
                os.close(read)
                _child(client, server, f"child {n}", write)
            children.append(pid)
        os.close(write)
        reports = _read_reports(read, CHILDREN, GUARD)
        for pid in children:
            _reap(pid)
        client.close()
        child_connections = proxy.connection[len(parent_connections) :]
    assert len(reports) == CHILDREN, reports
    errors = [r for r in reports if "error" in r]
    assert errors == []
    assert all(r["got"] == r["asked"] for r in reports), reports
    ids = [r["id"] for r in reports]
    assert len(set(ids)) == CHILDREN, f"one project handed to two callers: {reports}"
    assert not parent_connections & set(child_connections), "a child used the parent's socket"


def _read_reports(fd: int, count: int, limit: float) -> list[dict[str, Any]]:
    data, end = b"", time.monotonic() + limit
    try:
        while data.count(b"\n") < count and time.monotonic() < end:
            ready, _, _ = select.select([fd], [], [], max(end - time.monotonic(), 0))
            if not ready:
                break
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            data += chunk
    finally:
        os.close(fd)
    return [json.loads(line) for line in data.splitlines() if line.strip()]


def _reap(pid: int) -> None:
    for _ in range(50):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            return
        time.sleep(0.1)
    os.kill(pid, 9)
    os.waitpid(pid, 0)


def crossed(request: Request, conn: Conn) -> None:
    """Answers every create with someone else's project: mittwald's 201 names PROJECT_ID, whose
    description is "hostile"; Foundry's 200 is a project of another name."""
    if request.method == "POST" and request.path == FOUNDRY_CREATE_PATH:
        conn.respond(200, foundry_project("Someone else's"))
    elif request.method == "POST":
        conn.respond(201, {"id": PROJECT_ID})
    elif request.path.startswith("/v2/projects/"):
        conn.respond(200, mittwald_project())
    else:
        conn.respond(200, foundry_project("Someone else's"))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("api", ["mittwald", "foundry"])
def test_an_answer_naming_another_project_is_never_taken_as_this_calls(kind: str, api: str) -> None:
    def op(client: Any) -> Any:
        if api == "mittwald":
            return client.create_project(SERVER_ID, "mine", wait=False, timeout=5.0)
        return client.create_project("Mine", SPACE_RID, timeout=5.0)

    with Hostile(crossed) as server:
        make = mittwald(server.url) if api == "mittwald" else foundry(server.url)
        outcome = run(kind, make, op, limit=20.0, server=server)
    assert not outcome.hung
    assert isinstance(outcome.error, OutcomeUnknown), repr(outcome.error or outcome.value)
    assert outcome.error.created_id is None
