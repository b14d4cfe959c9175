"""What `mock_provisionkit()` switches while any mock is active: thrown when the first one is
entered, put back when the last one exits (mocks nest; the innermost answers).

- A client built inside gets the fake's transport and instant time (`ClientBase._configure`, the
  one constructor step every client goes through, `from_env()` included).
- httpx's network transports (`HTTPTransport`, `AsyncHTTPTransport`: what every httpx client
  dials with, so also a client built before the mock, or one given a transport of its own that
  dials) hand a provisionkit client's request to the fake and refuse any other request at once
  with `UnmockedRequest`, unless its host was allowed.
- The variables `from_env()` reads are the fake's (a test token, the fake's Foundry hostname, no
  base URL), so a developer's real token in the environment is never read.

A provisionkit client is recognised by its User-Agent, which every client sends (config.py). Other
HTTP libraries (requests, urllib) are not watched: only httpx, which provisionkit uses.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable
from typing import Any, Protocol

import httpx

from provisionkit.clientbase import ClientBase, SyncClient
from provisionkit.config import USER_AGENT

from .harness import FAKE_HOSTNAME, TOKEN, ProvisionkitFake

__all__ = ["ALLOW_HINT", "MOCK_ENV", "SWITCH", "Active", "UnmockedRequest"]

# What from_env() reads, as the fake wants it while a mock is active (None: unset).
MOCK_ENV: dict[str, str | None] = {
    "MITTWALD_API_TOKEN": TOKEN,
    "MITTWALD_BASE_URL": None,
    "FOUNDRY_TOKEN": TOKEN,
    "FOUNDRY_HOSTNAME": FAKE_HOSTNAME,
    "FOUNDRY_BASE_URL": None,
}
ALLOW_HINT = (
    "To let a host through, pass mock_provisionkit(allow_hosts=[...]) or mark the test "
    "@pytest.mark.provisionkit(allow_hosts=[...])."
)


class UnmockedRequest(AssertionError):
    """Raised when a request inside mock_provisionkit() (or provisionkit's pytest fixtures) would
    have left for a real host. An assertion, not a ProvisionError: a test harness's verdict that
    service code catching provisionkit's errors must not swallow."""


class Active(Protocol):
    """An active mock, as the switches see it."""

    allow_hosts: frozenset[str]

    @property
    def fake(self) -> ProvisionkitFake: ...


def _is_provisionkit(request: httpx.Request) -> bool:
    agent: str | None = request.headers.get("user-agent")
    return agent == USER_AGENT


def _refuse(mock: Active, request: httpx.Request) -> UnmockedRequest:
    url = request.url
    # Neither query nor headers: either may hold a credential.
    seen = f"{request.method} {url.scheme}://{url.netloc.decode('ascii', 'replace')}{url.path}"
    mock.fake.unmocked.append(seen)
    return UnmockedRequest(
        f"{seen} was not mocked: while mock_provisionkit() or provisionkit's pytest fixtures are "
        "active, provisionkit's clients are answered by the in-process fake and no other request "
        f"leaves through httpx. {ALLOW_HINT}"
    )


class _Switch:
    """The active mocks, innermost last, and the patches they share while any is active."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._active: list[Active] = []
        self._undo: list[Callable[[], None]] = []

    def top(self) -> Active | None:
        active = self._active
        return active[-1] if active else None

    def push(self, mock: Active) -> None:
        with self._lock:
            if not self._active:
                self._install()
            self._active.append(mock)

    def pop(self, mock: Active) -> None:
        with self._lock:
            self._active.remove(mock)
            if not self._active:
                while self._undo:
                    self._undo.pop()()

    def _install(self) -> None:
        self._patch(ClientBase, "_configure", _configure)
        self._patch(httpx.HTTPTransport, "handle_request", _handle_request)
        self._patch(httpx.AsyncHTTPTransport, "handle_async_request", _handle_async_request)
        for name, value in MOCK_ENV.items():
            before = os.environ.get(name)
            self._undo.append(functools.partial(_set_env, name, before))
            _set_env(name, value)

    def _patch(self, owner: type, name: str, replace: Callable[..., Any]) -> None:
        original = owner.__dict__[name]
        _ORIGINALS[owner, name] = original
        setattr(owner, name, replace)
        self._undo.append(functools.partial(setattr, owner, name, original))


def _set_env(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


SWITCH = _Switch()
_ORIGINALS: dict[tuple[type, str], Any] = {}


def _configure(client: ClientBase[Any], token: str, **settings: Any) -> None:
    mock = SWITCH.top()
    if mock is not None:
        harness = mock.fake
        if settings.get("transport") is None:
            sync = isinstance(client, SyncClient)
            settings["transport"] = harness.sync_transport() if sync else harness.async_transport()
        if settings.get("runtime") is None:
            settings["runtime"] = harness.runtime
    _ORIGINALS[ClientBase, "_configure"](client, token, **settings)


def _handle_request(transport: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
    mock = SWITCH.top()
    if mock is not None:
        if _is_provisionkit(request):
            return mock.fake.answer(request)
        if request.url.host.lower() not in mock.allow_hosts:
            raise _refuse(mock, request)
    response: httpx.Response = _ORIGINALS[httpx.HTTPTransport, "handle_request"](transport, request)
    return response


async def _handle_async_request(
    transport: httpx.AsyncHTTPTransport, request: httpx.Request
) -> httpx.Response:
    mock = SWITCH.top()
    if mock is not None:
        if _is_provisionkit(request):
            return await mock.fake.answer_async(request)
        if request.url.host.lower() not in mock.allow_hosts:
            raise _refuse(mock, request)
    response: httpx.Response = await _ORIGINALS[httpx.AsyncHTTPTransport, "handle_async_request"](
        transport, request
    )
    return response
