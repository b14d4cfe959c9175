"""Settling a create whose outcome is unknown by asking the API (reconciling.py), against a small
in-memory API behind httpx.MockTransport: adopt one match, resend once on none, OutcomeUnknown with
the candidates otherwise. Sync and async; time is a manual clock, the API's `Date` follows it."""

from __future__ import annotations

import asyncio
import copy
import json
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
from provisionkit import (
    AsyncFoundryClient,
    AsyncMittwaldClient,
    FoundryClient,
    MittwaldClient,
    OutcomeUnknown,
    ProjectNameAlreadyExists,
    ProvisionError,
    Runtime,
    ServiceUnavailable,
    TransportError,
)
from provisionkit.config import MAX_SPACE_LOOKUP_PAGES
from provisionkit.reconciling import (
    CLOCK_ALLOWANCE,
    CLOCK_SKEW,
    SETTLE,
    Age,
    Sent,
    witnesses,
)

from tests.helpers import TOKEN
from tests.helpers.specs import success_example

EPOCH = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
SERVER = "6a2f0c5e-94d1-4b7e-8c3a-2f1e0d9c8b7a"
SPACE = "ri.compass.main.folder.5a1b2c3d-0000-4000-8000-000000000001"
# Its path is not `/<displayName>` ("Team Space"), as real spaces' paths need not be.
SPACE_PATH = "/team-space-5a1b2"
OTHER_SPACES = [
    (f"ri.compass.main.folder.5a1b2c3d-0000-4000-8000-00000000010{i}", f"/Other {i}")
    for i in range(3)
]
ME = "0d1fe74e-2b70-4a93-9b1a-80070637788b"
SOMEONE = "f05f8da4-b84c-4fca-9c77-8af0b13d11de"
KINDS = ["sync", "async"]


