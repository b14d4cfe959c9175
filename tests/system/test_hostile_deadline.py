"""Hostile servers against the deadline promise: an operation's `timeout=` is a total deadline that
nothing outlives (a trickling body, retries, polls, Retry-After), and retries spread over it.

Every call runs on real loopback sockets, sync and async, under a hard guard (hostile.bounded), so a
regression fails here instead of hanging CI. `elapsed <= timeout + SLACK` is a correctness bound
(the README's promise), not a speed goal; the guard is far more generous than the bound."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from typing import Any

import pytest
from provisionkit import (
    FoundryProject,
    MittwaldProject,
    ProvisionError,
    RateLimited,
    ServiceUnavailable,
)

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
    Outcome,
    Request,
    foundry,
    foundry_project,
    mittwald,
    mittwald_project,
    mittwald_server,
    run,
)

TIMEOUT = 2.0
# The deadline's promised slack: a request sent just before the deadline may take this long.
SLACK = 1.0
# How long the guard waits past the deadline before calling the call hung.
GUARD = 4.0


def trickle(request: Request, conn: Conn) -> None:
    """Valid headers at once, then the body one byte every 0.3 s (httpx's read timeout resets on
    every byte, so only a total deadline can end this)."""
    if request.method == "POST" and request.path == CREATE_PATH:
        conn.respond(201, {"id": PROJECT_ID}, {"etag": "1"})
        return
    conn.send(conn.head(200, {"Content-Type": "application/json", "Content-Length": "100000"}))
    while conn.send(b" ") and conn.pause(0.3):
        pass


def trickle_headers(request: Request, conn: Conn) -> None:
    """The status line and headers themselves one byte every 0.3 s."""
    for byte in conn.head(200, {"Content-Type": "application/json", "Content-Length": "2"}):
        if not (conn.send(bytes([byte])) and conn.pause(0.3)):
            return


OPERATIONS: list[Any] = [
    pytest.param(mittwald, lambda c: c.get_project(PROJECT_ID, timeout=TIMEOUT), id="mw-get"),
    pytest.param(
        mittwald,
        lambda c: c.create_project(SERVER_ID, "trickle", wait=True, timeout=TIMEOUT),
        id="mw-create-wait",
    ),
    pytest.param(mittwald, lambda c: c.wait_until_ready(PROJECT_ID, timeout=TIMEOUT), id="mw-wait"),
    pytest.param(mittwald, lambda c: c.list_servers(timeout=TIMEOUT), id="mw-list-servers"),
    pytest.param(foundry, lambda c: c.get_project(PROJECT_RID, timeout=TIMEOUT), id="fd-get"),
    pytest.param(
        foundry,
        lambda c: c.create_project("Trickle", SPACE_RID, timeout=TIMEOUT),
        id="fd-create",
    ),
]


def assert_deadline_kept(outcome: Outcome, timeout: float) -> None:
    assert not outcome.hung, f"still running {timeout + GUARD:.0f} s into a {timeout} s deadline"
    assert isinstance(outcome.error, ProvisionError), f"escaped: {outcome.error!r}"
    assert outcome.elapsed <= timeout + SLACK, f"{outcome.elapsed:.1f} s for a {timeout} s deadline"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("make", "op"), OPERATIONS)
def test_a_trickling_body_ends_at_the_deadline(
    kind: str, make: Callable[[str], Any], op: Callable[[Any], Any]
) -> None:
    """Headers then one byte at a time: the call still ends, typed, by its deadline."""
    with Hostile(trickle) as server:
        outcome = run(kind, make(server.url), op, limit=TIMEOUT + GUARD, server=server)
    assert_deadline_kept(outcome, TIMEOUT)


@pytest.mark.parametrize("kind", KINDS)
def test_trickling_headers_end_at_the_deadline(kind: str) -> None:
    with Hostile(trickle_headers) as server:
        outcome = run(
            kind,
            mittwald(server.url),
            lambda c: c.get_project(PROJECT_ID, timeout=TIMEOUT),
            limit=TIMEOUT + GUARD,
            server=server,
        )
    assert_deadline_kept(outcome, TIMEOUT)


class Outage:
    """A mittwald (or Foundry) API that restarts: after `trigger` it refuses connections for
    `seconds`, then answers normally again (create applied once, the project ready)."""

    def __init__(self, seconds: float, *, at_start: bool) -> None:
        self.seconds = seconds
        self.at_start = at_start
        self.server = Hostile(self.handle)
        if at_start:
            self.server.outage(seconds)

    def handle(self, request: Request, conn: Conn) -> None:
        if request.method == "POST" and request.path == CREATE_PATH:
            self.server.apply()
            conn.respond(201, {"id": PROJECT_ID}, {"etag": "1"})
            if not self.at_start:
                self.server.outage(self.seconds)  # the API restarts right after the create
        elif request.method == "POST" and request.path == FOUNDRY_CREATE_PATH:
            self.server.apply()
            conn.respond(200, foundry_project("Outage"))
        elif request.path.startswith("/v2/projects/"):
            conn.respond(200, mittwald_project())
        else:
            conn.respond(200, foundry_project("Outage"))


@pytest.mark.parametrize("kind", KINDS)
def test_create_and_wait_survives_a_3_s_restart(kind: str) -> None:
    """The API restarts for 3 s right after the create: create+wait with timeout=30 succeeds."""
    api = Outage(3.0, at_start=False)
    with api.server as server:
        outcome = run(
            kind,
            mittwald(server.url),
            lambda c: c.create_project(SERVER_ID, "hostile", wait=True, timeout=30.0),
            limit=45.0,
            server=server,
        )
    assert not outcome.hung
    assert outcome.error is None, repr(outcome.error)
    assert isinstance(outcome.value, MittwaldProject)
    assert outcome.value.is_ready
    assert server.applied == 1


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("api", ["mittwald", "foundry"])
def test_a_create_sent_during_a_3_s_outage_succeeds(kind: str, api: str) -> None:
    """Connection refused for 3 s, then back: a create (provably unsent until then) succeeds once."""
    outage = Outage(3.0, at_start=True)
    if api == "mittwald":
        make = mittwald(outage.server.url)
        op: Callable[[Any], Any] = lambda c: c.create_project(  # noqa: E731
            SERVER_ID, "hostile", wait=False, timeout=30.0
        )
    else:
        make = foundry(outage.server.url)
        op = lambda c: c.create_project("Outage", SPACE_RID, timeout=30.0)  # noqa: E731
    with outage.server as server:
        outcome = run(kind, make, op, limit=45.0, server=server)
    assert outcome.error is None, repr(outcome.error)
    assert isinstance(outcome.value, MittwaldProject | FoundryProject)
    assert server.applied == 1


def http_date(seconds_from_now: float) -> str:
    return email.utils.formatdate(time.time() + seconds_from_now, usegmt=True)


class Hinted:
    """Answers every request with `status` and the given headers `times` times, then 200."""

    def __init__(self, status: int, headers: Callable[[], dict[str, str]], times: int) -> None:
        self.status, self.headers, self.times = status, headers, times
        self.seen: list[float] = []
        self.server = Hostile(self.handle)

    def handle(self, request: Request, conn: Conn) -> None:
        self.seen.append(time.monotonic())
        if len(self.seen) <= self.times:
            conn.respond(self.status, b"", self.headers())
        elif request.path.startswith("/v2/"):
            conn.respond(200, mittwald_project())
        else:
            conn.respond(200, foundry_project())


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_as_an_http_date_is_honoured(kind: str, status: int) -> None:
    """`Retry-After: <date 3 s ahead>`: the retry comes no earlier than the date (1 s resolution)."""
    hinted = Hinted(status, lambda: {"Retry-After": http_date(3)}, times=1)
    with hinted.server as server:
        outcome = run(
            kind,
            mittwald(server.url),
            lambda c: c.get_project(PROJECT_ID, timeout=20.0),
            limit=30.0,
            server=server,
        )
    assert outcome.error is None, repr(outcome.error)
    assert len(hinted.seen) == 2
    assert hinted.seen[1] - hinted.seen[0] >= 1.9, "retried before the Retry-After date"


@pytest.mark.parametrize("kind", KINDS)
def test_retry_after_date_past_the_deadline_ends_the_call_at_once(kind: str) -> None:
    """Asked to come back in a minute with 5 s left: no retry, the typed 503 at once."""
    hinted = Hinted(503, lambda: {"Retry-After": http_date(60)}, times=99)
    with hinted.server as server:
        outcome = run(
            kind,
            mittwald(server.url),
            lambda c: c.get_project(PROJECT_ID, timeout=5.0),
            limit=15.0,
            server=server,
        )
    assert isinstance(outcome.error, ServiceUnavailable), repr(outcome.error)
    assert len(hinted.seen) == 1


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("operation", ["get", "create"])
def test_do_not_retry_on_429_is_obeyed(kind: str, operation: str) -> None:
    """Foundry's gateway says `QoS-Retry-Hint: do-not-retry`: one request, then RateLimited."""
    hinted = Hinted(429, lambda: {"QoS-Retry-Hint": "do-not-retry"}, times=99)
    op: Callable[[Any], Any] = (
        (lambda c: c.get_project(PROJECT_RID, timeout=10.0))
        if operation == "get"
        else (lambda c: c.create_project("Hinted", SPACE_RID, timeout=10.0))
    )
    with hinted.server as server:
        outcome = run(kind, foundry(server.url), op, limit=20.0, server=server)
    assert isinstance(outcome.error, RateLimited), repr(outcome.error)
    assert len(hinted.seen) == 1


def endless_pages(request: Request, conn: Conn) -> None:
    """Every page of list-servers full (1000 servers) and no total: pagination never ends."""
    page = [mittwald_server() for _ in range(1000)]
    conn.respond(200, page)


@pytest.mark.parametrize("kind", KINDS)
def test_endless_pages_end_at_the_deadline(kind: str) -> None:
    with Hostile(endless_pages) as server:
        outcome = run(
            kind,
            mittwald(server.url),
            lambda c: c.list_servers(timeout=TIMEOUT),
            limit=TIMEOUT + GUARD,
            server=server,
        )
    assert_deadline_kept(outcome, TIMEOUT)
