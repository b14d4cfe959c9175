"""The fake's Foundry: checks in the reference's order, gateway errors (scope, size, media type,
body shape), the legacy preview-only switch, and the Conjure envelope on every error."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from provisionkit.fake import Fake

from tests.helpers import FOUNDRY_CREATE as CREATE

UNKNOWN_SPACE = "ri.compass.main.folder.00000000-0000-4000-8000-000000000000"


def _body(fake: Fake, **changes: Any) -> dict[str, Any]:
    fx = fake.fixtures
    body: dict[str, Any] = {
        "displayName": "Flights",
        "spaceRid": fx.foundry_space,
        "organizationRids": [fx.foundry_organization],
        "defaultRoles": [],
        "roleGrants": {
            fx.foundry_owner_role: [{"principalId": fx.foundry_principal, "principalType": "USER"}]
        },
    }
    body.update(changes)
    return body


def _violations(fake: Fake) -> list[tuple[str, dict[str, Any]]]:
    """One body change per check, in the reference's order."""
    fx = fake.fixtures
    viewer = {
        fx.foundry_viewer_role: [{"principalId": fx.foundry_principal, "principalType": "USER"}]
    }
    return [
        ("InvalidDisplayName", {"displayName": ".."}),
        ("SpaceNotFound", {"spaceRid": UNKNOWN_SPACE}),
        ("ProjectCreationNotSupported", {"spaceRid": fx.foundry_space_without_projects}),
        ("OrganizationsNotFound", {"organizationRids": ["ri.multipass..organization.nope"]}),
        (
            "OrganizationMarkingNotOnSpace",
            {"organizationRids": [fx.foundry_organization_not_on_space]},
        ),
        ("InvalidRoleIds", {"defaultRoles": ["no-such-role"]}),
        ("CreateProjectNoOwnerLikeRoleGrant", {"roleGrants": viewer}),
    ]


@pytest.mark.parametrize("index", range(7))
def test_checks_run_in_the_reference_order(http: httpx.Client, fake: Fake, index: int) -> None:
    """A body breaking this rule and every later one gets this rule's error: it is checked first."""
    changes: dict[str, Any] = {}
    for _, change in reversed(_violations(fake)[index:]):  # earlier rules win a shared field
        changes.update(change)
    response = http.post(CREATE, json=_body(fake, **changes))
    assert response.json()["errorName"] == _violations(fake)[index][0]


def test_permission_is_checked_after_the_role_rules_and_before_the_name(
    http: httpx.Client, fake: Fake
) -> None:
    read_only = fake.fixtures.foundry_space_read_only
    viewer = {fake.fixtures.foundry_viewer_role: [{"principalId": "x", "principalType": "USER"}]}
    assert (
        http.post(CREATE, json=_body(fake, spaceRid=read_only, roleGrants=viewer)).json()[
            "errorName"
        ]
        == "CreateProjectNoOwnerLikeRoleGrant"
    )
    assert (
        http.post(CREATE, json=_body(fake, spaceRid=read_only)).json()["errorName"]
        == "CreateProjectPermissionDenied"
    )


def test_same_name_in_another_space_is_not_a_conflict(http: httpx.Client, fake: Fake) -> None:
    fake.fixtures.foundry_spaces[UNKNOWN_SPACE] = {
        **fake.fixtures.foundry_spaces[fake.fixtures.foundry_space],
        "displayName": "Other",
    }
    try:
        assert http.post(CREATE, json=_body(fake)).status_code == 200
        assert http.post(CREATE, json=_body(fake, spaceRid=UNKNOWN_SPACE)).status_code == 200
    finally:
        del fake.fixtures.foundry_spaces[UNKNOWN_SPACE]


def test_created_project_reads_back_through_get(http: httpx.Client, fake: Fake) -> None:
    created = http.post(CREATE, json=_body(fake, description="d")).json()
    assert created["rid"].startswith("ri.compass.main.folder.")
    assert http.get(f"/api/v2/filesystem/projects/{created['rid']}").json() == created


def test_read_only_token_may_read_but_not_create(fake: Fake) -> None:
    token = fake.fixtures.foundry_read_only_token
    with httpx.Client(
        base_url="http://fake",
        transport=fake.sync_transport(),
        headers={"Authorization": f"Bearer {token}"},
    ) as http:
        denied = http.post(CREATE, json=_body(fake))
        assert (denied.status_code, denied.json()["errorName"]) == (403, "ApiUsageDenied")
        assert denied.json()["parameters"] == {"missingScope": "api:filesystem-write"}
        assert http.get(f"/api/v2/filesystem/projects/{UNKNOWN_SPACE}").status_code == 404
    assert fake.applied_creates() == 0


def test_oversized_body_is_413(http: httpx.Client, fake: Fake) -> None:
    response = http.post(CREATE, json=_body(fake, description="x" * (2 << 20)))
    assert (response.status_code, response.json()["errorName"]) == (
        413,
        "Default:RequestEntityTooLarge",
    )


def test_body_shape_errors_are_invalid_argument(http: httpx.Client) -> None:
    response = http.post(CREATE, json={"displayName": "x"})
    error = response.json()
    assert (response.status_code, error["errorCode"], error["errorName"]) == (
        400,
        "INVALID_ARGUMENT",
        "Default:InvalidArgument",
    )
    assert "spaceRid" in error["parameters"]["message"]


def test_non_json_body_is_unsupported_media_type(http: httpx.Client) -> None:
    response = http.post(CREATE, content=b"name=x", headers={"content-type": "text/plain"})
    assert (response.status_code, response.json()["errorName"]) == (
        415,
        "Conjure:UnsupportedMediaType",
    )


@pytest.mark.parametrize("body", [b"{not json", b"\xff\xfe"], ids=["syntax", "utf-8"])
def test_undecodable_body_is_unprocessable_entity(http: httpx.Client, body: bytes) -> None:
    response = http.post(CREATE, content=body, headers={"content-type": "application/json"})
    assert (response.status_code, response.json()["errorName"]) == (
        422,
        "Conjure:UnprocessableEntity",
    )


def test_preview_only_server_requires_the_preview_flag(http: httpx.Client, fake: Fake) -> None:
    fake.set_foundry_preview_only()
    refused = http.post(CREATE, json=_body(fake))
    assert (refused.status_code, refused.json()["errorName"]) == (400, "ApiFeaturePreviewUsageOnly")
    assert http.post(f"{CREATE}?preview=true", json=_body(fake)).status_code == 200


def test_error_instance_ids_are_uuids_and_differ(http: httpx.Client) -> None:
    ids = [
        http.get(f"/api/v2/filesystem/projects/{UNKNOWN_SPACE}").json()["errorInstanceId"]
        for _ in range(2)
    ]
    assert len(set(ids)) == 2
    assert all(len(i) == 36 and i.count("-") == 4 for i in ids)


def test_unauthorized_is_a_conjure_envelope(fake: Fake) -> None:
    with httpx.Client(base_url="http://fake", transport=fake.sync_transport()) as http:
        response = http.post(CREATE, content=json.dumps(_body(fake)))
    assert (response.status_code, response.json()["errorCode"]) == (401, "UNAUTHORIZED")
    assert fake.applied_creates() == 0
