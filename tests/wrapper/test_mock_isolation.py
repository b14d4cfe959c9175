"""Inside mock_provisionkit() (and the fixtures) nothing leaves: attacks with a real-looking token in
the environment and base URLs pointing at a loopback server that records whatever reaches it."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Iterator

import httpx
import pytest
from provisionkit import AsyncMittwaldClient, FoundryClient, MittwaldClient
from provisionkit.testing import (
    ProvisionkitFake,
    SeededIds,
    UnfiredFaults,
    UnmockedRequest,
    mock_provisionkit,
)
from provisionkit.testing.harness import TOKEN

from tests.helpers.hostile import Conn, Hostile, Request

REAL_LOOKING = {
    "MITTWALD_API_TOKEN": "mw-9b1c2f7e4a6d4e0f8c3b5a7d9e1f2a4c",
    "FOUNDRY_TOKEN": "eyJwbnQiOnRydWUsImFsZyI6IkVTMjU2In0.real-looking.foundry-token",
}


def _answer_anything(request: Request, conn: Conn) -> None:
    conn.respond(200, [])


@pytest.fixture
def recorder() -> Iterator[Hostile]:
    """A loopback server that answers anything: whatever reaches it is in `.requests`."""
    with Hostile(_answer_anything) as server:
        yield server


@pytest.fixture
def developer_env(monkeypatch: pytest.MonkeyPatch, recorder: Hostile) -> None:
    """A developer's shell: real-looking tokens, and base URLs at the recording server."""
    for name, value in REAL_LOOKING.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("MITTWALD_BASE_URL", recorder.url)
    monkeypatch.setenv("FOUNDRY_BASE_URL", recorder.url)
    monkeypatch.delenv("FOUNDRY_HOSTNAME", raising=False)


@pytest.mark.usefixtures("developer_env")
def test_a_client_built_before_the_mock_talks_to_the_fake(recorder: Hostile) -> None:
    with MittwaldClient.from_env() as mw, FoundryClient.from_env() as fd:
        with mock_provisionkit() as fake:
            servers = mw.list_servers()
            spaces = fd.list_spaces()
            assert fake.call_count("project-list-servers") == 1
            assert fake.call_count("listSpaces") == 1
        assert fake.fixtures.mittwald_server in {s.id for s in servers}
        assert spaces
    assert recorder.requests == []


@pytest.mark.usefixtures("developer_env")
def test_an_async_client_built_before_the_mock_talks_to_the_fake(recorder: Hostile) -> None:
    async def scenario() -> int:
        async with AsyncMittwaldClient.from_env() as mw:
            with mock_provisionkit():
                return len(await mw.list_servers())

    assert asyncio.run(scenario()) > 0
    assert recorder.requests == []


@pytest.mark.usefixtures("developer_env")
def test_inside_the_mock_from_env_reads_the_test_token_never_the_developers(
    recorder: Hostile,
) -> None:
    with mock_provisionkit() as fake:
        assert os.environ["MITTWALD_API_TOKEN"] == os.environ["FOUNDRY_TOKEN"] == TOKEN
        assert "MITTWALD_BASE_URL" not in os.environ
        with MittwaldClient.from_env() as mw:
            mw.create_project(fake.fixtures.mittwald_server, "from env")
        with FoundryClient.from_env() as fd:
            fd.list_spaces()
        assert fake.applied_creates("mittwald") == 1
    # Afterwards the developer's shell is as it was.
    assert os.environ["MITTWALD_API_TOKEN"] == REAL_LOOKING["MITTWALD_API_TOKEN"]
    assert os.environ["MITTWALD_BASE_URL"] == recorder.url
    assert recorder.requests == []


@pytest.mark.parametrize(
    "transport",
    [
        pytest.param(None, id="default"),
        pytest.param(httpx.HTTPTransport, id="a-dialling-transport-of-its-own"),
    ],
)
def test_a_client_given_a_base_url_inside_the_mock_talks_to_the_fake(
    recorder: Hostile, transport: type[httpx.HTTPTransport] | None
) -> None:
    with mock_provisionkit() as fake:
        own = transport() if transport else None
        with MittwaldClient("t", base_url=recorder.url, transport=own) as mw:
            mw.list_servers()
        assert fake.call_count("project-list-servers") == 1
    assert recorder.requests == []