class Clock:
    """The client's and the API's time: moves only when the client sleeps."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)  # let another task run, as a real sleep would

    def wall(self) -> datetime:
        return EPOCH + timedelta(seconds=self.now)


def _date(clock: Clock) -> dict[str, str]:
    return {"date": format_datetime(clock.wall(), usegmt=True)}


class Api:
    """Both APIs' state and create answers; `faults` are consumed by the next creates in order.

    A fault is (applies, answer): whether the create is applied, and what the client gets
    (an httpx.Response, or an exception to raise as the transport).
    """

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.projects: dict[str, dict[str, Any]] = {}
        self.faults: list[tuple[bool, Callable[[str], httpx.Response | Exception]]] = []
        self.posts = 0
        self.lookups = 0
        self.current_user_calls = 0
        self.list_status = 200
        self.before_answer: Callable[[], None] = lambda: None
        # listSpaces: (rid, path) in listing order, answered `spaces_per_page` to a page (the
        # server picks page sizes); getResource on a space is refused, as real Foundry does.
        self.spaces = [*OTHER_SPACES, (SPACE, SPACE_PATH)]
        self.spaces_per_page = 2
        self.space_pages = 0
        self.space_reads = 0

    # -- mittwald -------------------------------------------------------------------------------
    def add_mittwald(self, description: str, created: datetime, server: str = SERVER) -> str:
        body = copy.deepcopy(success_example("mittwald", "project-list-projects").value[0])
        pid = str(uuid.uuid4())
        body.update(
            id=pid,
            description=description,
            serverId=server,
            createdAt=created.isoformat().replace("+00:00", "Z"),
        )
        self.projects[pid] = body
        return pid

    def mittwald(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if request.method == "POST":
            self.posts += 1
            text = json.loads(request.content)["description"]
            server = path.split("/")[3]
            applies, answer = self.faults.pop(0) if self.faults else (True, _created_201)
            pid = self.add_mittwald(text, self.clock.wall(), server) if applies else ""
            self.before_answer()
            outcome = answer(pid)
            if isinstance(outcome, Exception):
                raise outcome
            return outcome
        if path == "/v2/projects":
            self.lookups += 1
            if self.list_status != 200:
                return httpx.Response(self.list_status, json={"type": "Forbidden", "message": "no"})
            term = request.url.params.get("searchTerm", "")
            server = request.url.params.get("serverId")
            items = [
                p
                for p in self.projects.values()
                if term in p["description"] and (server is None or p["serverId"] == server)
            ]
            headers = {"x-pagination-totalcount": str(len(items)), **_date(self.clock)}
            return httpx.Response(200, json=items, headers=headers)
        pid = path.rsplit("/", 1)[1]
        if pid not in self.projects:
            return httpx.Response(403, json={"type": "Forbidden", "message": "not visible"})
        body = copy.deepcopy(success_example("mittwald", "project-get-project").value)
        project = self.projects[pid]
        body.update(
            id=pid,
            description=project["description"],
            serverId=project["serverId"],
            status="ready",
            isReady=True,
            readiness="ready",
        )
        return httpx.Response(200, json=body)

    # -- Foundry --------------------------------------------------------------------------------
    def add_foundry(self, name: str, created: datetime, by: str = ME) -> str:
        rid = f"ri.compass.main.folder.{uuid.uuid4()}"
        body = copy.deepcopy(success_example("foundry", "createProject").value)
        body.update(
            rid=rid,
            displayName=name,
            path=f"{SPACE_PATH}/{name}",
            spaceRid=SPACE,
            createdBy=by,
            createdTime=created.isoformat().replace("+00:00", "Z"),
        )
        self.projects[rid] = body
        return rid

    def foundry(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if request.method == "POST":
            self.posts += 1
            name = json.loads(request.content)["displayName"]
            if any(p["displayName"] == name for p in self.projects.values()):
                return httpx.Response(
                    409,
                    json={
                        "errorCode": "CONFLICT",
                        "errorName": "ProjectNameAlreadyExists",
                        "errorInstanceId": str(uuid.uuid4()),
                        "parameters": {"displayName": name, "spaceRid": SPACE},
                    },
                )
            applies, answer = self.faults.pop(0) if self.faults else (True, self._created_200)
            rid = self.add_foundry(name, self.clock.wall()) if applies else ""
            outcome = answer(rid)
            if isinstance(outcome, Exception):
                raise outcome
            return outcome
        if path.endswith("/admin/users/getCurrent"):
            self.current_user_calls += 1
            body = success_example("foundry", "getCurrentUser").value
            return httpx.Response(200, json={**body, "id": ME})
        if path.endswith("/resources/getByPath"):
            self.lookups += 1
            wanted = request.url.params["path"]
            for project in self.projects.values():
                if project["path"] == wanted:
                    return httpx.Response(
                        200, json=self._resource(project), headers=_date(self.clock)
                    )
            return httpx.Response(
                404,
                json={"errorCode": "NOT_FOUND", "errorName": "ResourceNotFound", "parameters": {}},
                headers=_date(self.clock),
            )
        if path.endswith("/filesystem/spaces"):
            return self._spaces(request)
        if "/resources/" in path:
            self.space_reads += 1
            return httpx.Response(
                400,
                json={
                    "errorCode": "INVALID_ARGUMENT",
                    "errorName": "GetSpaceResourceNotSupported",
                    "parameters": {"spaceRid": SPACE},
                },
            )
        rid = path.rsplit("/", 1)[1]
        return httpx.Response(200, json=self.projects[rid])

    def _spaces(self, request: httpx.Request) -> httpx.Response:
        self.space_pages += 1
        if self.list_status != 200:
            return httpx.Response(
                self.list_status,
                json={"errorCode": "PERMISSION_DENIED", "errorName": "Nope", "parameters": {}},
            )
        start = int(request.url.params.get("pageToken", "0"))
        end = start + self.spaces_per_page
        example = success_example("foundry", "listSpaces").value["data"][0]
        page: dict[str, Any] = {
            "data": [
                {**example, "rid": rid, "path": path, "displayName": "Team Space"}
                for rid, path in self.spaces[start:end]
            ]
        }
        if end < len(self.spaces):
            page["nextPageToken"] = str(end)
        return httpx.Response(200, json=page)

    def _created_200(self, rid: str) -> httpx.Response:
        return httpx.Response(200, json=self.projects[rid])

    def _resource(self, project: dict[str, Any]) -> dict[str, Any]:
        body = copy.deepcopy(success_example("foundry", "getResource").value)
        body.update(
            rid=project["rid"],
            displayName=project["displayName"],
            path=project["path"],
            type="PROJECT",
            createdBy=project["createdBy"],
            createdTime=project["createdTime"],
            spaceRid=SPACE,
        )
        return body


def _created_201(pid: str) -> httpx.Response:
    return httpx.Response(201, json={"id": pid}, headers={"etag": "1"})


def _dropped(_: str) -> Exception:
    return httpx.RemoteProtocolError("server disconnected without sending a response")


def _status(code: int, body: bytes = b"<html>gateway</html>") -> Callable[[str], httpx.Response]:
    return lambda _: httpx.Response(code, content=body)


# Each ambiguous answer a create can get, and whether the API applied the create behind it.
AMBIGUOUS = {
    "drop-after-applying": (True, _dropped),
    "502-after-applying": (True, _status(502)),
    "504-not-applied": (False, _status(504)),
    "503-after-applying": (True, _status(503)),
    "503-not-applied": (False, _status(503)),
    "timeout-after-applying": (True, lambda _: httpx.ReadTimeout("timed out")),
}


def _runtime(clock: Clock) -> Runtime:
    return Runtime(
        clock=clock,
        wall=lambda: clock.wall().timestamp(),
        sleep=clock.sleep,
        async_sleep=clock.async_sleep,
        rand=lambda: 0.5,
    )


def _run(kind: str, client: Any, method: str, *args: Any, **kwargs: Any) -> Any:
    if kind == "sync":
        return getattr(client, method)(*args, **kwargs)
    return asyncio.run(getattr(client, method)(*args, **kwargs))


def mittwald(kind: str, api: Api) -> Any:
    cls = MittwaldClient if kind == "sync" else AsyncMittwaldClient
    return cls(TOKEN, transport=httpx.MockTransport(api.mittwald), runtime=_runtime(api.clock))


def foundry(kind: str, api: Api) -> Any:
    cls = FoundryClient if kind == "sync" else AsyncFoundryClient
    return cls(
        TOKEN,
        base_url="https://example.palantirfoundry.com",
        transport=httpx.MockTransport(api.foundry),
        runtime=_runtime(api.clock),
    )


@pytest.fixture
def api() -> Api:
    return Api(Clock())


def _create_mw(kind: str, api: Api, description: str = "shop", **options: Any) -> Any:
    return _run(
        kind, mittwald(kind, api), "create_project", SERVER, description, timeout=60.0, **options
    )


def _create_fd(kind: str, api: Api, name: str = "Shop", **options: Any) -> Any:
    return _run(kind, foundry(kind, api), "create_project", name, SPACE, timeout=60.0, **options)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fault", list(AMBIGUOUS))
def test_mittwald_an_ambiguous_create_ends_holding_exactly_the_one_project_that_exists(
    kind: str, fault: str, api: Api
) -> None:
    """Applied: the lookup finds it and it is adopted (one POST). Not applied: the lookup finds
    nothing twice (SETTLE apart), the create is sent once more. Either way: one project, held."""
    api.faults.append(AMBIGUOUS[fault])
    project = _create_mw(kind, api)
    assert list(api.projects) == [project.id]
    applied_first = AMBIGUOUS[fault][0]
    assert api.posts == (1 if applied_first else 2)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fault", list(AMBIGUOUS))
def test_foundry_an_ambiguous_create_ends_holding_exactly_the_one_project_that_exists(
    kind: str, fault: str, api: Api
) -> None:
    api.faults.append(AMBIGUOUS[fault])
    project = _create_fd(kind, api)
    assert list(api.projects) == [project.rid]
    assert api.posts == (1 if AMBIGUOUS[fault][0] else 2)


UNREADABLE = {
    "201-malformed": lambda pid: httpx.Response(
        201, content=b'{"id": ', headers={"content-type": "application/json"}
    ),
    "200-with-id": lambda pid: httpx.Response(200, json={"id": pid}),
    "202-with-id": lambda pid: httpx.Response(202, json={"id": pid}),
    "204-no-body": lambda pid: httpx.Response(204),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("answer", list(UNREADABLE))
def test_mittwald_an_unreadable_or_unexpected_2xx_is_settled_by_the_lookup(
    kind: str, answer: str, api: Api
) -> None:
    api.faults.append((True, UNREADABLE[answer]))
    project = _create_mw(kind, api)
    assert list(api.projects) == [project.id]
    assert api.posts == 1


@pytest.mark.parametrize("kind", KINDS)
def test_mittwald_a_2xx_the_lookup_cannot_see_is_outcome_unknown_never_a_resend(
    kind: str, api: Api
) -> None:
    """The API said 202 (accepted) but lists nothing: it may still create it, so no resend."""
    api.faults.append((False, UNREADABLE["202-with-id"]))
    with pytest.raises(OutcomeUnknown) as caught:
        _create_mw(kind, api)
    assert api.posts == 1
    assert caught.value.candidates == ()
    assert caught.value.known["status"] == 202


@pytest.mark.parametrize("kind", KINDS)
def test_mittwald_two_matches_are_outcome_unknown_carrying_both_and_adopting_neither(
    kind: str, api: Api
) -> None:
    """Another process made a project of that description within the window: no way to tell."""

    def also_someone_else() -> None:
        api.add_mittwald("shop", api.clock.wall())

    api.before_answer = also_someone_else
    api.faults.append((True, _dropped))
    with pytest.raises(OutcomeUnknown) as caught:
        _create_mw(kind, api)
    assert sorted(caught.value.candidates) == sorted(api.projects)
    assert len(api.projects) == 2
    assert api.posts == 1
    for candidate in api.projects:
        assert candidate in repr(caught.value)
    assert TOKEN not in repr(caught.value)
    assert TOKEN not in str(caught.value)


@pytest.mark.parametrize("kind", KINDS)
def test_mittwald_an_older_project_of_the_same_description_is_not_a_candidate(
    kind: str, api: Api
) -> None:
    """createdAt before the send minus CLOCK_ALLOWANCE on both clocks: someone's earlier
    project, not this one's, so the create that was not applied is sent again."""
    older = api.add_mittwald("shop", EPOCH - CLOCK_ALLOWANCE - timedelta(seconds=1))
    api.faults.append((False, _status(502)))
    project = _create_mw(kind, api)
    assert project.id != older
    assert set(api.projects) == {older, project.id}
    assert api.posts == 2


