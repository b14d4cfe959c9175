"""Fault matrix: every operation under every injected fault, once and persistently, with the sync
and the async client, on the in-process fake in simulated time.

For each cell: the call ends in a result or a `ProvisionError` (nothing else escapes), it ends
within its deadline on the fake's clock, and no create is lost or invented: the fake applied at
least the creates the caller was told exist and at most those plus the ones reported
`OutcomeUnknown` (an unknown outcome may or may not have been applied; that is what it means)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from provisionkit import OutcomeUnknown, Principal, ProvisionError, Runtime
from provisionkit.fake import Fake, ManualClock

from tests.helpers import clients

DEADLINE = 30.0
# Slack past the deadline: one simulated in-flight request (the delay fault) may end after it.
DELAY = 5.0


@dataclass(frozen=True)
class Op:
    name: str
    operation_id: str
    api: str
    creates: bool
    call: Callable[[Any, Fake, str | None], Any]


def _foundry_grants(fake: Fake) -> dict[str, list[Principal]]:
    return {fake.fixtures.foundry_owner_role: [Principal.user(fake.fixtures.foundry_principal)]}


OPS = [
    Op(
        "mittwald-create-and-wait",
        "project-create-project",
        "mittwald",
        True,
        lambda c, f, _: c.create_project(f.fixtures.mittwald_server, "matrix", timeout=DEADLINE),
    ),
    Op(
        "mittwald-get",
        "project-get-project",
        "mittwald",
        False,
        lambda c, _, pid: c.get_project(pid, timeout=DEADLINE),
    ),
    Op(
        "mittwald-list-servers",
        "project-list-servers",
        "mittwald",
        False,
        lambda c, _f, _p: c.list_servers(timeout=DEADLINE),
    ),
    Op(
        "foundry-create",
        "createProject",
        "foundry",
        True,
        lambda c, f, _: c.create_project(
            "Matrix Project",
            f.fixtures.foundry_space,
            role_grants=_foundry_grants(f),
            organization_rids=[f.fixtures.foundry_organization],
            timeout=DEADLINE,
        ),
    ),
    # The same create by a client that has created in the space before, as a service's client
    # usually has: it knows the space's path (`foundry-create` learns it from listSpaces first).
    Op(
        "foundry-create-warm",
        "createProject",
        "foundry",
        True,
        lambda c, f, _: c.create_project(
            "Matrix Project",
            f.fixtures.foundry_space,
            role_grants=_foundry_grants(f),
            organization_rids=[f.fixtures.foundry_organization],
            timeout=DEADLINE,
        ),
    ),
    Op(
        "foundry-get",
        "getProject",
        "foundry",
        False,
        lambda c, _, rid: c.get_project(rid, timeout=DEADLINE),
    ),
]

FAULTS: list[tuple[str, str, dict[str, Any]]] = [
    ("429-retry-after", "rate_limit", {"retry_after": 2}),
    ("429-no-retry-after", "rate_limit", {}),
    ("503-retry-after", "unavailable", {"retry_after": 1}),
    ("503-no-hint", "unavailable", {}),
    ("503-do-not-retry", "unavailable", {"do_not_retry": True}),
    ("500", "server_error", {}),
    ("delay", "delay", {"seconds": DELAY}),
    ("drop-before", "drop_before", {}),
    ("drop-after", "drop_after", {}),
    ("refuse", "refuse", {}),
    ("malformed-json", "malformed_json", {}),
    ("truncated-body", "truncated_body", {}),
    ("unknown-enum", "unknown_enum", {}),
    ("extra-fields", "extra_fields", {}),
    ("wrong-content-type", "wrong_content_type", {}),
    ("huge-body", "huge_body", {}),
    # Applied, then a gateway's answer (issue 11): the outcome is unknown to the client.
    ("503-after-applying", "unavailable_after", {}),
    ("502-after-applying", "bad_gateway_after", {}),
    ("504-after-applying", "gateway_timeout_after", {}),
]


class TimesOut(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """A read timeout after the server processed the request (the "timeout" row): the fake's
    delay fault moves only its own clock, so a real client-side timeout is simulated here.
    With `status`, a gateway's answer instead (the "gateway" rows), after forwarding the request
    to the fake (applied) or, with `forward=False`, without (not applied)."""

    def __init__(
        self,
        sync: httpx.BaseTransport,
        async_: httpx.AsyncBaseTransport,
        path: str,
        method: str,
        *,
        status: int | None = None,
        forward: bool = True,
    ) -> None:
        self._sync, self._async, self._path, self._method = sync, async_, path, method
        self._status, self._forward = status, forward
        self.remaining = 0

    def _hit(self, request: httpx.Request) -> bool:
        if (
            self.remaining
            and request.method == self._method
            and request.url.path.startswith(self._path)
        ):
            self.remaining -= 1
            return True
        return False

    def _answer(self, request: httpx.Request) -> httpx.Response:
        if self._status is None:
            raise httpx.ReadTimeout("timed out", request=request)
        return httpx.Response(self._status, text="<html>gateway</html>")

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not self._hit(request):
            return self._sync.handle_request(request)
        if self._forward:
            self._sync.handle_request(request).read()
        return self._answer(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not self._hit(request):
            return await self._async.handle_async_request(request)
        if self._forward:
            await (await self._async.handle_async_request(request)).aread()
        return self._answer(request)


def _client(kind: str, op: Op, fake: Fake, runtime: Runtime, transport: Any = None) -> Any:
    build = clients.mittwald if op.api == "mittwald" else clients.foundry
    if transport is None:
        return build(kind, fake, runtime)
    # Same construction as tests.helpers.clients, with the timing-out transport in front.
    from provisionkit import AsyncFoundryClient, AsyncMittwaldClient, FoundryClient, MittwaldClient

    cls = {
        ("mittwald", "sync"): MittwaldClient,
        ("mittwald", "async"): AsyncMittwaldClient,
        ("foundry", "sync"): FoundryClient,
        ("foundry", "async"): AsyncFoundryClient,
    }[(op.api, kind)]
    client = cls(clients.TOKEN, base_url=clients.BASE_URL, transport=transport, runtime=runtime)
    return client if kind == "sync" else clients.Blocking(client)


def _warm(op: Op, fake: Fake, client: Any) -> None:
    """`foundry-create-warm`: one create in the space with the client under test, before any
    fault is armed."""
    if op.name == "foundry-create-warm":
        client.create_project(
            "Warm-up", fake.fixtures.foundry_space, role_grants=_foundry_grants(fake)
        )


def _existing(kind: str, op: Op, fake: Fake, runtime: Runtime) -> str | None:
    """The project a read operation reads, created before any fault is armed."""
    if op.name == "mittwald-get":
        return str(
            clients.mittwald(kind, fake, runtime)
            .create_project(fake.fixtures.mittwald_server, "seed")
            .id
        )
    if op.name == "foundry-get":
        foundry_create = next(o for o in OPS if o.name == "foundry-create")
        return str(foundry_create.call(clients.foundry(kind, fake, runtime), fake, None).rid)
    return None


class Verdicts(logging.Handler):
    """The reconciliation verdicts one call logged (reconciling.py's `extra["reconciled"]`)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        verdict = getattr(record, "reconciled", None)
        if verdict:
            self.seen.append(verdict)


# Creates whose first answer left the outcome unknown, and how many of those the built-in
# lookup settled (adopted, or proved not applied) rather than ending in OutcomeUnknown.
AMBIGUOUS: dict[str, list[tuple[str, str]]] = {"resolved": [], "unknown": []}  # (op, cell)


@pytest.fixture(scope="module", autouse=True)
def resolved_share(request: pytest.FixtureRequest) -> Iterator[None]:
    """After the module: print the share of ambiguous creates settled without OutcomeUnknown
    (benchmarks/RESULTS.md quotes it)."""
    yield
    resolved, unknown = len(AMBIGUOUS["resolved"]), len(AMBIGUOUS["unknown"])
    if resolved + unknown == 0:
        return
    line = (
        f"fault matrix: {resolved} of {resolved + unknown} ambiguous creates "
        f"({resolved / (resolved + unknown):.0%}) settled without OutcomeUnknown"
    )
    for op in (o for o in OPS if o.creates):
        ok, left = (
            [c for name, c in AMBIGUOUS[k] if name == op.name] for k in ("resolved", "unknown")
        )
        if ok or left:
            line += f"; {op.name}: {len(ok)} of {len(ok) + len(left)}"
    if unknown:
        line += "; still unknown: " + ", ".join(sorted(c for _, c in AMBIGUOUS["unknown"]))
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():  # past the output capture, to the terminal
            reporter.write_line(line)


def _check(
    op: Op, fake: Fake, clock: ManualClock, run: Callable[[], Any], before: int, cell: str = ""
) -> None:
    start = clock()
    told_created = unknown = 0
    verdicts = Verdicts()
    logger = logging.getLogger("provisionkit")
    level = logger.level
    logger.addHandler(verdicts)
    logger.setLevel(logging.INFO)
    try:
        run()
        told_created = 1
    except OutcomeUnknown:
        unknown = 1
    except ProvisionError as error:
        told_created = 1 if getattr(error, "created_id", None) else 0
    finally:
        logger.removeHandler(verdicts)
        logger.setLevel(level)
    if op.creates and (verdicts.seen or unknown):
        AMBIGUOUS["unknown" if unknown else "resolved"].append((op.name, cell or op.name))
    # Anything else propagates and fails the test: only ProvisionErrors may cross the boundary.
    assert clock() - start <= DEADLINE + DELAY
    if op.creates:
        applied = fake.applied_creates(op.api) - before
        assert told_created <= applied <= told_created + unknown
    else:
        assert fake.applied_creates() == before


@pytest.mark.parametrize("times", [1, 50], ids=["once", "persistent"])
@pytest.mark.parametrize(("fault_id", "fault", "options"), FAULTS, ids=[f[0] for f in FAULTS])
@pytest.mark.parametrize("op", OPS, ids=[o.name for o in OPS])
@pytest.mark.parametrize("kind", ["sync", "async"])
def test_fault_ends_in_a_result_or_typed_error_within_the_deadline_and_no_create_is_lost_or_invented(
    kind: str,
    op: Op,
    fault_id: str,
    fault: str,
    options: dict[str, Any],
    times: int,
    fake: Fake,
    clock: ManualClock,
    runtime: Runtime,
) -> None:
    target = _existing(kind, op, fake, runtime)
    client = _client(kind, op, fake, runtime)
    _warm(op, fake, client)
    before = fake.applied_creates(op.api if op.creates else None)
    fake.inject(op.operation_id, fault, times=times, **options)
    cell = f"{kind}-{op.name}-{fault_id}-{'once' if times == 1 else 'persistent'}"
    _check(op, fake, clock, lambda: op.call(client, fake, target), before, cell)


ROUTES = {
    "mittwald-create-and-wait": ("/v2/servers/", "POST"),
    "mittwald-get": ("/v2/projects/", "GET"),
    "mittwald-list-servers": ("/v2/servers", "GET"),
    "foundry-create": ("/api/v2/filesystem/projects/create", "POST"),
    "foundry-create-warm": ("/api/v2/filesystem/projects/create", "POST"),
    "foundry-get": ("/api/v2/filesystem/projects/", "GET"),
}


@pytest.mark.parametrize("times", [1, 50], ids=["once", "persistent"])
@pytest.mark.parametrize("op", OPS, ids=[o.name for o in OPS])
@pytest.mark.parametrize("kind", ["sync", "async"])
def test_timeout_after_sending_ends_in_a_result_or_typed_error_and_no_create_is_lost_or_invented(
    kind: str, op: Op, times: int, fake: Fake, clock: ManualClock, runtime: Runtime
) -> None:
    target = _existing(kind, op, fake, runtime)
    path, method = ROUTES[op.name]
    transport = TimesOut(fake.sync_transport(), fake.async_transport(), path, method)
    client = _client(kind, op, fake, runtime, transport)
    _warm(op, fake, client)
    before = fake.applied_creates(op.api if op.creates else None)
    transport.remaining = times
    cell = f"{kind}-{op.name}-timeout-{'once' if times == 1 else 'persistent'}"
    _check(op, fake, clock, lambda: op.call(client, fake, target), before, cell)


GATEWAY_ROWS = [
    pytest.param(502, True, id="502-after-applying"),
    pytest.param(502, False, id="502-not-applied"),
    pytest.param(503, True, id="503-after-applying"),
    pytest.param(504, True, id="504-after-applying"),
    pytest.param(504, False, id="504-not-applied"),
]


@pytest.mark.parametrize("times", [1, 50], ids=["once", "persistent"])
@pytest.mark.parametrize(("status", "forward"), GATEWAY_ROWS)
@pytest.mark.parametrize("op", [o for o in OPS if o.creates], ids=lambda o: o.name)
@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_gateway_answer_to_a_create_ends_in_a_result_or_typed_error_and_no_create_is_lost_or_invented(
    kind: str,
    op: Op,
    status: int,
    forward: bool,
    times: int,
    fake: Fake,
    clock: ManualClock,
    runtime: Runtime,
) -> None:
    path, method = ROUTES[op.name]
    transport = TimesOut(
        fake.sync_transport(), fake.async_transport(), path, method, status=status, forward=forward
    )
    client = _client(kind, op, fake, runtime, transport)
    _warm(op, fake, client)
    before = fake.applied_creates(op.api)
    transport.remaining = times
    applied = "after-applying" if forward else "not-applied"
    cell = f"{kind}-{op.name}-{status}-{applied}-{'once' if times == 1 else 'persistent'}"
    _check(op, fake, clock, lambda: op.call(client, fake, None), before, cell)
