"""The fake behaves like both APIs: the seeds work as written, every documented error is reachable,
faults do what they are named for, and the same seed replays the same ids."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from provisionkit.fake import ConnectionDropped, ConnectionRefused, Fake

from tests.helpers import AUTH
from tests.helpers import FOUNDRY_CREATE as CREATE
from tests.helpers.specs import FOUNDRY_ERRORS

SEED_CURL_BODY = b'{"organizationRids":["ri.multipass..organization.c30ee6ad-b5e4-4afe-a74f-fe4a289f2faa"],"displayName":"My Important Project","defaultRoles":["8bf49052-dc37-4528-8bf0-b551cfb71268"],"description":"project description","roleGrants":{"8bf49052-dc37-4528-8bf0-b551cfb71268":[{"principalId":"f05f8da4-b84c-4fca-9c77-8af0b13d11de","principalType":"USER"}]},"spaceRid":"ri.compass.main.folder.a86ad5f5-3db5-48e4-9fdd-00aa3e5731ca"}'


def foundry_body(fake: Fake, **changes: Any) -> dict[str, Any]:
    body = json.loads(SEED_CURL_BODY)
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def test_seed_foundry_curl_request_succeeds_as_written(http: httpx.Client) -> None:
    response = http.post(
        f"{CREATE}?preview=true",
        content=SEED_CURL_BODY,
        headers={"Content-type": "application/json"},
    )
    assert response.status_code == 200
    project = response.json()
    assert project["path"] == "/Empyrean Airlines/My Important Project"
    assert project["resourceLevelRoleGrantsAllowed"] is True
    assert http.get(f"/api/v2/filesystem/projects/{project['rid']}").json() == project


@pytest.mark.parametrize("path", ["/v2/servers/{id}/projects", "/v2/placementgroups/{id}/projects"])
def test_seed_mittwald_create_then_poll_until_ready(
    http: httpx.Client, fake: Fake, path: str
) -> None:
    fake.set_readiness(polls=3)
    created = http.post(
        path.format(id=fake.fixtures.mittwald_server), json={"description": "My first project"}
    )
    assert created.status_code == 201
    assert created.headers["etag"].isdigit()
    states = [http.get(f"/v2/projects/{created.json()['id']}").json()["isReady"] for _ in range(3)]
    assert states == [False, False, True]


def test_mittwald_short_project_id_is_accepted(http: httpx.Client, fake: Fake) -> None:
    created = http.post(
        f"/v2/servers/{fake.fixtures.mittwald_server}/projects", json={"description": "x"}
    ).json()
    full = http.get(f"/v2/projects/{created['id']}").json()
    assert http.get(f"/v2/projects/{full['shortId']}").json()["id"] == created["id"]


RESOURCES = "/api/v2/filesystem/resources"
BY_PATH = f"{RESOURCES}/getByPath"


def _resource_trigger(fake: Fake, error_name: str) -> tuple[str, str, dict[str, str]]:
    """(method, path with query, extra headers) that the resource and user operations refuse."""
    fx = fake.fixtures
    restricted = {"Authorization": f"Bearer {fx.foundry_restricted_token}"}
    unknown = "ri.compass.main.folder.00000000-0000-4000-8000-000000000000"
    return {
        "GetRootFolderNotSupported": ("GET", f"{RESOURCES}/{fx.foundry_root_folder}", {}),
        "GetSpaceResourceNotSupported": ("GET", f"{RESOURCES}/{fx.foundry_space}", {}),
        "ResourceNotFound": ("GET", f"{RESOURCES}/{unknown}", {}),
        "InvalidPath": ("GET", f"{BY_PATH}?path=/Empyrean Airlines//x", {}),
        "PathNotFound": ("GET", f"{BY_PATH}?path=/Empyrean Airlines/Nothing Here", {}),
        "GetByPathPermissionDenied": ("GET", f"{BY_PATH}?path=/Empyrean Airlines/x", restricted),
        "TrashingSpaceNotSupported": ("DELETE", f"{RESOURCES}/{fx.foundry_space}", {}),
        "TrashingAutosavedResourcesNotSupported": (
            "DELETE",
            f"{RESOURCES}/{fx.foundry_autosaved_resource}",
            {},
        ),
        "TrashingHiddenResourcesNotSupported": (
            "DELETE",
            f"{RESOURCES}/{fx.foundry_hidden_resource}",
            {},
        ),
        "DeleteResourcePermissionDenied": (
            "DELETE",
            f"{RESOURCES}/{fx.foundry_others_project}",
            {},
        ),
        "GetCurrentUserPermissionDenied": ("GET", "/api/v2/admin/users/getCurrent", restricted),
    }[error_name]


def _trigger(fake: Fake, error_name: str) -> tuple[str, str, Any]:
    fx = fake.fixtures
    unknown = "ri.compass.main.folder.00000000-0000-4000-8000-000000000000"
    grants_viewer = {
        fx.foundry_viewer_role: [{"principalId": fx.foundry_principal, "principalType": "USER"}]
    }
    bodies = {
        "InvalidDisplayName": foundry_body(fake, displayName="a/b"),
        "SpaceNotFound": foundry_body(fake, spaceRid=unknown),
        "ProjectCreationNotSupported": foundry_body(
            fake, spaceRid=fx.foundry_space_without_projects
        ),
        "OrganizationsNotFound": foundry_body(
            fake, organizationRids=["ri.multipass..organization.nope"]
        ),
        "OrganizationMarkingNotOnSpace": foundry_body(
            fake, organizationRids=[fx.foundry_organization_not_on_space]
        ),
        "InvalidRoleIds": foundry_body(fake, defaultRoles=["no-such-role"]),
        "CreateProjectNoOwnerLikeRoleGrant": foundry_body(
            fake, roleGrants=grants_viewer, defaultRoles=[]
        ),
        "CreateProjectPermissionDenied": foundry_body(fake, spaceRid=fx.foundry_space_read_only),
        "ProjectNameAlreadyExists": foundry_body(fake),
    }
    if error_name == "ProjectNotFound":
        return "GET", f"/api/v2/filesystem/projects/{unknown}", None
    return "POST", CREATE, bodies[error_name]


def _request(fake: Fake, error_name: str) -> tuple[str, str, Any, dict[str, str]]:
    operations = FOUNDRY_ERRORS[error_name][0]
    first = operations if isinstance(operations, str) else operations[0]
    if first in {"createProject", "getProject"}:
        return (*_trigger(fake, error_name), {})
    method, path, headers = _resource_trigger(fake, error_name)
    return method, path, None, headers


@pytest.mark.parametrize("error_name", sorted(FOUNDRY_ERRORS))
def test_every_documented_foundry_error_is_reachable_over_http(
    http: httpx.Client, fake: Fake, error_name: str
) -> None:
    _, code, status, parameters = FOUNDRY_ERRORS[error_name]
    if error_name == "ProjectNameAlreadyExists":
        assert http.post(CREATE, json=foundry_body(fake)).status_code == 200
    method, path, body, headers = _request(fake, error_name)
    response = http.request(method, path, json=body, headers=headers)
    assert response.status_code == int(status)
    error = response.json()
    assert (error["errorName"], error["errorCode"]) == (error_name, code)
    assert set(error["parameters"]) == parameters


@pytest.mark.parametrize(
    ("name", "expected"),
    [(".", 400), ("..", 400), ("x/y", 400), ("x" * 701, 400), ("x" * 700, 200), ("ünïcödé ✓", 200)],
)
def test_foundry_display_name_rules(
    http: httpx.Client, fake: Fake, name: str, expected: int
) -> None:
    assert http.post(CREATE, json=foundry_body(fake, displayName=name)).status_code == expected


def test_mittwald_errors_in_mittwald_format(http: httpx.Client, fake: Fake) -> None:
    missing = http.post(f"/v2/servers/{fake.fixtures.mittwald_server}/projects", json={})
    assert missing.status_code == 400
    assert missing.json()["type"] == "ValidationError"
    assert missing.json()["validationErrors"][0]["message"]
    assert (
        http.post(
            f"/v2/servers/{fake.fixtures.mittwald_forbidden_server}/projects",
            json={"description": "x"},
        ).status_code
        == 403
    )
    assert (
        http.post("/v2/servers/unknown-server/projects", json={"description": "x"}).status_code
        == 403
    )
    assert http.get("/v2/projects/p-zzzzzz").json()["type"] == "PermissionDenied"


def test_missing_or_wrong_token_is_401_in_each_format(fake: Fake) -> None:
    with (
        Fake(tokens={"right"}) as strict,
        httpx.Client(base_url="http://fake", transport=strict.sync_transport()) as http,
    ):
        assert http.get("/v2/servers").json()["type"] == "Unauthorized"
        assert http.get("/v2/servers", headers={"x-access-token": "right"}).status_code == 200
        wrong = http.get(
            "/api/v2/filesystem/projects/ri.a.b.c.d", headers={"Authorization": "Bearer wrong"}
        )
        assert (wrong.status_code, wrong.json()["errorName"]) == (401, "Default:Unauthorized")


def test_list_servers_paginates_with_the_reference_headers(http: httpx.Client) -> None:
    response = http.get("/v2/servers", params={"limit": 1, "skip": 1})
    assert len(response.json()) == 1
    assert {
        k: response.headers[f"x-pagination-{k}"] for k in ("limit", "skip", "page", "totalcount")
    } == {"limit": "1", "skip": "1", "page": "1", "totalcount": "3"}


def test_responses_are_validated_against_the_spec(
    fake: Fake, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With response validation on, a handler answer outside the spec becomes a 500, never a lie."""
    original = fake.foundry.get_project
    monkeypatch.setattr(
        fake.foundry, "get_project", lambda rid: {**original(rid), "trashStatus": 42}
    )
    with httpx.Client(
        base_url="http://fake", transport=fake.sync_transport(), headers=AUTH
    ) as http:
        rid = http.post(CREATE, json=foundry_body(fake)).json()["rid"]
        assert http.get(f"/api/v2/filesystem/projects/{rid}").status_code == 500