@pytest.mark.parametrize("kind", KINDS)
def test_mittwald_a_project_a_little_older_than_the_send_is_neither_adopted_nor_resent(
    kind: str, api: Api
) -> None:
    """Older than CLOCK_SKEW, younger than CLOCK_ALLOWANCE: it may be this create's project behind
    an off clock, so it forbids a resend, and it is not adopted either."""
    older = api.add_mittwald("shop", EPOCH - CLOCK_SKEW - timedelta(seconds=1))
    api.faults.append((False, _status(502)))
    with pytest.raises(OutcomeUnknown) as caught:
        _create_mw(kind, api)
    assert caught.value.candidates == (older,)
    assert set(api.projects) == {older}
    assert api.posts == 1


@pytest.mark.parametrize("kind", KINDS)
def test_mittwald_a_project_on_another_server_or_with_a_longer_description_is_not_a_candidate(
    kind: str, api: Api
) -> None:
    other = "11111111-2222-4333-8444-555555555555"

    def lookalikes() -> None:
        api.add_mittwald("shop", api.clock.wall(), server=other)
        api.add_mittwald("shop 2", api.clock.wall())

    api.before_answer = lookalikes
    api.faults.append((True, _dropped))
    project = _create_mw(kind, api)
    assert api.projects[project.id]["description"] == "shop"
    assert api.projects[project.id]["serverId"] == SERVER
    assert api.posts == 1


