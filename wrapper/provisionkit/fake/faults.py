"""Faults: an outer layer that can bypass the spec on purpose (429s, drops, broken bodies, ...).

A fault is queued per operationId for the next N calls. Drops raise httpx transport errors, so an
in-process client sees exactly what a dropped connection looks like; over uvicorn the same raise,
after the response has started, makes uvicorn close the connection mid-answer. It runs a little
over 300 lines: every fault and option is checked here, next to what it means, for Python and the
control API alike.
"""

from __future__ import annotations

import asyncio
import json
import math
from collections import deque
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import httpx
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import fault_error

__all__ = [
    "FAULT_OPTIONS",
    "ConnectionDropped",
    "ConnectionRefused",
    "Fault",
    "FaultPlan",
    "apply_fault",
]


class Fault(StrEnum):
    RATE_LIMIT = "rate_limit"
    UNAVAILABLE = "unavailable"
    SERVER_ERROR = "server_error"
    DELAY = "delay"
    DROP_BEFORE = "drop_before"
    DROP_AFTER = "drop_after"
    REFUSE = "refuse"
    MALFORMED_JSON = "malformed_json"
    TRUNCATED_BODY = "truncated_body"
    UNKNOWN_ENUM = "unknown_enum"
    EXTRA_FIELDS = "extra_fields"
    WRONG_CONTENT_TYPE = "wrong_content_type"
    HUGE_BODY = "huge_body"
    # The request is processed (a create is applied) and then the gateway answers an error, as a
    # proxy does when the service answered too late or the connection to it broke: the caller
    # cannot tell these from the plain `unavailable`, which applies nothing.
    UNAVAILABLE_AFTER = "unavailable_after"
    BAD_GATEWAY_AFTER = "bad_gateway_after"
    GATEWAY_TIMEOUT_AFTER = "gateway_timeout_after"


class ConnectionDropped(httpx.RemoteProtocolError):
    """The fake hung up without a complete answer (the request may have been processed)."""


class ConnectionRefused(httpx.ConnectError):
    """The fake refused the connection: nothing was sent, nothing processed."""


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _header_text(v: object) -> bool:  # what a header can carry: no CR/LF, no controls, short
    return (
        isinstance(v, str)
        and v.isascii()
        and v.isprintable()
        and 0 < len(v.strip()) == len(v) <= 64
    )


# Each option a fault may carry, and what it must be (one check for Python and the control API).
FAULT_OPTIONS: dict[str, tuple[str, Callable[[object], bool]]] = {
    "retry_after": (
        "a number of seconds >= 0, or a header's text (an HTTP date; printable ASCII, 1-64 chars)",
        lambda v: _header_text(v) or (_is_number(v) and v >= 0),  # type: ignore[operator]
    ),
    "do_not_retry": ("true or false (Foundry's QoS-Retry-Hint)", lambda v: isinstance(v, bool)),
    "seconds": (
        "a number of seconds >= 0 (how long `delay` waits)",
        lambda v: _is_number(v) and v >= 0,  # type: ignore[operator]
    ),
    "instance_id": ("a string (Foundry's errorInstanceId)", lambda v: isinstance(v, str)),
}


def parse_fault(fault: Fault | str) -> Fault:
    try:
        return Fault(fault)
    except ValueError:
        valid = ", ".join(f.value for f in Fault)
        raise ValueError(f"unknown fault {fault!r}; the faults are: {valid}") from None


@dataclass
class _Queued:
    fault: Fault
    remaining: int
    options: dict[str, Any]


@dataclass
class FaultPlan:
    """Faults waiting for their operation, first queued first served."""

    operation_ids: Collection[str]
    queues: dict[str, deque[_Queued]] = field(default_factory=dict)

    def inject(
        self, operation_id: str, fault: Fault | str, *, times: int = 1, **options: Any
    ) -> None:
        """Queue `fault` for the next `times` calls of `operation_id`; anything unknown or of the
        wrong type is a ValueError naming what is valid, and nothing is queued."""
        if operation_id not in self.operation_ids:
            valid = ", ".join(sorted(self.operation_ids))
            raise ValueError(
                f"unknown operation id {operation_id!r}; the operation ids are: {valid}"
            )
        parsed = parse_fault(fault)
        if isinstance(times, bool) or not isinstance(times, int) or times < 1:
            raise ValueError(f"times must be a whole number >= 1, got {times!r}")
        for name, value in options.items():
            if name not in FAULT_OPTIONS:
                valid = ", ".join(sorted(FAULT_OPTIONS))
                raise ValueError(f"unknown fault option {name!r}; the options are: {valid}")
            meaning, accepts = FAULT_OPTIONS[name]
            if not accepts(value):
                raise ValueError(f"{name} must be {meaning}, got {value!r}")
        self.queues.setdefault(operation_id, deque()).append(_Queued(parsed, times, options))

    def take(self, operation_id: str) -> _Queued | None:
        queue = self.queues.get(operation_id)
        if not queue:
            return None
        current = queue[0]
        current.remaining -= 1
        if current.remaining == 0:
            queue.popleft()
        return current

    def clear(self) -> None:
        self.queues.clear()

    def pending(self) -> dict[str, list[dict[str, Any]]]:
        return {
            op: [{"fault": str(q.fault), "remaining": q.remaining, **q.options} for q in queue]
            for op, queue in self.queues.items()
            if queue
        }


