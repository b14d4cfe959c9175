"""Operations as generators of effects, and the two drivers that carry them out.

An operation (send with retries, create, wait until ready) is a generator that yields `Send`,
`Sleep`, `Ask` and `Note` effects and gets back what they produced. A `Send` holds a frozen `Call`, a
request described as data (the way h11's protocol core never touches a socket), so the flows never
hold an httpx client. `SyncDriver` and `AsyncDriver` own the client and are the only places that
send or sleep; sync and async clients therefore share every decision (the way httpx shares its
auth flows between `Client` and `AsyncClient`). A failure the driver meets before a request leaves
(a URL that cannot be built, a closed client) is thrown into the flow as a typed error, so the flow
can still say what it had done before (e.g. that a project was already created). A driver tells
a `Watch` (observing.py) what each operation did, when the runtime has a hook or a tracer is set:
the operation's name is its flow's (a generator is named after its function, and a flow is
named after the public method that runs it: see `named`).

It is over 300 lines because the two drivers' exchanges (a deadline that no server can stretch, a
streamed body under a size limit) have to be spelled out once per kind of I/O, and belong side by
side so a reader can check they keep the same promises.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import os
import random
import time
from collections.abc import Awaitable, Callable, Generator, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx

from .errors import BadRequest, ConfigurationError, ProvisionError
from .events import Hook
from .observing import Watch, watch
from .responses import Answer, BodyReader
from .schedule import PollSchedule
from .streams import DEADLINE_PASSED, IO_DEADLINE, guard_transport
from .waiting import Backoff

__all__ = [
    "Ask",
    "AsyncDriver",
    "Call",
    "Clock",
    "Flow",
    "Note",
    "Runtime",
    "Send",
    "Sleep",
    "SyncDriver",
    "TransportFailure",
    "named",
]

T = TypeVar("T")
Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class Call:
    """One HTTP request as data: which API and operation, and what to send (relative URL)."""

    api: str
    operation: str
    method: str
    url: str
    params: Mapping[str, Any] | None = None
    headers: Mapping[str, str] | None = None
    json: Any = None

    @classmethod
    def of(cls, api: str, operation: str, kwargs: Mapping[str, Any]) -> Call:
        """From the request arguments a generated endpoint's `_get_kwargs` returns."""
        headers = kwargs.get("headers")
        if headers and "json" in kwargs and headers.get("Content-Type") == "application/json":
            # httpx sets this very header for a `json=` body itself; passing it again makes httpx
            # merge a headers argument into every request (about 5 µs per create; RESULTS.md 1b).
            headers = {k: v for k, v in headers.items() if k != "Content-Type"} or None
        return cls(
            api,
            operation,
            kwargs["method"],
            kwargs["url"],
            kwargs.get("params"),
            headers,
            kwargs.get("json"),
        )

    def arguments(self) -> dict[str, Any]:
        """`httpx.Client.build_request` arguments (empty params are left out: httpx rebuilds the
        URL for any params argument, a measured share of each call; benchmarks table 1b)."""
        arguments: dict[str, Any] = {"method": self.method, "url": self.url}
        if self.params:
            arguments["params"] = self.params
        if self.headers:
            arguments["headers"] = self.headers
        if self.json is not None:
            arguments["json"] = self.json
        return arguments


@dataclass(frozen=True, slots=True)
class Send:
    """Send `call`, no phase of it taking longer than `limit` seconds; the driver answers with an
    `responses.Answer` (the body read) or a `TransportFailure`."""

    call: Call
    limit: float


@dataclass(frozen=True, slots=True)
class Sleep:
    """Pause for `seconds`; the driver answers None."""

    seconds: float


@dataclass(frozen=True, slots=True)
class Ask:
    """Call a function the caller gave us (a reconcile hint) with `argument`; the driver answers
    with its result. The async driver also accepts a coroutine function and awaits it."""

    function: Callable[[Any], Any]
    argument: Any