@pytest.mark.parametrize("kind", KINDS)
def test_mittwald_a_failed_lookup_is_outcome_unknown_and_nothing_is_resent(
    kind: str, api: Api
) -> None:
    api.list_status = 403
    api.faults.append((False, _status(502)))
    with pytest.raises(OutcomeUnknown) as caught:
        _create_mw(kind, api)
    assert api.posts == 1
    assert caught.value.candidates == ()
    assert "looking it up failed" in str(caught.value)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("answer", "error"),
    [
        pytest.param(_status(503), ServiceUnavailable, id="503-twice"),
        pytest.param(_dropped, TransportError, id="dropped-twice"),
    ],
)
def test_mittwald_a_create_that_stays_ambiguous_and_unapplied_is_sent_twice_then_not_created(
    kind: str, answer: Callable[[str], Any], error: type[Exception], api: Api
) -> None:
    """Not applied, twice: the failure it met (a 503 stays a ServiceUnavailable, to retry later),
    saying nothing was created; never an OutcomeUnknown, never a third send."""
    api.faults.extend([(False, answer), (False, answer)])
    with pytest.raises(error) as caught:
        _create_mw(kind, api)
    assert not isinstance(caught.value, OutcomeUnknown)
    assert "not created" in str(caught.value)
    assert api.posts == 2
    assert api.projects == {}


