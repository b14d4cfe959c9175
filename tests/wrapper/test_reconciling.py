"""Built-in reconciliation on the in-process fake: each ambiguous answer to a create, applied or
not, ends with the caller holding the one project that exists, or an OutcomeUnknown carrying the
candidates; never a second project. Sync and async (the `mw`/`fd` fixtures run both)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from provisionkit import (
    AsyncFoundryClient,
    AsyncMittwaldClient,
    FoundryClient,
    MittwaldClient,
    OutcomeUnknown,
    Principal,
    ProvisionError,
)
from provisionkit.fake import Fake

from tests.helpers import TOKEN, clients

CREATE_PATHS = {"mittwald": "/v2/servers/", "foundry": "/api/v2/filesystem/projects/create"}


class Gateway(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """A gateway in front of the fake that answers the next `times` creates itself: after
    forwarding (the create applied) or without (not applied), with `answer`."""

    def __init__(self, fake: Fake, api: str) -> None:
        self._sync, self._async = fake.sync_transport(), fake.async_transport()
        self._path = CREATE_PATHS[api]
        self.plan: list[tuple[bool, Callable[[httpx.Request], httpx.Response | Exception]]] = []

    def _planned(self, request: httpx.Request) -> Any:
        if self.plan and request.method == "POST" and request.url.path.startswith(self._path):
            return self.plan.pop(0)
        return None

    @staticmethod
    def _give(outcome: httpx.Response | Exception) -> httpx.Response:
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        planned = self._planned(request)
        if planned is None:
            return self._sync.handle_request(request)
        forward, answer = planned
        if forward:
            self._sync.handle_request(request).read()
        return self._give(answer(request))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        planned = self._planned(request)
        if planned is None:
            return await self._async.handle_async_request(request)
        forward, answer = planned
        if forward:
            await (await self._async.handle_async_request(request)).aread()
        return self._give(answer(request))


def _status(code: int) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(code, text="<html>gateway</html>")


def _timeout(request: httpx.Request) -> Exception:
    return httpx.ReadTimeout("timed out", request=request)


# (forwarded to the API first, what the client gets)
GATEWAY = {
    "502-after-applying": (True, _status(502)),
    "502-not-applied": (False, _status(502)),
    "504-after-applying": (True, _status(504)),
    "504-not-applied": (False, _status(504)),
    "503-after-applying": (True, _status(503)),
    "timeout-after-applying": (True, _timeout),
}
# The fake's own faults on create (all after the create was applied).
FAKE_FAULTS = [
    "drop_after",
    "malformed_json",
    "truncated_body",
    "wrong_content_type",
    "unavailable_after",
    "bad_gateway_after",
    "gateway_timeout_after",
]


def _client(kind: str, api: str, fake: Fake, runtime: Any, gateway: Gateway) -> Any:
    cls = {
        ("mittwald", "sync"): MittwaldClient,
        ("mittwald", "async"): AsyncMittwaldClient,
        ("foundry", "sync"): FoundryClient,
        ("foundry", "async"): AsyncFoundryClient,
    }[(api, kind)]
    client = cls(TOKEN, base_url=clients.BASE_URL, transport=gateway, runtime=runtime)
    return client if kind == "sync" else clients.Blocking(client)


def _create(api: str, client: Any, fake: Fake, name: str = "reconciled") -> Any:
    if api == "mittwald":
        return client.create_project(fake.fixtures.mittwald_server, name, timeout=120.0)
    grants = {fake.fixtures.foundry_owner_role: [Principal.user(fake.fixtures.foundry_principal)]}
    return client.create_project(
        name, fake.fixtures.foundry_space, role_grants=grants, wait=True, timeout=120.0
    )


def _warm(api: str, client: Any, fake: Fake) -> None:
    """Foundry: one create in the space first, as a service's earlier work would, so the client
    knows the space's path without asking listSpaces (see reconciling)."""
    if api == "foundry":
        _create(api, client, fake, "warm-up")


