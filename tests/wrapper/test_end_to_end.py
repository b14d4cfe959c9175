"""Create and wait end to end on the in-process fake, each test run with the sync and the async client."""

from __future__ import annotations

from typing import Any

import pytest
from provisionkit import (
    InvalidDisplayName,
    PermissionDenied,
    Principal,
    ProjectFailed,
    ProjectNameAlreadyExists,
    ProjectNotFound,
    ProjectStatus,
    RateLimited,
    ReadinessTimeout,
    ServiceUnavailable,
    SpaceNotFound,
    TrashStatus,
    ValidationFailed,
)
from provisionkit.fake import Fake


def owner_grant(fake: Fake) -> dict[str, list[Principal]]:
    return {fake.fixtures.foundry_owner_role: [Principal.user(fake.fixtures.foundry_principal)]}


# --- mittwald -----------------------------------------------------------------------------------


def test_mittwald_create_waits_until_the_project_is_ready(mw: Any, fake: Fake) -> None:
    fake.set_readiness(polls=4)
    project = mw.create_project(fake.fixtures.mittwald_server, "shop")
    assert project.is_ready
    assert project.status is ProjectStatus.READY
    assert project.description == "shop"
    assert project.server_id == fake.fixtures.mittwald_server
    assert fake.applied_creates("mittwald") == 1


def test_mittwald_project_with_runtime_apps_parses(mw: Any, fake: Fake) -> None:
    """The feature some published clients crash on reaches the caller as a plain string."""
    project = mw.create_project(fake.fixtures.mittwald_runtime_apps_server, "newer")
    assert "runtimeApps" in project.supported_features
    assert project.is_ready


def test_mittwald_create_without_wait_returns_the_pending_project(mw: Any, fake: Fake) -> None:
    fake.set_readiness(polls=10)
    project = mw.create_project(fake.fixtures.mittwald_server, "shop", wait=False)
    assert project.status is ProjectStatus.PENDING
    assert not project.is_ready


def test_mittwald_project_on_a_failing_server_raises_project_failed_with_the_project(
    mw: Any, fake: Fake
) -> None:
    with pytest.raises(ProjectFailed) as caught:
        mw.create_project(fake.fixtures.mittwald_failing_server, "doomed")
    assert caught.value.project.status is ProjectStatus.ERROR


def test_mittwald_deadline_raises_readiness_timeout_with_the_last_observation(
    mw: Any, fake: Fake
) -> None:
    fake.set_readiness(polls=None, seconds=3600)
    with pytest.raises(ReadinessTimeout) as caught:
        mw.create_project(fake.fixtures.mittwald_server, "slow", timeout=20)
    assert caught.value.last.status is ProjectStatus.PENDING
    assert caught.value.polls >= 2
    assert caught.value.elapsed <= 20 + 1e-6


def test_mittwald_visibility_window_is_closed_by_sending_the_create_event(
    mw: Any, fake: Fake
) -> None:
    """The fake hides new projects for an hour unless `if-event-reached` names create's event."""
    fake.set_visibility_window(seconds=3600)
    project = mw.create_project(fake.fixtures.mittwald_server, "fresh", timeout=30)
    assert project.is_ready


def test_mittwald_visibility_window_is_tolerated_for_a_bounded_time(mw: Any, fake: Fake) -> None:
    fake.set_visibility_window(polls=3)
    project = mw.create_project(fake.fixtures.mittwald_server, "fresh", wait=False)
    assert mw.wait_until_ready(project.id, timeout=60).is_ready


def test_mittwald_forbidden_outside_the_window_is_permission_denied(mw: Any, fake: Fake) -> None:
    with pytest.raises(PermissionDenied):
        mw.create_project(fake.fixtures.mittwald_forbidden_server, "nope")
    with pytest.raises(PermissionDenied):
        mw.wait_until_ready("p-abcdef", timeout=60, visibility_grace=0)


def test_mittwald_drop_after_processing_is_looked_up_and_adopted_once(mw: Any, fake: Fake) -> None:
    fake.inject("project-create-project", "drop_after")
    project = mw.create_project(fake.fixtures.mittwald_server, "maybe")
    assert project.description == "maybe"
    assert project.id in fake.mittwald.projects
    assert fake.applied_creates("mittwald") == 1


def test_mittwald_refused_connection_is_retried_because_nothing_was_sent(
    mw: Any, fake: Fake
) -> None:
    fake.inject("project-create-project", "refuse", times=2)
    mw.create_project(fake.fixtures.mittwald_server, "retried")
    assert fake.applied_creates("mittwald") == 1


def test_mittwald_rate_limit_is_retried_honouring_retry_after(
    mw: Any, fake: Fake, clock: Any
) -> None:
    fake.inject("project-create-project", "rate_limit", times=2, retry_after=7)
    before = clock()
    mw.create_project(fake.fixtures.mittwald_server, "patient", wait=False)
    assert clock() - before >= 14 - 1e-6  # two Retry-After: 7 s, summed in floating point
    assert fake.applied_creates("mittwald") == 1


def test_mittwald_rate_limit_past_the_deadline_raises_rate_limited(mw: Any, fake: Fake) -> None:
    fake.inject("project-create-project", "rate_limit", times=50, retry_after=5)
    with pytest.raises(RateLimited) as caught:
        mw.create_project(fake.fixtures.mittwald_server, "impatient", timeout=12)
    assert caught.value.retry_after == 5
    assert fake.applied_creates("mittwald") == 0