@pytest.mark.parametrize(
    ("fault", "options", "status"),
    [("rate_limit", {"retry_after": 3}, 429), ("unavailable", {}, 503), ("server_error", {}, 500)],
)
def test_status_faults_answer_in_each_api_format(
    http: httpx.Client, fake: Fake, fault: str, options: dict[str, Any], status: int
) -> None:
    fake.inject("project-list-servers", fault, **options)
    fake.inject("getProject", fault, **options)
    mittwald = http.get("/v2/servers")
    foundry = http.get("/api/v2/filesystem/projects/ri.compass.main.folder.x")
    assert mittwald.status_code == foundry.status_code == status
    assert "type" in mittwald.json()
    if status in (429, 503):
        assert foundry.content == b""  # QoS answers carry no body
    if options:
        assert foundry.headers["retry-after"] == mittwald.headers["retry-after"] == "3"
    assert http.get("/v2/servers").status_code == 200  # one call only


def test_do_not_retry_hint(http: httpx.Client, fake: Fake) -> None:
    fake.inject("createProject", "unavailable", do_not_retry=True)
    assert http.post(CREATE, json=foundry_body(fake)).headers["qos-retry-hint"] == "do-not-retry"


def test_drop_after_applies_the_create_and_drop_before_does_not(
    http: httpx.Client, fake: Fake
) -> None:
    fake.inject("project-create-project", "drop_before")
    with pytest.raises(ConnectionDropped):
        http.post(
            f"/v2/servers/{fake.fixtures.mittwald_server}/projects", json={"description": "x"}
        )
    assert fake.applied_creates("mittwald") == 0
    fake.inject("project-create-project", "drop_after")
    with pytest.raises(httpx.RemoteProtocolError):
        http.post(
            f"/v2/servers/{fake.fixtures.mittwald_server}/projects", json={"description": "x"}
        )
    assert fake.applied_creates("mittwald") == 1


