"""The send boundary: what is retried, how long a call may take, and what is logged."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import httpx
import pytest
from provisionkit import (
    AsyncMittwaldClient,
    Backoff,
    ConfigurationError,
    MittwaldClient,
    OutcomeUnknown,
    Runtime,
    ServiceUnavailable,
    TransportError,
)

from tests.helpers import TOKEN
from tests.helpers.specs import success_example

# The spec's own example, so the body is valid by construction.
PROJECT = success_example("mittwald", "project-get-project").value

Handler = Callable[[httpx.Request], httpx.Response]


class Clock:
    """A clock that only moves when the client sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def client(handler: Handler, clock: Clock, **options: float) -> MittwaldClient:
    runtime = Runtime(clock=clock, sleep=clock.sleep, rand=lambda: 1.0)
    return MittwaldClient(TOKEN, transport=httpx.MockTransport(handler), runtime=runtime, **options)


def test_each_request_timeout_is_capped_at_the_time_left_before_the_deadline() -> None:
    timeouts: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        timeouts.append(max(request.extensions["timeout"].values()))
        return httpx.Response(200, json=PROJECT)

    client(handler, Clock(), request_timeout=30.0).get_project("p-4e7tz3", timeout=5.0)
    assert timeouts == [5.0]


def test_a_read_retries_transport_errors_then_succeeds() -> None:
    attempts: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        attempts.append(1)
        if len(attempts) < 3:
            raise httpx.ReadError("reset by peer", request=request)
        return httpx.Response(200, json=PROJECT)

    clock = Clock()
    assert client(handler, clock).get_project("p-4e7tz3").id == PROJECT["id"]
    assert len(attempts) == 3
    assert len(clock.sleeps) == 2


def test_a_read_gives_up_on_transport_errors_at_the_deadline() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    clock = Clock()
    with pytest.raises(TransportError) as caught:
        client(handler, clock).get_project("p-4e7tz3", timeout=3.0)
    assert not isinstance(caught.value, OutcomeUnknown)
    assert sum(clock.sleeps) <= 3.0


def test_a_read_is_not_retried_when_told_do_not_retry() -> None:
    attempts: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        attempts.append(1)
        return httpx.Response(503, headers={"qos-retry-hint": "do-not-retry"})

    with pytest.raises(ServiceUnavailable):
        client(handler, Clock()).get_project("p-4e7tz3")
    assert len(attempts) == 1


def test_a_create_is_retried_after_a_refused_connection_but_not_after_a_timeout() -> None:
    failures = [httpx.ConnectError("refused"), httpx.ReadTimeout("no answer")]
    attempts: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        attempts.append(1)
        raise failures.pop(0)

    # A reconcile hook that knows nothing takes precedence over the lookup: only sending is tested.
    with pytest.raises(OutcomeUnknown) as caught:
        client(handler, Clock()).create_project("s-4e7tz3", "shop", reconcile=lambda _: None)
    assert len(attempts) == 2
    assert caught.value.known == {"server_id": "s-4e7tz3", "description": "shop"}


def test_requests_log_at_debug_and_retries_at_info_without_the_token(
    caplog: pytest.LogCaptureFixture,
) -> None:
    answers = [httpx.Response(429, headers={"retry-after": "1"}), httpx.Response(200, json=PROJECT)]

    def handler(request: httpx.Request) -> httpx.Response:
        return answers.pop(0)

    with caplog.at_level(logging.DEBUG, logger="provisionkit"):
        client(handler, Clock()).get_project("p-4e7tz3")
    levels = [r.levelno for r in caplog.records if r.name == "provisionkit"]
    assert levels == [logging.DEBUG, logging.INFO, logging.DEBUG]
    assert TOKEN not in caplog.text


def test_the_runtime_backoff_spaces_the_retries() -> None:
    answers = [httpx.Response(503), httpx.Response(503), httpx.Response(200, json=PROJECT)]

    def handler(request: httpx.Request) -> httpx.Response:
        return answers.pop(0)

    clock = Clock()
    backoff = Backoff(initial=0.125, maximum=0.125, floor=0.125)
    runtime = Runtime(clock=clock, sleep=clock.sleep, rand=lambda: 1.0, backoff=backoff)
    MittwaldClient(TOKEN, transport=httpx.MockTransport(handler), runtime=runtime).get_project(
        "p-4e7tz3"
    )
    assert clock.sleeps == [0.125, 0.125]


@pytest.mark.parametrize("status", [502, 503, 504])
def test_a_gateway_error_on_a_create_is_an_unknown_outcome_and_never_resent_blindly(
    status: int,
) -> None:
    """502, 503 and 504 say nothing about whether the create was applied (a gateway answers 503
    after the API applied it, issue 11): no retry, OutcomeUnknown (with a hook that knows nothing,
    so no lookup runs)."""
    posts: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        posts.append(1)
        return httpx.Response(status, text="<html>bad gateway</html>")

    with pytest.raises(OutcomeUnknown) as caught:
        client(handler, Clock()).create_project("s-4e7tz3", "shop", reconcile=lambda _: None)
    assert caught.value.cause == f"{status} from a gateway"
    assert caught.value.known["status"] == status
    assert len(posts) == 1


BAD_DEADLINES = [
    pytest.param(float("nan"), id="nan"),
    pytest.param(-5, id="negative"),
    pytest.param(float("inf"), id="infinite"),
    pytest.param("5", id="string"),
]


@pytest.mark.parametrize("timeout", BAD_DEADLINES)
@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(lambda c, t: c.create_project("s-4e7tz3", "shop", timeout=t), id="create"),
        pytest.param(lambda c, t: c.get_project("p-4e7tz3", timeout=t), id="get"),
        pytest.param(lambda c, t: c.wait_until_ready("p-4e7tz3", timeout=t), id="wait"),
        pytest.param(lambda c, t: c.list_servers(timeout=t), id="list"),
    ],
)
def test_an_operation_deadline_that_is_not_a_finite_number_is_refused_before_anything_is_sent(
    operation: Callable[[MittwaldClient, object], object], timeout: object
) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(201, json={"id": "p-4e7tz3"})

    with pytest.raises(ConfigurationError, match="timeout"):
        operation(client(handler, Clock()), timeout)
    assert sent == []


@pytest.mark.parametrize("timeout", BAD_DEADLINES)
def test_the_async_twin_refuses_the_same_deadlines_before_sending(timeout: object) -> None:
    sent: list[httpx.Request] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(201, json={"id": "p-4e7tz3"})

    async def create() -> None:
        async with AsyncMittwaldClient(TOKEN, transport=httpx.MockTransport(handler)) as mw:
            await mw.create_project("s-4e7tz3", "shop", timeout=timeout)  # type: ignore[arg-type]

    with pytest.raises(ConfigurationError, match="timeout"):
        asyncio.run(create())
    assert sent == []


def test_a_closed_client_raises_a_configuration_error_not_a_runtime_error() -> None:
    mw = client(lambda _: httpx.Response(200, json=PROJECT), Clock())
    mw.close()
    with pytest.raises(ConfigurationError, match="closed client"):
        mw.get_project("p-4e7tz3")
