"""What a service's `Runtime(on_event=...)` hook receives: one small frozen object per step of an
operation, in order (observing.py sends them). Each names the client's API ("mittwald",
"foundry") and the public operation, the client method that was called (e.g. "create_project"),
so concurrent operations' events can be told apart. None holds a token or a header.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "Event",
    "Hook",
    "OperationEnded",
    "OperationStarted",
    "ReadinessPolled",
    "RequestAnswered",
    "RequestSent",
    "RetryScheduled",
]


@dataclass(frozen=True, slots=True)
class OperationStarted:
    """A public operation began: `operation` is the client method, e.g. `create_project`."""

    api: str
    operation: str


@dataclass(frozen=True, slots=True)
class OperationEnded:
    """The operation ended: `outcome` is "ok" or the error's class name (e.g. "OutcomeUnknown");
    `retries` counts requests sent again (a RetryScheduled whose wait was cut short is not one);
    `created_id` is the project a create made (also when a later step failed)."""

    api: str
    operation: str
    outcome: str
    seconds: float
    requests: int
    retries: int
    polls: int
    created_id: str | None


@dataclass(frozen=True, slots=True)
class RequestSent:
    """An HTTP request left: `operation_id` is the spec's (e.g. `project-create-project`);
    `resend` counts the earlier attempts of this same request (0 for the first)."""

    api: str
    operation: str
    operation_id: str
    method: str
    url: str
    resend: int


@dataclass(frozen=True, slots=True)
class RequestAnswered:
    """The request ended: `status` is None when no answer came, and `error` names what went wrong
    (an httpx exception such as `httpx.ConnectError`, an unreadable answer, or the status of a
    4xx or 5xx), None for a 1xx-3xx answer."""

    api: str
    operation: str
    operation_id: str
    method: str
    url: str
    seconds: float
    status: int | None
    error: str | None


@dataclass(frozen=True, slots=True)
class RetryScheduled:
    """A request is sent again after `delay` seconds: `attempt` is the attempt about to be made
    (2 for the first retry), `reason` what the last one got (e.g. "429" or "ConnectError: ...")."""

    api: str
    operation: str
    operation_id: str
    attempt: int
    reason: str
    delay: float


@dataclass(frozen=True, slots=True)
class ReadinessPolled:
    """One look at a project while waiting for it: `observation` is "ready", "pending" or "failed"."""

    api: str
    operation: str
    subject: str
    poll: int
    elapsed: float
    observation: str


Event = (
    OperationStarted
    | OperationEnded
    | RequestSent
    | RequestAnswered
    | RetryScheduled
    | ReadinessPolled
)
Hook = Callable[[Event], object]