@pytest.mark.parametrize("kind", KINDS)
def test_foundry_a_503_that_forbids_retrying_is_looked_up_but_never_resent(
    kind: str, api: Api
) -> None:
    # With a body: a gateway's 503, not Foundry's body-less QoS refusal (which proves nothing
    # was processed, adapter.qos_refusal).
    api.faults.append(
        (
            False,
            lambda _: httpx.Response(
                503, content=b"<html>busy</html>", headers={"qos-retry-hint": "do-not-retry"}
            ),
        )
    )
    with pytest.raises(ServiceUnavailable) as caught:
        _create_fd(kind, api)
    assert "not created" in str(caught.value)
    assert api.posts == 1
    assert api.lookups == 1


@pytest.mark.parametrize("kind", KINDS)
def test_mittwald_an_empty_lookup_is_looked_at_again_after_the_settle_time(
    kind: str, api: Api
) -> None:
    """Eventual consistency: a project listed only a moment later is still adopted."""
    api.faults.append((False, _dropped))
    pid: list[str] = []

    def appear_late() -> None:
        if api.lookups == 1 and not pid:
            pid.append(api.add_mittwald("shop", EPOCH))

    original = api.mittwald

    def handler(request: httpx.Request) -> httpx.Response:
        response = original(request)
        if request.url.path == "/v2/projects":
            appear_late()
        return response

    cls = MittwaldClient if kind == "sync" else AsyncMittwaldClient
    client = cls(TOKEN, transport=httpx.MockTransport(handler), runtime=_runtime(api.clock))
    project = _run(kind, client, "create_project", SERVER, "shop", timeout=60.0)
    assert project.id == pid[0]
    assert api.posts == 1
    assert api.lookups == 2
    assert api.clock.now >= SETTLE


@pytest.mark.parametrize("kind", KINDS)
def test_a_reconcile_hook_takes_precedence_over_the_lookup(kind: str, api: Api) -> None:
    api.faults.append((True, _dropped))
    with pytest.raises(OutcomeUnknown):
        _create_mw(kind, api, reconcile=lambda _: None)
    assert api.lookups == 0
    assert api.posts == 1


@pytest.mark.parametrize("kind", KINDS)
def test_foundry_with_a_reconcile_hook_a_503_that_forbids_retrying_is_never_resent(
    kind: str, api: Api
) -> None:
    """The hook path resends a create that got no answer, but not against the gateway's word."""
    api.faults.append(
        (
            False,
            lambda _: httpx.Response(
                503, content=b"<html>busy</html>", headers={"qos-retry-hint": "do-not-retry"}
            ),
        )
    )
    asked: list[OutcomeUnknown] = []

    def reconcile(unknown: OutcomeUnknown) -> None:
        asked.append(unknown)

    with pytest.raises(OutcomeUnknown):
        _create_fd(kind, api, reconcile=reconcile)
    assert api.posts == 1
    assert len(asked) == 1
    assert asked[0].known.get("do_not_retry") is True


def test_mittwald_a_match_while_another_create_of_the_same_project_is_in_flight_is_not_adopted(
    api: Api,
) -> None:
    """Concurrent same description through one client: A's create was not applied, B's was but
    B has no answer yet when A looks. The one match is B's: A must not take it."""
    client = mittwald("sync", api)
    b_applied, a_done = threading.Event(), threading.Event()
    results: dict[str, Any] = {}

    def hold_b() -> None:
        if threading.current_thread().name == "B":
            b_applied.set()
            a_done.wait(10)

    api.before_answer = hold_b

    def b() -> None:
        results["B"] = client.create_project(SERVER, "shop", timeout=60.0)

    thread = threading.Thread(target=b, name="B")
    thread.start()
    assert b_applied.wait(10)
    api.faults.append((False, _status(502)))  # A's create: not applied
    try:
        with pytest.raises(OutcomeUnknown) as caught:
            client.create_project(SERVER, "shop", timeout=60.0)
    finally:
        a_done.set()
        thread.join(10)
    assert caught.value.candidates == (results["B"].id,)
    assert "overlapped" in str(caught.value)
    assert list(api.projects) == [results["B"].id]


def test_mittwald_a_project_this_client_already_handed_out_is_never_adopted(api: Api) -> None:
    """Same description twice in a row through one client; the second create is not applied:
    the only match is the first one's project (inside the skew window), which is not taken, and
    not resent either (an id seen again could be a fake's replayed id): OutcomeUnknown naming it."""
    client = mittwald("sync", api)
    first = client.create_project(SERVER, "shop", timeout=60.0)
    api.faults.append((False, _status(504)))
    with pytest.raises(OutcomeUnknown) as caught:
        client.create_project(SERVER, "shop", timeout=60.0)
    assert caught.value.candidates == (first.id,)
    assert list(api.projects) == [first.id]


