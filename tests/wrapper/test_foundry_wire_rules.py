"""Foundry as Palantir's IR describes it, not only as our spec does: every optional field (and
collection) may arrive as JSON null, and a create carries every collection, empty or not.

The answers are checked against the vendor's own document first (specs/upstream/foundry.json, the
IR converted by Conjure's wire rules), so each test serves only what the vendor allows.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from openapi_schema_validator import OAS30Validator
from provisionkit import FoundryClient, UnexpectedResponse

from tests.helpers import TOKEN
from tests.helpers.specs import SPECS, success_example

UPSTREAM: dict[str, Any] = json.loads((SPECS / "upstream" / "foundry.json").read_text())
HOST = "foundry.example.test"
RID = "ri.compass.main.folder.01a79a9d-e293-48db-a585-9ffe221536e8"
SPACE = "ri.compass.main.folder.a86ad5f5-3db5-48e4-9fdd-00aa3e5731ca"


def vendor_allows(schema_name: str, body: Any) -> None:
    """Raises unless the vendor's document (the IR, converted) accepts `body` as `schema_name`."""
    root = {"components": UPSTREAM["components"], "$ref": f"#/components/schemas/{schema_name}"}
    OAS30Validator(root).validate(body)


def nulled(schema_name: str, body: dict[str, Any]) -> dict[str, Any]:
    """`body` with every field the vendor does not require set to JSON null."""
    schema = UPSTREAM["components"]["schemas"][schema_name]
    optional = set(schema["properties"]) - set(schema.get("required", ()))
    return {**body, **dict.fromkeys(optional)}


def serving(body: Any, seen: list[httpx.Request] | None = None) -> FoundryClient:
    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        return httpx.Response(200, json=body)

    return FoundryClient(TOKEN, hostname=HOST, transport=httpx.MockTransport(handler))


PROJECT = success_example("foundry", "getProject").value
RESOURCE = success_example("foundry", "getResource").value
USER = success_example("foundry", "getCurrentUser").value
SPACES = success_example("foundry", "listSpaces").value


def test_a_project_with_null_description_and_documentation_parses() -> None:
    """The regression: `"description": null` and `"documentation": null` are a project without
    them (Conjure's wire rules; the official SDK reads them so)."""
    body = nulled("Filesystem.Project", PROJECT)
    assert body["description"] is None
    assert body["documentation"] is None
    vendor_allows("Filesystem.Project", body)
    project = serving(body).get_project(RID)
    assert (project.description, project.documentation) == (None, None)
    assert project.rid == PROJECT["rid"]


def test_a_created_project_with_null_optionals_parses() -> None:
    body = nulled("Filesystem.Project", {**PROJECT, "displayName": "Nulls", "spaceRid": SPACE})
    project = serving(body).create_project("Nulls", SPACE)
    assert (project.description, project.documentation) == (None, None)


@pytest.mark.parametrize(
    ("schema_name", "body", "read"),
    [
        pytest.param(
            "Filesystem.Resource",
            RESOURCE,
            lambda c: c.get_resource(RID),
            id="getResource",
        ),
        pytest.param(
            "Filesystem.Resource",
            RESOURCE,
            lambda c: c.get_resource_by_path("/Empyrean Airlines/My Important Project"),
            id="getResourceByPath",
        ),
        pytest.param(
            "Admin.User",
            USER,
            lambda c: c.get_current_user(),
            id="getCurrentUser",
        ),
    ],
)
def test_every_optional_field_of_an_answer_may_be_null(
    schema_name: str, body: dict[str, Any], read: Callable[[FoundryClient], Any]
) -> None:
    answer = nulled(schema_name, body)
    vendor_allows(schema_name, answer)
    parsed = read(serving(answer))
    optional = [
        name
        for name in ("description", "given_name", "family_name", "email")
        if hasattr(parsed, name)
    ]
    assert optional
    assert [getattr(parsed, name) for name in optional] == [None] * len(optional)


def test_a_spaces_page_with_null_lists_and_token_reads_as_empty_and_last() -> None:
    space = nulled("Filesystem.Space", SPACES["data"][0])
    page = {"data": [space], "nextPageToken": None}
    vendor_allows("Filesystem.ListSpacesResponse", page)
    (listed,) = serving(page).list_spaces()
    assert listed.organizations == ()
    assert listed.description is None
    empty = nulled("Filesystem.ListSpacesResponse", {})
    assert empty == {"data": None, "nextPageToken": None}
    vendor_allows("Filesystem.ListSpacesResponse", empty)
    assert serving(empty).list_spaces() == []


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param({"data": "not a list"}, id="data-not-a-list"),
        pytest.param({"data": [{"rid": RID}]}, id="space-missing-fields"),
        pytest.param({"data": [{**SPACES["data"][0], "organizations": "x"}]}, id="orgs-not-a-list"),
    ],
)
def test_a_spaces_page_outside_the_schema_is_still_refused(broken: dict[str, Any]) -> None:
    """Null means empty; anything else that is not a list is not quietly read as one (the
    generated parser hands back what it cannot parse unchanged)."""
    with pytest.raises(UnexpectedResponse):
        serving(broken).list_spaces()


def test_a_required_field_given_as_null_is_still_refused() -> None:
    body = {**PROJECT, "displayName": None}
    with pytest.raises(UnexpectedResponse):
        serving(body).get_project(RID)


def _sent_create(**options: Any) -> dict[str, Any]:
    seen: list[httpx.Request] = []
    # The answer names the project asked for (a client checks that it is its own).
    answer = {**copy.deepcopy(PROJECT), "displayName": "Lists", "spaceRid": SPACE}
    serving(answer, seen).create_project("Lists", SPACE, **options)
    (request,) = seen
    body: dict[str, Any] = json.loads(request.content)
    return body


def test_a_create_always_sends_the_collections_as_the_official_sdk_does() -> None:
    """roleGrants, defaultRoles and organizationRids go out empty when the caller gives none:
    foundry-platform-python requires and always sends them (the IR types them as collections)."""
    body = _sent_create()
    assert body == {
        "displayName": "Lists",
        "spaceRid": SPACE,
        "roleGrants": {},
        "defaultRoles": [],
        "organizationRids": [],
    }
    vendor_allows("Filesystem.CreateProjectRequest", body)


def test_a_create_sends_the_collections_the_caller_gives() -> None:
    owner = "f05f8da4-b84c-4fca-9c77-8af0b13d11de"
    org = "ri.multipass..organization.c30ee6ad-b5e4-4afe-a74f-fe4a289f2faa"
    body = _sent_create(
        role_grants={"compass:manage": [{"principalId": owner, "principalType": "USER"}]},
        default_roles=["compass:view"],
        organization_rids=[org],
    )
    assert body["roleGrants"] == {
        "compass:manage": [{"principalId": owner, "principalType": "USER"}]
    }
    assert (body["defaultRoles"], body["organizationRids"]) == (["compass:view"], [org])
    vendor_allows("Filesystem.CreateProjectRequest", body)
