"""Odd request bodies get each API's own client-error answer, never a 500: JSON nested past any
parser's depth, JSON only just shallow enough to parse, and a body sent without a Content-Type."""

from __future__ import annotations

import httpx
import pytest
from provisionkit.fake import Fake

from tests.helpers import FOUNDRY_CREATE as CREATE

JSON = {"content-type": "application/json"}


def _mittwald_create(fake: Fake) -> str:
    return f"/v2/servers/{fake.fixtures.mittwald_server}/projects"


def _nested(depth: int) -> bytes:
    return b'{"description": ' + b"[" * depth + b"]" * depth + b"}"


@pytest.mark.parametrize(
    "depth", [900, 100_000], ids=["parses-then-fails-the-schema", "past-the-parser"]
)
def test_deep_json_is_mittwald_validation_error(http: httpx.Client, fake: Fake, depth: int) -> None:
    response = http.post(_mittwald_create(fake), content=_nested(depth), headers=JSON)
    assert (response.status_code, response.json()["type"]) == (400, "ValidationError")
    assert fake.applied_creates() == 0


@pytest.mark.parametrize(
    ("depth", "status", "name"),
    [(900, 400, "Default:InvalidArgument"), (100_000, 422, "Conjure:UnprocessableEntity")],
    ids=["parses-then-fails-the-schema", "past-the-parser"],
)
def test_deep_json_is_a_foundry_client_error(
    http: httpx.Client, fake: Fake, depth: int, status: int, name: str
) -> None:
    """Foundry's spec: a body that cannot be deserialized is 422 Conjure:UnprocessableEntity."""
    body = b'{"displayName": "x", "spaceRid": ' + b"[" * depth + b"]" * depth + b"}"
    response = http.post(CREATE, content=body, headers=JSON)
    assert (response.status_code, response.json()["errorName"]) == (status, name)


def test_body_without_content_type_is_each_apis_400(http: httpx.Client, fake: Fake) -> None:
    mittwald = http.post(_mittwald_create(fake), content=b'{"description": "x"}')
    assert (mittwald.status_code, mittwald.json()["type"]) == (400, "ValidationError")
    assert "Content-Type" in mittwald.json()["validationErrors"][0]["message"]
    foundry = http.post(CREATE, content=b'{"displayName": "x"}')
    assert (foundry.status_code, foundry.json()["errorName"]) == (400, "Default:InvalidArgument")
    assert fake.applied_creates() == 0


def test_a_bodyless_post_without_content_type_is_still_the_missing_body_error(
    http: httpx.Client, fake: Fake
) -> None:
    response = http.post(_mittwald_create(fake))
    assert response.status_code == 400
    assert "RequestBody is required" in response.text
