"""mittwald lists page on by X-Pagination-TotalCount: a server that caps its pages below the size
asked for (mittwald documents the header on every list) still yields every item (issue 22)."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest
from provisionkit import AsyncMittwaldClient, MittwaldClient

from tests.helpers import TOKEN
from tests.helpers.hostile import mittwald_server

BASE = "http://127.0.0.1:9"
SERVERS = [mittwald_server(str(uuid.UUID(int=n + 1))) for n in range(250)]


def capped(cap: int, *, total: bool = True) -> tuple[list[int], Any]:
    """A list-servers endpoint answering at most `cap` items a page, whatever `limit` says."""
    skips: list[int] = []

    def answer(request: httpx.Request) -> httpx.Response:
        skip = int(request.url.params.get("skip", "0"))
        skips.append(skip)
        headers = {"X-Pagination-TotalCount": str(len(SERVERS))} if total else {}
        return httpx.Response(200, json=SERVERS[skip : skip + cap], headers=headers)

    return skips, answer


def list_servers(kind: str, answer: Any) -> list[Any]:
    if kind == "sync":
        with MittwaldClient(TOKEN, base_url=BASE, transport=httpx.MockTransport(answer)) as mw:
            return mw.list_servers()

    async def run() -> list[Any]:
        transport = httpx.MockTransport(answer)
        async with AsyncMittwaldClient(TOKEN, base_url=BASE, transport=transport) as mw:
            return await mw.list_servers()

    return asyncio.run(run())


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_server_capping_pages_at_100_still_yields_all_250(kind: str) -> None:
    skips, answer = capped(100)
    servers = list_servers(kind, answer)
    assert [s.id for s in servers] == [s["id"] for s in SERVERS]
    assert skips == [0, 100, 200]


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_without_a_total_a_short_page_is_the_last(kind: str) -> None:
    """No X-Pagination-TotalCount: a page shorter than asked for ends the list (one request)."""
    skips, answer = capped(100, total=False)
    assert len(list_servers(kind, answer)) == 100
    assert skips == [0]
