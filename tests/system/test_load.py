"""Load over a real socket: 200 concurrent creates (each waiting until ready) against the fake
served by uvicorn on 127.0.0.1, with 10% of the creates and some reads failing by injected faults.
No duplicate, no lost project, no untyped error."""

from __future__ import annotations

import asyncio

import httpx
from provisionkit import AsyncMittwaldClient, Backoff, OutcomeUnknown, ProvisionError, Runtime

from tests.helpers import TOKEN

CREATES = 200
# 20 of the 200 creates (10%) fail; every kind the socket can carry, each a handful of times.
CREATE_FAULTS = [
    ("rate_limit", {"retry_after": 1}, 4),
    ("unavailable", {}, 4),
    ("server_error", {}, 3),
    ("drop_before", {}, 3),
    ("drop_after", {}, 3),
    ("malformed_json", {}, 3),
]
GET_FAULTS = [("unavailable", {}, 10), ("drop_after", {}, 10)]


async def _load(url: str, server_id: str) -> list[object]:
    runtime = Runtime(backoff=Backoff(initial=0.05, maximum=0.5))
    async with AsyncMittwaldClient(
        TOKEN, base_url=url, request_timeout=10, runtime=runtime
    ) as client:
        return await asyncio.gather(
            *(client.create_project(server_id, f"load {i}", timeout=60) for i in range(CREATES)),
            return_exceptions=True,
        )


def test_200_concurrent_creates_with_10_percent_faults_lose_nothing_duplicate_nothing_and_raise_only_typed_errors(
    served: str,
) -> None:
    with httpx.Client(base_url=served, timeout=10) as control:
        server_id = control.get("/__fake__/fixtures").json()["mittwald_server"]
        for operation_id, faults in (
            ("project-create-project", CREATE_FAULTS),
            ("project-get-project", GET_FAULTS),
        ):
            for fault, options, times in faults:
                body = {"operation_id": operation_id, "fault": fault, "times": times, **options}
                control.post("/__fake__/faults", json=body).raise_for_status()

        results = asyncio.run(_load(served, server_id))
        assert not control.get("/__fake__/state").json()["faults"], "every injected fault was hit"

        untyped = [
            r for r in results if isinstance(r, BaseException) and not isinstance(r, ProvisionError)
        ]
        assert untyped == []
        created = [r for r in results if not isinstance(r, BaseException)]
        unknown = sum(isinstance(r, OutcomeUnknown) for r in results)
        ids = [p.id for p in created]  # type: ignore[attr-defined]
        assert len(set(ids)) == len(ids)
        applied = control.get("/__fake__/applied-creates", params={"api": "mittwald"}).json()[
            "applied_creates"
        ]
        assert len(created) <= applied <= len(created) + unknown
        # Not lost: every project the caller was told about is really there.
        auth = {"Authorization": f"Bearer {TOKEN}"}
        for project_id in ids:
            assert control.get(f"/v2/projects/{project_id}", headers=auth).status_code == 200
        # Most creates survive their fault by retrying; only ambiguous ones may end unknown.
        assert len(created) >= CREATES - 20
