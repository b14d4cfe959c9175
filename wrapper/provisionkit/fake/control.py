"""`/__fake__/...`: the control API, outside the real paths; a JSON adapter over `Knobs` and nothing
more. A route's JSON object (and query string) are the knob's keyword arguments; what the knob
refuses (ValueError, or arguments it does not take) is a 400 carrying its message.

POST /__fake__/reset                                   Knobs.reset()
POST /__fake__/seed          {"seed": n}               Knobs.reseed(seed)
GET  /__fake__/state                                   Knobs.state()  (applied creates, pending faults, timing)
GET  /__fake__/applied-creates[?api=mittwald|foundry]  Knobs.applied_creates(api)  -> {"applied_creates": n}
GET  /__fake__/deleted-projects[?api=mittwald|foundry] Knobs.deleted_projects(api) -> {"deleted_projects": n}
GET  /__fake__/fixtures                                Knobs.fixtures.names
POST /__fake__/faults        {"operation_id", "fault", "times", ...options}   Knobs.inject(...)
POST /__fake__/readiness     {"polls", "seconds"}      Knobs.set_readiness(...)
POST /__fake__/visibility    {"polls", "seconds"}      Knobs.set_visibility_window(...)
POST /__fake__/preview-only  {"enabled": bool}         Knobs.set_foundry_preview_only(...)
POST /__fake__/clock         {"advance": seconds}      Knobs.advance_clock(...) (409 on the real clock)
A POST answers with the state after it. A POST a web page could send is refused, tokens or not:
one with an `Origin` other than the fake's own (403), or a body that is not application/json (415).
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import Receive, Scope, Send

from .knobs import Knobs, NotAManualClock

__all__ = ["PREFIX", "Control", "send_json"]

PREFIX = "/__fake__/"
MAX_CONTROL_BODY = 64 * 1024  # knobs take a few small fields


class Control:
    """The ASGI app behind `/__fake__/`."""

    def __init__(self, knobs: Knobs) -> None:
        self.knobs = knobs
        self.routes: dict[tuple[str, str], Callable[..., Any]] = {
            ("POST", "reset"): knobs.reset,
            ("POST", "seed"): knobs.reseed,
            ("GET", "state"): knobs.state,
            ("GET", "applied-creates"): lambda api=None: {
                "applied_creates": knobs.applied_creates(api)
            },
            ("GET", "deleted-projects"): lambda api=None: {
                "deleted_projects": knobs.deleted_projects(api)
            },
            ("GET", "fixtures"): lambda: dict(knobs.fixtures.names),
            ("POST", "faults"): knobs.inject,
            ("POST", "readiness"): knobs.set_readiness,
            ("POST", "visibility"): knobs.set_visibility_window,
            ("POST", "preview-only"): knobs.set_foundry_preview_only,
            ("POST", "clock"): lambda advance: knobs.advance_clock(advance),  # noqa: PLW0108 - the key is "advance"
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        refused = _cross_site(scope)
        if refused is not None:
            await send_json(send, refused[0], {"error": refused[1]})
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if len(body) > MAX_CONTROL_BODY:
                await send_json(
                    send, 413, {"error": f"a control body is at most {MAX_CONTROL_BODY} bytes"}
                )
                return
            if not message.get("more_body"):
                break
        query = scope.get("query_string", b"").decode("latin-1")
        status, reply = self.dispatch(scope["method"], scope["path"], body, query)
        await send_json(send, status, reply)

    def dispatch(self, method: str, path: str, body: bytes, query: str = "") -> tuple[int, Any]:
        route = path.removeprefix(PREFIX)
        knob = self.routes.get((method, route))
        if knob is None:
            return 404, {"error": f"no control route {method} {PREFIX}{route}"}
        try:
            reply = knob(**_arguments(knob, route, body, query))
        except ValueError as error:
            return 400, {"error": str(error)}
        except NotAManualClock as error:
            return 409, {"error": str(error)}
        return 200, self.knobs.state() if reply is None else reply


def _cross_site(scope: Scope) -> tuple[int, str] | None:
    """A POST a web page could have sent, refused whether or not tokens are configured: a
    browser can send a cross-site form or `fetch` without asking first only as text/plain, a form
    encoding or with no body, and always says where from (`Origin`). So a POST must come from no
    page or the fake's own origin, and a body must be application/json (which a page can send
    cross-site only after a CORS preflight the fake never grants)."""
    if scope["method"] != "POST":
        return None
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
    origin = headers.get("origin")
    if origin is not None and origin.partition("://")[2] != headers.get("host", ""):
        return 403, f"the control API refuses a POST from a web page ({origin:.80})"
    media = headers.get("content-type", "").partition(";")[0].strip().lower()
    has_body = int(headers.get("content-length") or 0) > 0 or "transfer-encoding" in headers
    if (media or has_body) and media != "application/json":
        return 415, "a control POST's body must be JSON, sent as Content-Type: application/json"
    return None


def _arguments(knob: Callable[..., Any], route: str, body: bytes, query: str) -> dict[str, Any]:
    """The knob's keyword arguments: the query's, then the body's JSON object; ValueError if they
    are not JSON, not an object, or not what the knob takes."""
    try:
        payload = json.loads(body) if body.strip() else {}
    except (ValueError, RecursionError) as error:
        raise ValueError(f"the body is not JSON: {type(error).__name__}") from None
    if not isinstance(payload, dict):
        raise ValueError("the body must be a JSON object of the knob's arguments")
    arguments = {**dict(parse_qsl(query)), **payload}
    try:
        inspect.signature(knob).bind(**arguments)
    except TypeError as error:
        raise ValueError(f"{PREFIX}{route}: {error}") from None
    return arguments


async def send_json(send: Send, status: int, body: bytes | Any) -> None:
    """A whole JSON answer (`body` already encoded, or a value to encode) on a raw ASGI `send`."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})
