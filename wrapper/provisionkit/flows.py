"""Operations written once, as generators of effects, and two small drivers that carry them out.

An operation (send with retries, create, wait until ready) is a generator that yields `Send`,
`Sleep` and `Ask` effects and gets back what they produced. `run_sync` and `run_async` are the only places
that touch an httpx client or sleep, so sync and async clients share every decision (the way
httpx shares its auth flows between `Client` and `AsyncClient`).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import random
import time
from collections.abc import Awaitable, Callable, Generator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx

from .errors import BadRequest, ConfigurationError, OutcomeUnknown, TransportError
from .responses import retry_after_seconds
from .waiting import Backoff, retry_delay

__all__ = [
    "Ask",
    "Clock",
    "Flow",
    "OperationFlows",
    "Runtime",
    "Send",
    "Sleep",
    "TransportFailure",
    "run_async",
    "run_sync",
    "send_with_retries",
]

log = logging.getLogger("provisionkit")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Send:
    """Send this request; the driver answers with an `httpx.Response` or a `TransportFailure`."""

    request: httpx.Request


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


Flow = Generator[Send | Sleep | Ask, Any, T]
Clock = Callable[[], float]

# Failures before any byte of the request reached the server: retrying cannot duplicate anything.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


@dataclass(slots=True)
class Runtime:
    """The injectable parts of time: a monotonic clock, a sleep, a source of jitter, and the
    backoff that spaces retries and polls (see waiting.py)."""

    clock: Clock = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    rand: Callable[[], float] = field(default_factory=lambda: random.Random().random)  # noqa: S311 - jitter, not secrecy
    backoff: Backoff = field(default_factory=Backoff)


def run_sync(flow: Flow[T], http: httpx.Client, runtime: Runtime) -> T:
    """Carry out a flow with a blocking client."""
    answer: Any = None
    while True:
        try:
            effect = flow.send(answer)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]
        if isinstance(effect, Sleep):
            runtime.sleep(effect.seconds)
            answer = None
        elif isinstance(effect, Ask):
            answer = effect.function(effect.argument)
            if inspect.isawaitable(answer):
                _close(answer)
                raise ConfigurationError(
                    "reconcile must be a plain function for a sync client; "
                    "a coroutine function needs the async client."
                )
        else:
            try:
                answer = http.send(effect.request)
                answer.read()
            except httpx.HTTPError as error:
                answer = TransportFailure(error, sent=not isinstance(error, _NOT_SENT))


async def run_async(flow: Flow[T], http: httpx.AsyncClient, runtime: Runtime) -> T:
    """Carry out a flow with an async client."""
    answer: Any = None
    while True:
        try:
            effect = flow.send(answer)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]
        if isinstance(effect, Sleep):
            await runtime.async_sleep(effect.seconds)
            answer = None
        elif isinstance(effect, Ask):
            answer = effect.function(effect.argument)
            if inspect.isawaitable(answer):
                answer = await answer
        else:
            try:
                answer = await http.send(effect.request)
                await answer.aread()
            except httpx.HTTPError as error:
                answer = TransportFailure(error, sent=not isinstance(error, _NOT_SENT))


def _close(awaitable: Any) -> None:
    # An un-awaited coroutine warns when collected (and warnings are errors in tests): close it.
    close = getattr(awaitable, "close", None)
    if callable(close):
        close()


# A gateway's "bad gateway" or "gateway timeout" says nothing about whether the API behind it
# applied the request: for a create that is an unknown outcome, not a failure.
_GATEWAY_UNSURE = frozenset({502, 504})

# A request sent at the deadline still gets this long to answer: the policy's last poll is allowed
# to land, and no call outlasts its deadline by more than this.
LAST_ATTEMPT_TIME = 1.0


def _cap_timeout(request: httpx.Request, remaining: float) -> None:
    """Cap every phase of httpx's per-request timeout at the time left before the deadline."""
    cap = max(remaining, LAST_ATTEMPT_TIME)
    phases = request.extensions.get("timeout") or {}
    request.extensions["timeout"] = {
        phase: cap if seconds is None else min(seconds, cap)
        for phase, seconds in {
            "connect": None,
            "read": None,
            "write": None,
            "pool": None,
            **phases,
        }.items()
    }