@dataclass(frozen=True, slots=True)
class Note:
    """Tell whoever watches the operation what the flow saw (a retry, a readiness poll); the driver
    answers None, and does nothing with it when nobody watches. `event(api, operation)` builds
    the observing.py event: the flow knows neither the client's API nor the public method."""

    event: Callable[[str, str], Any]


@dataclass(frozen=True, slots=True)
class TransportFailure:
    """A request that got no response. `sent` is False only when it provably never left."""

    error: httpx.HTTPError
    sent: bool

    def describe(self) -> str:
        return (
            f"{type(self.error).__name__}: {self.error}"
            if str(self.error)
            else type(self.error).__name__
        )


Flow = Generator[Send | Sleep | Ask | Note, Any, T]

# Failures before any byte of the request reached the server: retrying cannot duplicate anything.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


@dataclass(slots=True)
class Runtime:
    """The injectable parts of time: a monotonic clock, a sleep, a source of jitter, the backoff
    that spaces retries (waiting.py) and the schedule that spaces readiness polls (schedule.py).
    `wall` is this machine's calendar clock (seconds since the epoch): only reconciliation reads
    it, as one of two witnesses of when a create left (reconciling.py). `on_event` receives what
    each operation did (observing.py's events)."""

    clock: Clock = time.monotonic
    wall: Clock = time.time
    sleep: Callable[[float], None] = time.sleep
    async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    rand: Callable[[], float] = field(default_factory=lambda: random.Random().random)  # noqa: S311 - jitter, not secrecy
    backoff: Backoff = field(default_factory=Backoff)
    poll_schedule: PollSchedule = field(default_factory=PollSchedule)
    on_event: Hook | None = None


def named(flow: Flow[T], name: str) -> Flow[T]:
    """`flow`, named `name`. A flow is an operation's generator, named after its function, and
    that name is the operation's in its events and span (observing.py); a generic flow takes the
    name of the public method it runs this way (table_flows.py)."""
    flow.__name__ = name  # type: ignore[attr-defined]
    return flow


def _build(http: httpx.Client | httpx.AsyncClient, base: str, send: Send) -> httpx.Request:
    """The httpx request for a `Send` (its URL joined to `base`, the client's base URL with one
    trailing slash), every timeout phase capped at its limit.

    The request is built the way httpx's `build_request` builds it (tests/unit/test_request_building
    checks they agree), minus the work that is the same for every call of one client: the URL is
    joined to the base here and handed to httpx already absolute (build_request parses the relative
    URL, then the joined one), the timeouts go in as the request's extension (no `Timeout` to build
    and then cap), and the client's headers are merged only when the call has headers of its own.
    Together that is about a quarter of what httpx spends per request (benchmarks/RESULTS.md, 1b).
    A client holding cookies (a load balancer's, say) or query parameters still goes through
    build_request, which merges them in.
    """
    call = send.call
    if http.is_closed:
        raise ConfigurationError(
            f"{call.api}: {call.operation} on a closed client; create a new client "
            "(or keep using it inside its `with` block)."
        )
    limit = send.limit
    configured = http.timeout
    timeout = {
        "connect": _capped(configured.connect, limit),
        "read": _capped(configured.read, limit),
        "write": _capped(configured.write, limit),
        "pool": _capped(configured.pool, limit),
    }
    try:
        url = _absolute(base + call.url.lstrip("/"))
        # Empty params and headers go as None: httpx rebuilds the URL for any params argument and
        # merges any headers argument.
        if http.cookies or http.params:
            return http.build_request(
                call.method,
                url,
                params=call.params or None,
                headers=call.headers or None,
                json=call.json,
                extensions={"timeout": timeout},
            )
        headers = http.headers
        if call.headers:
            headers = headers.copy()
            headers.update(call.headers)
        return httpx.Request(
            call.method,
            url,
            params=call.params or None,
            headers=headers,
            json=call.json,
            extensions={"timeout": timeout},
        )
    except (httpx.InvalidURL, ValueError) as error:
        # e.g. an argument so long the URL cannot be built, or a lone surrogate that no JSON body
        # can carry (UnicodeEncodeError); the server would refuse it too.
        raise BadRequest(
            api=call.api,
            operation=call.operation,
            status=400,
            detail=f"the request cannot be built ({error}); nothing was sent",
        ) from None


