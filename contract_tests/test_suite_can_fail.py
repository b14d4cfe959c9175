"""The checks are not decoration: a fake broken in one small way makes them fail."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
import schemathesis
from provisionkit.conformance.plan import Plan
from provisionkit.fake import Fake
from schemathesis.core.failures import FailureGroup
from schemathesis.openapi.checks import JsonSchemaError, UndefinedStatusCode
from starlette.types import ASGIApp

from contract_tests.drift import Answer, Request, drifting
from contract_tests.settings import config
from contract_tests.target import FAKE_TOKEN, SPECS

AUTH = {"Authorization": f"Bearer {FAKE_TOKEN}"}
SEED_BODY = json.loads((SPECS.parent / "tests" / "fake" / "seed_curl_body.json").read_text())


def breaking(app: Any, edit: Callable[[int, Any], tuple[int, Any]]) -> ASGIApp:
    """Wrap the fake so that every JSON answer passes through `edit(status, body)` first."""

    def after(fake: Any, request: Request, answer: Answer) -> Answer:
        status, body = edit(answer.status, answer.json())
        return replace(answer.with_json(body), status=status)

    return drifting(app, after=after)


# Per API: the successful call's status, a field to mistype, a required field to drop.
SUCCESS = {"foundry": (200, "displayName", "spaceRid"), "mittwald": (201, "id", "id")}
Edit = Callable[[str], Callable[[int, Any], tuple[int, Any]]]


# The check each breakage must trip (others, e.g. positive-data acceptance, may trip too).
# mittwald's spec declares a `default` response, so no status is undeclared there: a 418 carrying
# the project instead of mittwald's error body is caught by the schema check instead.
CAUGHT_BY: dict[str, tuple[type[Exception], ...]] = {
    "wrong_type": (JsonSchemaError,),
    "missing_field": (JsonSchemaError,),
    "undeclared_status": (UndefinedStatusCode, JsonSchemaError),
}


def wrong_type(api: str) -> Callable[[int, Any], tuple[int, Any]]:
    ok, field, _ = SUCCESS[api]
    return lambda status, body: (status, {**body, field: 42} if status == ok else body)


def missing_field(api: str) -> Callable[[int, Any], tuple[int, Any]]:
    ok, _, required = SUCCESS[api]
    return lambda status, body: (
        status,
        {k: v for k, v in body.items() if k != required} if status == ok else body,
    )


def undeclared_status(api: str) -> Callable[[int, Any], tuple[int, Any]]:
    ok = SUCCESS[api][0]
    return lambda status, body: (418 if status == ok else status, body)


def create_case(api: str, fake: Fake, app: ASGIApp) -> Any:
    """A create the unbroken fake answers with success, as a schemathesis case sent to `app`."""
    schema = schemathesis.openapi.from_path(
        SPECS / f"{api}.yaml", config=config(Plan(api, "http://127.0.0.1", FAKE_TOKEN))
    )
    schema.app = app  # before looking up the operation: an operation keeps the app it was made with
    if api == "foundry":
        operation = schema["/api/v2/filesystem/projects/create"]["POST"]
        return operation.Case(body=SEED_BODY)
    operation = schema["/v2/servers/{serverId}/projects"]["POST"]
    server = {"serverId": fake.fixtures.mittwald_server}
    return operation.Case(path_parameters=server, body={"description": "shop"})


@pytest.mark.parametrize("api", ["foundry", "mittwald"])
@pytest.mark.parametrize(
    "edit", [wrong_type, missing_field, undeclared_status], ids=lambda f: f.__name__
)
def test_a_broken_fake_fails_the_conformance_checks(api: str, edit: Edit) -> None:
    with Fake(tokens={FAKE_TOKEN}) as fake:
        case = create_case(api, fake, breaking(fake.app, edit(api)))
        with pytest.raises(FailureGroup) as failures:
            case.call_and_validate(headers=AUTH)
    caught = CAUGHT_BY[edit.__name__]
    assert any(isinstance(e, caught) for e in failures.value.exceptions), failures.value


@pytest.mark.parametrize("api", ["foundry", "mittwald"])
def test_the_unbroken_fake_passes_the_same_call(api: str) -> None:
    with Fake(tokens={FAKE_TOKEN}) as fake:
        case = create_case(api, fake, fake.app)
        assert case.call_and_validate(headers=AUTH).status_code == SUCCESS[api][0]