@pytest.mark.parametrize("kind", KINDS)
def test_foundry_a_project_at_the_path_made_by_someone_else_means_not_applied_and_the_resend_says_409(
    kind: str, api: Api
) -> None:
    def someone_else_first() -> None:
        api.add_foundry("Shop", api.clock.wall(), by=SOMEONE)

    api.faults.append((False, lambda _: (someone_else_first(), httpx.Response(503))[1]))
    with pytest.raises(ProjectNameAlreadyExists):
        _create_fd(kind, api)
    assert api.posts == 2
    assert len(api.projects) == 1


@pytest.mark.parametrize("kind", KINDS)
def test_foundry_the_current_user_is_read_once_per_client(kind: str, api: Api) -> None:
    client = foundry(kind, api)
    for name in ("One", "Two"):
        api.faults.append((True, _dropped))
        _run(kind, client, "create_project", name, SPACE, timeout=60.0)
    assert api.current_user_calls == 1
    assert len(api.projects) == 2


@pytest.mark.parametrize("kind", KINDS)
def test_foundry_a_failed_lookup_is_outcome_unknown_and_nothing_is_resent(
    kind: str, api: Api
) -> None:
    api.list_status = 403
    api.faults.append((True, _dropped))
    with pytest.raises(OutcomeUnknown) as caught:
        _create_fd(kind, api)
    assert api.posts == 1
    assert caught.value.candidates == ()


def test_witnesses_read_the_api_clock_and_this_machines() -> None:
    date = {"date": "Mon, 23 Nov 2026 12:00:10 GMT"}
    sent = Sent(at=100.0, wall=EPOCH.timestamp() - 600)
    told = witnesses(date, sent, 104.0)
    assert told.api == EPOCH + timedelta(seconds=6)
    assert told.local == EPOCH - timedelta(seconds=600)
    assert witnesses({}, sent, 104.0).api is None
    assert witnesses({"date": "yesterday"}, sent, 104.0).api is None


@pytest.mark.parametrize(
    ("api_says", "local_says", "created", "age"),
    [
        (0, 0, -4, Age.NEW),
        (0, -600, -4, Age.NEW),  # this machine 10 min behind: the API's Date vouches
        (600, 0, -4, Age.NEW),  # the Date 10 min ahead of createdAt: this machine vouches
        (0, 0, -6, Age.UNSURE),
        (0, 0, -3601, Age.FOREIGN),
        (None, 0, -3601, Age.UNSURE),  # no Date: one witness never rules a project out
        (0, -1800, -3601, Age.UNSURE),  # this machine's clock puts it within the hour
    ],
)
def test_a_project_is_new_on_either_witness_and_foreign_only_on_both(
    api_says: float | None, local_says: float, created: float, age: Age
) -> None:
    """Seconds relative to the send on the API's creation clock: each witness's error, and when
    the project was made."""
    from provisionkit.reconciling import Witnesses

    told = Witnesses(
        None if api_says is None else EPOCH + timedelta(seconds=api_says),
        EPOCH + timedelta(seconds=local_says),
    )
    assert told.age(EPOCH + timedelta(seconds=created)) is age


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fault", list(AMBIGUOUS))
def test_foundry_a_cold_client_learns_the_space_path_from_list_spaces(
    kind: str, fault: str, api: Api
) -> None:
    """A client that never read anything in the space pages listSpaces until the space shows up
    (page 2 of 2 here), takes its `path` (not `/<displayName>`), and settles the create."""
    api.faults.append(AMBIGUOUS[fault])
    project = _create_fd(kind, api)
    assert list(api.projects) == [project.rid]
    assert api.posts == (1 if AMBIGUOUS[fault][0] else 2)
    assert api.space_pages == 2
    assert api.space_reads == 0


@pytest.mark.parametrize("kind", KINDS)
def test_foundry_the_space_listing_stops_at_the_space(kind: str, api: Api) -> None:
    api.spaces = [(SPACE, SPACE_PATH), *OTHER_SPACES]
    api.spaces_per_page = 1
    api.faults.append((True, _dropped))
    _create_fd(kind, api)
    assert api.space_pages == 1