@functools.lru_cache(maxsize=256)
def _absolute(url: str) -> httpx.URL:
    """The parsed URL, remembered: every poll of a wait, and every create on one server, sends the
    same URL again, and httpx parses and checks a URL character by character (about 17 µs, the
    largest single step left of building a request). httpx.URL is immutable, so one object can go
    out with many requests; a URL that does not parse raises and is not remembered."""
    return httpx.URL(url)


def _base(http: httpx.Client | httpx.AsyncClient) -> str:
    return str(http.base_url).rstrip("/") + "/"


def _capped(configured: float | None, limit: float) -> float:
    return limit if configured is None or configured > limit else configured


def _unsent(error: httpx.HTTPError) -> TransportFailure:
    return TransportFailure(error, sent=not isinstance(error, _NOT_SENT))


def _sync_only(answer: Any) -> ConfigurationError:
    # An un-awaited coroutine warns when collected (and warnings are errors in tests): close it.
    close = getattr(answer, "close", None)
    if callable(close):
        close()
    return ConfigurationError(
        "reconcile must be a plain function for a sync client; "
        "a coroutine function needs the async client."
    )


class SyncDriver:
    """Owns a blocking httpx client and carries out flows with it.

    Every exchange ends by its `Send.limit`: the client's sockets get only the time left
    (streams.py), and the body is read in chunks through a `BodyReader` (size limit).

    Used in a child process after `os.fork` (gunicorn's preload, multiprocessing's fork start),
    it opens a fresh httpx client there first: pooled connections copied from the parent are the
    parent's sockets, and two processes reading one socket take each other's answers. The copies
    are closed in the child only (a close, never a shutdown, leaves the parent's socket alone).

    A flow interrupted by anything but its own errors (KeyboardInterrupt, a signal handler's
    exception, a cancelled task in the async twin) is closed at once, so it can note what it had
    sent (reconciling.Unresolved) before the interruption reaches the caller."""

    def __init__(
        self,
        http: httpx.Client,
        runtime: Runtime,
        *,
        max_response_bytes: int,
        reopen: Callable[[], httpx.Client] | None = None,
        api: str = "provisionkit",
    ) -> None:
        self.http = http
        self._base = _base(http)
        self._runtime = runtime
        self._limit = max_response_bytes
        self._reopen = reopen
        self._api = api
        self._pid = os.getpid()
        guard_transport(http)

    def run(self, flow: Flow[T]) -> T:
        self._follow_fork()
        watching = watch(self._api, flow, self._runtime.on_event, self._runtime.clock)
        try:
            if watching is None:
                return self._drive(flow, None)
            with watching:
                return watching.done(self._drive(flow, watching))
        except BaseException:
            flow.close()
            raise

    def _drive(self, flow: Flow[T], watching: Watch | None) -> T:
        answer: Any = None
        error: ProvisionError | None = None
        while True:
            try:
                effect = flow.send(answer) if error is None else flow.throw(error)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            answer, error = None, None
            if isinstance(effect, Send):
                try:
                    answer = self._exchange(effect, watching)
                except ProvisionError as refused:
                    error = refused
                except httpx.HTTPError as failure:
                    answer = _unsent(failure)
                if watching is not None:
                    watching.answered(answer, error)
            elif isinstance(effect, Sleep):
                self._runtime.sleep(effect.seconds)
            elif isinstance(effect, Note):
                if watching is not None:
                    watching.note(effect)
            else:
                answer = effect.function(effect.argument)
                if inspect.isawaitable(answer):
                    answer, error = None, _sync_only(answer)

    def _follow_fork(self) -> None:
        if self._pid == os.getpid():
            return
        self._pid = os.getpid()
        if self._reopen is None or self.http.is_closed:
            return
        inherited, self.http = self.http, self._reopen()
        guard_transport(self.http)
        inherited.close()

    def _exchange(self, send: Send, watching: Watch | None) -> Answer:
        request = _build(self.http, self._base, send)
        if watching is not None:
            watching.sent(send.call, request.url)
        # Real time, like httpx's own timeouts: a test's simulated clock does not move during I/O.
        end = time.monotonic() + send.limit
        token = IO_DEADLINE.set(end)
        try:
            response = self.http.send(request, stream=True)
            try:
                reader = BodyReader(send.call.api, send.call.operation, response, self._limit)
                return reader.read(_until(end, request, response.iter_raw()))
            finally:
                response.close()
        finally:
            IO_DEADLINE.reset(token)

    def close(self) -> None:
        self.http.close()