def _retryable_status(response: httpx.Response) -> bool:
    if response.status_code == 429:
        return True
    # Foundry's gateway forbids retrying with this hint; a 503 without it is a QoS answer.
    return (
        response.status_code == 503
        and response.headers.get("qos-retry-hint", "").lower() != "do-not-retry"
    )


def send_with_retries(
    request: httpx.Request,
    *,
    operation: str,
    idempotent: bool,
    started: float,
    timeout: float,
    runtime: Runtime,
    known: dict[str, Any] | None = None,
) -> Flow[httpx.Response]:
    """Send, retrying what is safe to retry within the deadline; returns the final response.

    Reads retry transport failures, 429 and 503. A create retries only what provably was not
    processed (a connection never made, 429, 503 without `do-not-retry`); a create whose request
    left without an answer (or with a gateway's 502/504) raises `OutcomeUnknown` so the caller can
    reconcile instead of repeating.
    """
    attempt = 0
    while True:
        log.debug(
            "%s: %s %s (attempt %d)", operation, request.method, request.url.path, attempt + 1
        )
        _cap_timeout(request, timeout - (runtime.clock() - started))
        answer = yield Send(request)
        elapsed = runtime.clock() - started
        if isinstance(answer, TransportFailure):
            if answer.sent and not idempotent:
                raise OutcomeUnknown(
                    f"{operation}: the request was sent but no answer came ({answer.describe()}); "
                    "it may or may not have been applied. Check before creating again.",
                    operation=operation,
                    cause=answer.describe(),
                    known=known or {},
                )
            delay = retry_delay(
                attempt=attempt,
                elapsed=elapsed,
                timeout=timeout,
                rand=runtime.rand(),
                backoff=runtime.backoff,
            )
            if delay is None:
                raise TransportError(
                    f"{operation}: network failure, still failing after {attempt + 1} attempts "
                    f"and {elapsed:.1f} s ({answer.describe()}). Check connectivity and the base URL.",
                    operation=operation,
                    cause=answer.describe(),
                )
            log.info("%s: retrying in %.2f s after %s", operation, delay, answer.describe())
        else:
            if not idempotent and answer.status_code in _GATEWAY_UNSURE:
                cause = f"{answer.status_code} from a gateway"
                raise OutcomeUnknown(
                    f"{operation}: a gateway answered {answer.status_code}, so the request may or "
                    "may not have reached the API and been applied. Check before creating again.",
                    operation=operation,
                    cause=cause,
                    known=known or {},
                )
            if not _retryable_status(answer):
                return answer  # type: ignore[no-any-return]
            delay = retry_delay(
                attempt=attempt,
                elapsed=elapsed,
                timeout=timeout,
                rand=runtime.rand(),
                backoff=runtime.backoff,
                retry_after=retry_after_seconds(answer.headers),
            )
            if delay is None:
                return answer  # type: ignore[no-any-return]
            log.info("%s: %d, retrying in %.2f s", operation, answer.status_code, delay)
        attempt += 1
        yield Sleep(delay)


class OperationFlows:
    """Base of each API's flows: holds the client whose `build_request` they use, and sends."""

    api: str

    def __init__(self, http: httpx.Client | httpx.AsyncClient, runtime: Runtime) -> None:
        self._http = http
        self._runtime = runtime

    def _send(
        self, kwargs: dict[str, Any], operation: str, started: float, timeout: float, **options: Any
    ) -> Flow[httpx.Response]:
        try:
            request = self._http.build_request(**kwargs)
        except httpx.InvalidURL as error:
            # e.g. an argument so long the URL cannot be built; the server would refuse it too.
            raise BadRequest(
                api=self.api,
                operation=operation,
                status=400,
                detail=f"the request cannot be built ({error}); nothing was sent",
            ) from None
        return send_with_retries(
            request,
            operation=operation,
            started=started,
            timeout=timeout,
            runtime=self._runtime,
            **options,
        )
