"""The checks are not decoration: a fake broken in one small way makes them fail."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from provisionkit.fake import Fake
from schemathesis.core.failures import FailureGroup
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from contract_tests.settings import config
from contract_tests.target import FAKE_TOKEN, SPECS, target

AUTH = {"Authorization": f"Bearer {FAKE_TOKEN}"}
SEED_BODY = json.loads((SPECS.parent / "tests" / "fake" / "seed_curl_body.json").read_text())


def breaking(app: ASGIApp, edit: Callable[[int, dict[str, Any]], tuple[int, Any]]) -> ASGIApp:
    """Wrap an app so that every JSON answer passes through `edit(status, body)` first."""

    async def broken(scope: Scope, receive: Receive, send: Send) -> None:
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] != "http.response.body":
                await send(message)
            else:
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    status, body = edit(start["status"], json.loads(b"".join(chunks) or b"null"))
                    data = json.dumps(body).encode()
                    headers = [
                        (k, v)
                        for k, v in start.get("headers", [])
                        if k.lower() != b"content-length"
                    ]
                    await send(
                        {
                            "type": "http.response.start",
                            "status": status,
                            "headers": [*headers, (b"content-length", str(len(data)).encode())],
                        }
                    )
                    await send({"type": "http.response.body", "body": data})

        await app(scope, receive, capture)

    return broken


def wrong_type(status: int, body: Any) -> tuple[int, Any]:
    return status, ({**body, "displayName": 42} if status == 200 else body)


def missing_field(status: int, body: Any) -> tuple[int, Any]:
    return status, ({k: v for k, v in body.items() if k != "spaceRid"} if status == 200 else body)


def undeclared_status(status: int, body: Any) -> tuple[int, Any]:
    return (418 if status == 200 else status), body


@pytest.mark.parametrize(
    "edit", [wrong_type, missing_field, undeclared_status], ids=lambda f: f.__name__
)
def test_a_broken_fake_fails_the_conformance_checks(
    edit: Callable[[int, Any], tuple[int, Any]],
) -> None:
    with Fake(tokens={FAKE_TOKEN}) as fake:
        schema = schemathesis.openapi.from_path(
            SPECS / "foundry.yaml", config=config(target("foundry"))
        )
        schema.app = breaking(fake.app, edit)
        create = schema["/api/v2/filesystem/projects/create"]["POST"]
        with pytest.raises(FailureGroup):
            create.Case(body=SEED_BODY, query={"preview": True}).call_and_validate(headers=AUTH)


def test_the_unbroken_fake_passes_the_same_call() -> None:
    with Fake(tokens={FAKE_TOKEN}) as fake:
        schema = schemathesis.openapi.from_path(
            SPECS / "foundry.yaml", config=config(target("foundry"))
        )
        schema.app = fake.app
        create = schema["/api/v2/filesystem/projects/create"]["POST"]
        assert (
            create.Case(body=SEED_BODY, query={"preview": True})
            .call_and_validate(headers=AUTH)
            .status_code
            == 200
        )