def _ids(fake: Fake, api: str) -> set[str]:
    return set(fake.mittwald.projects if api == "mittwald" else fake.foundry.projects)


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("api", ["mittwald", "foundry"])
@pytest.mark.parametrize("fault", [*GATEWAY, *FAKE_FAULTS])
def test_an_ambiguous_create_ends_holding_the_one_project_that_exists(
    kind: str, api: str, fault: str, fake: Fake, runtime: Any
) -> None:
    gateway = Gateway(fake, api)
    client = _client(kind, api, fake, runtime, gateway)
    _warm(api, client, fake)
    if fault in GATEWAY:
        gateway.plan.append(GATEWAY[fault])
    else:
        fake.inject("project-create-project" if api == "mittwald" else "createProject", fault)
    before, applied = _ids(fake, api), fake.applied_creates(api)
    project = _create(api, client, fake)
    assert _ids(fake, api) - before == {project.id}
    assert fake.applied_creates(api) == applied + 1


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("api", ["mittwald", "foundry"])
def test_a_create_that_is_never_applied_is_sent_twice_then_reported_not_created(
    kind: str, api: str, fake: Fake, runtime: Any
) -> None:
    gateway = Gateway(fake, api)
    client = _client(kind, api, fake, runtime, gateway)
    _warm(api, client, fake)
    applied = fake.applied_creates(api)
    gateway.plan.extend([GATEWAY["502-not-applied"], GATEWAY["504-not-applied"]])
    with pytest.raises(ProvisionError) as caught:  # the 504's own class, saying "not created"
        _create(api, client, fake)
    assert not isinstance(caught.value, OutcomeUnknown)
    assert "not created" in str(caught.value)
    assert fake.applied_creates(api) == applied


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_mittwald_same_description_from_another_caller_in_the_window_is_outcome_unknown(
    kind: str, fake: Fake, runtime: Any
) -> None:
    """Concurrent same description: another process's create lands while ours is unanswered.
    Two projects match; neither is adopted, both are named, nothing is created again."""
    gateway = Gateway(fake, "mittwald")

    def theirs_then_drop(request: httpx.Request) -> Exception:
        fake.mittwald.create_project(fake.fixtures.mittwald_server, "same")  # another process
        return httpx.RemoteProtocolError("server disconnected", request=request)

    gateway.plan.append((True, theirs_then_drop))
    client = _client(kind, "mittwald", fake, runtime, gateway)
    before = _ids(fake, "mittwald")
    with pytest.raises(OutcomeUnknown) as caught:
        _create("mittwald", client, fake, "same")
    made = _ids(fake, "mittwald") - before
    assert len(made) == 2
    assert set(caught.value.candidates) == made


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("api", ["mittwald", "foundry"])
def test_a_failed_lookup_is_outcome_unknown_and_nothing_is_sent_again(
    kind: str, api: str, fake: Fake, runtime: Any
) -> None:
    gateway = Gateway(fake, api)
    client = _client(kind, api, fake, runtime, gateway)
    _warm(api, client, fake)
    applied = fake.applied_creates(api)
    gateway.plan.append(GATEWAY["502-not-applied"])
    lookup = "project-list-projects" if api == "mittwald" else "getResourceByPath"
    fake.inject(lookup, "server_error", times=50)
    with pytest.raises(OutcomeUnknown) as caught:
        _create(api, client, fake)
    assert caught.value.candidates == ()
    assert fake.applied_creates(api) == applied


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("fault", [*GATEWAY, *FAKE_FAULTS])
def test_foundry_a_cold_client_learns_the_space_path_from_list_spaces_and_settles(
    kind: str, fault: str, fake: Fake, runtime: Any
) -> None:
    """No project read in the space yet (real Foundry will not read a space as a resource):
    listSpaces gives the space's path, the lookup by path settles it, one project is held."""
    gateway = Gateway(fake, "foundry")
    client = _client(kind, "foundry", fake, runtime, gateway)
    if fault in GATEWAY:
        gateway.plan.append(GATEWAY[fault])
    else:
        fake.inject("createProject", fault)
    project = _create("foundry", client, fake)
    assert set(fake.foundry.projects) == {project.id}
    assert fake.applied_creates("foundry") == 1


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("forward", [True, False], ids=["applied", "not-applied"])
@pytest.mark.parametrize("fault", ["server_error", "malformed_json", "truncated_body"])
def test_foundry_a_cold_client_whose_space_listing_fails_ends_outcome_unknown_never_resending(
    kind: str, forward: bool, fault: str, fake: Fake, runtime: Any
) -> None:
    gateway = Gateway(fake, "foundry")
    gateway.plan.append((forward, _status(502)))
    fake.inject("listSpaces", fault, times=50)
    client = _client(kind, "foundry", fake, runtime, gateway)
    with pytest.raises(OutcomeUnknown) as caught:
        _create("foundry", client, fake)
    assert caught.value.candidates == ()
    assert caught.value.known["displayName"] == "reconciled"
    assert caught.value.known["spaceRid"] == fake.fixtures.foundry_space
    assert fake.applied_creates("foundry") == (1 if forward else 0)


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_foundry_list_spaces_reports_each_space_path(kind: str, fake: Fake, runtime: Any) -> None:
    client = clients.foundry(kind, fake, runtime)
    spaces = {space.rid: space for space in client.list_spaces()}
    assert set(spaces) == set(fake.fixtures.foundry_spaces)
    assert spaces[fake.fixtures.foundry_space].path == "/Empyrean Airlines"
    archive = spaces[fake.fixtures.foundry_space_without_projects]
    assert (archive.display_name, archive.path) == ("Archive", "/Archive-5d9e0")


def test_an_error_after_adoption_carries_the_created_id(fake: Fake, runtime: Any) -> None:
    """Adopted, then the wait fails: the project exists, and the error says which one."""
    gateway = Gateway(fake, "mittwald")
    gateway.plan.append(GATEWAY["502-after-applying"])
    fake.inject("project-get-project", "server_error", times=50)
    client = _client("sync", "mittwald", fake, runtime, gateway)
    with pytest.raises(ProvisionError) as caught:
        _create("mittwald", client, fake)
    assert caught.value.created_id in fake.mittwald.projects