def _error_reply(
    api: str, status: int, options: dict[str, Any]
) -> tuple[bytes, list[tuple[bytes, bytes]]]:
    headers: list[tuple[bytes, bytes]] = []
    if options.get("retry_after") is not None:
        headers.append((b"retry-after", str(options["retry_after"]).encode()))
    if api == "foundry" and options.get("do_not_retry") and status in (429, 503):
        headers.append((b"qos-retry-hint", b"do-not-retry"))
    body = fault_error(api, status, options.get("instance_id")).content()
    if body:
        headers.append((b"content-type", b"application/json"))
    return body, headers


def _mangle_enums(value: Any) -> Any:
    if isinstance(value, list):
        return [_mangle_enums(v) for v in value]
    if isinstance(value, dict):
        out = {k: _mangle_enums(v) for k, v in value.items()}
        for key in ("status", "trashStatus", "readiness"):
            if isinstance(out.get(key), str):
                out[key] = "quantumFlux"
        return out
    return value


def _add_extra(value: Any, extra: dict[str, Any]) -> Any:
    if isinstance(value, list):
        return [_add_extra(v, extra) for v in value]
    return {**value, **extra} if isinstance(value, dict) else value


def _rewrite(
    fault: Fault, body: bytes, headers: list[tuple[bytes, bytes]]
) -> tuple[bytes, list[tuple[bytes, bytes]]]:
    """A processed response, broken the way the fault says."""
    headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
    if fault is Fault.MALFORMED_JSON:
        return body[: max(1, len(body) // 2)] + b"}{not json", headers
    if fault is Fault.TRUNCATED_BODY:
        return body[: len(body) // 2], headers
    if fault is Fault.WRONG_CONTENT_TYPE:
        headers = [(k, v) for k, v in headers if k.lower() != b"content-type"]
        return b"<html><body>Gateway says hello</body></html>", [
            *headers,
            (b"content-type", b"text/html"),
        ]
    try:
        data = json.loads(body)
    except ValueError:
        return body, headers
    if fault is Fault.UNKNOWN_ENUM:
        data = _mangle_enums(data)
    elif fault is Fault.EXTRA_FIELDS:
        data = _add_extra(
            data, {"fakeExtraField": {"added": "by the fake"}, "anotherNewField": [1, 2, 3]}
        )
    elif fault is Fault.HUGE_BODY:
        data = _add_extra(data, {"padding": "x" * 5_000_000})
    return json.dumps(data).encode(), headers


# Status faults: answered instead of processing the request, or after processing it.
_ANSWERED_BEFORE = {Fault.RATE_LIMIT: 429, Fault.UNAVAILABLE: 503, Fault.SERVER_ERROR: 500}
_ANSWERED_AFTER = {
    Fault.UNAVAILABLE_AFTER: 503,
    Fault.BAD_GATEWAY_AFTER: 502,
    Fault.GATEWAY_TIMEOUT_AFTER: 504,
}


# A gateway in front of the API answers in its own words: Foundry's own body-less QoS 503 means
# "not processed" to a client (foundry.adapter.qos_refusal), a gateway's page after the API
# applied the create does not.
_GATEWAY_PAGE = b"<html><body><h1>%d</h1>The upstream did not answer in time.</body></html>"


async def _send_status(
    api: str, status: int, options: dict[str, Any], send: Send, *, gateway: bool = False
) -> None:
    body, headers = _error_reply(api, status, options)
    if gateway:
        body = _GATEWAY_PAGE % status
        headers = [h for h in headers if h[0] != b"content-type"]
        headers.append((b"content-type", b"text/html"))
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [*headers, (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


# A response start that promises a body it never gets: uvicorn can only close the connection.
_UNFINISHED = [(b"content-length", b"1000")]


async def _drop(send: Send) -> None:
    # Starting a response and then failing makes uvicorn close the socket mid-answer; in-process
    # the raise reaches the client as the transport error it would see over a network.
    await send({"type": "http.response.start", "status": 200, "headers": _UNFINISHED})
    raise ConnectionDropped("the fake dropped the connection without answering")


async def apply_fault(  # noqa: PLR0917 - an ASGI call plus what to break
    queued: _Queued,
    api: str,
    app: ASGIApp,
    scope: Scope,
    receive: Receive,
    send: Send,
    *,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> None:
    fault, options = queued.fault, queued.options
    if fault is Fault.REFUSE:
        # In-process this is a ConnectError: provably not sent. A listening server cannot refuse a
        # connection it has accepted, so over uvicorn it closes without answering (like a drop).
        await send({"type": "http.response.start", "status": 200, "headers": _UNFINISHED})
        raise ConnectionRefused("the fake refused the connection")
    if fault is Fault.DROP_BEFORE:
        await _drop(send)
    if fault in _ANSWERED_BEFORE:
        await _send_status(api, _ANSWERED_BEFORE[fault], options, send)
        return
    if fault is Fault.DELAY:
        await sleep(float(options.get("seconds", 1.0)))
        await app(scope, receive, send)
        return
    # Everything else needs the real (validated, applied) response first.
    captured: dict[str, Any] = {"body": b""}

    async def capture(message: Message) -> None:
        if message["type"] == "http.response.start":
            captured["status"], captured["headers"] = (
                message["status"],
                list(message.get("headers", [])),
            )
        elif message["type"] == "http.response.body":
            captured["body"] += message.get("body", b"")

    await app(scope, receive, capture)
    if fault is Fault.DROP_AFTER:
        await _drop(send)
    if fault in _ANSWERED_AFTER:
        await _send_status(api, _ANSWERED_AFTER[fault], options, send, gateway=True)
        return
    body, headers = _rewrite(fault, captured["body"], captured["headers"])
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": captured["status"], "headers": headers})
    await send({"type": "http.response.body", "body": body})
