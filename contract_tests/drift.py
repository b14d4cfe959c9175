"""A deployment drifting from the spec, as a proxy in front of the fake would make it: an ASGI layer
that may rewrite a request before the fake sees it, answer in the fake's place, or rewrite the
fake's answer (mutants.py holds the drifts themselves)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Self
from urllib.parse import parse_qsl, urlencode

from provisionkit.fake.app import FakeApp
from starlette.types import Message, Receive, Scope, Send

__all__ = ["After", "Answer", "Before", "Request", "drifting", "send_answer"]


class _JsonBody:
    """A request or answer whose body may be JSON."""

    body: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def with_json(self, data: Any) -> Self:
        return replace(self, body=json.dumps(data).encode())  # type: ignore[type-var]


@dataclass(frozen=True)
class Request(_JsonBody):
    operation: str | None  # the fake's operation id for it
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: bytes


@dataclass(frozen=True)
class Answer(_JsonBody):
    status: int
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: bytes = b""


Before = Callable[[FakeApp, Request], "Request | Answer"]
After = Callable[[FakeApp, Request, Answer], Answer]


def drifting(fake: FakeApp, before: Before | None = None, after: After | None = None) -> Any:
    """The fake behind one drift (an ASGI app): `before` may rewrite a request or answer in the
    fake's place, `after` may rewrite the fake's answer. The control API is left alone."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/__fake__"):
            await fake(scope, receive, send)
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"), True))
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        operation = fake.router.operation_id(scope["method"], scope["path"])
        request = Request(operation, scope["method"], scope["path"], query, headers, body)
        if before is not None:
            outcome = before(fake, request)
            if isinstance(outcome, Answer):
                await send_answer(send, outcome)
                return
            request = outcome
        inner = _scope(scope, request)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": request.body, "more_body": False}

        if after is None:
            await fake(inner, replay, send)
            return
        captured: dict[str, Any] = {"body": b""}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
                captured["headers"] = list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                captured["body"] += message.get("body", b"")

        await fake(inner, replay, capture)
        answer = Answer(captured["status"], captured["headers"], captured["body"])
        await send_answer(send, after(fake, request, answer))

    return app


def _scope(scope: Scope, request: Request) -> Scope:
    headers = [
        (k.encode("latin-1"), v.encode("latin-1"))
        for k, v in request.headers.items()
        if k != "content-length"
    ]
    if request.body:
        headers.append((b"content-length", str(len(request.body)).encode()))
    return {
        **scope,
        "path": request.path,
        "raw_path": request.path.encode(),
        "query_string": urlencode(request.query).encode(),
        "headers": headers,
    }


async def send_answer(send: Send, answer: Answer) -> None:
    headers = [(k, v) for k, v in answer.headers if k.lower() != b"content-length"]
    headers.append((b"content-length", str(len(answer.body)).encode()))
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})
