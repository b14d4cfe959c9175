"""`/__fake__/...`: the control API, outside the real paths, one route per Python method of `Fake`.

POST /__fake__/reset                                   Fake.reset()
GET  /__fake__/state                                   Fake.state()  (applied creates, pending faults, timing)
GET  /__fake__/fixtures                                Fake.fixtures.names
POST /__fake__/faults      {"operation_id", "fault", "times", ...options}   Fake.inject(...)
POST /__fake__/readiness   {"polls", "seconds"}        Fake.set_readiness(...)
POST /__fake__/visibility  {"polls", "seconds"}        Fake.set_visibility_window(...)
POST /__fake__/clock       {"advance": seconds}        ManualClock.advance (only with a manual clock)
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from starlette.types import Receive, Scope, Send

from .faults import Fault
from .timing import ManualClock, Readiness, Visibility

if TYPE_CHECKING:
    from .app import FakeApp

__all__ = ["Control", "state_of"]


def state_of(app: FakeApp) -> dict[str, Any]:
    backend = app.backend
    return {
        "applied_creates": {
            "mittwald": backend.applied["mittwald"],
            "foundry": backend.applied["foundry"],
        },
        "projects": {
            "mittwald": len(backend.mittwald_projects),
            "foundry": len(backend.foundry_projects),
        },
        "faults": app.faults.pending(),
        "readiness": asdict(backend.readiness),
        "visibility": asdict(backend.visibility),
    }


class Control:
    def __init__(self, app: FakeApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        try:
            payload = json.loads(body) if body else {}
            status, reply = self.dispatch(
                scope["method"], scope["path"].removeprefix("/__fake__/"), payload
            )
        except (ValueError, TypeError, KeyError) as error:
            status, reply = 400, {"error": f"{type(error).__name__}: {error}"}
        data = json.dumps(reply).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(data)).encode()),
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": data})

    def dispatch(self, method: str, route: str, payload: dict[str, Any]) -> tuple[int, Any]:
        app, backend = self.app, self.app.backend
        if (method, route) == ("POST", "reset"):
            backend.reset()
            app.faults.clear()
        elif (method, route) == ("GET", "state"):
            pass
        elif (method, route) == ("GET", "fixtures"):
            return 200, backend.fixtures.names
        elif (method, route) == ("POST", "faults"):
            options = {
                k: v for k, v in payload.items() if k not in {"operation_id", "fault", "times"}
            }
            app.faults.inject(
                payload["operation_id"],
                Fault(payload["fault"]),
                times=int(payload.get("times", 1)),
                **options,
            )
        elif (method, route) == ("POST", "readiness"):
            backend.readiness = Readiness(
                polls=payload.get("polls"), seconds=payload.get("seconds")
            )
        elif (method, route) == ("POST", "visibility"):
            backend.visibility = Visibility(
                polls=payload.get("polls"), seconds=payload.get("seconds")
            )
        elif (method, route) == ("POST", "clock"):
            if not isinstance(backend.clock, ManualClock):
                return 409, {
                    "error": "this fake runs on the real clock; start it with a ManualClock"
                }
            backend.clock.advance(float(payload["advance"]))
        else:
            return 404, {"error": f"no control route {method} /__fake__/{route}"}
        return 200, state_of(app)
