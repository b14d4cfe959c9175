"""`/__fake__/...`: the control API, outside the real paths, one route per Python method of `Fake`.

POST /__fake__/reset                                   Fake.reset()
POST /__fake__/seed          {"seed": n}               Fake.reseed(n)
GET  /__fake__/state                                   Fake.state()  (applied creates, pending faults, timing)
GET  /__fake__/applied-creates[?api=mittwald|foundry]  Fake.applied_creates(api)  -> {"applied_creates": n}
GET  /__fake__/fixtures                                Fake.fixtures.names
POST /__fake__/faults        {"operation_id", "fault", "times", ...options}   Fake.inject(...)
POST /__fake__/readiness     {"polls", "seconds"}      Fake.set_readiness(...)
POST /__fake__/visibility    {"polls", "seconds"}      Fake.set_visibility_window(...)
POST /__fake__/preview-only  {"enabled": bool}         Fake.set_foundry_preview_only(...)
POST /__fake__/clock         {"advance": seconds}      ManualClock.advance (only with a manual clock)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

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
        "applied_per_target": dict(backend.applied_per_target),
        "faults": app.faults.pending(),
        "foundry_preview_only": backend.foundry_preview_only,
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
            query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
            status, reply = self.dispatch(
                scope["method"], scope["path"].removeprefix("/__fake__/"), {**query, **payload}
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
        action = self._routes().get((method, route))
        if action is None:
            return 404, {"error": f"no control route {method} /__fake__/{route}"}
        reply = action(payload)
        return reply if reply is not None else (200, state_of(self.app))

    def _routes(self) -> dict[tuple[str, str], Callable[[dict[str, Any]], tuple[int, Any] | None]]:
        return {
            ("POST", "reset"): self._reset,
            ("POST", "seed"): self._seed,
            ("GET", "state"): lambda _: None,
            ("GET", "applied-creates"): self._applied_creates,
            ("GET", "fixtures"): lambda _: (200, self.app.backend.fixtures.names),
            ("POST", "faults"): self._inject,
            ("POST", "readiness"): self._readiness,
            ("POST", "visibility"): self._visibility,
            ("POST", "preview-only"): self._preview_only,
            ("POST", "clock"): self._advance_clock,
        }

    def _reset(self, _: dict[str, Any]) -> None:
        self.app.backend.reset()
        self.app.faults.clear()

    def _seed(self, payload: dict[str, Any]) -> None:
        self.app.backend.reseed(int(payload["seed"]))
        self.app.faults.clear()

    def _applied_creates(self, payload: dict[str, Any]) -> tuple[int, Any]:
        api = payload.get("api")
        if api not in (None, "mittwald", "foundry"):
            raise ValueError(f"api must be mittwald or foundry, got {api!r}")
        return 200, {"applied_creates": self.app.backend.applied_creates(api)}

    def _inject(self, payload: dict[str, Any]) -> None:
        options = {k: v for k, v in payload.items() if k not in {"operation_id", "fault", "times"}}
        self.app.faults.inject(
            payload["operation_id"],
            Fault(payload["fault"]),
            times=int(payload.get("times", 1)),
            **options,
        )

    def _readiness(self, payload: dict[str, Any]) -> None:
        self.app.backend.readiness = Readiness(payload.get("polls"), payload.get("seconds"))

    def _visibility(self, payload: dict[str, Any]) -> None:
        self.app.backend.visibility = Visibility(payload.get("polls"), payload.get("seconds"))

    def _preview_only(self, payload: dict[str, Any]) -> None:
        self.app.backend.foundry_preview_only = bool(payload.get("enabled", True))

    def _advance_clock(self, payload: dict[str, Any]) -> tuple[int, Any] | None:
        clock = self.app.backend.clock
        if not isinstance(clock, ManualClock):
            return 409, {"error": "this fake runs on the real clock; start it with a ManualClock"}
        clock.advance(float(payload["advance"]))
        return None
