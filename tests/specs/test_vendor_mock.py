"""The generated clients, unchanged, against Prism mocking the vendors' own descriptions.

Prism (`@stoplight/prism-cli`) serves `specs/upstream/<api>.json` (mittwald's published document;
Palantir's IR, converted): every success must parse into the generated model, and every error
status the vendor documents for the operation (forced with Prism's `Prefer: code=<status>`) must
parse into the model our spec gives that status. The statuses are read from the vendor's document,
so an error it starts documenting is called without anyone listing it here. Prism validates each
request against the vendor's document too (a create missing what the vendor requires is a 422).
Prism runs in dynamic mode: each call gets freshly generated data.

`make prism` installs Prism into `.cache/prism` (npm, pinned, time-bounded) and `make test` runs
it first; without Prism (npm unreachable) these tests skip and say how to get it.
"""

from __future__ import annotations

import functools
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import provisionkit_foundry_client.models as foundry_models
import provisionkit_mittwald_client.models as mittwald_models
import pytest
import yaml
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
from provisionkit_mittwald_client import AuthenticatedClient as MittwaldClient
from provisionkit_mittwald_client.api.project import (
    project_create_project,
    project_delete_project,
    project_get_project,
    project_list_projects,
    project_list_servers,
)
from provisionkit_mittwald_client.models import CreateProjectRequest

from specs.drift import SPECS
from specs.drift.accepted import policies
from specs.drift.documents import deref, load, operations

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = SPECS / "upstream"
# Where `make prism` installs it (an ignored folder of the repository).
PRISM_CACHE = ROOT / ".cache" / "prism" / "node_modules" / ".bin" / "prism"
PRISM = (
    os.environ.get("PROVISIONKIT_PRISM")
    or (str(PRISM_CACHE) if PRISM_CACHE.exists() else None)
    or shutil.which("prism")
)
STARTUP_SECONDS = 90.0
CALLS_PER_CASE = 2  # dynamic mode: a couple of differently generated answers per case

needs_prism = pytest.mark.skipif(
    PRISM is None,
    reason="Prism is not installed: `make prism` installs it into .cache/prism when npm is "
    "reachable (or put `prism` on PATH, or set PROVISIONKIT_PRISM)",
)

SERVER = "5e2a1c3b-8f7d-4e6a-9b0c-1d2e3f4a5b6c"
PROJECT = "7c3f4e1a-2b8d-4f6e-9a1c-3d5e7f9b1a2c"
RID = "ri.compass.main.folder.01a79a9d-e293-48db-a585-9ffe221536e8"
SPACE = "ri.compass.main.folder.a86ad5f5-3db5-48e4-9fdd-00aa3e5731ca"

Call = Callable[[Any], Any]

# Every operation we use, by our operationId: how the generated client calls it.
CALLS: dict[str, dict[str, Call]] = {
    "mittwald": {
        "project-create-project": lambda c: project_create_project.sync_detailed(
            SERVER, client=c, body=CreateProjectRequest(description="prism")
        ),
        "project-get-project": lambda c: project_get_project.sync_detailed(PROJECT, client=c),
        "project-list-servers": lambda c: project_list_servers.sync_detailed(client=c),
        "project-list-projects": lambda c: project_list_projects.sync_detailed(
            client=c, server_id=SERVER
        ),
        "project-delete-project": lambda c: project_delete_project.sync_detailed(PROJECT, client=c),
    },
    "foundry": {
        # The collections go out empty, as provisionkit's create (and the official SDK) sends them.
        "createProject": lambda c: create_project.sync_detailed(
            client=c,
            body=FoundryCreate.from_dict(
                {
                    "displayName": "prism",
                    "spaceRid": SPACE,
                    "roleGrants": {},
                    "defaultRoles": [],
                    "organizationRids": [],
                }
            ),
        ),
        "getProject": lambda c: get_project.sync_detailed(RID, client=c),
        "getResource": lambda c: get_resource.sync_detailed(RID, client=c),
        "getResourceByPath": lambda c: get_resource_by_path.sync_detailed(
            client=c, path="/Space/prism"
        ),
        "deleteResource": lambda c: delete_resource.sync_detailed(RID, client=c),
        "getCurrentUser": lambda c: get_current_user.sync_detailed(client=c),
        "listSpaces": lambda c: list_spaces.sync_detailed(client=c),
    },
}
MODELS = {"mittwald": mittwald_models, "foundry": foundry_models}