@pytest.mark.parametrize("kind", KINDS)
def test_foundry_the_space_path_is_listed_once_per_client(kind: str, api: Api) -> None:
    client = foundry(kind, api)
    for name in ("One", "Two"):
        api.faults.append((True, _dropped))
        _run(kind, client, "create_project", name, SPACE, timeout=60.0)
    assert api.space_pages == 2  # both pages, once
    assert len(api.projects) == 2


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("status", [403, 500])
def test_foundry_a_failed_space_listing_is_outcome_unknown_carrying_the_request(
    kind: str, status: int, api: Api
) -> None:
    """Applied or not, a listing that fails settles nothing: OutcomeUnknown, never a resend."""
    api.list_status = status
    api.faults.append((True, _dropped))
    with pytest.raises(OutcomeUnknown) as caught:
        _create_fd(kind, api)
    assert api.posts == 1
    assert api.space_pages >= 1
    assert caught.value.known["displayName"] == "Shop"
    assert caught.value.known["spaceRid"] == SPACE
    assert "listSpaces" in str(caught.value)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("applied", "ends"), [(False, "created"), (True, "unknown")])
@pytest.mark.parametrize("where", ["unlisted", "past-the-page-bound"])
def test_foundry_a_space_the_listing_does_not_show_makes_the_resend_the_lookup(
    kind: str, applied: bool, ends: str, where: str, api: Api
) -> None:
    """The space's path stays unknown (not listed, or not within MAX_SPACE_LOOKUP_PAGES pages).
    Names are unique, so it sends once more: created (the first was not applied), or a 409 whose
    owner it cannot check: OutcomeUnknown, never a second project."""
    if where == "unlisted":
        api.spaces = list(OTHER_SPACES)
    else:
        api.spaces = [*OTHER_SPACES] * MAX_SPACE_LOOKUP_PAGES + [(SPACE, SPACE_PATH)]
        api.spaces_per_page = len(OTHER_SPACES)
    api.faults.append((applied, _dropped))
    if ends == "created":
        project = _create_fd(kind, api)
        assert list(api.projects) == [project.rid]
    else:
        with pytest.raises(OutcomeUnknown) as caught:
            _create_fd(kind, api)
        assert "409" in str(caught.value) or "ProjectNameAlreadyExists" in str(caught.value)
        assert len(api.projects) == 1
    assert api.posts == 2
    assert api.space_pages == (2 if where == "unlisted" else MAX_SPACE_LOOKUP_PAGES)


@pytest.mark.parametrize("kind", KINDS)
def test_foundry_the_space_path_is_learnt_from_a_project_the_client_has_seen(
    kind: str, api: Api
) -> None:
    client = foundry(kind, api)
    _run(kind, client, "create_project", "First", SPACE, timeout=60.0)
    api.faults.append((True, _dropped))
    second = _run(kind, client, "create_project", "Second", SPACE, timeout=60.0)
    assert api.projects[second.rid]["displayName"] == "Second"
    assert api.posts == 2
    assert api.space_pages == 0
    assert api.space_reads == 0


@pytest.mark.parametrize("kind", KINDS)
def test_foundry_list_spaces_returns_every_page(kind: str, api: Api) -> None:
    spaces = _run(kind, foundry(kind, api), "list_spaces", timeout=60.0)
    assert [(s.rid, s.path) for s in spaces] == api.spaces
    assert api.space_pages == 2


@pytest.mark.parametrize("kind", KINDS)
def test_foundry_an_error_reading_the_adopted_project_carries_its_rid(kind: str, api: Api) -> None:
    """Adopted, then reading it back fails: the project exists, and the error says which."""
    api.faults.append((True, _dropped))
    original = api.foundry

    def handler(request: httpx.Request) -> httpx.Response:
        if "/filesystem/projects/ri." in request.url.path:
            return httpx.Response(
                500, json={"errorCode": "INTERNAL", "errorName": "Default:Internal"}
            )
        return original(request)

    cls = FoundryClient if kind == "sync" else AsyncFoundryClient
    client = cls(
        TOKEN,
        base_url="https://example.palantirfoundry.com",
        transport=httpx.MockTransport(handler),
        runtime=_runtime(api.clock),
    )
    with pytest.raises(ProvisionError) as caught:
        _run(kind, client, "create_project", "Shop", SPACE, timeout=60.0)
    assert caught.value.created_id == next(iter(api.projects))
