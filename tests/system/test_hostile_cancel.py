"""A create interrupted after the API applied it (issue 20, point 3): the interruption reaches the
caller unchanged, the client remembers the create (`unresolved_creates`), and creating the same
project again on the same client adopts the one the interrupted call made: one project.

Async calls are cancelled by `asyncio.wait_for`'s timeout and by `task.cancel()`; a sync call is
interrupted by a BaseException from its transport (as KeyboardInterrupt or a signal handler's
exception would). The fake answers behind a loopback proxy that applies the create, then holds
its answer (hostile.FakeProxy's `hold_after`), or holds the reads of the wait after it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from provisionkit import AsyncFoundryClient, AsyncMittwaldClient, FoundryClient, MittwaldClient
from provisionkit.fake import Fake

from tests.helpers import TOKEN, foundry_create_body
from tests.helpers.hostile import FakeProxy, Request, bounded

HOLD = 5.0  # the applied create's answer, held well past the cancellation
CANCEL_AFTER = 0.5


@pytest.fixture
def fake(proxied_fake: Fake) -> Fake:
    return proxied_fake


def _create(fake: Fake, api: str, name: str, **options: Any) -> Callable[[Any], Any]:
    if api == "mittwald":
        server = fake.fixtures.mittwald_server
        return lambda c: c.create_project(server, name, timeout=20.0, **options)
    body = foundry_create_body(fake)
    return lambda c: c.create_project(
        name, body["spaceRid"], role_grants=body["roleGrants"], timeout=20.0, **options
    )


def _made(fake: Fake, api: str, name: str) -> list[str]:
    if api == "mittwald":
        return [i for i, p in fake.mittwald.projects.items() if p.body["description"] == name]
    return [r for r, p in fake.foundry.projects.items() if p["displayName"] == name]


def _id(project: Any) -> str:
    return str(getattr(project, "rid", None) or project.id)


def _posts(proxy: FakeProxy) -> int:
    return sum(1 for _, r in proxy.arrivals if r.method == "POST")


@pytest.mark.parametrize("api", ["mittwald", "foundry"])
@pytest.mark.parametrize("how", ["wait_for", "task.cancel"])
def test_an_async_create_cancelled_after_it_was_applied_is_adopted_by_the_retry(
    fake: Fake, api: str, how: str
) -> None:
    create = _create(fake, api, "Cancelled", wait=False)

    async def main(url: str) -> tuple[BaseException, tuple[Any, ...], Any, tuple[Any, ...]]:
        client_class = AsyncMittwaldClient if api == "mittwald" else AsyncFoundryClient
        async with client_class(TOKEN, base_url=url) as client:
            try:
                if how == "wait_for":
                    await asyncio.wait_for(create(client), CANCEL_AFTER)
                else:
                    task = asyncio.ensure_future(create(client))
                    await asyncio.sleep(CANCEL_AFTER)
                    task.cancel()
                    await task
            except (TimeoutError, asyncio.CancelledError) as interrupted:
                caught: BaseException = interrupted
            else:
                raise AssertionError("the create was not interrupted")
            remembered = client.unresolved_creates
            again = await create(client)
            return caught, remembered, again, client.unresolved_creates

    with FakeProxy(fake, fault="hold_after", hold=HOLD) as proxy:
        outcome = bounded(lambda: asyncio.run(main(proxy.server.url)), 30.0)
        posts = _posts(proxy)
    assert outcome.error is None, repr(outcome.error)
    caught, remembered, again, after = outcome.value
    expected = TimeoutError if how == "wait_for" else asyncio.CancelledError
    assert isinstance(caught, expected)
    assert len(remembered) == 1
    assert remembered[0].known.get("description", remembered[0].known.get("displayName")) == (
        "Cancelled"
    )
    made = _made(fake, api, "Cancelled")
    assert made == [_id(again)], f"{len(made)} projects"
    assert posts == 1  # the retry looked it up instead of sending it again
    assert after == ()


class Interrupt(BaseException):
    """What KeyboardInterrupt is to a blocking call: not an Exception, raised mid-request."""


class Interrupting(httpx.BaseTransport):
    """A real socket transport that raises Interrupt once a request matching `when` has been
    answered (its answer never reaches the client)."""

    def __init__(self, when: Callable[[httpx.Request], bool]) -> None:
        self.inner = httpx.HTTPTransport()
        self.when = when
        self.fired = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if not self.fired and self.when(request):
            self.fired += 1
            response.close()
            raise Interrupt
        return response

    def close(self) -> None:
        self.inner.close()


@pytest.mark.parametrize("api", ["mittwald", "foundry"])
@pytest.mark.parametrize("during", ["create", "wait"])
def test_a_sync_create_interrupted_after_it_was_applied_is_adopted_by_the_retry(
    fake: Fake, api: str, during: str
) -> None:
    """Interrupted as the create's answer arrived (its id unknown: the retry looks it up), or in
    the wait after it (its id known: the retry adopts it without a lookup)."""
    create = _create(fake, api, "Interrupted", wait=True)
    if during == "create":
        transport = Interrupting(lambda r: r.method == "POST")
    else:
        transport = Interrupting(lambda r: r.method == "GET" and "/projects/" in r.url.path)

    def call(url: str) -> tuple[BaseException | None, tuple[Any, ...], Any]:
        client_class = MittwaldClient if api == "mittwald" else FoundryClient
        with client_class(TOKEN, base_url=url, transport=transport) as client:
            try:
                create(client)
            except Interrupt as interrupted:
                caught: BaseException | None = interrupted
            else:
                caught = None
            return caught, client.unresolved_creates, create(client)

    with FakeProxy(fake) as proxy:
        outcome = bounded(lambda: call(proxy.server.url), 30.0)
        arrivals = [r for _, r in proxy.arrivals]
    assert outcome.error is None, repr(outcome.error)
    caught, remembered, again = outcome.value
    assert isinstance(caught, Interrupt)
    assert len(remembered) == 1
    made = _made(fake, api, "Interrupted")
    assert made == [_id(again)], f"{len(made)} projects"
    assert sum(1 for r in arrivals if r.method == "POST") == 1
    if during == "wait":
        assert remembered[0].project_id == made[0]
        assert not any(_is_lookup(r) for r in arrivals)


def _is_lookup(request: Request) -> bool:
    return "searchTerm" in request.target or "getByPath" in request.target
