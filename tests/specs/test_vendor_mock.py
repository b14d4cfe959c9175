"""The generated clients, unchanged, against Prism mocking the vendors' own descriptions.

Prism (`npm install @stoplight/prism-cli`) serves `specs/upstream/<api>.json`: every success must
parse into the generated model, and every error the vendor documents (forced with Prism's
`Prefer: code=<status>`) must parse into the generated error model. Prism runs in dynamic mode, so
each call gets freshly generated data. CI does not depend on npm: without Prism these tests skip.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from provisionkit_foundry_client import AuthenticatedClient as FoundryClient
from provisionkit_foundry_client.api.projects import create_project, get_project
from provisionkit_foundry_client.api.resources import (
    delete_resource,
    get_resource,
    get_resource_by_path,
)
from provisionkit_foundry_client.api.spaces import list_spaces
from provisionkit_foundry_client.api.users import get_current_user
from provisionkit_foundry_client.models import CreateProjectRequest as FoundryCreate
from provisionkit_foundry_client.models import FoundryError, ListSpacesResponse, Resource, User
from provisionkit_foundry_client.models import Project as FoundryProject
from provisionkit_mittwald_client import AuthenticatedClient as MittwaldClient
from provisionkit_mittwald_client.api.project import (
    project_create_project,
    project_delete_project,
    project_get_project,
    project_list_projects,
    project_list_servers,
)
from provisionkit_mittwald_client.models import (
    CommonError,
    CreateProjectRequest,
    CreateProjectResponse,
    Project,
    ProjectListItem,
    RateLimitError,
    Server,
    ValidationError,
)

UPSTREAM = Path(__file__).resolve().parents[2] / "specs" / "upstream"
PRISM = os.environ.get("PROVISIONKIT_PRISM") or shutil.which("prism")
STARTUP_SECONDS = 60.0
CALLS_PER_CASE = 3  # dynamic mode: a few differently generated answers per case

pytestmark = pytest.mark.skipif(
    PRISM is None,
    reason="Prism is not installed (npm install @stoplight/prism-cli; put `prism` on PATH or set "
    "PROVISIONKIT_PRISM); CI does not depend on npm",
)

SERVER = "5e2a1c3b-8f7d-4e6a-9b0c-1d2e3f4a5b6c"
PROJECT = "7c3f4e1a-2b8d-4f6e-9a1c-3d5e7f9b1a2c"
RID = "ri.compass.main.folder.01a79a9d-e293-48db-a585-9ffe221536e8"
SPACE = "ri.compass.main.folder.a86ad5f5-3db5-48e4-9fdd-00aa3e5731ca"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module", params=["mittwald", "foundry"])
def prism(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    """(api, base URL) of a Prism mock of that vendor's excerpt, stopped after the module."""
    assert PRISM is not None
    api: str = request.param
    port = _free_port()
    command = [
        PRISM,
        "mock",
        "-d",
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
        str(UPSTREAM / f"{api}.json"),
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                httpx.get(base_url, timeout=1.0)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"Prism did not start: {' '.join(command)}")
                time.sleep(0.2)
        yield api, base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


Call = Callable[[Any], Any]

MITTWALD: list[tuple[str, Call, type, int]] = [
    (
        "create",
        lambda c: project_create_project.sync_detailed(
            SERVER, client=c, body=CreateProjectRequest(description="prism")
        ),
        CreateProjectResponse,
        201,
    ),
    ("get", lambda c: project_get_project.sync_detailed(PROJECT, client=c), Project, 200),
    ("list-servers", lambda c: project_list_servers.sync_detailed(client=c), Server, 200),
    (
        "list-projects",
        lambda c: project_list_projects.sync_detailed(client=c, server_id=SERVER),
        ProjectListItem,
        200,
    ),
    ("delete", lambda c: project_delete_project.sync_detailed(PROJECT, client=c), type(None), 204),
]
# The errors mittwald's spec documents per operation, and the model each must parse into.
MITTWALD_ERRORS: dict[str, dict[int, type]] = {
    "create": {400: ValidationError, 403: CommonError, 412: CommonError, 429: RateLimitError},
    "get": {403: CommonError, 429: RateLimitError},
    "list-servers": {403: CommonError, 429: RateLimitError},
    "list-projects": {400: ValidationError, 403: CommonError, 429: RateLimitError},
    "delete": {
        400: ValidationError,
        403: CommonError,
        412: CommonError,
        429: RateLimitError,
        500: CommonError,
    },
}
FOUNDRY: list[tuple[str, Call, type, int]] = [
    (
        "createProject",
        lambda c: create_project.sync_detailed(
            client=c, body=FoundryCreate.from_dict({"displayName": "prism", "spaceRid": SPACE})
        ),
        FoundryProject,
        200,
    ),
    ("getProject", lambda c: get_project.sync_detailed(RID, client=c), FoundryProject, 200),
    ("getResource", lambda c: get_resource.sync_detailed(RID, client=c), Resource, 200),
    (
        "getResourceByPath",
        lambda c: get_resource_by_path.sync_detailed(client=c, path="/Space/prism"),
        Resource,
        200,
    ),
    ("deleteResource", lambda c: delete_resource.sync_detailed(RID, client=c), type(None), 204),
    ("getCurrentUser", lambda c: get_current_user.sync_detailed(client=c), User, 200),
    ("listSpaces", lambda c: list_spaces.sync_detailed(client=c), ListSpacesResponse, 200),
]
# The statuses Palantir's IR gives each operation's errors (all Conjure envelopes).
FOUNDRY_ERRORS: dict[str, tuple[int, ...]] = {
    "createProject": (400, 403, 404, 409),
    "getProject": (404,),
    "getResource": (400, 404),
    "getResourceByPath": (400, 403, 404),
    "deleteResource": (400, 403, 404),
    "getCurrentUser": (403,),
    "listSpaces": (),  # the IR lists none; its 400/403 are the gateway's
}


def _client(api: str, base_url: str, prefer: str | None) -> Any:
    headers = {"Prefer": prefer} if prefer else {}
    timeout = httpx.Timeout(10.0)
    if api == "mittwald":
        return MittwaldClient(
            base_url=base_url,
            token="pk-prism",
            prefix="",
            auth_header_name="x-access-token",
            headers=headers,
            raise_on_unexpected_status=True,
            timeout=timeout,
        )
    return FoundryClient(
        base_url=base_url,
        token="pk-prism",
        headers=headers,
        raise_on_unexpected_status=True,
        timeout=timeout,
    )


def _cases(api: str) -> Iterator[tuple[str, Call, type, int, str | None]]:
    for name, call, model, status in MITTWALD if api == "mittwald" else FOUNDRY:
        yield name, call, model, status, None
        errors = (
            MITTWALD_ERRORS[name]
            if api == "mittwald"
            else dict.fromkeys(FOUNDRY_ERRORS[name], FoundryError)
        )
        for error_status, error_model in errors.items():
            yield f"{name} {error_status}", call, error_model, error_status, f"code={error_status}"


def test_every_success_parses_and_every_documented_error_is_typed(
    prism: tuple[str, str],
) -> None:
    api, base_url = prism
    problems = []
    for label, call, model, status, prefer in _cases(api):
        for _ in range(CALLS_PER_CASE):
            with _client(api, base_url, prefer) as client:
                response = call(client)
            parsed = response.parsed
            items = parsed if isinstance(parsed, list) else [parsed]
            if response.status_code != status or not all(isinstance(i, model) for i in items):
                problems.append(f"{label}: {response.status_code} {response.content[:200]!r}")
    assert problems == []
