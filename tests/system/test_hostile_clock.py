"""Hostile clocks against "never a duplicate, never someone else's project" (issue 20, point 1).

A loopback proxy (hostile.Hostile) in front of the in-process fake serves each API with clocks of
its choosing: `createdAt`/`createdTime` on one clock, the `Date` header on another (or none), both
measured from real time, while the create it forwards is dropped or answered 502/503/504 after
the fake applied it (or before, applying nothing). The fake runs on a frozen manual clock, so a
project's time on the wire is "now" on the chosen clock when it was made by this test's create,
and an hour earlier for the older project a test seeds with the same description.

The promises: an applied create is adopted, exactly one project exists, whatever the skew between
the two clocks and this machine's (10 s, 60 s, 10 min either way, or no Date at all); and an older
project with the same description is never adopted (nor is a second one made).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from provisionkit import FoundryProject, MittwaldProject, OutcomeUnknown, ProvisionError
from provisionkit.fake import Fake, ManualClock

from tests.helpers import AUTH, foundry_create_body
from tests.helpers.hostile import KINDS, FakeProxy, run

LIMIT = 40.0  # the guard; each call here ends in a few seconds
HOUR = 3600.0


@pytest.fixture(scope="module")
def one_fake() -> Iterator[Fake]:
    with Fake(clock=ManualClock()) as fake:
        yield fake


@pytest.fixture
def fake(one_fake: Fake) -> Fake:
    """The module's fake, emptied (building one per test costs more than the test)."""
    one_fake.reset()
    return one_fake


def _older(fake: Fake, api: str, name: str) -> str:
    """A project with this description (mittwald) or name (Foundry), made an hour ago."""
    with httpx.Client(base_url="http://f", transport=fake.sync_transport(), headers=AUTH) as http:
        if api == "mittwald":
            made = http.post(
                f"/v2/servers/{fake.fixtures.mittwald_server}/projects", json={"description": name}
            )
            older = str(made.json()["id"])
        else:
            made = http.post(
                "/api/v2/filesystem/projects/create",
                json={**foundry_create_body(fake), "displayName": name},
            )
            older = str(made.json()["rid"])
    assert made.status_code in (200, 201), made.text
    fake.advance_clock(HOUR)
    return older


def _projects(fake: Fake, api: str, name: str) -> list[str]:
    if api == "mittwald":
        return [i for i, p in fake.mittwald.projects.items() if p.body["description"] == name]
    return [r for r, p in fake.foundry.projects.items() if p["displayName"] == name]


def _create(fake: Fake, api: str, url: str, name: str) -> tuple[Callable[[bool], Any], Any]:
    from provisionkit import AsyncFoundryClient, AsyncMittwaldClient, FoundryClient, MittwaldClient

    from tests.helpers import TOKEN

    if api == "mittwald":
        server = fake.fixtures.mittwald_server

        def make(is_async: bool) -> Any:
            return (AsyncMittwaldClient if is_async else MittwaldClient)(TOKEN, base_url=url)

        return make, lambda c: c.create_project(server, name, wait=False, timeout=15.0)
    body = foundry_create_body(fake)

    def make_foundry(is_async: bool) -> Any:
        return (AsyncFoundryClient if is_async else FoundryClient)(TOKEN, base_url=url)

    return make_foundry, lambda c: c.create_project(
        name, body["spaceRid"], role_grants=body["roleGrants"], timeout=15.0
    )


SKEWS = [10.0, -10.0, 60.0, -60.0, 600.0, -600.0]
AFTER = ["drop_after", "502_after", "503_after", "504_after"]


def _settle(
    fake: Fake, kind: str, api: str, *, created: float, date: float | None, fault: str, name: str
) -> Any:
    proxy = FakeProxy(fake, created=created, date=date, fault=fault)
    try:
        make, op = _create(fake, api, proxy.server.url, name)
        outcome = run(kind, make, op, limit=LIMIT, server=proxy.server)
    finally:
        proxy.close()
    assert not outcome.hung
    return outcome


# Every clock pairing for both APIs and both kinds of client; the four ways an applied create
# goes unanswered take turns (each meets every API and kind), so the matrix stays at 52 calls.
CLOCKS: list[tuple[float, float | None]] = [
    *((s, s) for s in SKEWS),  # the API's one clock off from this machine's
    *((0.0, s) for s in SKEWS),  # its Date off from the clock that stamps createdAt
    (0.0, None),  # no Date at all
]
APPLIED = [
    pytest.param(kind, api, AFTER[n % len(AFTER)], created, date)
    for n, (kind, api, (created, date)) in enumerate(
        (kind, api, clock) for clock in CLOCKS for api in ("mittwald", "foundry") for kind in KINDS
    )
]


@pytest.mark.parametrize(("kind", "api", "fault", "created", "date"), APPLIED)
def test_an_applied_create_is_adopted_whatever_the_clocks(
    fake: Fake, kind: str, api: str, fault: str, created: float, date: float | None
) -> None:
    outcome = _settle(fake, kind, api, created=created, date=date, fault=fault, name="Skewed")
    made = _projects(fake, api, "Skewed")
    assert len(made) == 1, f"{len(made)} projects: {outcome.error!r}"
    assert outcome.error is None, repr(outcome.error)
    assert isinstance(outcome.value, MittwaldProject | FoundryProject)
    assert (outcome.value.id if api == "mittwald" else outcome.value.rid) == made[0]


OLDER_CLOCKS: list[tuple[float, float | None]] = [(0.0, -600.0), (0.0, None), (-600.0, -600.0)]
OLDER = [
    pytest.param(KINDS[n % 2], api, fault, created, date)
    for n, (api, fault, (created, date)) in enumerate(
        (api, fault, clock)
        for api in ("mittwald", "foundry")
        for fault in ("drop_after", "503_after", "drop_before", "503_before")
        for clock in OLDER_CLOCKS
    )
]


@pytest.mark.parametrize(("kind", "api", "fault", "created", "date"), OLDER)
def test_an_older_project_of_the_same_name_is_never_adopted(
    fake: Fake, kind: str, api: str, fault: str, created: float, date: float | None
) -> None:
    """An hour-old project with the same description (name): whether this create was applied or
    not, that one is never returned, and at most one new project exists."""
    older = _older(fake, api, "Twice")
    outcome = _settle(fake, kind, api, created=created, date=date, fault=fault, name="Twice")
    new = [p for p in _projects(fake, api, "Twice") if p != older]
    if api == "foundry":
        assert new == []  # names are unique in a space: the create could not apply
    elif fault.endswith("_after"):
        assert len(new) == 1  # applied once, never again
    else:
        assert len(new) <= 1
    if outcome.error is None:
        got = outcome.value.id if api == "mittwald" else outcome.value.rid
        assert got != older
        assert got in new
    else:
        assert isinstance(outcome.error, ProvisionError), repr(outcome.error)
        if isinstance(outcome.error, OutcomeUnknown):
            assert outcome.error.created_id != older
