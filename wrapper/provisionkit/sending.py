"""Sending under a deadline: `send` retries what is safe to retry, `poll` is the one waiting loop.

Both are flows (see effects.py): they decide, the drivers send and sleep. Every sleep comes from the
pure policy in waiting.py; every request's time is capped by what is left of the operation's one
`Deadline`, so neither retries nor polls can outlive it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any, Generic, TypeVar

from .config import LAST_ATTEMPT_TIME
from .effects import Call, Flow, Note, Runtime, Send, Sleep, TransportFailure
from .errors import OutcomeUnknown, TransportError, UnexpectedResponse
from .events import ReadinessPolled, RetryScheduled
from .responses import Answer, retry_after_seconds
from .waiting import Action, Deadline, Observation, decide, retry_delay

__all__ = ["Polled", "Seen", "check_page_deadline", "poll", "send"]

log = logging.getLogger("provisionkit")
T = TypeVar("T")

# A gateway's "bad gateway", "unavailable" or "gateway timeout" says nothing about whether the API
# behind it applied the request: for a create that is an unknown outcome, not a failure, unless
# the API's own documented answer proves it was not processed (`unprocessed`, from the adapter).
# Reconciliation (reconciling.py) then settles it with a lookup.
_GATEWAY_UNSURE = frozenset({502, 503, 504})


def _forbids_retry(response: Answer) -> bool:
    """Foundry's gateway forbids retrying with `QoS-Retry-Hint: do-not-retry`."""
    return bool(response.headers.get("qos-retry-hint", "").strip().lower() == "do-not-retry")


def _retryable_status(response: Answer) -> bool:
    """429 and 503, unless the gateway forbids it."""
    return response.status_code in (429, 503) and not _forbids_retry(response)


def _never(response: Answer) -> bool:
    return False


def _check_start(deadline: Deadline, operation: str) -> None:
    """No request of an operation starts after its deadline: TransportError, nothing sent."""
    if deadline.remaining() < 0:
        raise TransportError(
            f"{operation}: the deadline of {deadline.timeout:g} s had passed before this request "
            "could start; nothing was sent. Raise the timeout.",
            operation=operation,
            cause="deadline",
        )


def send(
    call: Call,
    *,
    deadline: Deadline,
    runtime: Runtime,
    idempotent: bool,
    known: Mapping[str, Any] | None = None,
    unprocessed: Callable[[Answer], bool] = _never,
) -> Flow[Answer]:
    """Send, retrying what is safe to retry within the deadline; returns the final response.

    Reads retry transport failures, 429 and 503 (not when told `do-not-retry`), spread over the
    deadline (waiting.Backoff) and never sooner than a `Retry-After`. No attempt starts after the
    deadline (TransportError when even the first could not), and each gets only the time left, or
    `LAST_ATTEMPT_TIME` at the deadline, so nothing ends later than that past it. A create retries only what
    provably was not processed (a connection never made, a 429, an answer `unprocessed` says is the
    API's own refusal); a create whose request left without an answer, or was answered 502, 503 or
    504 by something else, raises `OutcomeUnknown` so the caller can reconcile instead of repeating.
    """
    operation = call.operation
    attempt = 0
    _check_start(deadline, operation)
    while True:
        if log.isEnabledFor(logging.DEBUG):  # the arguments cost even when the log is off
            log.debug(
                "%s: %s %s (attempt %d)", operation, call.method.upper(), call.url, attempt + 1
            )
        try:
            answer = yield Send(call, max(deadline.remaining(), LAST_ATTEMPT_TIME))
        except UnexpectedResponse as unreadable:
            # The driver could not read the answer (too large, an unknown encoding): a create's
            # request did arrive, so whether it was applied is unknown.
            if idempotent:
                raise
            raise OutcomeUnknown(
                f"{operation}: the server answered {unreadable.status} but the answer could not "
                f"be read ({unreadable.reason}); it may or may not have been applied. Check "
                "before creating again.",
                operation=operation,
                cause=unreadable.reason,
                known={**(known or {}), "status": unreadable.status},
            ) from None
        elapsed = deadline.elapsed()
        retry_after = None
        if isinstance(answer, TransportFailure):
            if answer.sent and not idempotent:
                raise OutcomeUnknown(
                    f"{operation}: the request was sent but no answer came ({answer.describe()}); "
                    "it may or may not have been applied. Check before creating again.",
                    operation=operation,
                    cause=answer.describe(),
                    known=known or {},
                )
            why = answer.describe()
        else:
            if not idempotent and answer.status_code in _GATEWAY_UNSURE and not unprocessed(answer):
                raise OutcomeUnknown(
                    f"{operation}: a gateway answered {answer.status_code}, so the request may or "
                    "may not have reached the API and been applied. Check before creating again.",
                    operation=operation,
                    cause=f"{answer.status_code} from a gateway",
                    known={
                        **(known or {}),
                        "status": answer.status_code,
                        **({"do_not_retry": True} if _forbids_retry(answer) else {}),
                    },
                )
            if not _retryable_status(answer):
                return answer  # type: ignore[no-any-return]
            why, retry_after = str(answer.status_code), retry_after_seconds(answer.headers)
        delay = retry_delay(
            attempt=attempt,
            elapsed=elapsed,
            timeout=deadline.timeout,
            rand=runtime.rand(),
            backoff=runtime.backoff,
            retry_after=retry_after,
        )
        if delay is not None:
            log.info("%s: %s, retrying in %.2f s", operation, why, delay)
            yield Note(
                partial(
                    RetryScheduled,
                    operation_id=operation,
                    attempt=attempt + 2,
                    reason=why,
                    delay=delay,
                )
            )
            yield Sleep(delay)
            # No retry starts after the deadline (a sleep cut to the time left ends at it, and a
            # real clock is a hair late): then the failure seen last is the answer.
            if deadline.remaining() >= 0:
                attempt += 1
                continue
        if isinstance(answer, TransportFailure):
            raise TransportError(
                f"{operation}: network failure, still failing after {attempt + 1} attempts "
                f"and {deadline.elapsed():.1f} s ({why}). Check connectivity and the base URL.",
                operation=operation,
                cause=why,
            )
        return answer  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class Seen(Generic[T]):
    """What one look saw: the policy's observation, the thing seen, and any Retry-After."""

    observation: Observation
    last: T
    retry_after: float | None = None


