"""Table 1: per-call overhead of create+parse then get+parse, every contender on one shared
`httpx.MockTransport`, so the only difference between rows is the client-side work."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import foundry_sdk
import foundry_sdk._core.http_client as foundry_http
import httpx
import mittwald_api_client
from mittwald_api_client.api.project import project_create_project, project_get_project
from mittwald_api_client.models import ProjectCreateProjectBody
from provisionkit import (
    AsyncFoundryClient,
    AsyncMittwaldClient,
    FoundryClient,
    MittwaldClient,
    Principal,
)
from provisionkit_foundry_client import AuthenticatedClient as GenFoundryAuth
from provisionkit_foundry_client.api.projects import create_project as gen_fd_create
from provisionkit_foundry_client.api.projects import get_project as gen_fd_get
from provisionkit_foundry_client.models import CreateProjectRequest as GenFoundryCreate
from provisionkit_mittwald_client import AuthenticatedClient as GenMittwaldAuth
from provisionkit_mittwald_client.api.project import project_create_project as gen_mw_create
from provisionkit_mittwald_client.api.project import project_get_project as gen_mw_get
from provisionkit_mittwald_client.models import CreateProjectRequest as GenMittwaldCreate

from .harness import Timings, interleave

TOKEN = "bench-token"  # a placeholder the mock transport never checks
BASE = "https://bench.invalid"
SERVER = "5e2a1c3b-8f7d-4e6a-9b0c-1d2e3f4a5b6c"
PROJECT = "e3e70682-c209-4cac-a29f-6fbed82c07cd"
SPACE = "ri.compass.main.folder.a86ad5f5-3db5-48e4-9fdd-00aa3e5731ca"
RID = "ri.compass.main.folder.f7c1bd87-4da5-4709-9471-3d60c8a70639"
OWNER = "8bf49052-dc37-4528-8bf0-b551cfb71268"
USER = "f05f8da4-b84c-4fca-9c77-8af0b13d11de"
ORG = "ri.multipass..organization.c30ee6ad-b5e4-4afe-a74f-fe4a289f2faa"

# Bodies as the fake answers them (captured from it), so every parser sees a realistic payload.
MW_CREATED = {"id": PROJECT}
MW_PROJECT = {
    "id": PROJECT,
    "shortId": "p-q2gwvp",
    "description": "shop",
    "customerId": "0d7bd3a4-5f9c-4f7b-8a51-3f6c2b1e9d40",
    "createdAt": "2026-01-01T00:00:00.162183Z",
    "enabled": True,
    "isReady": True,
    "readiness": "ready",
    "status": "ready",
    "statusSetAt": "2026-01-01T00:00:00.163907Z",
    "directories": {"Home": "/home/p-q2gwvp"},
    "supportedFeatures": ["redis", "node", "container"],
    "webStorageUsageInBytes": 0,
    "backupStorageUsageInBytes": 0,
    "webStorageUsageInBytesSetAt": "2026-01-01T00:00:00.162183Z",
    "backupStorageUsageInBytesSetAt": "2026-01-01T00:00:00.162183Z",
    "serverGroupId": "3b1e5c9a-7d2f-4a8e-b6c4-1f9e8d7c6b5a",
    "serverId": SERVER,
    "serverShortId": "s-4e7tz3",
}
FD_PROJECT = {
    "rid": RID,
    "displayName": "My Project",
    "path": "/Empyrean Airlines/My Project",
    "createdBy": USER,
    "updatedBy": USER,
    "createdTime": "2026-01-01T00:00:00.165583Z",
    "updatedTime": "2026-01-01T00:00:00.165583Z",
    "trashStatus": "NOT_TRASHED",
    "spaceRid": SPACE,
    "resourceLevelRoleGrantsAllowed": True,
}
FD_CREATE = {
    "displayName": "My Project",
    "spaceRid": SPACE,
    "roleGrants": {OWNER: [{"principalType": "USER", "principalId": USER}]},
    "defaultRoles": [],
    "organizationRids": [ORG],
}


class Counter:
    """The shared mock transport's handler: canned answers by route, and a request count so the
    table can show every contender made the same number of requests.

    Every create gets a new id (cycling through more ids than any cache of URLs could hold), and a
    get answers with the id it was asked for, as the real APIs do: no contender reads the same
    project URL twice in a row, so nothing is measured that only a repeated URL would give."""

    IDS = 4096

    def __init__(self) -> None:
        self.requests = 0
        self._created = 0
        self._mw_ids = [str(uuid.UUID(int=n + 1)) for n in range(self.IDS)]
        self._fd_ids = [f"ri.compass.main.folder.{uuid.UUID(int=n + 1)}" for n in range(self.IDS)]
        self._mw_created = json.dumps({"id": "@ID@"}).encode()
        self._mw_project = json.dumps({**MW_PROJECT, "id": "@ID@"}).encode()
        self._fd_project = json.dumps({**FD_PROJECT, "rid": "@ID@"}).encode()

    def _next(self, ids: list[str]) -> str:
        self._created += 1
        return ids[self._created % self.IDS]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        path = request.url.path
        if path.startswith("/api/v2/"):
            rid = self._next(self._fd_ids) if path.endswith("/create") else path.rsplit("/", 1)[1]
            body = self._fd_project.replace(b"@ID@", rid.encode())
            return httpx.Response(200, content=body, headers=_JSON)
        if request.method == "POST":
            return httpx.Response(
                201,
                content=self._mw_created.replace(b"@ID@", self._next(self._mw_ids).encode()),
                headers={**_JSON, "etag": "276638689419854765"},
            )
        project = path.rsplit("/", 1)[1].encode()
        return httpx.Response(
            200, content=self._mw_project.replace(b"@ID@", project), headers=_JSON
        )


_JSON = {"content-type": "application/json"}


@contextmanager
def _foundry_sdk_on(transport: httpx.BaseTransport) -> Any:
    """foundry_sdk builds its own httpx transport inside HttpClient; swap the factory while the
    client is built (its only seam), so its session sends through our transport."""
    original = foundry_http._get_transport
    foundry_http._get_transport = lambda verify, proxy_url: transport  # type: ignore[assignment]
    try:
        yield
    finally:
        foundry_http._get_transport = original


@dataclass
class Row:
    name: str
    requests_per_op: float
    micros: float
    ratio: float


def _loop_batch(loop: asyncio.AbstractEventLoop, op: Callable[[], Any]) -> Callable[[int], None]:
    async def many(n: int) -> None:
        for _ in range(n):
            await op()

    return lambda n: loop.run_until_complete(many(n))


def mittwald_contenders(
    counter: Counter, loop: asyncio.AbstractEventLoop
) -> dict[str, Callable[[int], None]]:
    mock = httpx.MockTransport(counter)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    raw = httpx.Client(transport=mock, base_url=BASE, headers=headers)
    raw_async = httpx.AsyncClient(transport=mock, base_url=BASE, headers=headers)
    gen = GenMittwaldAuth(base_url=BASE, token=TOKEN, httpx_args={"transport": mock})
    sdk = mittwald_api_client.AuthenticatedClient(
        base_url=BASE, token=TOKEN, httpx_args={"transport": mock}
    )
    pk = MittwaldClient(TOKEN, base_url=BASE, transport=mock)
    pk_async = AsyncMittwaldClient(TOKEN, base_url=BASE, transport=mock)

    def raw_op(n: int) -> None:
        for _ in range(n):
            created = json.loads(
                raw.post(f"/v2/servers/{SERVER}/projects", json={"description": "shop"}).content
            )
            json.loads(raw.get(f"/v2/projects/{created['id']}").content)

    async def raw_async_op() -> None:
        response = await raw_async.post(
            f"/v2/servers/{SERVER}/projects", json={"description": "shop"}
        )
        created = json.loads(response.content)
        json.loads((await raw_async.get(f"/v2/projects/{created['id']}")).content)

    def gen_op(n: int) -> None:
        for _ in range(n):
            created = gen_mw_create.sync_detailed(
                SERVER, client=gen, body=GenMittwaldCreate(description="shop")
            ).parsed
            _ = gen_mw_get.sync_detailed(created.id, client=gen).parsed  # type: ignore[union-attr]

    def sdk_op(n: int) -> None:
        for _ in range(n):
            body = ProjectCreateProjectBody(description="shop")
            created = project_create_project.sync_detailed(SERVER, client=sdk, body=body).parsed
            _ = project_get_project.sync_detailed(created.id, client=sdk).parsed  # type: ignore[union-attr]

    def pk_op(n: int) -> None:
        # create_project(wait=False) is create + one get already: both requests, both parsed.
        for _ in range(n):
            pk.create_project(SERVER, "shop", wait=False)

    async def pk_async_op() -> None:
        await pk_async.create_project(SERVER, "shop", wait=False)

    return {
        "raw httpx + json (sync)": raw_op,
        "raw httpx + json (async)": _loop_batch(loop, raw_async_op),
        "generated client alone": gen_op,
        "mittwald-api-client 3.0.0 (official)": sdk_op,
        "provisionkit MittwaldClient": pk_op,
        "provisionkit AsyncMittwaldClient": _loop_batch(loop, pk_async_op),
    }


def foundry_contenders(
    counter: Counter, loop: asyncio.AbstractEventLoop
) -> dict[str, Callable[[int], None]]:
    mock = httpx.MockTransport(counter)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    raw = httpx.Client(transport=mock, base_url=BASE, headers=headers)
    raw_async = httpx.AsyncClient(transport=mock, base_url=BASE, headers=headers)
    gen = GenFoundryAuth(base_url=BASE, token=TOKEN, httpx_args={"transport": mock})
    with _foundry_sdk_on(mock):
        sdk = foundry_sdk.FoundryClient(
            auth=foundry_sdk.UserTokenAuth(TOKEN), hostname="bench.invalid"
        )
        sdk.filesystem.Project  # noqa: B018 - build the lazily created session inside the patch
    pk = FoundryClient(TOKEN, base_url=BASE, transport=mock)
    pk_async = AsyncFoundryClient(TOKEN, base_url=BASE, transport=mock)
    grants = {OWNER: [Principal.user(USER)]}

    def raw_op(n: int) -> None:
        for _ in range(n):
            created = json.loads(
                raw.post("/api/v2/filesystem/projects/create", json=FD_CREATE).content
            )
            json.loads(raw.get(f"/api/v2/filesystem/projects/{created['rid']}").content)

    async def raw_async_op() -> None:
        response = await raw_async.post("/api/v2/filesystem/projects/create", json=FD_CREATE)
        created = json.loads(response.content)
        json.loads((await raw_async.get(f"/api/v2/filesystem/projects/{created['rid']}")).content)

    def gen_op(n: int) -> None:
        for _ in range(n):
            body = GenFoundryCreate.from_dict(FD_CREATE)
            created = gen_fd_create.sync_detailed(client=gen, body=body).parsed
            _ = gen_fd_get.sync_detailed(created.rid, client=gen).parsed  # type: ignore[union-attr]

    def sdk_op(n: int) -> None:
        for _ in range(n):
            created = sdk.filesystem.Project.create(
                display_name="My Project",
                space_rid=SPACE,
                role_grants={OWNER: [{"principalType": "USER", "principalId": USER}]},  # type: ignore[dict-item]
                default_roles=[],
                organization_rids=[ORG],
            )
            sdk.filesystem.Project.get(created.rid)

    def pk_op(n: int) -> None:
        for _ in range(n):
            created = pk.create_project(
                "My Project", SPACE, role_grants=grants, organization_rids=[ORG]
            )
            pk.get_project(created.rid)

    async def pk_async_op() -> None:
        created = await pk_async.create_project(
            "My Project", SPACE, role_grants=grants, organization_rids=[ORG]
        )
        await pk_async.get_project(created.rid)

    return {
        "raw httpx + json (sync)": raw_op,
        "raw httpx + json (async)": _loop_batch(loop, raw_async_op),
        "generated client alone": gen_op,
        "foundry-platform-sdk 1.111.0 (official)": sdk_op,
        "provisionkit FoundryClient": pk_op,
        "provisionkit AsyncFoundryClient": _loop_batch(loop, pk_async_op),
    }


def requests_per_op(counter: Counter, batch: Callable[[int], None], n: int = 20) -> float:
    before = counter.requests
    batch(n)
    return (counter.requests - before) / n


def measure(
    build: Callable[[Counter, asyncio.AbstractEventLoop], dict[str, Callable[[int], None]]],
    *,
    calls: int,
    rounds: int,
) -> list[Row]:
    loop = asyncio.new_event_loop()
    try:
        counter = Counter()
        contenders = build(counter, loop)
        counts = {name: requests_per_op(counter, batch) for name, batch in contenders.items()}
        # CPU time: nothing here waits, and wall time on the shared machine moved ratios by ±0.1.
        timings: Timings = interleave(
            contenders, calls=calls, rounds=rounds, clock=time.process_time
        )
    finally:
        loop.close()
    rows = []
    for name in contenders:
        baseline = (
            "raw httpx + json (async)" if "async" in name.lower() else "raw httpx + json (sync)"
        )
        rows.append(
            Row(name, counts[name], timings.median(name) * 1e6, timings.ratio(name, baseline))
        )
    return rows
