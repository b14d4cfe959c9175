"""Hostile bodies: memory stays bounded (compression bomb, endless body), every unreadable answer
is a typed error, an error's text is cut while its raw body is kept, and an ambiguous create is
`OutcomeUnknown`, never a refusal the caller would retry into a duplicate.

Real loopback sockets, sync and async, each call under a hard guard (see tests/helpers/hostile.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from provisionkit import OutcomeUnknown, ProvisionError, UnexpectedResponse

from tests.helpers.hostile import (
    CREATE_PATH,
    FOUNDRY_CREATE_PATH,
    KINDS,
    PROJECT_ID,
    PROJECT_RID,
    SERVER_ID,
    SPACE_RID,
    Conn,
    Hostile,
    Request,
    foundry,
    foundry_project,
    gzip_bomb,
    mittwald,
    mittwald_project,
    run,
)

MIB = 1 << 20
MEMORY_BOUND = 64 * MIB


def bomb(request: Request, conn: Conn) -> None:
    """1 MB on the wire, 1 GiB once gunzipped."""
    body = gzip_bomb()
    headers = {
        "Content-Type": "application/json",
        "Content-Encoding": "gzip",
        "Content-Length": str(len(body)),
        "Connection": "close",
    }
    conn.send(conn.head(200, headers) + body)


def endless(request: Request, conn: Conn) -> None:
    """A chunked body that never ends, paced at about 8 MB/s so a regression cannot eat the box."""
    headers = {"Content-Type": "application/json", "Transfer-Encoding": "chunked"}
    chunk = b"%x\r\n%s\r\n" % (65536, b" " * 65536)
    if conn.send(conn.head(200, headers) + b"10000\r\n" + b"[" + b" " * 65535 + b"\r\n"):
        while conn.send(chunk) and conn.pause(0.008):
            pass


@pytest.mark.parametrize("kind", KINDS)
def test_a_gzip_bomb_is_cut_off_with_memory_bounded(kind: str) -> None:
    with Hostile(bomb) as server:
        outcome = run(
            kind,
            mittwald(server.url),
            lambda c: c.get_project(PROJECT_ID, timeout=20.0),
            limit=40.0,
            server=server,
            measure_memory=True,
        )
    assert not outcome.hung
    assert isinstance(outcome.error, ProvisionError), repr(outcome.error)
    assert outcome.peak_growth < MEMORY_BOUND, f"peak grew {outcome.peak_growth / MIB:.0f} MiB"


@pytest.mark.parametrize("kind", KINDS)
def test_an_endless_body_ends_typed_within_deadline_and_memory(kind: str) -> None:
    with Hostile(endless) as server:
        outcome = run(
            kind,
            mittwald(server.url),
            lambda c: c.get_project(PROJECT_ID, timeout=3.0),
            limit=8.0,
            server=server,
            measure_memory=True,
        )
    assert not outcome.hung, "still reading an endless body 5 s past its deadline"
    assert isinstance(outcome.error, ProvisionError), repr(outcome.error)
    assert outcome.elapsed <= 4.0
    assert outcome.peak_growth < MEMORY_BOUND, f"peak grew {outcome.peak_growth / MIB:.0f} MiB"


DEEP = b'{"id": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
DIGITS = b'{"id": ' + b"7" * 10_000 + b"}"
BODIES = [pytest.param(DEEP, id="deep"), pytest.param(DIGITS, id="10k-digits")]


class Creates:
    """A mittwald and Foundry API whose create is applied, then answered with `status`/`body`
    (or dropped by `answer`); gets answer with the same body. Counts applies."""

    def __init__(self, status: int, body: bytes, answer: Callable[..., None] | None = None) -> None:
        self.status, self.body, self.answer = status, body, answer
        self.server = Hostile(self.handle)

    def handle(self, request: Request, conn: Conn) -> None:
        if request.method == "POST" and request.path in (CREATE_PATH, FOUNDRY_CREATE_PATH):
            if request.path == FOUNDRY_CREATE_PATH and self.server.applied:
                # Display names are unique per space: Foundry refuses a second one.
                conn.respond(
                    409,
                    {
                        "errorCode": "CONFLICT",
                        "errorName": "ProjectNameAlreadyExists",
                        "errorInstanceId": PROJECT_ID,
                        "parameters": {},
                    },
                )
                return
            self.server.apply()
            if self.answer is not None:
                self.answer(self, conn)
                return
        conn.respond(self.status, self.body, {"etag": "1"})


def create(api: str) -> tuple[Callable[[str], Any], Callable[[Any], Any]]:
    if api == "mittwald":
        return mittwald, lambda c: c.create_project(SERVER_ID, "hostile", wait=False, timeout=10.0)
    return foundry, lambda c: c.create_project("Hostile", SPACE_RID, timeout=10.0)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("api", ["mittwald", "foundry"])
@pytest.mark.parametrize("body", BODIES)
def test_an_unreadable_successful_create_is_outcome_unknown(
    kind: str, api: str, body: bytes
) -> None:
    """The create was applied and answered 2xx, but the body cannot be decoded: OutcomeUnknown
    (the project most likely exists), never an untyped error and never a second create."""
    make, op = create(api)
    creates = Creates(201 if api == "mittwald" else 200, body)
    with creates.server as server:
        outcome = run(kind, make(server.url), op, limit=30.0, server=server)
    assert isinstance(outcome.error, OutcomeUnknown), repr(outcome.error)
    assert server.applied == 1


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("api", ["mittwald", "foundry"])
@pytest.mark.parametrize("body", BODIES)
def test_an_unreadable_get_is_a_typed_error(kind: str, api: str, body: bytes) -> None:
    make = mittwald if api == "mittwald" else foundry
    ident = PROJECT_ID if api == "mittwald" else PROJECT_RID
    creates = Creates(200, body)
    with creates.server as server:
        outcome = run(
            kind,
            make(server.url),
            lambda c: c.get_project(ident, timeout=10.0),
            limit=30.0,
            server=server,
        )
    assert isinstance(outcome.error, ProvisionError), repr(outcome.error)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("status", [200, 202, 204])
def test_an_unexpected_2xx_on_create_is_outcome_unknown(kind: str, status: int) -> None:
    """mittwald answers 201; any other 2xx may have created the project: OutcomeUnknown carrying
    the id when the body holds one, never a refusal the caller would retry into a duplicate."""
    body = b"" if status == 204 else b'{"id": "%s"}' % PROJECT_ID.encode()
    creates = Creates(status, body)
    with creates.server as server:
        outcome = run(kind, *_mw(server), limit=30.0, server=server)
    assert isinstance(outcome.error, OutcomeUnknown), repr(outcome.error)
    if status != 204:
        assert PROJECT_ID in repr(outcome.error.known)
    assert server.applied == 1


def _mw(server: Hostile) -> tuple[Callable[[bool], Any], Callable[[Any], Any]]:
    make, op = create("mittwald")
    return make(server.url), op


def reset(creates: Creates, conn: Conn) -> None:
    conn.reset()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("api", ["mittwald", "foundry"])
def test_a_reset_after_the_create_was_applied_never_duplicates(kind: str, api: str) -> None:
    """The server applied the create, then reset the connection: OutcomeUnknown, applied once."""
    make, op = create(api)
    creates = Creates(200, b"", answer=reset)
    with creates.server as server:
        outcome = run(kind, make(server.url), op, limit=30.0, server=server)
    assert isinstance(outcome.error, OutcomeUnknown), repr(outcome.error)
    assert server.applied == 1


def unavailable_once(creates: Creates, conn: Conn) -> None:
    """A gateway's 503 after the API behind it applied the create; later creates succeed."""
    if creates.server.applied == 1:
        conn.respond(503, b"<html>upstream busy</html>", content_type="text/html")
    else:
        body = {"id": PROJECT_ID} if creates.status == 201 else foundry_project()
        conn.respond(creates.status, body, {"etag": "1"})


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("api", ["mittwald", "foundry"])
def test_a_503_after_the_create_was_applied_is_outcome_unknown(kind: str, api: str) -> None:
    make, op = create(api)
    creates = Creates(201 if api == "mittwald" else 200, b"", answer=unavailable_once)
    with creates.server as server:
        outcome = run(kind, make(server.url), op, limit=30.0, server=server)
    assert isinstance(outcome.error, OutcomeUnknown), repr(outcome.error)
    assert server.applied == 1


