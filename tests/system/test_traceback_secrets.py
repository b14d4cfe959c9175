"""No token in a traceback formatted with its frames' locals, from any error path of either API.

Sentry, rich, structlog and `traceback.TracebackException(capture_locals=True)` print every local
of every frame a failure passed through (and of the failures it was raised from or during). The
promise: whatever path a call fails on (no connection, an API error, an answer outside the spec, a
create whose outcome is unknown, a request that cannot be built, a bad configuration), none of
those texts holds the token, and formatting them does not crash.

The calls run against real loopback sockets (tests/helpers/hostile.py). This module never holds the
token in a local of its own (it reads the module constant inline), since its own frames are part of
every traceback it formats.
"""

from __future__ import annotations

import asyncio
import inspect
import socket
import traceback
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest
from provisionkit import (
    AsyncFoundryClient,
    AsyncMittwaldClient,
    BadRequest,
    ConfigurationError,
    FoundryClient,
    MittwaldClient,
    OutcomeUnknown,
    Runtime,
    TransportError,
    Unauthorized,
    UnexpectedResponse,
)

from tests.helpers import hostile
from tests.helpers.hostile import (
    KINDS,
    PROJECT_ID,
    PROJECT_RID,
    SERVER_ID,
    Conn,
    Hostile,
    Request,
    bounded,
)

rich_traceback = pytest.importorskip("rich.traceback")

APIS = ["mittwald", "foundry"]
SPACE_RID = "ri.compass.main.folder.00000000-0000-0000-0000-000000000001"


class VirtualTime:
    """Retries sleep on a clock that only moves when slept on: a transport failure ends by its
    deadline at once, without a busy loop or real waiting."""

    def __init__(self) -> None:
        self.now = 0.0

    def sleep(self, seconds: float) -> None:
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)

    def runtime(self) -> Runtime:
        return Runtime(
            clock=lambda: self.now,
            sleep=self.sleep,
            async_sleep=self.async_sleep,
            rand=lambda: 0.5,
        )


def client(api: str, is_async: bool, url: str, **options: Any) -> Any:
    """A client on `url`. The token is read from the module inline, never bound to a local."""
    if api == "mittwald":
        cls: Any = AsyncMittwaldClient if is_async else MittwaldClient
    else:
        cls = AsyncFoundryClient if is_async else FoundryClient
    return cls(hostile.TOKEN, base_url=url, runtime=VirtualTime().runtime(), **options)


def call(kind: str, api: str, url: str, op: Callable[[Any], Any]) -> BaseException | None:
    """Run `op` on a fresh client, sync or async, bounded; the error it ended with."""

    def sync_call() -> Any:
        with client(api, False, url) as c:
            return op(c)

    async def main() -> Any:
        async with client(api, True, url) as c:
            result = op(c)
            return await result if inspect.isawaitable(result) else result

    outcome = bounded(sync_call if kind == "sync" else lambda: asyncio.run(main()), 30.0)
    assert not outcome.hung
    return outcome.error


