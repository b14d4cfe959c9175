"""The smaller promises of issue 20 (point 7), each attacked once: a `Retry-After` date read on the
answer's own clock, a bounded create memory, a Foundry RID with a trailing newline refused before
sending, and the fake's control API closed to cross-site requests and to a `retry_after` no HTTP
header can carry. Time is a manual clock; nothing really waits."""

from __future__ import annotations

import asyncio
import email.utils
import time
from typing import Any

import httpx
import pytest
from provisionkit import (
    AsyncMittwaldClient,
    FoundryClient,
    InvalidArgument,
    MittwaldClient,
    ProvisionError,
    Runtime,
)
from provisionkit.fake import Fake, ManualClock
from provisionkit.reconciling import Creates, Unresolved
from provisionkit.responses import retry_after_seconds

from tests.helpers import TOKEN

PROJECT = "6513270e-269e-4d37-b2a7-4de452e6b438"
RID = "ri.compass.main.folder.0f6a3b8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
SPACE = "ri.compass.main.folder.a86ad5f5-3db5-48e4-9fdd-00aa3e5731ca"


# --- Retry-After as an HTTP date -----------------------------------------------------------------


def test_a_retry_after_date_counts_from_the_answers_own_date() -> None:
    server_now = time.time() - 3600.0  # the API's clock an hour behind this machine's
    headers = {
        "date": email.utils.formatdate(server_now, usegmt=True),
        "retry-after": email.utils.formatdate(server_now + 10, usegmt=True),
    }
    assert retry_after_seconds(headers) == 10.0
    # Without a Date the client's own clock is all there is.
    alone = {"retry-after": email.utils.formatdate(time.time() + 20, usegmt=True)}
    assert 18.0 <= (retry_after_seconds(alone) or 0.0) <= 20.0


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_server_60_s_behind_is_not_hammered_through_its_retry_after_date(kind: str) -> None:
    """503 with `Retry-After: <Date + 10 s>` from a server whose clock is 60 s behind: a 30 s read
    waits 10 s between tries (4 requests), not the backoff's fraction of a second."""
    clock = ManualClock()
    requests = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal requests
        requests += 1
        now = time.time() - 60.0 + clock.now
        return httpx.Response(
            503,
            headers={
                "date": email.utils.formatdate(now, usegmt=True),
                "retry-after": email.utils.formatdate(now + 10, usegmt=True),
            },
        )

    async def async_sleep(seconds: float) -> None:
        clock.advance(seconds)

    runtime = Runtime(clock=clock, sleep=clock.advance, async_sleep=async_sleep, rand=lambda: 0.5)
    transport = httpx.MockTransport(handler)

    async def read_async() -> None:
        async with AsyncMittwaldClient(TOKEN, transport=transport, runtime=runtime) as c:
            await c.get_project(PROJECT, timeout=30.0)

    def read() -> None:
        if kind == "async":
            asyncio.run(read_async())
            return
        with MittwaldClient(TOKEN, transport=transport, runtime=runtime) as client:
            client.get_project(PROJECT, timeout=30.0)

    with pytest.raises(ProvisionError):
        read()
    assert requests <= 4, f"{requests} requests in a 30 s deadline"


# --- the create memory is bounded ----------------------------------------------------------------


def test_the_create_memory_of_a_client_is_bounded() -> None:
    creates = Creates()
    many = 3 * Creates.KEYS
    for n in range(many):
        key = ("server", f"project {n}")
        creates.end(creates.start(key))
        creates.hand_out(key, f"id {n}")
        if n >= many - Creates.UNRESOLVED - 10:
            creates.interrupted(key, Unresolved("mittwald", "create", {}, None))
    assert len(creates._keys) == Creates.KEYS  # the memory itself is the subject
    assert len(creates.unresolved()) == Creates.UNRESOLVED
    # The newest are the ones kept.
    assert creates.handed_out(("server", f"project {many - 1}")) == {f"id {many - 1}"}
    assert creates.handed_out(("server", "project 0")) == frozenset()


def test_a_key_in_flight_is_never_forgotten() -> None:
    creates = Creates()
    busy = ("server", "busy")
    ticket = creates.start(busy)
    for n in range(2 * Creates.KEYS):
        creates.hand_out(("server", f"project {n}"), f"id {n}")
    creates.hand_out(busy, "mine")
    assert creates.handed_out(busy) == {"mine"}
    assert not creates.overlapped(ticket)
    creates.end(ticket)


# --- a Foundry RID with a trailing newline -------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.get_project(RID + "\n"),
        lambda c: c.delete_project(RID + "\n"),
        lambda c: c.create_project("Newline", SPACE + "\n"),
    ],
    ids=["get", "delete", "create-space"],
)
def test_a_rid_with_a_trailing_newline_is_refused_before_sending(call: Any) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    with (
        FoundryClient(
            TOKEN, hostname="x.example.com", transport=httpx.MockTransport(handler)
        ) as client,
        pytest.raises(InvalidArgument),
    ):
        call(client)
    assert sent == []


# --- the fake's control API ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def control() -> Any:
    with (
        Fake() as fake,
        httpx.Client(base_url="http://127.0.0.1:8123", transport=fake.sync_transport()) as http,
    ):
        yield fake, http


def test_a_cross_site_text_plain_post_is_refused_without_a_token_list(control: Any) -> None:
    fake, http = control
    fake.reset()
    answer = http.post(
        "/__fake__/faults",
        content=b'{"operation_id": "createProject", "fault": "drop_after"}',
        headers={"content-type": "text/plain", "origin": "https://evil.example"},
    )
    assert answer.status_code in (403, 415)
    plain = http.post(
        "/__fake__/faults",
        content=b'{"operation_id": "createProject", "fault": "drop_after"}',
        headers={"content-type": "text/plain"},
    )
    assert plain.status_code == 415
    assert fake.state()["faults"] == {}


def test_a_cross_site_post_without_a_body_is_refused(control: Any) -> None:
    """A browser sends no Content-Type for a bodiless cross-site POST, but always an Origin."""
    fake, http = control
    fake.inject("createProject", "drop_after")
    for origin in ("https://evil.example", "null"):
        answer = http.post("/__fake__/reset", headers={"origin": origin})
        assert answer.status_code == 403, origin
    assert fake.state()["faults"] != {}
    # The fake's own origin (and a tool sending none) may.
    assert http.post("/__fake__/reset", headers={"origin": "http://127.0.0.1:8123"}).is_success
    assert http.post("/__fake__/reset").is_success
    assert http.post("/__fake__/seed", json={"seed": 0}).is_success


@pytest.mark.parametrize(
    "retry_after",
    ["10\r\nX-Injected: 1", "10\n", "zehn Sekunden ü", "\x00", "9" * 200],
)
def test_a_retry_after_no_header_can_carry_is_refused(control: Any, retry_after: str) -> None:
    fake, http = control
    fake.reset()
    answer = http.post(
        "/__fake__/faults",
        json={"operation_id": "getProject", "fault": "rate_limit", "retry_after": retry_after},
    )
    assert answer.status_code == 400, answer.text
    with pytest.raises(ValueError, match="retry_after"):
        fake.inject("getProject", "rate_limit", retry_after=retry_after)
    assert fake.state()["faults"] == {}
