"""What a call did, for whoever watches: small frozen events for a plain hook, and spans.

One mechanism feeds both. The drivers (effects.py) give each public operation a `Watch` when
someone watches, and tell it of every request; the flows tell it what only they know (a retry
about to sleep, a readiness poll's verdict) with `Note` effects. The watch hands all of it to:
- the service's `Runtime(on_event=callable)`, as events.py's events (log them, count them in
  metrics). The callable runs inline, so it should be quick; an exception from it is logged and
  ignored, so that a watcher's bug cannot turn a create that was sent into an error that a caller
  would answer by creating again;
- OpenTelemetry, when the service has set a tracer provider (the `otel` extra; tracing.py): one
  span `provisionkit.<api>.<method>` per operation, one child span per HTTP request.

An operation its own argument checks refuse is watched too, as one failed operation without
requests: the checks run inside its flow, a generator, which does nothing until the driver steps
it inside the watch (a flow must not check before its first step; tests/wrapper/test_tracing.py).

With neither, `watch()` returns None and an operation costs that one check: no events are built,
and opentelemetry is never imported (it is looked up only once the service has imported it).
Nothing here ever holds a token: requests are described by method and URL, and tokens travel only
in headers, which no event or span carries.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from . import events
from .events import Event, Hook

if TYPE_CHECKING:
    import httpx

    from .tracing import OperationSpan


# What a watch reads of the drivers' effects (effects.py imports this module, so it names them
# by shape rather than importing them back).
class Request(Protocol):
    """An `effects.Call`."""

    @property
    def operation(self) -> str: ...
    @property
    def method(self) -> str: ...


class Noted(Protocol):
    """An `effects.Note`."""

    @property
    def event(self) -> Callable[[str, str], Any]: ...


__all__ = ["Watch", "watch"]

log = logging.getLogger("provisionkit")

OK = "ok"
T = TypeVar("T")


def watch(api: str, flow: object, hook: Hook | None, clock: Callable[[], float]) -> Watch | None:
    """A watch for the operation `flow` runs, or None when nobody watches (no hook, no tracer
    provider). The operation is named after its flow (see effects.py)."""
    tracer = None
    if "opentelemetry.trace" in sys.modules:
        # Only once the service has imported opentelemetry: otherwise it is not loaded at all.
        from . import tracing  # noqa: PLC0415

        tracer = tracing.tracer()
    if hook is None and tracer is None:
        return None
    operation = getattr(flow, "__name__", "operation")
    span = None if tracer is None else tracing.OperationSpan(tracer, api, operation)
    return Watch(api, operation, hook, span, clock)


class Watch:
    """One operation watched: counts what it did and tells the hook and the span.

    A context manager around the operation: leaving it ends the operation's span and reports the
    outcome, also for an exception the flow did not expect (a cancellation, a Ctrl-C)."""

    __slots__ = (
        "_clock",
        "_hook",
        "_pending",
        "_resend",
        "_result",
        "_sent_at",
        "_span",
        "_started",
        "api",
        "operation",
        "polls",
        "requests",
        "retries",
    )

    def __init__(
        self,
        api: str,
        operation: str,
        hook: Hook | None,
        span: OperationSpan | None,
        clock: Callable[[], float],
    ) -> None:
        self.api = api
        self.operation = operation
        self._hook = hook
        self._span = span
        self._clock = clock
        self.requests = self.retries = self.polls = 0
        self._resend = 0
        self._pending: tuple[Request, str] | None = None  # the request in flight and its URL
        self._sent_at = 0.0
        self._result: Any = None
        self._started = clock()
        if hook is not None:
            self._emit(events.OperationStarted(api, operation))

    def _emit(self, event: Event) -> None:
        try:
            self._hook(event)  # type: ignore[misc]
        except Exception:
            log.warning(
                "provisionkit: the on_event hook raised on %s; ignored",
                type(event).__name__,
                exc_info=True,
            )

    def sent(self, call: Request, url: httpx.URL) -> None:
        """A request is about to leave for `url` (absolute; tokens go in headers, never here)."""
        self.requests += 1
        if self._resend:
            # Counted when the retry is sent, not when it is scheduled: a retry whose wait a
            # cancellation (or the deadline) cut short never happened.
            self.retries += 1
        text = str(url)
        self._pending = (call, text)
        self._sent_at = self._clock()
        if self._span is not None:
            self._span.sent(call.method.upper(), url, text, self._resend)
        if self._hook is not None:
            self._emit(
                events.RequestSent(
                    self.api,
                    self.operation,
                    call.operation,
                    call.method.upper(),
                    text,
                    self._resend,
                )
            )

    def answered(self, answer: object, error: BaseException | None) -> None:
        """The request in flight ended with `answer`, or with `error` raised while sending or
        reading it; nothing to do when none was in flight (it could not even be built)."""
        if self._pending is None:
            return
        call, url = self._pending
        self._pending = None
        self._resend = 0
        status: int | None = getattr(answer, "status_code", None)
        failure: str | None = None
        if error is not None:
            status = getattr(error, "status", None)
            failure = _type_name(error)
        elif status is None:  # a TransportFailure: no answer came
            failure = _type_name(getattr(answer, "error", None) or Exception())
        elif status >= 400:
            failure = str(status)
        if self._span is not None:
            self._span.answered(status, failure)
        if self._hook is not None:
            self._emit(
                events.RequestAnswered(
                    self.api,
                    self.operation,
                    call.operation,
                    call.method.upper(),
                    url,
                    self._clock() - self._sent_at,
                    status,
                    failure,
                )
            )

    def note(self, note: Noted) -> None:
        """What the flow saw: a retry about to sleep, or a readiness poll."""
        event = note.event(self.api, self.operation)
        if isinstance(event, events.RetryScheduled):
            self._resend = event.attempt - 1
            if self._span is not None:
                self._span.retry(event.attempt, event.reason, event.delay)
        elif isinstance(event, events.ReadinessPolled):
            self.polls += 1
        if self._hook is not None:
            self._emit(event)

    def done(self, result: T) -> T:
        """The operation's result, remembered for the created id."""
        self._result = result
        return result

    def __enter__(self) -> Watch:
        return self

    def __exit__(self, kind: object, error: BaseException | None, traceback: object) -> None:
        if self._pending is not None:  # interrupted while a request was in flight
            self.answered(None, error)
        outcome = OK if error is None else type(error).__name__
        created = getattr(error, "created_id", None)
        if error is None and self.operation.startswith("create"):
            created = getattr(self._result, "id", None)
        if self._span is not None:
            self._span.ended(
                outcome,
                error,
                None if error is None else _type_name(error),
                retries=self.retries,
                polls=self.polls,
                created_id=created,
            )
        if self._hook is not None:
            self._emit(
                events.OperationEnded(
                    self.api,
                    self.operation,
                    outcome,
                    self._clock() - self._started,
                    self.requests,
                    self.retries,
                    self.polls,
                    created,
                )
            )


def _type_name(error: BaseException) -> str:
    """The error's type the way OpenTelemetry's `error.type` names one: package and class, for a
    transport failure the httpx class it is (`httpx.ConnectError`, also for a subclass of it such
    as the fake's), and provisionkit's errors by their public names (`provisionkit.NotFound`)."""
    for kind in type(error).__mro__:
        if kind.__module__.startswith("httpx"):
            return f"httpx.{kind.__qualname__}"
    return f"{type(error).__module__.split('.', 1)[0]}.{type(error).__qualname__}"