HUGE = 11 * MIB
ERROR_BODIES = [
    pytest.param(
        "mittwald",
        403,
        b'{"type": "PermissionDenied", "message": "%s"}' % (b"m" * HUGE),
        "application/json",
        id="mw-403-message",
    ),
    pytest.param(
        "foundry",
        404,
        b'{"errorCode": "NOT_FOUND", "errorName": "ProjectNotFound", "errorInstanceId": "x", '
        b'"parameters": {"projectRid": "%s"}}' % (b"p" * HUGE),
        "application/json",
        id="fd-404-parameters",
    ),
    pytest.param("mittwald", 418, b"t" * HUGE, "text/plain", id="mw-418-text"),
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("api", "status", "body", "content_type"), ERROR_BODIES)
def test_an_11_mb_error_body_is_cut_in_text_and_kept_raw(
    kind: str, api: str, status: int, body: bytes, content_type: str
) -> None:
    def handle(request: Request, conn: Conn) -> None:
        conn.respond(status, body, content_type=content_type)

    make = mittwald if api == "mittwald" else foundry
    ident = PROJECT_ID if api == "mittwald" else PROJECT_RID
    with Hostile(handle) as server:
        outcome = run(
            kind,
            make(server.url),
            lambda c: c.get_project(ident, timeout=10.0),
            limit=30.0,
            server=server,
        )
    error = outcome.error
    assert isinstance(error, ProvisionError), repr(error)
    assert len(str(error)) < 10_000
    assert len(repr(error)) < 20_000
    raw = getattr(error, "body", None)
    assert raw is not None, "the raw body is not kept on the error"
    assert len(raw) == len(body)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("api", ["mittwald", "foundry"])
