"""`Runtime(on_event=...)`: the plain hook for services that log or count instead of tracing. It
receives one frozen event per step, in order, for the sync and the async clients alike; a hook
that raises changes nothing about the operation; no event holds the token."""

from __future__ import annotations

import dataclasses
import logging
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest
from provisionkit import (
    Event,
    OperationEnded,
    OperationStarted,
    OutcomeUnknown,
    ProjectFailed,
    ProvisionError,
    ReadinessPolled,
    RequestAnswered,
    RequestSent,
    RetryScheduled,
    Runtime,
)
from provisionkit.fake import Fake

from tests.helpers import TOKEN, clients
from tests.helpers.clients import BASE_URL

KINDS = [pytest.param("sync", id="sync"), pytest.param("async", id="async")]


@pytest.fixture
def events() -> Iterator[list[Event]]:
    received: list[Event] = []
    yield received
    for event in received:
        assert TOKEN not in repr(event)


@pytest.fixture(params=KINDS)
def watched(
    request: pytest.FixtureRequest, fake: Fake, runtime: Runtime, events: list[Event]
) -> Any:
    """A mittwald client whose runtime hands every event to `events`."""
    return clients.mittwald(
        request.param, fake, dataclasses.replace(runtime, on_event=events.append)
    )


def test_a_create_that_waits_reports_each_step_in_order(
    watched: Any, fake: Fake, events: list[Event]
) -> None:
    server = fake.fixtures.mittwald_server
    project = watched.create_project(server, "shop")
    create_url = f"{BASE_URL}/v2/servers/{server}/projects"
    get_url = f"{BASE_URL}/v2/projects/{project.id}"
    assert [type(e) for e in events] == [
        OperationStarted,
        RequestSent,
        RequestAnswered,
        RequestSent,
        RequestAnswered,
        ReadinessPolled,
        RequestSent,
        RequestAnswered,
        ReadinessPolled,
        OperationEnded,
    ]
    assert all((e.api, e.operation) == ("mittwald", "create_project") for e in events)
    assert events[1] == RequestSent(
        "mittwald", "create_project", "project-create-project", "POST", create_url, 0
    )
    answered = events[2]
    assert isinstance(answered, RequestAnswered)
    assert (answered.url, answered.status, answered.error) == (create_url, 201, None)
    assert isinstance(events[3], RequestSent)
    assert events[3].url == get_url
    polls = [e for e in events if isinstance(e, ReadinessPolled)]
    assert [(p.subject, p.poll, p.observation) for p in polls] == [
        (project.id, 1, "pending"),
        (project.id, 2, "ready"),
    ]
    ended = events[-1]
    assert isinstance(ended, OperationEnded)
    assert (ended.outcome, ended.requests, ended.retries, ended.polls, ended.created_id) == (
        "ok",
        3,
        0,
        2,
        project.id,
    )
    assert ended.seconds == pytest.approx(polls[-1].elapsed)  # the runtime's clock


def test_a_retry_is_reported_before_the_request_is_sent_again(
    watched: Any, fake: Fake, events: list[Event]
) -> None:
    fake.inject("project-list-servers", "rate_limit")
    watched.list_servers()
    retry = next(e for e in events if isinstance(e, RetryScheduled))
    assert (retry.operation_id, retry.attempt, retry.reason) == ("project-list-servers", 2, "429")
    assert retry.delay > 0
    sent = [e for e in events if isinstance(e, RequestSent)]
    assert [s.resend for s in sent] == [0, 1]
    assert events.index(retry) < events.index(sent[1])
    answered = [e.status for e in events if isinstance(e, RequestAnswered)]
    assert answered == [429, 200]


def test_a_failed_operation_ends_with_its_error_and_the_project_it_created(
    watched: Any, fake: Fake, events: list[Event]
) -> None:
    fake.inject("project-create-project", "drop_after")
    with pytest.raises(OutcomeUnknown):
        watched.create_project(fake.fixtures.mittwald_server, "lost", reconcile=lambda _: None)
    answered = next(e for e in events if isinstance(e, RequestAnswered))
    assert (answered.status, answered.error) == (None, "httpx.RemoteProtocolError")
    ended = events[-1]
    assert isinstance(ended, OperationEnded)
    assert ended.outcome == "OutcomeUnknown"
    events.clear()
    with pytest.raises(ProjectFailed) as caught:
        watched.create_project(fake.fixtures.mittwald_failing_server, "doomed")
    ended = events[-1]
    assert isinstance(ended, OperationEnded)
    assert (ended.outcome, ended.created_id) == ("ProjectFailed", caught.value.created_id)


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize(
    ("api", "arguments", "error"),
    [
        pytest.param(
            "foundry", lambda f: ("", f.fixtures.foundry_space), "InvalidDisplayName", id="foundry"
        ),
        pytest.param(
            "mittwald",
            lambda f: (f.fixtures.mittwald_server, " "),
            "ValidationFailed",
            id="mittwald",
        ),
    ],
)
def test_a_create_its_argument_checks_refuse_starts_and_ends_without_a_request(
    fake: Fake,
    runtime: Runtime,
    events: list[Event],
    kind: str,
    api: str,
    arguments: Any,
    error: str,
) -> None:
    client = getattr(clients, api)(kind, fake, dataclasses.replace(runtime, on_event=events.append))
    with pytest.raises(ProvisionError) as caught:
        client.create_project(*arguments(fake))
    assert type(caught.value).__name__ == error
    started, ended = events
    assert started == OperationStarted(api, "create_project")
    assert isinstance(ended, OperationEnded)
    assert (ended.api, ended.operation, ended.outcome) == (api, "create_project", error)
    assert (ended.requests, ended.retries, ended.polls, ended.created_id) == (0, 0, 0, None)


def test_a_hook_that_raises_is_logged_and_the_create_still_happens_once(
    fake: Fake, runtime: Runtime, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(_event: Event) -> None:
        raise RuntimeError("the service's hook is broken")

    client = clients.mittwald("sync", fake, dataclasses.replace(runtime, on_event=broken))
    with caplog.at_level(logging.WARNING, logger="provisionkit"):
        project = client.create_project(fake.fixtures.mittwald_server, "shop")
    assert project.is_ready
    assert fake.applied_creates("mittwald") == 1
    assert "on_event hook raised on OperationStarted" in caplog.text
    assert "the service's hook is broken" in caplog.text


def test_events_are_frozen() -> None:
    event = OperationStarted("mittwald", "get_project")
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.operation = "create_project"  # type: ignore[misc]


# A service's process that never imports opentelemetry: a create and a get, with a hook set.
WITHOUT_OTEL = textwrap.dedent(
    """
    import sys
    from provisionkit import MittwaldClient, Runtime
    from provisionkit.fake import Fake

    events = []
    with Fake() as fake, MittwaldClient(
        "token",
        base_url="http://127.0.0.1:9",
        transport=fake.sync_transport(),
        runtime=Runtime(on_event=events.append, sleep=lambda _: None),
    ) as client:
        created = client.create_project(fake.fixtures.mittwald_server, "shop", wait=False)
        client.get_project(created.id)
    assert len(events) > 4, events
    print(sorted(name for name in sys.modules if name.startswith("opentelemetry")))
    """
)


def test_without_opentelemetry_imported_by_the_service_none_of_it_is_loaded() -> None:
    run = subprocess.run(
        [sys.executable, "-c", WITHOUT_OTEL],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
