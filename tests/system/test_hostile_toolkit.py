"""The hostile toolkit's own controls: a well-behaved server answers through the public clients
(so the suite's bodies are valid and a failure elsewhere is the client's), and the guard reports a
call that hangs instead of waiting for it."""

from __future__ import annotations

import threading
import zlib

import pytest
from provisionkit import FoundryProject, MittwaldProject, Server

from tests.helpers.hostile import (
    KINDS,
    PROJECT_ID,
    PROJECT_RID,
    SERVER_ID,
    Conn,
    Hostile,
    Request,
    bounded,
    foundry,
    foundry_project,
    gzip_bomb,
    mittwald,
    mittwald_project,
    mittwald_server,
    run,
)


def well_behaved(request: Request, conn: Conn) -> None:
    if request.path == "/v2/servers":
        conn.respond(200, [mittwald_server()], {"x-pagination-totalcount": "1"})
    elif request.method == "POST" and request.path.startswith("/v2/"):
        conn.respond(201, {"id": PROJECT_ID}, {"etag": "1"})
    elif request.path.startswith("/v2/"):
        conn.respond(200, mittwald_project())
    else:
        conn.respond(200, foundry_project())


@pytest.mark.parametrize("kind", KINDS)
def test_a_well_behaved_server_is_read_by_both_clients(kind: str) -> None:
    with Hostile(well_behaved) as server:
        got = run(kind, mittwald(server.url), lambda c: c.get_project(PROJECT_ID), limit=30)
        servers = run(kind, mittwald(server.url), lambda c: c.list_servers(), limit=30)
        created = run(
            kind, mittwald(server.url), lambda c: c.create_project(SERVER_ID, "hostile"), limit=30
        )
        foundry_got = run(kind, foundry(server.url), lambda c: c.get_project(PROJECT_RID), limit=30)
    assert isinstance(got.value, MittwaldProject), repr(got.error)
    assert isinstance(servers.value, list), repr(servers.error)
    assert all(isinstance(s, Server) for s in servers.value)
    assert isinstance(created.value, MittwaldProject), repr(created.error)
    assert isinstance(foundry_got.value, FoundryProject), repr(foundry_got.error)


def test_the_guard_reports_a_hanging_call() -> None:
    release = threading.Event()
    outcome = bounded(lambda: release.wait(30), 0.2, on_hang=release.set)
    assert outcome.hung


def test_the_gzip_bomb_is_small_on_the_wire_and_huge_decoded() -> None:
    body = gzip_bomb(16)
    decoder = zlib.decompressobj(31)
    decoded = len(decoder.decompress(body))
    assert decoder.eof
    assert decoded == 16 << 20
    assert len(body) < 20_000
