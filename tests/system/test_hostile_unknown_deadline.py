"""An unknown create against its deadline (issue 20, point 2): settling it (lookups, a resend, the
adoption's reads) starts nothing after the deadline, never resends after it, and the call ends
within the deadline plus LAST_ATTEMPT_TIME.

The fake answers behind a loopback proxy (hostile.FakeProxy) that holds the create and the
lookups back, so the outcome turns unknown late and the lookup runs into the deadline."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from provisionkit import (
    AsyncFoundryClient,
    AsyncMittwaldClient,
    FoundryClient,
    MittwaldClient,
    ProvisionError,
)
from provisionkit.config import LAST_ATTEMPT_TIME
from provisionkit.fake import Fake

from tests.helpers import TOKEN, foundry_create_body
from tests.helpers.hostile import KINDS, FakeProxy, Request, run

TIMEOUT = 1.5
# Between the flow's deadline check and the transport starting the request: a loaded machine's
# scheduling; generous, and far below the lateness this test catches (0.4 s and more).
SLACK = 0.2
# Client construction and thread start, counted in the call's elapsed time.
LATENCY = 0.5


def held(seconds: dict[str, float]) -> Callable[[Request], float]:
    """How long the proxy holds each kind of request (matched by path fragment, first wins)."""

    def delay(request: Request) -> float:
        return next((v for k, v in seconds.items() if k in request.target), 0.0)

    return delay


SCENARIOS: dict[str, tuple[str, str, dict[str, float]]] = {
    # An applied mittwald create dropped late; the lookup finds it as the deadline passes, so the
    # adoption's first read would start after it.
    "mittwald-adopt-late": ("mittwald", "drop_after", {"/projects?": 0.8, "/v2/servers/": 1.1}),
    # Not applied, dropped late: the empty lookup cannot be confirmed in time (SETTLE).
    "mittwald-empty-late": ("mittwald", "drop_before", {"/projects?": 0.3, "/v2/servers/": 1.0}),
    # Foundry: not applied, dropped late; the lookup (listSpaces, getCurrent, getByPath) ends past
    # the deadline, so the resend that would follow must not start.
    "foundry-resend-late": (
        "foundry",
        "drop_before",
        {"/create": 0.9, "/spaces": 0.2, "getCurrent": 0.1, "getByPath": 0.5},
    ),
    # Foundry: applied and dropped late; adopting it reads it back after the lookup.
    "foundry-adopt-late": (
        "foundry",
        "drop_after",
        {"/create": 0.9, "/spaces": 0.2, "getCurrent": 0.1, "getByPath": 0.5},
    ),
}


@pytest.fixture
def fake(proxied_fake: Fake) -> Fake:
    return proxied_fake


def _op(fake: Fake, api: str) -> Callable[[Any], Any]:
    if api == "mittwald":
        server = fake.fixtures.mittwald_server
        return lambda c: c.create_project(server, "Late", wait=True, timeout=TIMEOUT)
    body = foundry_create_body(fake)
    return lambda c: c.create_project(
        "Late", body["spaceRid"], role_grants=body["roleGrants"], wait=True, timeout=TIMEOUT
    )


class Stamped(httpx.HTTPTransport):
    """A real socket transport noting when each request starts, on the client's side (the
    proxy's arrival times add a loaded machine's scheduling to the client's own)."""

    def __init__(self, starts: list[tuple[float, str]]) -> None:
        super().__init__()
        self.starts = starts

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.starts.append((time.monotonic(), f"{request.method} {request.url.path}"))
        return super().handle_request(request)


class AsyncStamped(httpx.AsyncHTTPTransport):
    def __init__(self, starts: list[tuple[float, str]]) -> None:
        super().__init__()
        self.starts = starts

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.starts.append((time.monotonic(), f"{request.method} {request.url.path}"))
        return await super().handle_async_request(request)


def _client(api: str, url: str, starts: list[tuple[float, str]]) -> Callable[[bool], Any]:
    def make(is_async: bool) -> Any:
        transport = AsyncStamped(starts) if is_async else Stamped(starts)
        if api == "mittwald":
            cls: Any = AsyncMittwaldClient if is_async else MittwaldClient
        else:
            cls = AsyncFoundryClient if is_async else FoundryClient
        return cls(TOKEN, base_url=url, transport=transport)

    return make


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_settling_an_unknown_create_starts_nothing_after_the_deadline(
    fake: Fake, kind: str, scenario: str
) -> None:
    api, fault, delays = SCENARIOS[scenario]
    create = _op(fake, api)
    began: list[float] = []
    starts: list[tuple[float, str]] = []

    def op(client: Any) -> Any:
        began.append(time.monotonic())  # the operation's deadline starts here, not the thread
        return create(client)

    with FakeProxy(fake, fault=fault, delay=held(delays)) as proxy:
        make = _client(api, proxy.server.url, starts)
        outcome = run(kind, make, op, limit=15.0, server=proxy.server)
        arrivals = list(proxy.arrivals)
    (started,) = began
    assert not outcome.hung
    late = [
        f"{what} at +{t - started:.2f} s" for t, what in starts if t - started > TIMEOUT + SLACK
    ]
    assert late == [], f"started after the {TIMEOUT} s deadline: {late}"
    posts = [r for _, r in arrivals if r.method == "POST"]
    assert len(posts) <= 2
    assert outcome.elapsed <= TIMEOUT + LAST_ATTEMPT_TIME + LATENCY, f"{outcome.elapsed:.2f} s"
    if outcome.error is not None:
        assert isinstance(outcome.error, ProvisionError), repr(outcome.error)
    made = (
        [p for p in fake.mittwald.projects.values() if p.body["description"] == "Late"]
        if api == "mittwald"
        else [p for p in fake.foundry.projects.values() if p["displayName"] == "Late"]
    )
    assert len(made) <= 1