def test_any_other_request_through_httpx_is_refused_at_once(recorder: Hostile) -> None:
    with mock_provisionkit() as fake:
        with pytest.raises(UnmockedRequest, match=r"GET http://127\.0\.0\.1:\d+/x was not mocked"):
            httpx.get(f"{recorder.url}/x?token=secret-in-query")
        with pytest.raises(UnmockedRequest, match="allow_hosts"):
            asyncio.run(_async_get(f"{recorder.url}/y"))
        assert len(fake.unmocked) == 2
        assert "secret-in-query" not in " ".join(fake.unmocked)
        fake.unmocked.clear()  # expected: the test saw them
    assert recorder.requests == []


async def _async_get(url: str) -> httpx.Response:
    async with httpx.AsyncClient() as client:
        return await client.get(url)


def test_a_refusal_the_code_swallowed_still_fails_the_test(recorder: Hostile) -> None:
    with (
        pytest.raises(UnmockedRequest, match="the code went on"),
        mock_provisionkit(),
        contextlib.suppress(Exception),  # what careless service code does
    ):
        httpx.get(recorder.url)
    assert recorder.requests == []


def test_allowed_hosts_are_reached_as_usual(recorder: Hostile) -> None:
    with mock_provisionkit(allow_hosts=["127.0.0.1"]):
        assert httpx.get(f"{recorder.url}/allowed").status_code == 200
    assert [r.path for r in recorder.requests] == ["/allowed"]


def test_outside_the_mock_everything_is_as_before(recorder: Hostile) -> None:
    with mock_provisionkit():
        pass
    assert httpx.get(f"{recorder.url}/after").status_code == 200
    with MittwaldClient("t", base_url=recorder.url) as mw:
        assert mw.list_servers() == []
    assert [r.path for r in recorder.requests] == ["/after", "/v2/servers"]


def test_nested_mocks_restore_everything_only_when_the_last_exits(recorder: Hostile) -> None:
    handle = httpx.HTTPTransport.__dict__["handle_request"]
    with mock_provisionkit(), mock_provisionkit(reset=False):
        pass
    with mock_provisionkit() as fake:
        with mock_provisionkit(reset=False):
            pass
        with pytest.raises(UnmockedRequest):
            httpx.get(recorder.url)  # the outer one still guards
        fake.unmocked.clear()
    assert httpx.HTTPTransport.__dict__["handle_request"] is handle
    assert recorder.requests == []


def test_a_fault_that_never_fired_fails_and_one_that_fired_does_not() -> None:
    with (  # noqa: PT012 - the check runs when the block ends
        pytest.raises(UnfiredFaults, match="drop_after on createProject"),
        mock_provisionkit() as fake,
    ):
        fake.inject("project-list-servers", "rate_limit", times=2)
        fake.inject("createProject", "drop_after")
        with fake.mittwald_client() as mw:
            mw.list_servers()  # meets the first of two rate limits: fired, if not in full
    with mock_provisionkit(allow_unfired_faults=True) as fake:
        fake.inject("createProject", "drop_after")


def test_an_error_leaving_the_mock_is_not_replaced_by_the_unfired_check() -> None:
    with pytest.raises(KeyError), mock_provisionkit() as fake:  # noqa: PT012
        fake.inject("createProject", "drop_after")
        raise KeyError("the test's own failure")


def test_the_seeded_ids_are_typed_and_match_the_fakes_table(
    provisionkit_fake: ProvisionkitFake,
) -> None:
    ids = provisionkit_fake.fixtures
    assert isinstance(ids, SeededIds)
    assert SeededIds.names() == list(provisionkit_fake.fake.fixtures.names)
    with pytest.raises(AttributeError):
        ids.mittwald_server = "changed"  # type: ignore[misc]
    assert not hasattr(ids, "foundry_user")  # a method on the fake's table, never an id here
