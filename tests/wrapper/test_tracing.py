"""OpenTelemetry spans, read back through the SDK's in-memory exporter: one span per public
operation named `provisionkit.<api>.<method>`, one CLIENT child per HTTP request with the HTTP
client semantic-convention attributes, error status and `error.type` on failure, for the sync and
the async clients (the `mw`/`fd` fixtures run each test with both). No exported span holds the
token, checked after every test of this module."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.sampling import Decision, Sampler, SamplingResult
from opentelemetry.trace import SpanKind, StatusCode
from opentelemetry.util._once import Once
from provisionkit import (
    AsyncMittwaldClient,
    MittwaldClient,
    NotFound,
    OutcomeUnknown,
    PermissionDenied,
    Principal,
    ProjectFailed,
    ProvisionError,
    Runtime,
    TransportError,
)
from provisionkit.fake import Fake
from provisionkit.observing import watch

from tests.helpers import TOKEN, clients
from tests.helpers.clients import BASE_URL

HOST, PORT = httpx.URL(BASE_URL).host, httpx.URL(BASE_URL).port


def _reset_trace_globals() -> None:
    """What opentelemetry's own test utilities do between tests: the global provider can be set
    once per process otherwise."""
    trace._TRACER_PROVIDER_SET_ONCE = Once()
    trace._TRACER_PROVIDER = None
    trace._PROXY_TRACER_PROVIDER = trace.ProxyTracerProvider()


@pytest.fixture
def exporter() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    _reset_trace_globals()
    trace.set_tracer_provider(provider)
    yield exporter
    provider.shutdown()
    _reset_trace_globals()
    # Every test here: no attribute, event or status of any span holds the token.
    for span in exporter.get_finished_spans():
        assert TOKEN not in span.to_json(), span.name


def spans(exporter: InMemorySpanExporter) -> list[ReadableSpan]:
    return list(exporter.get_finished_spans())


def operations(exporter: InMemorySpanExporter) -> list[ReadableSpan]:
    return [s for s in spans(exporter) if s.name.startswith("provisionkit.")]


def requests_of(exporter: InMemorySpanExporter, operation: ReadableSpan) -> list[ReadableSpan]:
    assert operation.context is not None
    return [
        s
        for s in spans(exporter)
        if s.parent is not None and s.parent.span_id == operation.context.span_id
    ]


def grants(fake: Fake) -> dict[str, list[Principal]]:
    return {fake.fixtures.foundry_owner_role: [Principal.user(fake.fixtures.foundry_principal)]}


def test_a_mittwald_create_and_get_are_one_span_each_with_a_child_per_request(
    mw: Any, fake: Fake, exporter: InMemorySpanExporter
) -> None:
    server = fake.fixtures.mittwald_server
    project = mw.create_project(server, "shop")
    mw.get_project(project.id)
    create, get = operations(exporter)
    assert (create.name, get.name) == (
        "provisionkit.mittwald.create_project",
        "provisionkit.mittwald.get_project",
    )
    assert create.parent is None
    assert get.parent is None
    assert create.kind is SpanKind.INTERNAL
    assert create.status.status_code is StatusCode.UNSET
    assert dict(create.attributes or {}) == {
        "provisionkit.outcome": "ok",
        "provisionkit.retries": 0,
        "provisionkit.polls": 2,  # the fake's projects turn ready on the second read
        "provisionkit.created_id": project.id,
    }
    post, *polls = requests_of(exporter, create)
    assert post.name == "POST"
    assert post.kind is SpanKind.CLIENT
    assert dict(post.attributes or {}) == {
        "http.request.method": "POST",
        "server.address": HOST,
        "server.port": PORT,
        "url.full": f"{BASE_URL}/v2/servers/{server}/projects",
        "http.response.status_code": 201,
    }
    assert [p.attributes["url.full"] for p in polls] == [f"{BASE_URL}/v2/projects/{project.id}"] * 2
    assert all(p.attributes["http.response.status_code"] == 200 for p in polls)
    (read,) = requests_of(exporter, get)
    assert read.attributes["url.full"] == f"{BASE_URL}/v2/projects/{project.id}"
    assert "provisionkit.created_id" not in (get.attributes or {})


def test_a_foundry_create_and_get_are_named_after_their_methods(
    fd: Any, fake: Fake, exporter: InMemorySpanExporter
) -> None:
    project = fd.create_project("Traced", fake.fixtures.foundry_space, role_grants=grants(fake))
    fd.get_project(project.rid)
    create, get = operations(exporter)
    assert (create.name, get.name) == (
        "provisionkit.foundry.create_project",
        "provisionkit.foundry.get_project",
    )
    assert create.attributes["provisionkit.created_id"] == project.rid
    (post,) = requests_of(exporter, create)
    assert post.attributes["url.full"].endswith("/api/v2/filesystem/projects/create")


@pytest.mark.parametrize(
    ("method", "arguments"),
    [
        pytest.param("list_servers", (), id="list_servers"),
        pytest.param("list_projects", (), id="list_projects"),
        pytest.param("wait_until_ready", ("project",), id="wait_until_ready"),
        pytest.param("delete_project", ("project",), id="delete_project"),
    ],
)
def test_every_mittwald_operation_span_is_named_after_the_method_called(
    mw: Any, fake: Fake, exporter: InMemorySpanExporter, method: str, arguments: tuple[str, ...]
) -> None:
    project = mw.create_project(fake.fixtures.mittwald_server, "named", wait=False)
    exporter.clear()
    getattr(mw, method)(*(project.id for _ in arguments))
    (span,) = operations(exporter)
    assert span.name == f"provisionkit.mittwald.{method}"
    assert span.attributes["provisionkit.outcome"] == "ok"


@pytest.mark.parametrize(
    "method", ["list_spaces", "get_current_user", "get_resource", "get_resource_by_path"]
)
def test_every_foundry_operation_span_is_named_after_the_method_called(
    fd: Any, fake: Fake, exporter: InMemorySpanExporter, method: str
) -> None:
    project = fd.create_project("Named", fake.fixtures.foundry_space, role_grants=grants(fake))
    exporter.clear()
    arguments = {"get_resource": (project.rid,), "get_resource_by_path": (project.path,)}
    getattr(fd, method)(*arguments.get(method, ()))
    (span,) = operations(exporter)
    assert span.name == f"provisionkit.foundry.{method}"


def test_an_api_error_marks_the_operation_and_the_request_as_failed(
    mw: Any, fake: Fake, exporter: InMemorySpanExporter
) -> None:
    missing = "00000000-0000-4000-8000-000000000000"
    with pytest.raises((NotFound, PermissionDenied)) as caught:
        mw.get_project(missing)
    (span,) = operations(exporter)
    assert span.status.status_code is StatusCode.ERROR
    assert span.status.description == str(caught.value)
    name = type(caught.value).__name__
    assert span.attributes["provisionkit.outcome"] == name
    assert span.attributes["error.type"] == f"provisionkit.{name}"
    assert [e.name for e in span.events] == ["exception"]
    (request,) = requests_of(exporter, span)
    status = request.attributes["http.response.status_code"]
    assert status in (403, 404)
    assert request.attributes["error.type"] == str(status)
    assert request.status.status_code is StatusCode.ERROR


# Public operations that their own argument checks refuse before any request: the API, the method, its arguments (given the fake) and the error's class name.
REFUSED = [
    pytest.param(
        "foundry",
        "create_project",
        lambda f: ("", f.fixtures.foundry_space),
        "InvalidDisplayName",
        id="foundry-create-empty-name",
    ),
    pytest.param(
        "foundry",
        "create_project",
        lambda f: ("Refused", "not-a-rid"),
        "InvalidArgument",
        id="foundry-create-invalid-space-rid",
    ),
    pytest.param(
        "foundry", "get_project", lambda f: ("not-a-rid",), "InvalidArgument", id="foundry-get"
    ),
    pytest.param(
        "mittwald",
        "create_project",
        lambda f: (f.fixtures.mittwald_server, " "),
        "ValidationFailed",
        id="mittwald-create-blank-description",
    ),
    pytest.param(
        "mittwald",
        "create_project",
        lambda f: ("a/b", "shop"),
        "ValidationFailed",
        id="mittwald-create-invalid-server-id",
    ),
    pytest.param(
        "mittwald", "get_project", lambda f: ("a b",), "ValidationFailed", id="mittwald-get"
    ),
]


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize(("api", "method", "arguments", "error"), REFUSED)
def test_an_operation_its_argument_checks_refuse_is_one_failed_span_without_requests(
    fake: Fake,
    runtime: Runtime,
    exporter: InMemorySpanExporter,
    kind: str,
    api: str,
    method: str,
    arguments: Any,
    error: str,
) -> None:
    client = getattr(clients, api)(kind, fake, runtime)
    with pytest.raises(ProvisionError) as caught:
        getattr(client, method)(*arguments(fake))
    assert type(caught.value).__name__ == error
    (span,) = spans(exporter)  # the operation's, and no request's
    assert span.name == f"provisionkit.{api}.{method}"
    assert span.attributes["provisionkit.outcome"] == error
    assert span.attributes["error.type"] == f"provisionkit.{error}"
    assert span.status.status_code is StatusCode.ERROR
    assert span.status.description == str(caught.value)


def test_a_retried_request_is_a_second_child_with_its_resend_count(
    mw: Any, fake: Fake, exporter: InMemorySpanExporter
) -> None:
    project = mw.create_project(fake.fixtures.mittwald_server, "retried", wait=False)
    exporter.clear()
    fake.inject("project-get-project", "rate_limit")
    mw.get_project(project.id)
    (span,) = operations(exporter)
    assert span.attributes["provisionkit.retries"] == 1
    assert span.status.status_code is StatusCode.UNSET
    (retry,) = span.events
    assert retry.name == "provisionkit.retry"
    assert retry.attributes["provisionkit.attempt"] == 2
    assert retry.attributes["provisionkit.reason"] == "429"
    first, second = requests_of(exporter, span)
    assert first.attributes["error.type"] == "429"
    assert "http.request.resend_count" not in (first.attributes or {})
    assert second.attributes["http.request.resend_count"] == 1
    assert second.status.status_code is StatusCode.UNSET


def test_a_transport_error_names_the_httpx_error_and_has_no_status_code(
    mw: Any, fake: Fake, exporter: InMemorySpanExporter
) -> None:
    fake.inject("project-list-servers", "refuse", times=50)
    with pytest.raises(TransportError):
        mw.list_servers(timeout=2.0)
    (span,) = operations(exporter)
    assert span.attributes["error.type"] == "provisionkit.TransportError"
    children = requests_of(exporter, span)
    assert len(children) > 1
    assert span.attributes["provisionkit.retries"] == len(children) - 1
    for child in children:
        assert child.attributes["error.type"] == "httpx.ConnectError"
        assert "http.response.status_code" not in (child.attributes or {})
        assert child.status.status_code is StatusCode.ERROR


def test_an_unknown_outcome_is_the_operation_error_and_the_create_request_got_no_answer(
    mw: Any, fake: Fake, exporter: InMemorySpanExporter
) -> None:
    seen: list[str] = []

    def reconcile(_unknown: OutcomeUnknown) -> None:
        # The operation's span is current while it runs: a hook's own spans nest under it.
        seen.append(trace.get_current_span().name)

    fake.inject("project-create-project", "drop_after")
    with pytest.raises(OutcomeUnknown):
        mw.create_project(fake.fixtures.mittwald_server, "lost", reconcile=reconcile)
    (span,) = operations(exporter)
    assert seen == ["provisionkit.mittwald.create_project"]
    assert span.attributes["provisionkit.outcome"] == "OutcomeUnknown"
    assert span.status.status_code is StatusCode.ERROR
    (post,) = requests_of(exporter, span)
    assert post.attributes["error.type"] == "httpx.RemoteProtocolError"
    assert "http.response.status_code" not in (post.attributes or {})


def test_a_failure_after_the_create_still_names_the_created_project(
    mw: Any, fake: Fake, exporter: InMemorySpanExporter
) -> None:
    with pytest.raises(ProjectFailed) as caught:
        mw.create_project(fake.fixtures.mittwald_failing_server, "doomed")
    (span,) = operations(exporter)
    assert span.attributes["provisionkit.created_id"] == caught.value.created_id
    assert span.attributes["provisionkit.outcome"] == "ProjectFailed"


def test_no_span_is_made_while_no_tracer_provider_is_set() -> None:
    _reset_trace_globals()  # opentelemetry imported, but the service set no provider
    assert watch("mittwald", iter(()), None, lambda: 0.0) is None


def test_a_cancelled_async_operation_ends_its_spans(exporter: InMemorySpanExporter) -> None:
    async def cancelled() -> None:
        started, never = asyncio.Event(), asyncio.Event()

        async def hang(_request: httpx.Request) -> httpx.Response:
            started.set()
            await never.wait()
            raise AssertionError("never answered")

        transport = httpx.MockTransport(hang)
        async with AsyncMittwaldClient(TOKEN, base_url=BASE_URL, transport=transport) as client:
            task = asyncio.create_task(client.list_servers())
            await started.wait()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

    asyncio.run(cancelled())
    (span,) = operations(exporter)
    assert span.attributes["provisionkit.outcome"] == "CancelledError"
    assert span.status.status_code is StatusCode.ERROR
    (request,) = requests_of(exporter, span)
    assert request.attributes["error.type"] == "asyncio.CancelledError"


def test_a_retry_cancelled_while_it_waits_is_not_counted(exporter: InMemorySpanExporter) -> None:
    """The retry event says one was scheduled; the count says how many were sent."""

    async def cancelled() -> None:
        waiting = asyncio.Event()

        def busy(_request: httpx.Request) -> httpx.Response:
            return httpx.Response(429, headers={"retry-after": "30"})

        async def sleep(_seconds: float) -> None:
            waiting.set()
            await asyncio.Event().wait()  # until cancelled

        runtime = Runtime(async_sleep=sleep)
        transport = httpx.MockTransport(busy)
        async with AsyncMittwaldClient(
            TOKEN, base_url=BASE_URL, transport=transport, runtime=runtime
        ) as client:
            task = asyncio.create_task(client.list_servers(timeout=120.0))
            await waiting.wait()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

    asyncio.run(cancelled())
    (span,) = operations(exporter)
    assert span.attributes["provisionkit.outcome"] == "CancelledError"
    assert [event.name for event in span.events] == ["provisionkit.retry", "exception"]
    assert span.attributes["provisionkit.retries"] == 0
    assert len(requests_of(exporter, span)) == 1


def test_the_sync_client_reports_to_a_provider_set_after_it_was_built(
    fake: Fake, exporter: InMemorySpanExporter
) -> None:
    _reset_trace_globals()
    client = MittwaldClient(TOKEN, base_url=BASE_URL, transport=fake.sync_transport())
    client.list_servers()
    assert operations(exporter) == []
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    client.list_servers()
    assert [s.name for s in operations(exporter)] == ["provisionkit.mittwald.list_servers"]


class _CountingSampler(Sampler):
    """Drops every span, counting the spans it was asked about (one per `start_span`)."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def should_sample(
        self, parent_context: Any, trace_id: int, name: str, *args: Any, **kwargs: Any
    ) -> SamplingResult:
        self.asked.append(name)
        return SamplingResult(Decision.DROP)

    def get_description(self) -> str:
        return "counting, drops all"


def test_a_sampled_out_operation_makes_no_request_spans(mw: Any, fake: Fake) -> None:
    """A service sampling 1 in N pays for one span start per operation it drops, not three."""
    sampler = _CountingSampler()
    provider = TracerProvider(sampler=sampler)
    exporter = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    _reset_trace_globals()
    trace.set_tracer_provider(provider)
    try:
        mw.create_project(fake.fixtures.mittwald_server, "shop", wait=False)
    finally:
        provider.shutdown()
        _reset_trace_globals()
    assert sampler.asked == ["provisionkit.mittwald.create_project"]
    assert exporter.get_finished_spans() == ()
