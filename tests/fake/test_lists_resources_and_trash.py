"""The fake's newer operations (issue 12): mittwald's project list and delete, Foundry's resources
by rid and by path, the trash, the calling user; both auth headers for mittwald; `preview`
tolerated; 405s that name every method of the path."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from provisionkit.fake import Fake, ManualClock

from tests.helpers import FOUNDRY_CREATE as CREATE
from tests.helpers import TOKEN

RESOURCES = "/api/v2/filesystem/resources"
BY_PATH = f"{RESOURCES}/getByPath"
CURRENT_USER = "/api/v2/admin/users/getCurrent"


def _mittwald(http: httpx.Client, server: str, description: str = "shop") -> str:
    response = http.post(f"/v2/servers/{server}/projects", json={"description": description})
    assert response.status_code == 201
    return str(response.json()["id"])


def _foundry_body(fake: Fake, name: str) -> dict[str, Any]:
    owner = {"principalId": fake.fixtures.foundry_principal, "principalType": "USER"}
    return {
        "displayName": name,
        "spaceRid": fake.fixtures.foundry_space,
        "roleGrants": {fake.fixtures.foundry_owner_role: [owner]},
    }


def _foundry(http: httpx.Client, fake: Fake, name: str, **headers: str) -> dict[str, Any]:
    response = http.post(CREATE, json=_foundry_body(fake, name), headers=headers)
    assert response.status_code == 200, response.text
    project: dict[str, Any] = response.json()
    return project


# --- mittwald: list and delete --------------------------------------------------------------------


def test_list_projects_filters_by_server_and_search_term(http: httpx.Client, fake: Fake) -> None:
    ok, failing = fake.fixtures.mittwald_server, fake.fixtures.mittwald_failing_server
    first = _mittwald(http, ok, "shop one")
    _mittwald(http, failing, "shop two")
    third = _mittwald(http, ok, "blog")
    on_ok = http.get("/v2/projects", params={"serverId": ok}).json()
    assert [p["id"] for p in on_ok] == [first, third]
    shops = http.get("/v2/projects", params={"serverId": ok, "searchTerm": "SHOP"}).json()
    assert [p["id"] for p in shops] == [first]
    assert len(http.get("/v2/projects", params={"searchTerm": "shop"}).json()) == 2
    assert http.get("/v2/projects", params={"customerId": "nobody"}).json() == []


def test_list_projects_items_carry_customer_meta_and_deletion_requested(
    http: httpx.Client, fake: Fake
) -> None:
    project_id = _mittwald(http, fake.fixtures.mittwald_server)
    (item,) = http.get("/v2/projects").json()
    assert item["id"] == project_id
    assert item["customerMeta"] == {"id": item["customerId"]}
    assert item["deletionRequested"] is False
    assert "directories" not in item  # a ProjectListItem, not a Project


def test_list_projects_sorts_and_paginates_with_the_reference_headers(
    http: httpx.Client, fake: Fake
) -> None:
    for name in ("b", "c", "a"):
        _mittwald(http, fake.fixtures.mittwald_server, name)
    page = http.get(
        "/v2/projects", params={"sort": "description", "order": "desc", "limit": 2, "page": 1}
    )
    assert [p["description"] for p in page.json()] == ["a"]
    assert {
        k: page.headers[f"x-pagination-{k}"] for k in ("limit", "skip", "page", "totalcount")
    } == {"limit": "2", "skip": "2", "page": "1", "totalcount": "3"}


def test_list_projects_is_eventually_consistent_by_time(
    http: httpx.Client, fake: Fake, clock: ManualClock
) -> None:
    fake.set_visibility_window(seconds=5)
    _mittwald(http, fake.fixtures.mittwald_server)
    assert http.get("/v2/projects").json() == []
    clock.advance(5)
    assert len(http.get("/v2/projects").json()) == 1


def test_delete_project_answers_204_with_an_event_and_the_project_is_gone(
    http: httpx.Client, fake: Fake
) -> None:
    project_id = _mittwald(http, fake.fixtures.mittwald_server)
    short_id = http.get(f"/v2/projects/{project_id}").json()["shortId"]
    deleted = http.delete(f"/v2/projects/{short_id}")
    assert (deleted.status_code, deleted.content) == (204, b"")
    assert deleted.headers["etag"].isdigit()
    assert http.get(f"/v2/projects/{project_id}").status_code == 403
    assert http.get("/v2/projects").json() == []
    assert http.delete(f"/v2/projects/{project_id}").json()["type"] == "PermissionDenied"
    assert fake.deleted_projects("mittwald") == 1
    assert fake.applied_creates("mittwald") == 1  # deleting does not undo the count of creates


@pytest.mark.parametrize(
    "headers",
    [{"x-access-token": TOKEN}, {"Authorization": f"Bearer {TOKEN}"}],
    ids=["x-access-token", "bearer"],
)
def test_mittwald_takes_the_spec_header_and_still_bearer(headers: dict[str, str]) -> None:
    with (
        Fake(tokens={TOKEN}, validate_responses=True) as fake,
        httpx.Client(
            base_url="http://fake", transport=fake.sync_transport(), headers=headers
        ) as http,
    ):
        project_id = _mittwald(http, fake.fixtures.mittwald_server)
        assert http.get("/v2/projects").status_code == 200
        assert http.delete(f"/v2/projects/{project_id}").status_code == 204
        refused = http.get("/v2/projects", headers={"x-access-token": "wrong"})
        if "authorization" not in {k.lower() for k in headers}:
            assert refused.status_code == 401


# --- Foundry: resources, paths, the trash, the calling user ---------------------------------------


def test_a_project_is_a_resource_by_rid_and_by_path(http: httpx.Client, fake: Fake) -> None:
    project = _foundry(http, fake, "Pathfinder")
    by_rid = http.get(f"{RESOURCES}/{project['rid']}").json()
    assert by_rid["path"] == "/Empyrean Airlines/Pathfinder" == project["path"]
    assert (by_rid["type"], by_rid["projectRid"], by_rid["parentFolderRid"]) == (
        "COMPASS_FOLDER",
        project["rid"],
        fake.fixtures.foundry_space,
    )
    for path in ("/Empyrean Airlines/Pathfinder", "Empyrean Airlines/Pathfinder"):
        assert http.get(BY_PATH, params={"path": path}).json() == by_rid
    assert http.get(BY_PATH, params={"path": "/Empyrean Airlines/pathfinder"}).status_code == 404


def test_created_by_is_the_user_of_the_token(http: httpx.Client, fake: Fake) -> None:
    other = {"Authorization": f"Bearer {fake.fixtures.foundry_other_user_token}"}
    mine = _foundry(http, fake, "Mine")
    theirs = _foundry(http, fake, "Theirs", **other)
    me = http.get(CURRENT_USER).json()
    them = http.get(CURRENT_USER, headers=other).json()
    assert me["id"] == fake.fixtures.caller == mine["createdBy"]
    assert them["id"] == fake.fixtures.foundry_other_user == theirs["createdBy"]
    assert me["id"] != them["id"]


def test_trashing_keeps_the_project_readable_and_its_name_taken(
    http: httpx.Client, fake: Fake
) -> None:
    project = _foundry(http, fake, "Binned")
    assert http.delete(f"{RESOURCES}/{project['rid']}").status_code == 204
    assert http.get(f"{RESOURCES}/{project['rid']}").json()["trashStatus"] == "DIRECTLY_TRASHED"
    by_path = http.get(BY_PATH, params={"path": project["path"]}).json()
    assert by_path["trashStatus"] == "DIRECTLY_TRASHED"
    assert (
        http.get(f"/api/v2/filesystem/projects/{project['rid']}").json()["trashStatus"]
        == "DIRECTLY_TRASHED"
    )
    again = http.post(CREATE, json=_foundry_body(fake, "Binned"))
    assert (again.status_code, again.json()["errorName"]) == (409, "ProjectNameAlreadyExists")
    assert http.delete(f"{RESOURCES}/{project['rid']}").status_code == 204  # already trashed
    assert fake.deleted_projects("foundry") == 1
    assert http.get("/__fake__/deleted-projects?api=foundry").json() == {"deleted_projects": 1}
    assert fake.state()["deleted_projects"] == {"mittwald": 0, "foundry": 1}


def test_the_seeded_project_of_another_user_is_found_by_path(
    http: httpx.Client, fake: Fake
) -> None:
    found = http.get(BY_PATH, params={"path": "/Finance/Quarterly Reports"}).json()
    assert found["rid"] == fake.fixtures.foundry_others_project
    assert found["createdBy"] == fake.fixtures.foundry_other_user


def test_another_users_project_readable_as_a_resource_is_served_by_get_project(
    http: httpx.Client, fake: Fake
) -> None:
    """Real Foundry serves a project by rid to anyone who can read it: the seeded project of
    another user answers getProject as it answers getResource."""
    rid = fake.fixtures.foundry_others_project
    answer = http.get(f"/api/v2/filesystem/projects/{rid}")
    assert answer.status_code == 200, answer.text
    project = answer.json()
    resource = http.get(f"{RESOURCES}/{rid}").json()
    shared = set(project) & set(resource)
    assert {key: project[key] for key in shared} == {key: resource[key] for key in shared}
    assert project["createdBy"] == fake.fixtures.foundry_other_user
    assert project["resourceLevelRoleGrantsAllowed"] is True


def test_a_resource_that_is_no_project_is_still_project_not_found(
    http: httpx.Client, fake: Fake
) -> None:
    """A dataset inside that project is readable as a resource, but it is no project."""
    answer = http.get(f"/api/v2/filesystem/projects/{fake.fixtures.foundry_autosaved_resource}")
    assert (answer.status_code, answer.json()["errorName"]) == (404, "ProjectNotFound")


def test_a_create_with_null_optionals_and_collections_reads_them_as_absent(
    http: httpx.Client, fake: Fake
) -> None:
    """Conjure reads a null optional or collection as absent/empty: a create with them null is
    a create without them (no null description stored, role grants on resources allowed)."""
    body = {
        **_foundry_body(fake, "Nulls"),
        "description": None,
        "resourceLevelRoleGrantsAllowed": None,
        "defaultRoles": None,
        "organizationRids": None,
    }
    answer = http.post(CREATE, json=body)
    assert answer.status_code == 200, answer.text
    project = answer.json()
    assert "description" not in project
    assert project["resourceLevelRoleGrantsAllowed"] is True


def test_a_create_with_every_collection_empty_is_applied(http: httpx.Client, fake: Fake) -> None:
    """What the official SDK (and our clients) send when the caller names no roles or orgs."""
    body = {**_foundry_body(fake, "Empty lists"), "defaultRoles": [], "organizationRids": []}
    assert http.post(CREATE, json=body).status_code == 200


def test_preview_is_tolerated_on_every_foundry_operation(http: httpx.Client, fake: Fake) -> None:
    project = http.post(f"{CREATE}?preview=true", json=_foundry_body(fake, "Legacy")).json()
    for path in (f"/api/v2/filesystem/projects/{project['rid']}", f"{RESOURCES}/{project['rid']}"):
        assert http.get(path, params={"preview": "true"}).status_code == 200
    assert http.get(BY_PATH, params={"preview": "false", "path": project["path"]}).is_success


def test_read_only_token_may_read_but_not_trash(http: httpx.Client, fake: Fake) -> None:
    project = _foundry(http, fake, "Kept")
    read_only = {"Authorization": f"Bearer {fake.fixtures.foundry_read_only_token}"}
    assert http.get(f"{RESOURCES}/{project['rid']}", headers=read_only).status_code == 200
    refused = http.delete(f"{RESOURCES}/{project['rid']}", headers=read_only)
    assert (refused.status_code, refused.json()["errorName"]) == (403, "ApiUsageDenied")


# --- routing: 405 before Connexion -----------------------------------------------------------------


def test_delete_get_by_path_is_405_not_a_delete_of_the_rid_get_by_path(
    http: httpx.Client, fake: Fake
) -> None:
    fake.inject("deleteResource", "server_error")
    refused = http.delete(BY_PATH, params={"path": "/Empyrean Airlines/x"})
    assert (refused.status_code, refused.headers["allow"]) == (405, "GET")
    assert refused.json()["errorName"] == "Default:MethodNotAllowed"
    assert fake.state()["faults"]["deleteResource"][0]["remaining"] == 1  # not taken by the 405


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("POST", f"{RESOURCES}/ri.compass.main.folder.x", "GET, DELETE"),
        ("PUT", "/v2/projects/p-abcdef", "GET, DELETE"),
        ("DELETE", "/v2/servers", "GET"),
        ("GET", CREATE, "POST"),
    ],
)
def test_a_405_lists_every_method_the_spec_gives_the_path(
    http: httpx.Client, method: str, path: str, allow: str
) -> None:
    response = http.request(method, path)
    assert (response.status_code, response.headers["allow"]) == (405, allow)


def test_head_rides_on_get(http: httpx.Client) -> None:
    assert http.head("/v2/servers").status_code == 200