@dataclass(frozen=True, slots=True)
class Polled(Generic[T]):
    """How a poll ended (`READY`, `FAILED` or `GIVE_UP`), with the last thing seen."""

    action: Action
    last: T
    polls: int
    elapsed: float


def poll(
    look: Callable[[], Flow[Seen[T]]],
    *,
    deadline: Deadline,
    runtime: Runtime,
    describe: Callable[[T], str],
    subject: str,
) -> Flow[Polled[T]]:
    """Look until the policy says ready, failed or give up; the caller turns that into a result.

    `look` raises for anything it cannot tolerate; what it tolerates it reports as PENDING.
    """
    polls = 0
    seen: Seen[T] | None = None
    while True:
        if seen is not None and deadline.remaining() < 0:
            # The policy's last sleep ended at the deadline, and no request starts after it.
            return Polled(Action.GIVE_UP, seen.last, polls, deadline.elapsed())
        seen = yield from look()
        polls += 1
        elapsed = deadline.elapsed()
        if log.isEnabledFor(logging.DEBUG):
            # `describe` formats the state: only worth it when someone reads the debug log.
            state = describe(seen.last)
            log.debug(
                "poll %d of %s after %.2f s: %s",
                polls,
                subject,
                elapsed,
                state,
                extra={"poll": polls, "elapsed": elapsed, "state": state},
            )
        decision = decide(
            seen.observation,
            attempt=polls - 1,
            elapsed=elapsed,
            timeout=deadline.timeout,
            rand=runtime.rand(),
            schedule=runtime.poll_schedule,
            retry_after=seen.retry_after,
        )
        yield Note(
            partial(
                ReadinessPolled,
                subject=subject,
                poll=polls,
                elapsed=elapsed,
                observation=seen.observation.value,
            )
        )
        if decision.action is not Action.SLEEP:
            return Polled(decision.action, seen.last, polls, elapsed)
        yield Sleep(decision.seconds)


def check_page_deadline(
    deadline: Deadline, operation: str, *, pages: int, items: int, what: str, hint: str
) -> None:
    """Between the pages of a listing: stop with TransportError once the deadline has passed (the
    first page always goes out, like any request at the deadline)."""
    if pages and deadline.remaining() <= 0:
        raise TransportError(
            f"{operation}: the deadline of {deadline.timeout:g} s passed after {pages} pages "
            f"({items} {what}); {hint}.",
            operation=operation,
            cause="deadline",
        )
