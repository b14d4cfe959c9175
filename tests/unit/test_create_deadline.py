"""A create's default deadline follows what it waits for (issue 22): mittwald's create without a
wait is bounded by DEFAULT_CREATE_DEADLINE, as Foundry's create is, and with a wait by DEFAULT_WAIT.
The API is down (every connection refused, so retrying is safe): the create retries until its
deadline, on a manual clock, and never past it."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from provisionkit import (
    AsyncFoundryClient,
    AsyncMittwaldClient,
    FoundryClient,
    MittwaldClient,
    Runtime,
    TransportError,
)
from provisionkit.config import DEFAULT_CREATE_DEADLINE, DEFAULT_WAIT, LAST_ATTEMPT_TIME
from provisionkit.fake import ManualClock

from tests.helpers import TOKEN

SERVER = "6a2f0c5e-94d1-4b7e-8c3a-2f1e0d9c8b7a"
SPACE = "ri.compass.main.folder.5a1b2c3d-0000-4000-8000-000000000001"


def _down(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("refused", request=request)


def _runtime(clock: ManualClock) -> Runtime:
    async def async_sleep(seconds: float) -> None:
        clock.advance(seconds)

    return Runtime(clock=clock, sleep=clock.advance, async_sleep=async_sleep, rand=lambda: 0.5)


def _create(kind: str, api: str, clock: ManualClock, **options: Any) -> None:
    runtime = _runtime(clock)
    if api == "mittwald":
        if kind == "sync":
            with MittwaldClient(
                TOKEN, transport=httpx.MockTransport(_down), runtime=runtime
            ) as client:
                client.create_project(SERVER, "down", **options)
            return

        async def mittwald_async() -> None:
            async with AsyncMittwaldClient(
                TOKEN, transport=httpx.MockTransport(_down), runtime=runtime
            ) as client:
                await client.create_project(SERVER, "down", **options)

        asyncio.run(mittwald_async())
        return
    if kind == "sync":
        with FoundryClient(
            TOKEN, hostname="x.example.com", transport=httpx.MockTransport(_down), runtime=runtime
        ) as client:
            client.create_project("Down", SPACE, **options)
        return

    async def foundry_async() -> None:
        async with AsyncFoundryClient(
            TOKEN, hostname="x.example.com", transport=httpx.MockTransport(_down), runtime=runtime
        ) as client:
            await client.create_project("Down", SPACE, **options)

    asyncio.run(foundry_async())


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize(
    ("api", "options", "deadline"),
    [
        ("mittwald", {"wait": False}, DEFAULT_CREATE_DEADLINE),
        ("mittwald", {"wait": True}, DEFAULT_WAIT),
        ("mittwald", {"wait": False, "timeout": 7.0}, 7.0),
        ("foundry", {}, DEFAULT_CREATE_DEADLINE),
        ("foundry", {"wait": True}, DEFAULT_CREATE_DEADLINE),
    ],
)
def test_a_create_with_the_api_down_gives_up_at_its_deadline(
    kind: str, api: str, options: dict[str, Any], deadline: float
) -> None:
    clock = ManualClock()
    with pytest.raises(TransportError):
        _create(kind, api, clock, **options)
    # Retries are spread over the deadline: the last one starts at it at the latest.
    assert deadline * 0.9 <= clock.now <= deadline + LAST_ATTEMPT_TIME
