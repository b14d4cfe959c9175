"""Each generated operation sends the request the spec describes and parses the spec's own examples.

The generated packages are output of `make generate`; these tests pin the behaviour the wrapper
relies on, so a generator upgrade that changes it fails here rather than in production.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from provisionkit_foundry_client import AuthenticatedClient as FoundryAuthClient
from provisionkit_foundry_client.api.projects import create_project, get_project
from provisionkit_foundry_client.models import CreateProjectRequest
from provisionkit_foundry_client.models import Project as FoundryProject
from provisionkit_mittwald_client import AuthenticatedClient as MittwaldAuthClient
from provisionkit_mittwald_client.api.project import (
    deprecated_project_create_subproject,
    project_create_project,
    project_get_project,
    project_list_servers,
)
from provisionkit_mittwald_client.models import (
    CreateProjectRequest as MittwaldCreateProjectRequest,
)
from provisionkit_mittwald_client.models import (
    CreateProjectResponse,
    Project,
    ProjectListServersOrder,
    ProjectListServersSort,
    ProjectStatus,
    Server,
)

from tests.helpers.specs import request_example, success_example

TOKEN = "spine-test-token"
SERVER_ID = "5e2a1c3b-8f7d-4e6a-9b0c-1d2e3f4a5b6c"
PROJECT_ID = "7c3f4e1a-2b8d-4f6e-9a1c-3d5e7f9b1a2c"
PROJECT_RID = "ri.compass.main.folder.01a79a9d-e293-48db-a585-9ffe221536e8"
EXTRA = {"fieldFromTheFuture": {"nested": [1, 2]}}


@dataclass(frozen=True)
class Case:
    api: str
    operation_id: str
    call: Callable[[Any], Any]  # sends through the generated client
    method: str
    path: str
    query: dict[str, str]
    body: Any
    model: Any  # the generated class the success body parses into


def mittwald_client(transport: httpx.MockTransport) -> MittwaldAuthClient:
    return MittwaldAuthClient(
        base_url="https://api.mittwald.de", token=TOKEN, httpx_args={"transport": transport}
    )


def foundry_client(transport: httpx.MockTransport) -> FoundryAuthClient:
    return FoundryAuthClient(
        base_url="https://example.palantirfoundry.com",
        token=TOKEN,
        httpx_args={"transport": transport},
    )


MITTWALD_CREATE_BODY = request_example("mittwald", "project-create-project", "seed").value
FOUNDRY_CREATE_BODY = request_example("foundry", "createProject", "seed").value

CASES = [
    Case(
        "mittwald",
        "project-create-project",
        lambda t: project_create_project.sync_detailed(
            SERVER_ID,
            client=mittwald_client(t),
            body=MittwaldCreateProjectRequest.from_dict(MITTWALD_CREATE_BODY),
        ),
        "POST",
        f"/v2/servers/{SERVER_ID}/projects",
        {},
        MITTWALD_CREATE_BODY,
        CreateProjectResponse,
    ),
    Case(
        "mittwald",
        "deprecated-project-create-subproject",
        lambda t: deprecated_project_create_subproject.sync_detailed(
            SERVER_ID,
            client=mittwald_client(t),
            body=MittwaldCreateProjectRequest.from_dict(MITTWALD_CREATE_BODY),
        ),
        "POST",
        f"/v2/placementgroups/{SERVER_ID}/projects",
        {},
        MITTWALD_CREATE_BODY,
        CreateProjectResponse,
    ),
    Case(
        "mittwald",
        "project-get-project",
        lambda t: project_get_project.sync_detailed(PROJECT_ID, client=mittwald_client(t)),
        "GET",
        f"/v2/projects/{PROJECT_ID}",
        {},
        None,
        Project,
    ),
    Case(
        "mittwald",
        "project-list-servers",
        lambda t: project_list_servers.sync_detailed(
            client=mittwald_client(t),
            search_term="space",
            limit=50,
            skip=100,
            sort=ProjectListServersSort.DESCRIPTION,
            order=ProjectListServersOrder.DESC,
        ),
        "GET",
        "/v2/servers",
        {
            "searchTerm": "space",
            "limit": "50",
            "skip": "100",
            "sort": "description",
            "order": "desc",
        },
        None,
        Server,
    ),
    Case(
        "foundry",
        "createProject",
        lambda t: create_project.sync_detailed(
            client=foundry_client(t),
            body=CreateProjectRequest.from_dict(FOUNDRY_CREATE_BODY),
        ),
        "POST",
        "/api/v2/filesystem/projects/create",
        {},
        FOUNDRY_CREATE_BODY,
        FoundryProject,
    ),
    Case(
        "foundry",
        "getProject",
        lambda t: get_project.sync_detailed(PROJECT_RID, client=foundry_client(t)),
        "GET",
        f"/api/v2/filesystem/projects/{PROJECT_RID}",
        {},
        None,
        FoundryProject,
    ),
]


def with_extra(value: Any) -> Any:
    if isinstance(value, list):
        return [with_extra(item) for item in value]
    return {**value, **EXTRA}


def send(case: Case) -> tuple[httpx.Request, Any]:
    example = success_example(case.api, case.operation_id)
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(int(example.where), json=with_extra(example.value))

    response = case.call(httpx.MockTransport(handler))
    (request,) = sent
    return request, response


@pytest.mark.parametrize("case", [pytest.param(c, id=c.operation_id) for c in CASES])
def test_generated_operation_sends_the_specified_request(case: Case) -> None:
    request, _ = send(case)
    assert request.method == case.method
    assert request.url.path == case.path
    assert dict(request.url.params) == case.query
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    if case.body is None:
        assert request.content == b""
    else:
        assert request.headers["content-type"] == "application/json"
        assert json.loads(request.content) == case.body


@pytest.mark.parametrize("case", [pytest.param(c, id=c.operation_id) for c in CASES])
def test_generated_model_round_trips_the_spec_example_keeping_unknown_fields(case: Case) -> None:
    _, response = send(case)
    parsed = response.parsed if isinstance(response.parsed, list) else [response.parsed]
    assert parsed
    assert all(isinstance(item, case.model) for item in parsed)
    for item in parsed:
        assert case.model.from_dict(item.to_dict()) == item
        assert item.additional_properties == EXTRA
    # Datetimes come back in Python's isoformat ("+00:00", microseconds), so compare keys, not text.
    example = success_example(case.api, case.operation_id).value
    expected = with_extra(example if isinstance(example, list) else [example])
    assert [set(item.to_dict()) for item in parsed] == [set(e) for e in expected]


def test_mittwald_get_project_sends_if_event_reached() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=success_example("mittwald", "project-get-project").value)

    project_get_project.sync_detailed(
        PROJECT_ID,
        client=mittwald_client(httpx.MockTransport(handler)),
        if_event_reached="276638689419853824",
    )
    assert sent[0].headers["if-event-reached"] == "276638689419853824"


def test_unknown_enum_value_parses_and_round_trips() -> None:
    """The custom enum template: a value the spec does not know yet never breaks parsing."""
    body = {**success_example("mittwald", "project-get-project").value, "status": "hibernating"}
    project = Project.from_dict(body)
    assert project.status == "hibernating"
    assert project.status not in set(ProjectStatus)
    assert project.to_dict()["status"] == "hibernating"


def test_generated_async_operation_matches_sync() -> None:
    import asyncio

    example = success_example("foundry", "getProject")

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=example.value)

    async def main() -> Any:
        return await get_project.asyncio_detailed(
            PROJECT_RID, client=foundry_client(httpx.MockTransport(handler))
        )

    response = asyncio.run(main())
    assert response.parsed == FoundryProject.from_dict(example.value)
