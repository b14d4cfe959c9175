"""A create whose outcome is unknown is resolved by the caller's reconcile hint, never by a second
project: mittwald never sends it again; Foundry sends one that got no answer once more first (names
are unique per space) and asks the hint only if that does not settle it.

Each test runs with the sync and the async client on the in-process fake. The hints look the project
up in the fake's backend, standing in for the caller's own records.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from provisionkit import (
    AsyncFoundryClient,
    AsyncMittwaldClient,
    ConfigurationError,
    FoundryClient,
    MittwaldClient,
    OutcomeUnknown,
    Principal,
    ProjectFailed,
    ProjectStatus,
    ProvisionError,
    reconciling,
)
from provisionkit.fake import Fake

from tests.helpers import TOKEN, clients


def mittwald_id_by_description(fake: Fake, description: str) -> str | None:
    return next(
        (
            project_id
            for project_id, project in fake.mittwald.projects.items()
            if project.body["description"] == description
        ),
        None,
    )


def foundry_rid_by_name(fake: Fake, name: str) -> str | None:
    return next(
        (rid for rid, p in fake.foundry.projects.items() if p["displayName"] == name),
        None,
    )


def owner_grant(fake: Fake) -> dict[str, list[Principal]]:
    return {fake.fixtures.foundry_owner_role: [Principal.user(fake.fixtures.foundry_principal)]}


def test_mittwald_reconcile_adopts_the_dropped_create_and_waits_for_it(mw: Any, fake: Fake) -> None:
    fake.inject("project-create-project", "drop_after")
    asked: list[OutcomeUnknown] = []

    def reconcile(unknown: OutcomeUnknown) -> str | None:
        asked.append(unknown)
        return mittwald_id_by_description(fake, unknown.known["description"])

    project = mw.create_project(fake.fixtures.mittwald_server, "unique-7", reconcile=reconcile)
    assert project.description == "unique-7"
    assert project.status is ProjectStatus.READY
    assert asked[0].known == {"server_id": fake.fixtures.mittwald_server, "description": "unique-7"}
    assert fake.applied_creates("mittwald") == 1


def test_mittwald_reconcile_answering_none_raises_outcome_unknown_without_a_second_create(
    mw: Any, fake: Fake
) -> None:
    fake.inject("project-create-project", "drop_after")
    with pytest.raises(OutcomeUnknown):
        mw.create_project(fake.fixtures.mittwald_server, "lost", reconcile=lambda _: None)
    assert fake.applied_creates("mittwald") == 1


def test_mittwald_reconcile_naming_a_project_that_does_not_match_is_not_adopted(
    mw: Any, fake: Fake
) -> None:
    other = mw.create_project(fake.fixtures.mittwald_server, "someone else's", wait=False)
    fake.inject("project-create-project", "drop_after")
    with pytest.raises(OutcomeUnknown) as caught:
        mw.create_project(fake.fixtures.mittwald_server, "mine", reconcile=lambda _: other.id)
    assert caught.value.known["reconciled_id"] == other.id
    assert "does not match" in str(caught.value)
    assert fake.applied_creates("mittwald") == 2


def test_mittwald_reconciled_project_that_fails_raises_project_failed_marked_created(
    mw: Any, fake: Fake
) -> None:
    fake.inject("project-create-project", "drop_after")
    with pytest.raises(ProjectFailed) as caught:
        mw.create_project(
            fake.fixtures.mittwald_failing_server,
            "doomed",
            reconcile=lambda u: mittwald_id_by_description(fake, u.known["description"]),
        )
    assert caught.value.created_id == mittwald_id_by_description(fake, "doomed")
    assert fake.applied_creates("mittwald") == 1


def test_foundry_reconcile_adopts_the_project_behind_the_409(fd: Any, fake: Fake) -> None:
    fake.inject("createProject", "drop_after")
    project = fd.create_project(
        "Adopted",
        fake.fixtures.foundry_space,
        role_grants=owner_grant(fake),
        reconcile=lambda u: foundry_rid_by_name(fake, u.known["displayName"]),
    )
    assert project.rid == foundry_rid_by_name(fake, "Adopted")
    assert fake.applied_creates("foundry") == 1


def test_foundry_resend_failing_after_an_unanswered_create_is_outcome_unknown(
    fd: Any, fake: Fake
) -> None:
    """The first request was applied; the resend's 500 must not be reported as 'not created'.
    (With a reconcile hook the client resends once rather than looking the project up.)"""
    fake.inject("createProject", "drop_after")
    fake.inject("createProject", "server_error")
    with pytest.raises(OutcomeUnknown) as caught:
        fd.create_project(
            "Applied",
            fake.fixtures.foundry_space,
            role_grants=owner_grant(fake),
            reconcile=lambda _: None,
        )
    assert caught.value.known["resend_status"] == 500
    assert fake.applied_creates("foundry") == 1


def test_foundry_reconcile_naming_a_missing_rid_raises_outcome_unknown(fd: Any, fake: Fake) -> None:
    fake.inject("createProject", "drop_after")
    missing = "ri.compass.main.folder.00000000-0000-0000-0000-000000000000"
    with pytest.raises(OutcomeUnknown) as caught:
        fd.create_project(
            "Ghost",
            fake.fixtures.foundry_space,
            role_grants=owner_grant(fake),
            reconcile=lambda _: missing,
        )
    assert caught.value.known["reconciled_id"] == missing
    assert fake.applied_creates("foundry") == 1


def test_foundry_reconcile_is_not_asked_when_the_resend_succeeds(fd: Any, fake: Fake) -> None:
    fake.inject("createProject", "drop_before")
    asked: list[OutcomeUnknown] = []
    fd.create_project(
        "Resent",
        fake.fixtures.foundry_space,
        role_grants=owner_grant(fake),
        reconcile=asked.append,
    )
    assert asked == []
    assert fake.applied_creates("foundry") == 1


def test_async_client_awaits_a_coroutine_reconcile(fake: Fake, runtime: Any) -> None:
    async def reconcile(unknown: OutcomeUnknown) -> str | None:
        return mittwald_id_by_description(fake, unknown.known["description"])

    async def scenario() -> Any:
        async with AsyncMittwaldClient(
            TOKEN, base_url=clients.BASE_URL, transport=fake.async_transport(), runtime=runtime
        ) as client:
            return await client.create_project(
                fake.fixtures.mittwald_server, "awaited", reconcile=reconcile
            )

    fake.inject("project-create-project", "drop_after")
    assert asyncio.run(scenario()).description == "awaited"
    assert fake.applied_creates("mittwald") == 1


def test_sync_client_refuses_a_coroutine_reconcile(fake: Fake, runtime: Any) -> None:
    async def reconcile(unknown: OutcomeUnknown) -> str | None:
        return None

    client = clients.mittwald("sync", fake, runtime)
    fake.inject("project-create-project", "drop_after")
    with pytest.raises(ConfigurationError, match="coroutine"):
        client.create_project(fake.fixtures.mittwald_server, "x", reconcile=reconcile)
    assert fake.applied_creates("mittwald") == 1


FAULTS = [
    "rate_limit",
    "unavailable",
    "server_error",
    "drop_before",
    "drop_after",
    "refuse",
    "malformed_json",
    "truncated_body",
    "wrong_content_type",
]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    api=st.sampled_from(["mittwald", "foundry"]),
    faults=st.lists(st.sampled_from(FAULTS), max_size=4),
)
def test_with_a_reconcile_hint_an_unknown_outcome_means_no_project_exists(
    fake: Fake, runtime: Any, api: str, faults: list[str]
) -> None:
    """Property: under any sequence of create faults, with a hint that finds projects by name, a
    call either returns the one project it made, or fails having made none, or says it made one
    (`created_id`); OutcomeUnknown is left only when there really is no project. Never two."""
    fake.reset()
    operation = "project-create-project" if api == "mittwald" else "createProject"
    for fault in faults:
        fake.inject(operation, fault, retry_after=1)
    name = "prop-target"

    def find(unknown: OutcomeUnknown) -> str | None:
        if api == "mittwald":
            return mittwald_id_by_description(fake, name)
        return foundry_rid_by_name(fake, name)

    client = clients.mittwald("sync", fake, runtime) if api == "mittwald" else None
    outcome: str
    try:
        if client is not None:
            client.create_project(fake.fixtures.mittwald_server, name, reconcile=find)
        else:
            clients.foundry("sync", fake, runtime).create_project(
                name, fake.fixtures.foundry_space, role_grants=owner_grant(fake), reconcile=find
            )
        outcome = "created"
    except OutcomeUnknown:
        outcome = "unknown"
    except ProvisionError as error:
        outcome = "created" if error.created_id is not None else "failed"
    applied = fake.applied_creates(api)
    assert applied <= 1
    assert applied == (1 if outcome == "created" else 0)


def test_mittwald_reconcile_is_asked_instead_of_sending_an_unanswered_create_again(
    mw: Any, fake: Fake
) -> None:
    """The request was lost before the API read it: a resend would succeed, yet with a hint
    mittwald sends nothing more and the hint's None is final."""
    fake.inject("project-create-project", "drop_before")
    asked: list[OutcomeUnknown] = []

    def reconcile(unknown: OutcomeUnknown) -> None:
        asked.append(unknown)

    with pytest.raises(OutcomeUnknown):
        mw.create_project(fake.fixtures.mittwald_server, "never-resent", reconcile=reconcile)
    assert len(asked) == 1
    assert fake.applied_creates("mittwald") == 0


def _flat(text: str | None) -> str:
    return " ".join((text or "").split())


def test_every_description_of_reconcile_says_what_each_api_sends() -> None:
    """The documents promise what the flows do: with a hook, mittwald never sends the create
    again (the test above), and Foundry sends one that got no answer once more before asking the
    hook (test_foundry_reconcile_is_not_asked_when_the_resend_succeeds)."""
    rules = _flat(reconciling.__doc__)
    readme = _flat((Path(__file__).resolve().parents[2] / "README.md").read_text())
    assert "never makes provisionkit create again" not in rules
    foundry = [_flat(c.create_project.__doc__) for c in (FoundryClient, AsyncFoundryClient)]
    for text in [rules, readme, *foundry]:
        assert "once more" in text
        assert "only if that does not settle it" in text
    mittwald = [_flat(c.create_project.__doc__) for c in (MittwaldClient, AsyncMittwaldClient)]
    for text in [rules, readme, *mittwald]:
        assert "never sends the create again" in text