def chain(error: BaseException) -> Iterator[BaseException]:
    """The error and every error it was raised from or during, suppressed or not."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [error]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [current.__cause__, current.__context__]


def walk(value: Any, depth: int = 0) -> Iterator[str]:
    """What an error tracker serializes of a local: into mappings and sequences (keys too), and
    the repr of anything else (Sentry's serializer does this, with a smaller depth)."""
    if depth > 8:
        return
    if isinstance(value, Mapping):
        for key, item in list(value.items()):
            yield from walk(key, depth + 1)
            yield from walk(item, depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in list(value):
            yield from walk(item, depth + 1)
    else:
        yield repr(value)


def formatted(error: BaseException) -> dict[str, str]:
    """The error's traceback as each kind of tool prints it, locals included."""
    stdlib = "".join(
        traceback.TracebackException(
            type(error), error, error.__traceback__, capture_locals=True
        ).format()
    )
    # What rich prints for each frame's locals (its extraction, without the slow code rendering).
    trace = rich_traceback.Traceback.extract(
        type(error),
        error,
        error.__traceback__,
        show_locals=True,
        locals_max_length=1000,
        locals_max_string=1000,
    )
    rich = [
        node.render(max_width=200)
        for stack in trace.stacks
        for frame in stack.frames
        for node in (frame.locals or {}).values()
    ]
    tracker = []
    for each in chain(error):
        for frame, _ in traceback.walk_tb(each.__traceback__):
            tracker += walk(dict(frame.f_locals))
    return {"traceback": stdlib, "rich": "\n".join(rich), "tracker": "\n".join(tracker)}


def assert_no_token(error: BaseException | None, expected: type[BaseException]) -> None:
    """Formatting does not crash, and no tool's text holds the token."""
    assert isinstance(error, expected), repr(error)
    for tool, text in formatted(error).items():
        assert hostile.TOKEN not in text, f"{tool} shows the token"


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def read(api: str) -> Callable[[Any], Any]:
    if api == "mittwald":
        return lambda c: c.get_project(PROJECT_ID, timeout=5.0)
    return lambda c: c.get_project(PROJECT_RID, timeout=5.0)


def create(api: str, name: str = "shop") -> Callable[[Any], Any]:
    def unsure(unknown: OutcomeUnknown) -> None:
        return None  # the caller's hook cannot tell either: the OutcomeUnknown is raised

    if api == "mittwald":
        return lambda c: c.create_project(
            SERVER_ID, name, wait=False, timeout=5.0, reconcile=unsure
        )
    return lambda c: c.create_project(name, SPACE_RID, timeout=5.0, reconcile=unsure)


def unauthorized(request: Request, conn: Conn) -> None:
    if request.path.startswith("/v2/"):
        conn.respond(401, {"type": "Unauthorized", "message": "bad token"})
    else:
        conn.respond(
            401,
            {
                "errorCode": "UNAUTHORIZED",
                "errorName": "Default:Unauthorized",
                "errorInstanceId": "i-1",
                "parameters": {},
            },
        )


def html(request: Request, conn: Conn) -> None:
    conn.respond(200, "<html>hello</html>", content_type="text/html")


def drop(request: Request, conn: Conn) -> None:
    conn.reset()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("api", APIS)
def test_a_transport_failure_shows_no_token(kind: str, api: str) -> None:
    assert_no_token(call(kind, api, closed_port_url(), read(api)), TransportError)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("api", APIS)
def test_an_api_error_shows_no_token(kind: str, api: str) -> None:
    with Hostile(unauthorized) as server:
        assert_no_token(call(kind, api, server.url, read(api)), Unauthorized)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("api", APIS)
def test_an_answer_outside_the_spec_shows_no_token(kind: str, api: str) -> None:
    with Hostile(html) as server:
        assert_no_token(call(kind, api, server.url, read(api)), UnexpectedResponse)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("api", APIS)
def test_an_unknown_outcome_shows_no_token(kind: str, api: str) -> None:
    with Hostile(drop) as server:
        assert_no_token(call(kind, api, server.url, create(api)), OutcomeUnknown)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("api", APIS)
def test_a_request_that_cannot_be_built_shows_no_token(kind: str, api: str) -> None:
    """A lone surrogate cannot go into a JSON body: refused as BadRequest before sending."""
    with Hostile(html) as server:
        error = call(kind, api, server.url, create(api, name="shop\udc80"))
        assert_no_token(error, BadRequest)
        assert not server.requests


def stall(request: Request, conn: Conn) -> None:
    conn.pause(5.0)  # wakes at once when the server closes


@pytest.mark.parametrize("api", APIS)
def test_a_call_cancelled_mid_exchange_shows_no_token(api: str) -> None:
    """The caller's own `asyncio.wait_for` cancels the call while the request is on the wire:
    the TimeoutError and the CancelledError inside it pass through httpx's and httpcore's frames."""

    async def main() -> None:
        async with client(api, True, url) as c:
            await asyncio.wait_for(read(api)(c), 0.2)

    with Hostile(stall) as server:
        url = server.url
        outcome = bounded(lambda: asyncio.run(main()), 30.0)
    assert not outcome.hung
    assert_no_token(outcome.error, TimeoutError)


@pytest.mark.parametrize("api", APIS)
def test_a_read_timeout_shows_no_token(api: str) -> None:
    with Hostile(stall) as server:
        url = server.url

        def sync_call() -> Any:
            with client(api, False, url, request_timeout=0.1) as c:
                return read(api)(c)

        outcome = bounded(sync_call, 30.0)
    assert not outcome.hung
    assert_no_token(outcome.error, TransportError)


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("api", APIS)
@pytest.mark.parametrize(
    "base_url",
    [
        pytest.param("https://user:pass@example.com", id="userinfo"),
        pytest.param("http://example.com", id="plain-http"),
        pytest.param("ftp://example.com", id="scheme"),
    ],
)
def test_a_configuration_error_shows_no_token(is_async: bool, api: str, base_url: str) -> None:
    with pytest.raises(ConfigurationError) as raised:
        client(api, is_async, base_url)
    assert_no_token(raised.value, ConfigurationError)


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("api", APIS)
def test_a_refused_token_shows_no_token(is_async: bool, api: str) -> None:
    """A token with a space is refused; the refused token shows nowhere either, and the half-built
    client (a local of the constructor's frame) formats without crashing."""
    cls: Any = {
        ("mittwald", False): MittwaldClient,
        ("mittwald", True): AsyncMittwaldClient,
        ("foundry", False): FoundryClient,
        ("foundry", True): AsyncFoundryClient,
    }[(api, is_async)]
    with pytest.raises(ConfigurationError) as raised:
        cls(hostile.TOKEN + " x", base_url="https://example.com")
    assert_no_token(raised.value, ConfigurationError)


@pytest.mark.parametrize("api", APIS)
def test_from_env_with_a_bad_base_url_shows_no_token(
    api: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    prefix = {"mittwald": "MITTWALD", "foundry": "FOUNDRY"}[api]
    monkeypatch.setenv(
        {"mittwald": "MITTWALD_API_TOKEN", "foundry": "FOUNDRY_TOKEN"}[api], hostile.TOKEN
    )
    monkeypatch.setenv(f"{prefix}_BASE_URL", "https://user:pass@example.com")
    cls: Any = MittwaldClient if api == "mittwald" else FoundryClient
    with pytest.raises(ConfigurationError) as raised:
        cls.from_env()
    assert_no_token(raised.value, ConfigurationError)


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize(
    ("api", "suffix", "base_url"),
    [
        pytest.param(api, "", "https://user:pass@example.com", id=f"{api}-bad-base-url")
        for api in APIS
    ]
    + [pytest.param(api, " x", "https://example.com", id=f"{api}-refused-token") for api in APIS]
    # Only Foundry needs a host: mittwald has a default base URL.
    + [pytest.param("foundry", "", None, id="foundry-no-host")],
)
def test_from_env_given_a_mapping_shows_no_token(
    is_async: bool, api: str, suffix: str, base_url: str | None
) -> None:
    """The caller's mapping holds the token; no frame from_env's failure passes through keeps it
    (from_env's own `env` included)."""
    cls: Any = {
        ("mittwald", False): MittwaldClient,
        ("mittwald", True): AsyncMittwaldClient,
        ("foundry", False): FoundryClient,
        ("foundry", True): AsyncFoundryClient,
    }[(api, is_async)]
    prefix = {"mittwald": "MITTWALD", "foundry": "FOUNDRY"}[api]
    urls = {} if base_url is None else {f"{prefix}_BASE_URL": base_url}
    with pytest.raises(ConfigurationError) as raised:
        cls.from_env(env={cls.token_variable: hostile.TOKEN + suffix, **urls})
    assert_no_token(raised.value, ConfigurationError)
