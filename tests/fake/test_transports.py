"""The in-process transports: a fresh fake answers at once on either, both honour the client's
read timeout, and both see the same state."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from provisionkit.fake import Fake, Fault

from tests.helpers import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}
# A delay no test waits for: the timeout below fires first, so nothing really sleeps this long.
FOREVER = 3600.0
TINY_TIMEOUT = httpx.Timeout(5.0, read=0.001)


def test_fresh_fake_answers_on_the_sync_transport_without_a_lifespan() -> None:
    with (
        Fake() as fake,
        httpx.Client(base_url="http://f", transport=fake.sync_transport(), headers=AUTH) as http,
    ):
        assert http.get("/v2/servers").status_code == 200


@pytest.mark.asyncio
async def test_fresh_fake_answers_on_the_async_transport_without_a_lifespan() -> None:
    with Fake() as fake:
        async with httpx.AsyncClient(
            base_url="http://f", transport=fake.async_transport(), headers=AUTH
        ) as http:
            assert (await http.get("/v2/servers")).status_code == 200


def test_sync_transport_honours_the_read_timeout() -> None:
    with (
        Fake() as fake,
        httpx.Client(
            base_url="http://f", transport=fake.sync_transport(), headers=AUTH, timeout=TINY_TIMEOUT
        ) as http,
    ):
        fake.inject("project-list-servers", Fault.DELAY, seconds=FOREVER)
        with pytest.raises(httpx.ReadTimeout):
            http.get("/v2/servers")


@pytest.mark.asyncio
async def test_async_transport_honours_the_read_timeout() -> None:
    with Fake() as fake:
        fake.inject("project-list-servers", Fault.DELAY, seconds=FOREVER)
        async with httpx.AsyncClient(
            base_url="http://f",
            transport=fake.async_transport(),
            headers=AUTH,
            timeout=TINY_TIMEOUT,
        ) as http:
            with pytest.raises(httpx.ReadTimeout):
                await http.get("/v2/servers")


def test_sync_and_async_transports_share_one_state(fake: Fake) -> None:
    with httpx.Client(base_url="http://f", transport=fake.sync_transport(), headers=AUTH) as sync:
        created = sync.post(
            f"/v2/servers/{fake.fixtures.mittwald_server}/projects", json={"description": "x"}
        ).json()

    async def read_back() -> int:
        async with httpx.AsyncClient(
            base_url="http://f", transport=fake.async_transport(), headers=AUTH
        ) as http:
            return (await http.get(f"/v2/projects/{created['id']}")).status_code

    assert asyncio.run(read_back()) == 200