def test_mittwald_reads_retry_dropped_connections(mw: Any, fake: Fake) -> None:
    fake.inject("project-list-servers", "drop_after", times=2)
    servers = mw.list_servers()
    assert {s.id for s in servers} == {
        fake.fixtures.mittwald_server,
        fake.fixtures.mittwald_failing_server,
        fake.fixtures.mittwald_runtime_apps_server,
    }


def test_mittwald_list_servers_filters(mw: Any, fake: Fake) -> None:
    (server,) = mw.list_servers(search_term="broken")
    assert server.id == fake.fixtures.mittwald_failing_server


def test_mittwald_empty_description_is_refused_before_sending(mw: Any, fake: Fake) -> None:
    with pytest.raises(ValidationFailed):
        mw.create_project(fake.fixtures.mittwald_server, "   ")
    assert fake.applied_creates() == 0


def test_mittwald_unknown_status_is_kept_and_waiting_goes_on(mw: Any, fake: Fake) -> None:
    fake.set_readiness(polls=3)
    fake.inject("project-get-project", "unknown_enum")
    project = mw.create_project(fake.fixtures.mittwald_server, "future")
    assert project.is_ready


# --- Foundry ------------------------------------------------------------------------------------


def test_foundry_seed_request_creates_the_project(fd: Any, fake: Fake) -> None:
    project = fd.create_project(
        "My Important Project",
        fake.fixtures.foundry_space,
        role_grants=owner_grant(fake),
        default_roles=[fake.fixtures.foundry_owner_role],
        organization_rids=[fake.fixtures.foundry_organization],
        description="project description",
        wait=True,
    )
    assert project.path == "/Empyrean Airlines/My Important Project"
    assert project.trash_status is TrashStatus.NOT_TRASHED
    assert fd.get_project(project.rid) == project


def test_foundry_duplicate_name_is_project_name_already_exists(fd: Any, fake: Fake) -> None:
    fd.create_project("Twice", fake.fixtures.foundry_space, role_grants=owner_grant(fake))
    with pytest.raises(ProjectNameAlreadyExists) as caught:
        fd.create_project("Twice", fake.fixtures.foundry_space, role_grants=owner_grant(fake))
    assert caught.value.parameters == {
        "displayName": "Twice",
        "spaceRid": fake.fixtures.foundry_space,
    }
    assert caught.value.error_code == "CONFLICT"


def test_foundry_drop_after_processing_is_reconciled_without_a_duplicate(
    fd: Any, fake: Fake
) -> None:
    """A fresh client learns the space's path from listSpaces, finds the project the dropped
    answer was about at `<space path>/<name>`, made by its user just now, and adopts it."""
    fake.inject("createProject", "drop_after")
    project = fd.create_project(
        "Dropped", fake.fixtures.foundry_space, role_grants=owner_grant(fake)
    )
    assert project.path == "/Empyrean Airlines/Dropped"
    assert fake.applied_creates("foundry") == 1


def test_foundry_drop_before_processing_is_resent_and_created_once(fd: Any, fake: Fake) -> None:
    fake.inject("createProject", "drop_before")
    project = fd.create_project(
        "Resent", fake.fixtures.foundry_space, role_grants=owner_grant(fake)
    )
    assert project.display_name == "Resent"
    assert fake.applied_creates("foundry") == 1


def test_foundry_do_not_retry_hint_is_obeyed(fd: Any, fake: Fake) -> None:
    fake.inject("createProject", "unavailable", times=3, do_not_retry=True)
    with pytest.raises(ServiceUnavailable):
        fd.create_project("Hinted", fake.fixtures.foundry_space, role_grants=owner_grant(fake))
    assert fake.state()["faults"]["createProject"][0]["remaining"] == 2


def test_foundry_503_without_hint_is_retried(fd: Any, fake: Fake) -> None:
    fake.inject("createProject", "unavailable", times=2)
    fd.create_project("Retried", fake.fixtures.foundry_space, role_grants=owner_grant(fake))
    assert fake.applied_creates("foundry") == 1


@pytest.mark.parametrize("name", [".", "..", "a/b", "x" * 701, ""])
def test_foundry_invalid_display_name_is_refused_before_sending(
    fd: Any, fake: Fake, name: str
) -> None:
    with pytest.raises(InvalidDisplayName):
        fd.create_project(name, fake.fixtures.foundry_space, role_grants=owner_grant(fake))
    assert fake.applied_creates() == 0


def test_foundry_server_side_errors_are_typed(fd: Any, fake: Fake) -> None:
    with pytest.raises(SpaceNotFound):
        fd.create_project(
            "x",
            "ri.compass.main.folder.00000000-0000-4000-8000-000000000000",
            role_grants=owner_grant(fake),
        )
    with pytest.raises(ProjectNotFound):
        fd.get_project("ri.compass.main.folder.00000000-0000-4000-8000-000000000000")


@pytest.mark.parametrize(
    "filters",
    [pytest.param({"sort": "bogus"}, id="sort"), pytest.param({"order": "up"}, id="order")],
)
def test_mittwald_list_servers_refuses_an_unknown_sort_or_order_before_sending(
    mw: Any, fake: Fake, filters: dict[str, str]
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        mw.list_servers(**filters)
    assert caught.value.parameters == filters
