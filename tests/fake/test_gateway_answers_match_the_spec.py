"""Answers the fake sends before Connexion sees the request (auth, scope, size) or instead of it
(status faults) validate against the spec, like everything Connexion's response validation checks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any

import httpx
import pytest
from jsonschema import Draft4Validator  # type: ignore[import-untyped]
from provisionkit.fake import Fake, Fault
from provisionkit.fake.specs import load_spec

from tests.helpers import AUTH, foundry_create_body
from tests.helpers import FOUNDRY_CREATE as CREATE


@cache
def _spec(api: str) -> dict[str, Any]:
    return load_spec(api)


def _resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = _lookup(spec, node["$ref"])
    return node


def _lookup(spec: dict[str, Any], ref: str) -> dict[str, Any]:
    found: Any = spec
    for part in ref.removeprefix("#/").split("/"):
        found = found[part]
    return dict(found)


def assert_matches_spec(api: str, method: str, template: str, response: httpx.Response) -> None:
    """The response's status, headers and body are what the spec declares for the operation."""
    spec = _spec(api)
    responses = spec["paths"][template][method.lower()]["responses"]
    declared = responses.get(str(response.status_code), responses.get("default"))
    assert declared is not None, f"{response.status_code} is not declared for {method} {template}"
    declared = _resolve(spec, declared)
    for name, header in declared.get("headers", {}).items():
        if name.lower() in response.headers:
            schema = _resolve(spec, header)["schema"]
            value: Any = response.headers[name.lower()]
            if schema.get("type") == "integer":
                value = int(value)
            _validate(spec, schema, value)
    content = declared.get("content")
    if content is None:
        assert response.content == b""
        return
    schema = content["application/json"]["schema"]
    _validate(spec, schema, json.loads(response.content))


def _validate(spec: dict[str, Any], schema: dict[str, Any], value: Any) -> None:
    # Rooted in the whole spec so that "#/components/..." references resolve.
    Draft4Validator({**schema, "components": spec["components"]}).validate(value)


@pytest.fixture
def http(fake: Fake) -> Iterator[httpx.Client]:
    """Unlike the shared fixture, not signed in: these tests start from the gateway's 401."""
    with httpx.Client(base_url="http://fake", transport=fake.sync_transport()) as client:
        yield client


def test_mittwald_401_matches_the_spec(http: httpx.Client) -> None:
    response = http.get("/v2/servers")
    assert response.status_code == 401
    assert_matches_spec("mittwald", "GET", "/v2/servers", response)


def test_foundry_401_matches_the_spec(http: httpx.Client, fake: Fake) -> None:
    response = http.post(CREATE, json=foundry_create_body(fake))
    assert response.status_code == 401
    assert_matches_spec("foundry", "POST", CREATE, response)


def test_foundry_api_usage_denied_matches_the_spec(http: httpx.Client, fake: Fake) -> None:
    token = fake.fixtures.foundry_read_only_token
    response = http.post(
        CREATE, json=foundry_create_body(fake), headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 403
    assert_matches_spec("foundry", "POST", CREATE, response)


def test_foundry_413_matches_the_spec(http: httpx.Client, fake: Fake) -> None:
    body = {**foundry_create_body(fake), "description": "x" * (2 << 20)}
    response = http.post(CREATE, json=body, headers=AUTH)
    assert response.status_code == 413
    assert_matches_spec("foundry", "POST", CREATE, response)


def test_mittwald_412_and_rate_limit_headers_match_the_spec(http: httpx.Client) -> None:
    response = http.get("/v2/projects/p-abcdef", headers={**AUTH, "if-event-reached": "9" * 30})
    assert response.status_code == 412
    assert_matches_spec("mittwald", "GET", "/v2/projects/{projectId}", response)


@pytest.mark.parametrize(
    "fault", [Fault.RATE_LIMIT, Fault.UNAVAILABLE, Fault.SERVER_ERROR], ids=str
)
@pytest.mark.parametrize(
    ("api", "operation", "method", "template", "path"),
    [
        ("mittwald", "project-list-servers", "GET", "/v2/servers", "/v2/servers"),
        (
            "foundry",
            "getProject",
            "GET",
            "/api/v2/filesystem/projects/{projectRid}",
            "/api/v2/filesystem/projects/ri.compass.main.folder.x",
        ),
    ],
)
def test_status_fault_answers_match_the_spec(
    http: httpx.Client,
    fake: Fake,
    fault: Fault,
    api: str,
    operation: str,
    method: str,
    template: str,
    path: str,
) -> None:
    fake.inject(operation, fault, retry_after=2)
    response = http.request(method, path, headers=AUTH)
    assert_matches_spec(api, method, template, response)
