"""Sync and async clients give the same results: each scenario runs with both on a freshly reset
fake (same seed, same clock) and the outcomes, values or errors, must be identical."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from provisionkit import Principal, ProvisionError, Runtime
from provisionkit.fake import Fake, ManualClock

from tests.helpers import clients

Scenario = Callable[[Fake, Any], Any]


def _grant(fake: Fake) -> dict[str, list[Principal]]:
    return {fake.fixtures.foundry_owner_role: [Principal.user(fake.fixtures.foundry_principal)]}


def _mittwald_ready(fake: Fake, mw: Any) -> Any:
    return mw.create_project(fake.fixtures.mittwald_server, "shop")


def _mittwald_failed(fake: Fake, mw: Any) -> Any:
    return mw.create_project(fake.fixtures.mittwald_failing_server, "doomed")


def _mittwald_timeout(fake: Fake, mw: Any) -> Any:
    fake.set_readiness(polls=10_000)
    return mw.create_project(fake.fixtures.mittwald_server, "slow", timeout=20)


def _mittwald_dropped(fake: Fake, mw: Any) -> Any:
    fake.inject("project-create-project", "drop_after")
    return mw.create_project(fake.fixtures.mittwald_server, "maybe")


def _mittwald_servers(fake: Fake, mw: Any) -> Any:
    return mw.list_servers()


def _foundry_created(fake: Fake, fd: Any) -> Any:
    return fd.create_project(
        "Parity", fake.fixtures.foundry_space, role_grants=_grant(fake), wait=True
    )


def _foundry_dropped(fake: Fake, fd: Any) -> Any:
    fake.inject("createProject", "drop_after")
    return fd.create_project("Dropped", fake.fixtures.foundry_space, role_grants=_grant(fake))


def _foundry_rate_limited(fake: Fake, fd: Any) -> Any:
    fake.inject("createProject", "rate_limit", times=2, retry_after=1)
    return fd.create_project("Limited", fake.fixtures.foundry_space, role_grants=_grant(fake))


SCENARIOS: dict[str, tuple[str, Scenario]] = {
    "mittwald-ready": ("mittwald", _mittwald_ready),
    "mittwald-failed": ("mittwald", _mittwald_failed),
    "mittwald-timeout": ("mittwald", _mittwald_timeout),
    "mittwald-dropped": ("mittwald", _mittwald_dropped),
    "mittwald-servers": ("mittwald", _mittwald_servers),
    "foundry-created": ("foundry", _foundry_created),
    "foundry-dropped": ("foundry", _foundry_dropped),
    "foundry-rate-limited": ("foundry", _foundry_rate_limited),
}


def _outcome(fake: Fake, clock: ManualClock, runtime: Runtime, kind: str, name: str) -> Any:
    fake.reset()
    clock.now = 0.0
    api, scenario = SCENARIOS[name]
    client = (clients.mittwald if api == "mittwald" else clients.foundry)(kind, fake, runtime)
    try:
        result = scenario(fake, client)
    except ProvisionError as error:
        return type(error).__name__, str(error), repr(error), fake.applied_creates()
    value = [r.to_dict() for r in result] if isinstance(result, list) else result.to_dict()
    return "ok", value, fake.applied_creates()


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_sync_and_async_clients_give_the_same_outcome(
    name: str, fake: Fake, clock: ManualClock, runtime: Runtime
) -> None:
    sync = _outcome(fake, clock, runtime, "sync", name)
    assert sync == _outcome(fake, clock, runtime, "async", name)