@functools.cache
def _policy(api: str) -> Any:
    return policies(yaml.safe_load((SPECS / "drift-accepted.yaml").read_text()))[api]


@functools.cache
def _document(path: Path) -> dict[str, Any]:
    """A spec or excerpt, read once (only read: never changed)."""
    return load(str(path))


def _upstream_operations(api: str) -> dict[str, tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """The vendor's operations we use, by our operationId."""
    found = operations(_document(UPSTREAM / f"{api}.json"))
    renamed = _policy(api).renamed
    return {ours: found[renamed.get(ours, ours)] for ours in CALLS[api]}


def _model(api: str, operation_id: str, status: str) -> type | None:
    """The generated model our spec gives an operation's answer with `status` (None: no body)."""
    spec = _document(SPECS / f"{api}.yaml")
    _, _, operation, _ = operations(spec)[operation_id]
    response = deref(spec, operation["responses"].get(status, {}))
    content = response.get("content") or {}
    if not content:
        return None if response else _Undeclared
    schema = next(iter(content.values()))["schema"]
    if "$ref" in schema:
        model: type = getattr(MODELS[api], schema["$ref"].rsplit("/", 1)[1].replace("-", ""))
        return model
    item_ref = schema["items"]["$ref"]  # a list answer: its items' model
    item: type = getattr(MODELS[api], item_ref.rsplit("/", 1)[1])
    return item


class _Undeclared:
    """Our spec does not declare this status: a finding (the client cannot type it)."""


def _cases(api: str) -> Iterator[tuple[str, Call, int, type | None, str | None]]:
    """(label, call, status, model, Prefer header) for every operation's success and every error
    status the vendor documents for it."""
    for operation_id, (_, _, operation, _) in _upstream_operations(api).items():
        call = CALLS[api][operation_id]
        for status in operation["responses"]:
            if not status.isdigit():
                continue  # `default`: no status to force
            prefer = None if status.startswith("2") else f"code={status}"
            yield (
                f"{operation_id} {status}",
                call,
                int(status),
                _model(api, operation_id, status),
                prefer,
            )


@pytest.mark.parametrize("api", ["mittwald", "foundry"])
def test_every_operation_we_use_is_called_against_the_vendors_document(api: str) -> None:
    """Needs no Prism: the calls above cover every operation the drift check covers and the
    vendor describes, and every status they force has a model in our spec."""
    policy = _policy(api)
    described = {
        name
        for name in policy.covers
        if policy.renamed.get(name, name) in operations(_document(UPSTREAM / f"{api}.json"))
    }
    assert set(CALLS[api]) == described
    undeclared = [label for label, _, _, model, _ in _cases(api) if model is _Undeclared]
    assert undeclared == []


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
    command = [PRISM, "mock", "-d", "-h", "127.0.0.1", "-p", str(port)]
    command.append(str(UPSTREAM / f"{api}.json"))
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


def _client(api: str, base_url: str, prefer: str | None) -> Any:
    headers = {"Prefer": prefer} if prefer else {}
    timeout = httpx.Timeout(20.0)
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


@needs_prism
def test_every_success_parses_and_every_documented_error_is_typed(
    prism: tuple[str, str],
) -> None:
    api, base_url = prism
    problems = []
    cases = list(_cases(api))
    for label, call, status, model, prefer in cases:
        with _client(api, base_url, prefer) as client:
            for _ in range(CALLS_PER_CASE):
                response = call(client)
                parsed = response.parsed
                items = parsed if isinstance(parsed, list) else [parsed]
                typed = (
                    parsed is None
                    if model is None
                    else all(isinstance(item, model) for item in items)
                )
                if response.status_code != status or not typed:
                    problems.append(f"{label}: {response.status_code} {response.content[:200]!r}")
    assert problems == []
    assert len(cases) >= len(CALLS[api]) * 2  # successes and at least as many errors