def _until(end: float, request: httpx.Request, chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The chunks, cut off at `end` (a caller's own transport has no guarded sockets)."""
    for chunk in chunks:
        if time.monotonic() > end:
            raise httpx.ReadTimeout(DEADLINE_PASSED, request=request)
        yield chunk


class AsyncDriver:
    """Owns an async httpx client and carries out flows with it.

    Every exchange is cancelled at its `Send.limit`, and its body read through a `BodyReader`.
    Used from another event loop than before (each call in its own `asyncio.run`), it opens a
    fresh httpx client there: pooled connections belong to the loop that opened them and can be
    neither used nor closed from another one."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        runtime: Runtime,
        *,
        max_response_bytes: int,
        reopen: Callable[[], httpx.AsyncClient],
        api: str = "provisionkit",
    ) -> None:
        self.http = http
        self._base = _base(http)  # a reopened client has the same base URL
        self._runtime = runtime
        self._limit = max_response_bytes
        self._reopen = reopen
        self._api = api
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pid = os.getpid()

    async def run(self, flow: Flow[T]) -> T:
        self._follow_loop()
        watching = watch(self._api, flow, self._runtime.on_event, self._runtime.clock)
        try:
            if watching is None:
                return await self._drive(flow, None)
            with watching:
                return watching.done(await self._drive(flow, watching))
        except BaseException:
            flow.close()  # see SyncDriver: a cancelled flow notes what it had sent
            raise

    async def _drive(self, flow: Flow[T], watching: Watch | None) -> T:
        answer: Any = None
        error: ProvisionError | None = None
        while True:
            try:
                effect = flow.send(answer) if error is None else flow.throw(error)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            answer, error = None, None
            if isinstance(effect, Send):
                try:
                    answer = await self._exchange(effect, watching)
                except ProvisionError as refused:
                    error = refused
                except httpx.HTTPError as failure:
                    answer = _unsent(failure)
                if watching is not None:
                    watching.answered(answer, error)
            elif isinstance(effect, Sleep):
                await self._runtime.async_sleep(effect.seconds)
            elif isinstance(effect, Note):
                if watching is not None:
                    watching.note(effect)
            else:
                answer = effect.function(effect.argument)
                if inspect.isawaitable(answer):
                    answer = await answer

    async def _exchange(self, send: Send, watching: Watch | None) -> Answer:
        request = _build(self.http, self._base, send)
        if watching is not None:
            watching.sent(send.call, request.url)
        try:
            async with asyncio.timeout(send.limit):
                response = await self.http.send(request, stream=True)
                try:
                    reader = BodyReader(send.call.api, send.call.operation, response, self._limit)
                    answer = reader.taken()
                    if answer is None:
                        async for chunk in response.aiter_raw():
                            reader.feed(chunk)
                        answer = reader.answer()
                    return answer
                finally:
                    await response.aclose()
        except TimeoutError:
            raise httpx.ReadTimeout(DEADLINE_PASSED, request=request) from None

    def _follow_loop(self) -> None:
        loop = asyncio.get_running_loop()
        forked = self._pid != os.getpid()
        if (
            forked or (self._loop is not None and self._loop is not loop)
        ) and not self.http.is_closed:
            self.http = self._reopen()  # another loop's (or process's) connections: left alone
        self._loop, self._pid = loop, os.getpid()

    async def close(self) -> None:
        self._follow_loop()
        await self.http.aclose()