def test_a_lone_surrogate_in_an_argument_is_typed_and_nothing_is_sent(kind: str, api: str) -> None:
    """No JSON body can carry '\\udc80': a ProvisionError before sending, not UnicodeEncodeError."""
    if api == "mittwald":
        make: Callable[[str], Any] = mittwald
        op: Callable[[Any], Any] = lambda c: c.create_project(SERVER_ID, "shop\udc80", wait=False)  # noqa: E731
    else:
        make = foundry
        op = lambda c: c.create_project("Shop\udc80", SPACE_RID)  # noqa: E731
    with Hostile(lambda request, conn: conn.respond(500)) as server:
        outcome = run(kind, make(server.url), op, limit=30.0, server=server)
    assert isinstance(outcome.error, ProvisionError), repr(outcome.error)
    assert not server.requests


OTHER_ID = "0e9a7c2b-1111-4d3e-8f00-aaaaaaaaaaaa"


def someone_elses(request: Request, conn: Conn) -> None:
    """Create answered with our id; every read answers another project (a confused cache)."""
    if request.method == "POST":
        conn.respond(201, {"id": PROJECT_ID}, {"etag": "1"})
    else:
        conn.respond(200, {**mittwald_project(OTHER_ID), "shortId": "p-other1"})


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("operation", ["create-and-wait", "get"])
def test_a_read_answering_another_project_is_refused(kind: str, operation: str) -> None:
    """A poll (or get) whose answer is a different project is UnexpectedResponse, never that
    project; after a create the error still names the project that was created."""
    op: Callable[[Any], Any] = (
        (lambda c: c.create_project(SERVER_ID, "mine", wait=True, timeout=10.0))
        if operation == "create-and-wait"
        else (lambda c: c.get_project(PROJECT_ID, timeout=10.0))
    )
    with Hostile(someone_elses) as server:
        outcome = run(kind, mittwald(server.url), op, limit=30.0, server=server)
    assert isinstance(outcome.error, UnexpectedResponse), repr(outcome.error)
    if operation == "create-and-wait":
        assert outcome.error.created_id == PROJECT_ID