def test_refuse_is_a_connect_error_and_applies_nothing(http: httpx.Client, fake: Fake) -> None:
    fake.inject("createProject", "refuse")
    with pytest.raises(httpx.ConnectError) as caught:
        http.post(CREATE, json=foundry_body(fake))
    assert isinstance(caught.value, ConnectionRefused)
    assert fake.applied_creates() == 0


@pytest.mark.parametrize("fault", ["malformed_json", "truncated_body"])
def test_broken_bodies_are_not_json(http: httpx.Client, fake: Fake, fault: str) -> None:
    fake.inject("project-list-servers", fault)
    response = http.get("/v2/servers")
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)


def test_body_rewriting_faults(http: httpx.Client, fake: Fake) -> None:
    for fault in ("unknown_enum", "extra_fields", "wrong_content_type", "huge_body"):
        fake.inject("project-list-servers", fault)
    assert {s["status"] for s in http.get("/v2/servers").json()} == {"quantumFlux"}
    assert all("fakeExtraField" in s for s in http.get("/v2/servers").json())
    assert http.get("/v2/servers").headers["content-type"] == "text/html"
    assert len(http.get("/v2/servers").content) > 5_000_000


def test_control_api_mirrors_the_python_methods(http: httpx.Client, fake: Fake) -> None:
    assert (
        http.post(
            "/__fake__/faults",
            json={"operation_id": "getProject", "fault": "server_error", "times": 2},
        ).status_code
        == 200
    )
    assert fake.state()["faults"]["getProject"][0]["remaining"] == 2
    http.post("/__fake__/readiness", json={"polls": 7})
    assert fake.mittwald.readiness.polls == 7
    http.post(f"/v2/servers/{fake.fixtures.mittwald_server}/projects", json={"description": "x"})
    assert http.get("/__fake__/state").json()["applied_creates"]["mittwald"] == 1
    assert http.get("/__fake__/fixtures").json()["foundry_space"] == fake.fixtures.foundry_space
    http.post("/__fake__/clock", json={"advance": 5})
    assert http.post("/__fake__/reset").json()["applied_creates"] == {"mittwald": 0, "foundry": 0}
    assert http.get("/__fake__/nope").status_code == 404


