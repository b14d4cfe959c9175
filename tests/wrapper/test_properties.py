"""Properties of provisionkit's clients against the fake, over generated inputs and fault sequences."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from provisionkit import (
    AsyncFoundryClient,
    AsyncMittwaldClient,
    FoundryClient,
    InvalidDisplayName,
    MittwaldClient,
    OutcomeUnknown,
    Principal,
    ProjectNameAlreadyExists,
    ProvisionError,
    Runtime,
)
from provisionkit.fake import Fake, ManualClock
from provisionkit.schedule import PollSchedule

TOKEN = "property-token"
# `make conformance-soak` widens and randomizes these too (PROVISIONKIT_SOAK=1, replay with PROVISIONKIT_SEED).
SOAK = os.environ.get("PROVISIONKIT_SOAK") == "1"
SEED = int(os.environ.get("PROVISIONKIT_SEED") or 20261123)
BASE = "http://127.0.0.1:9"
PROPERTY_SETTINGS = settings(
    max_examples=200 if SOAK else 40,
    deadline=None,
    derandomize=not SOAK,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


class World:
    """One fake and two clients sharing its manual clock, so waiting costs no real time."""

    def __init__(self) -> None:
        self.clock = ManualClock()
        self.fake = Fake(seed=SEED, clock=self.clock)
        runtime = Runtime(clock=self.clock, sleep=self.clock.advance, rand=lambda: 0.5)
        self.mittwald = MittwaldClient(
            TOKEN, base_url=BASE, transport=self.fake.sync_transport(), runtime=runtime
        )
        self.foundry = FoundryClient(
            TOKEN, base_url=BASE, transport=self.fake.sync_transport(), runtime=runtime
        )
        self.grants = {
            self.fake.fixtures.foundry_owner_role: [
                Principal.user(self.fake.fixtures.foundry_principal)
            ]
        }

    def create_foundry(self, name: str, **options: Any) -> Any:
        return self.foundry.create_project(
            name, self.fake.fixtures.foundry_space, role_grants=self.grants, **options
        )


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    w = World()
    yield w
    w.fake.close()


@PROPERTY_SETTINGS
@given(
    name=st.text(min_size=1, max_size=40).filter(lambda s: s not in {".", ".."} and "/" not in s)
)
def test_a_created_foundry_project_reads_back_with_the_same_fields(world: World, name: str) -> None:
    world.fake.reset()
    created = world.create_foundry(name, description="d")
    assert world.foundry.get_project(created.rid) == created
    assert created.display_name == name


@PROPERTY_SETTINGS
@given(description=st.text(min_size=1, max_size=60).filter(str.strip))
def test_a_created_mittwald_project_reads_back_with_the_same_fields(
    world: World, description: str
) -> None:
    world.fake.reset()
    created = world.mittwald.create_project(world.fake.fixtures.mittwald_server, description)
    assert world.mittwald.get_project(created.id) == created
    assert created.description == description


@PROPERTY_SETTINGS
@given(name=st.text(max_size=710) | st.sampled_from([".", "..", "/", "a/b", "x" * 700, "x" * 701]))
def test_display_names_are_accepted_exactly_when_the_rules_allow(world: World, name: str) -> None:
    world.fake.reset()
    allowed = name not in {"", ".", ".."} and "/" not in name and len(name) <= 700
    if allowed:
        assert world.create_foundry(name).display_name == name
    else:
        with pytest.raises(InvalidDisplayName):
            world.create_foundry(name)


@PROPERTY_SETTINGS
@given(names=st.lists(st.sampled_from(["a", "b", "c", "A"]), min_size=1, max_size=6))
def test_names_are_unique_per_space(world: World, names: list[str]) -> None:
    world.fake.reset()
    seen: set[str] = set()
    for name in names:
        if name in seen:
            with pytest.raises(ProjectNameAlreadyExists):
                world.create_foundry(name)
        else:
            world.create_foundry(name)
            seen.add(name)
    assert world.fake.applied_creates("foundry") == len(seen)


@PROPERTY_SETTINGS
@given(ready_after=st.floats(min_value=0, max_value=600))
def test_readiness_is_noticed_within_the_policy_bound(world: World, ready_after: float) -> None:
    world.fake.reset()
    world.fake.set_readiness(polls=None, seconds=ready_after)
    started = world.clock()
    project = world.mittwald.create_project(
        world.fake.fixtures.mittwald_server, "timed", timeout=ready_after * 2 + 60
    )
    assert project.is_ready
    schedule = PollSchedule()
    # Scheduled gaps never shrink, so the gap straddling the ready moment is at most the one the
    # schedule allows at `ready_after`: readiness is seen no later than that after it happened.
    late = schedule.scheduled(10**6, ready_after)
    assert world.clock() - started <= ready_after + late + 1e-6


@PROPERTY_SETTINGS
@given(polls=st.integers(min_value=0, max_value=20))
def test_readiness_after_n_polls_is_reached_within_n_capped_sleeps(
    world: World, polls: int
) -> None:
    """Property: a project ready after `polls` reads is seen ready before a deadline of one paced
    sleep per read (plus one), never a ReadinessTimeout: 21 paced reads end before the schedule's
    knee, so no gap is longer than its pace."""
    world.fake.reset()
    world.fake.set_readiness(polls=polls, seconds=None)
    schedule = PollSchedule()
    bound = (polls + 1) * schedule.pace
    assert bound < schedule.knee
    started = world.clock()
    project = world.mittwald.create_project(
        world.fake.fixtures.mittwald_server, "polled", timeout=bound + 1
    )
    assert project.is_ready
    assert world.clock() - started <= bound


FAULTS = [
    "rate_limit",
    "unavailable",
    "server_error",
    "delay",  # 1 s on the fake's manual clock: no real waiting
    "drop_before",
    "drop_after",
    "refuse",
    "malformed_json",
    "truncated_body",
    "unknown_enum",
    "extra_fields",
    "wrong_content_type",
    "huge_body",
    "unavailable_after",
    "bad_gateway_after",
    "gateway_timeout_after",
]


FAULT_SCENARIOS = given(
    api=st.sampled_from(["mittwald", "foundry"]),
    faults=st.lists(
        st.tuples(st.sampled_from(["create", "get"]), st.sampled_from(FAULTS)), max_size=6
    ),
    calls=st.integers(min_value=1, max_value=4),
)
OPERATIONS = {
    "mittwald": {"create": "project-create-project", "get": "project-get-project"},
    "foundry": {"create": "createProject", "get": "getProject"},
}


def inject(world: World, api: str, faults: list[tuple[str, str]]) -> None:
    world.fake.reset()
    for where, fault in faults:
        world.fake.inject(OPERATIONS[api][where], fault, retry_after=1)


def tally(outcomes: list[BaseException | None]) -> tuple[int, int]:
    """(reported created, reported OutcomeUnknown); anything but a ProvisionError is re-raised."""
    created = unknown = 0
    for outcome in outcomes:
        if outcome is None:
            created += 1
        elif isinstance(outcome, OutcomeUnknown):
            unknown += 1
        elif isinstance(outcome, ProvisionError):
            created += outcome.created_id is not None  # failed later, but said the project exists
        else:
            raise outcome
    return created, unknown


@PROPERTY_SETTINGS
@FAULT_SCENARIOS
def test_no_fault_sequence_loses_or_duplicates_a_project(
    world: World, api: str, faults: list[tuple[str, str]], calls: int
) -> None:
    """Applied creates lie between those reported created (returned, or carried as `created_id` on a
    later error) and those plus the ones reported OutcomeUnknown: none lost, none duplicated."""
    inject(world, api, faults)
    outcomes: list[BaseException | None] = []
    for n in range(calls):
        try:
            if api == "mittwald":
                world.mittwald.create_project(
                    world.fake.fixtures.mittwald_server, f"p{n}", timeout=60
                )
            else:
                world.create_foundry(f"p{n}", wait=True, timeout=60)
            outcomes.append(None)
        except Exception as error:  # tally() re-raises all but ProvisionError
            outcomes.append(error)
    created, unknown = tally(outcomes)
    assert created <= world.fake.applied_creates(api) <= created + unknown


async def _async_creates(world: World, api: str, calls: int) -> list[BaseException | None]:
    async def advance(seconds: float) -> None:
        world.clock.advance(seconds)

    runtime = Runtime(
        clock=world.clock, sleep=world.clock.advance, async_sleep=advance, rand=lambda: 0.5
    )
    transport = world.fake.async_transport()
    outcomes: list[BaseException | None] = []
    async with (
        AsyncMittwaldClient(TOKEN, base_url=BASE, transport=transport, runtime=runtime) as mw,
        AsyncFoundryClient(TOKEN, base_url=BASE, transport=transport, runtime=runtime) as fd,
    ):
        for n in range(calls):
            try:
                if api == "mittwald":
                    await mw.create_project(
                        world.fake.fixtures.mittwald_server, f"p{n}", timeout=60
                    )
                else:
                    space = world.fake.fixtures.foundry_space
                    await fd.create_project(
                        f"p{n}", space, role_grants=world.grants, wait=True, timeout=60
                    )
                outcomes.append(None)
            except Exception as error:  # tally() re-raises all but ProvisionError
                outcomes.append(error)
    return outcomes


@PROPERTY_SETTINGS
@FAULT_SCENARIOS
def test_no_fault_sequence_loses_or_duplicates_a_project_async(
    world: World, api: str, faults: list[tuple[str, str]], calls: int
) -> None:
    """The same property for the async clients."""
    inject(world, api, faults)
    created, unknown = tally(asyncio.run(_async_creates(world, api, calls)))
    assert created <= world.fake.applied_creates(api) <= created + unknown


# Where a fault may land: the create, the wait's read, and the lookup that settles an unknown outcome.
SETTLING_OPERATIONS = {
    "mittwald": {
        "create": "project-create-project",
        "get": "project-get-project",
        "lookup": "project-list-projects",
    },
    "foundry": {"create": "createProject", "get": "getProject", "lookup": "getResourceByPath"},
}
SETTLING_SCENARIOS = given(
    api=st.sampled_from(["mittwald", "foundry"]),
    faults=st.lists(
        st.tuples(st.sampled_from(["create", "get", "lookup"]), st.sampled_from(FAULTS)),
        max_size=6,
    ),
    calls=st.integers(min_value=1, max_value=4),
)


def _project_ids(world: World, api: str) -> set[str]:
    return set(world.fake.mittwald.projects if api == "mittwald" else world.fake.foundry.projects)


def _settled(
    world: World,
    api: str,
    before: set[str],
    outcomes: list[tuple[str | None, BaseException | None]],
) -> None:
    """Every project created is held by a caller (returned, or `created_id` on a later error) or
    named among some OutcomeUnknown's candidates, save at most one per OutcomeUnknown that names
    none (its lookup failed); no project is held twice, and no candidate is one a caller holds."""
    held: list[str] = []
    candidates: set[str] = set()
    blind = 0
    for project_id, error in outcomes:
        if project_id is not None:
            held.append(project_id)
        elif isinstance(error, OutcomeUnknown):
            candidates.update(error.candidates)
            blind += not error.candidates
        elif isinstance(error, ProvisionError):
            if error.created_id is not None:
                held.append(error.created_id)
        else:
            assert error is not None
            raise error
    created = _project_ids(world, api) - before
    assert len(held) == len(set(held)), "a project is held by two callers"
    assert set(held) <= created
    assert candidates <= created
    assert not candidates & set(held)
    assert len(created - set(held) - candidates) <= blind


@PROPERTY_SETTINGS
@SETTLING_SCENARIOS
def test_every_created_project_is_held_or_a_named_candidate_and_none_is_duplicated(
    world: World, api: str, faults: list[tuple[str, str]], calls: int
) -> None:
    world.fake.reset()
    before = _project_ids(world, api)
    for where, fault in faults:
        world.fake.inject(SETTLING_OPERATIONS[api][where], fault, retry_after=1)
    outcomes: list[tuple[str | None, BaseException | None]] = []
    for n in range(calls):
        try:
            if api == "mittwald":
                project: Any = world.mittwald.create_project(
                    world.fake.fixtures.mittwald_server, f"p{n}", timeout=60
                )
            else:
                project = world.create_foundry(f"p{n}", wait=True, timeout=60)
            outcomes.append((project.id, None))
        except Exception as error:  # _settled() re-raises all but ProvisionError
            outcomes.append((None, error))
    _settled(world, api, before, outcomes)


@PROPERTY_SETTINGS
@SETTLING_SCENARIOS
def test_every_created_project_is_held_or_a_named_candidate_async(
    world: World, api: str, faults: list[tuple[str, str]], calls: int
) -> None:
    """The same property for the async clients."""
    world.fake.reset()
    before = _project_ids(world, api)
    for where, fault in faults:
        world.fake.inject(SETTLING_OPERATIONS[api][where], fault, retry_after=1)

    async def creates() -> list[tuple[str | None, BaseException | None]]:
        async def advance(seconds: float) -> None:
            world.clock.advance(seconds)

        runtime = Runtime(
            clock=world.clock, sleep=world.clock.advance, async_sleep=advance, rand=lambda: 0.5
        )
        transport = world.fake.async_transport()
        outcomes: list[tuple[str | None, BaseException | None]] = []
        async with (
            AsyncMittwaldClient(TOKEN, base_url=BASE, transport=transport, runtime=runtime) as mw,
            AsyncFoundryClient(TOKEN, base_url=BASE, transport=transport, runtime=runtime) as fd,
        ):
            for n in range(calls):
                try:
                    if api == "mittwald":
                        project: Any = await mw.create_project(
                            world.fake.fixtures.mittwald_server, f"p{n}", timeout=60
                        )
                    else:
                        project = await fd.create_project(
                            f"p{n}",
                            world.fake.fixtures.foundry_space,
                            role_grants=world.grants,
                            wait=True,
                            timeout=60,
                        )
                    outcomes.append((project.id, None))
                except Exception as error:  # _settled() re-raises all but ProvisionError
                    outcomes.append((None, error))
        return outcomes

    _settled(world, api, before, asyncio.run(creates()))