def test_same_seed_gives_the_same_ids() -> None:
    def scenario() -> list[str]:
        with (
            Fake(seed=42) as f,
            httpx.Client(
                base_url="http://fake", transport=f.sync_transport(), headers=AUTH
            ) as http,
        ):
            mid = http.post(
                f"/v2/servers/{f.fixtures.mittwald_server}/projects", json={"description": "x"}
            ).json()["id"]
            rid = http.post(CREATE, json=foundry_body(f)).json()["rid"]
            return [mid, rid]

    first = scenario()
    assert first == scenario()
    with (
        Fake(seed=43) as other,
        httpx.Client(
            base_url="http://fake", transport=other.sync_transport(), headers=AUTH
        ) as http,
    ):
        assert (
            http.post(
                f"/v2/servers/{other.fixtures.mittwald_server}/projects", json={"description": "x"}
            ).json()["id"]
            != first[0]
        )


@pytest.mark.parametrize(
    ("fault", "status"),
    [("unavailable_after", 503), ("bad_gateway_after", 502), ("gateway_timeout_after", 504)],
)
def test_faults_after_apply_the_create_then_answer_an_error(
    http: httpx.Client, fake: Fake, fault: str, status: int
) -> None:
    fake.inject("project-create-project", fault)
    fake.inject("createProject", fault, retry_after=2)
    mittwald = http.post(
        f"/v2/servers/{fake.fixtures.mittwald_server}/projects", json={"description": "x"}
    )
    foundry = http.post(CREATE, json=foundry_body(fake))
    assert mittwald.status_code == foundry.status_code == status
    # A gateway's own page, not the API's error body: Foundry's body-less QoS 503 would tell a
    # client the create was not processed (foundry.adapter.qos_refusal), which is untrue here.
    for answer in (mittwald, foundry):
        assert answer.headers["content-type"] == "text/html"
        assert str(status).encode() in answer.content
    assert foundry.headers["retry-after"] == "2"
    assert fake.applied_creates("mittwald") == fake.applied_creates("foundry") == 1
    # Applied for real: Foundry's name is now taken, and mittwald lists the project.
    assert http.post(CREATE, json=foundry_body(fake)).status_code == 409
    assert len(http.get("/v2/projects").json()) == 1


def test_unavailable_applies_nothing(http: httpx.Client, fake: Fake) -> None:
    fake.inject("project-create-project", "unavailable")
    fake.inject("createProject", "unavailable")
    http.post(f"/v2/servers/{fake.fixtures.mittwald_server}/projects", json={"description": "x"})
    http.post(CREATE, json=foundry_body(fake))
    assert fake.applied_creates() == 0


def test_the_runtime_apps_server_serves_the_newest_feature_on_request(
    http: httpx.Client, fake: Fake
) -> None:
    """Default projects report only what every published client knows; this fixture's report
    `runtimeApps` (mittwald-api-client 3.0.0 raises on it), in get and in the list alike."""
    default = http.post(
        f"/v2/servers/{fake.fixtures.mittwald_server}/projects", json={"description": "plain"}
    ).json()["id"]
    newer = http.post(
        f"/v2/servers/{fake.fixtures.mittwald_runtime_apps_server}/projects",
        json={"description": "newer"},
    ).json()["id"]
    assert "runtimeApps" not in http.get(f"/v2/projects/{default}").json()["supportedFeatures"]
    assert "runtimeApps" in http.get(f"/v2/projects/{newer}").json()["supportedFeatures"]
    listed = {p["id"]: p["supportedFeatures"] for p in http.get("/v2/projects").json()}
    assert "runtimeApps" in listed[newer]
