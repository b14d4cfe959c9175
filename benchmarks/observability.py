"""Table 10: what observing costs (issue 21). Two figures, each compared within one run:

- tracing: a create+get (table 1's operations) with an OpenTelemetry SDK tracer provider set
  (BatchSpanProcessor, an exporter that drops the batches) against the same client with no
  provider set, interleaved; also with an `on_event` hook that does nothing. Three settings:
  over real sockets to the fake served by uvicorn in another process (the least network a
  deployment has: wall time, what a service waits for; the goal is judged here), on the
  in-process fake, and on table 1's `httpx.MockTransport` (the client's own work only, CPU time
  of the whole process, so the SDK's export thread is counted). On the mock transport a "floor"
  row makes the same spans with the same attributes straight through the SDK around the untraced
  client: what any library making these spans pays, so the row between them is provisionkit's
  own share.
- pytest start-up: a one-test file run by pytest in a fresh process, with provisionkit's plugin
  against without, interleaved, medians of wall time and of the child's CPU time. Other plugins'
  autoloading is off in both (PYTEST_DISABLE_PLUGIN_AUTOLOAD, the plugin named with `-p`): this
  repository's venv also autoloads hypothesis's and schemathesis's plugins, whose 3 s of start-up
  vary by ±0.5 s from run to run and drown the difference being measured.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult
from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased
from provisionkit import (
    AsyncFoundryClient,
    AsyncMittwaldClient,
    FoundryClient,
    MittwaldClient,
    Principal,
    Runtime,
)
from provisionkit.fake import Fake

from . import overhead as o
from . import server as server_bench
from .harness import interleave

TRACING_GOAL = 1.05  # traced ≤ 5 % over untraced, per create+get over real sockets
_CREATE_URL = f"{o.BASE}/v2/servers/{o.SERVER}/projects"
_GET_URL = f"{o.BASE}/v2/projects/{o.PROJECT}"
STARTUP_GOAL = 0.1  # seconds the plugin may add to pytest's start-up


class _Dropped(SpanExporter):
    """Takes every batch and keeps nothing: what is measured is provisionkit's spans and the
    SDK's own span handling, not an exporter's network."""

    def export(self, spans: Any) -> SpanExportResult:
        return SpanExportResult.SUCCESS

    def shutdown(self) -> None:
        pass


@contextmanager
def _provider(provider: TracerProvider | None) -> Iterator[None]:
    """The global tracer provider set to `provider` (None: as if the service never set one).

    The API lets a process set its provider once; the benchmark switches it back and forth between
    batches through the module's own variable, as opentelemetry's test utilities do."""
    trace._TRACER_PROVIDER = provider  # type: ignore[attr-defined]
    try:
        yield
    finally:
        trace._TRACER_PROVIDER = None  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Row:
    name: str
    micros: float
    ratio: float  # to the same client untraced, per round, median


def _contenders(
    counter: o.Counter, loop: asyncio.AbstractEventLoop, provider: TracerProvider
) -> dict[str, Callable[[int], None]]:
    mock = o.httpx.MockTransport(counter)
    hooked = Runtime(on_event=lambda _event: None)
    grants = {o.OWNER: [Principal.user(o.USER)]}
    mw = MittwaldClient(o.TOKEN, base_url=o.BASE, transport=mock)
    mw_hooked = MittwaldClient(o.TOKEN, base_url=o.BASE, transport=mock, runtime=hooked)
    mw_async = AsyncMittwaldClient(o.TOKEN, base_url=o.BASE, transport=mock)
    fd = FoundryClient(o.TOKEN, base_url=o.BASE, transport=mock)
    fd_async = AsyncFoundryClient(o.TOKEN, base_url=o.BASE, transport=mock)

    def mittwald(client: MittwaldClient) -> Callable[[int], None]:
        def batch(n: int) -> None:
            for _ in range(n):
                client.create_project(o.SERVER, "shop", wait=False)  # create + one get

        return batch

    def mittwald_async(n: int) -> None:
        async def many() -> None:
            for _ in range(n):
                await mw_async.create_project(o.SERVER, "shop", wait=False)

        loop.run_until_complete(many())

    def foundry(n: int) -> None:
        for _ in range(n):
            created = fd.create_project("My Project", o.SPACE, role_grants=grants)
            fd.get_project(created.rid)

    def foundry_async(n: int) -> None:
        async def many() -> None:
            for _ in range(n):
                created = await fd_async.create_project("My Project", o.SPACE, role_grants=grants)
                await fd_async.get_project(created.rid)

        loop.run_until_complete(many())

    def traced(batch: Callable[[int], None]) -> Callable[[int], None]:
        def run(n: int) -> None:
            with _provider(provider):
                batch(n)

        return run

    floor_tracer = provider.get_tracer("floor")

    def floor(n: int) -> None:
        # The spans tracing.py makes for a mittwald create+get, made by hand around the untraced
        # client (no provider is set globally, so the client makes none of its own): the
        # operation span (current while it runs) and one CLIENT span per request.
        for _ in range(n):
            span = floor_tracer.start_span("provisionkit.mittwald.create_project")
            token = otel_context.attach(trace.set_span_in_context(span))
            try:
                mw.create_project(o.SERVER, "shop", wait=False)
                for method, url in (("POST", _CREATE_URL), ("GET", _GET_URL)):
                    request = floor_tracer.start_span(
                        method,
                        kind=trace.SpanKind.CLIENT,
                        attributes={
                            "http.request.method": method,
                            "server.address": "bench.invalid",
                            "server.port": 443,
                            "url.full": url,
                        },
                    )
                    request.set_attribute("http.response.status_code", 200)
                    request.end()
                span.set_attributes(
                    {
                        "provisionkit.outcome": "ok",
                        "provisionkit.retries": 0,
                        "provisionkit.polls": 0,
                        "provisionkit.created_id": o.PROJECT,
                    }
                )
                span.end()
            finally:
                otel_context.detach(token)

    return {
        "MittwaldClient": mittwald(mw),
        "MittwaldClient, traced": traced(mittwald(mw)),
        "MittwaldClient, SDK floor": floor,
        "MittwaldClient, on_event hook": mittwald(mw_hooked),
        "AsyncMittwaldClient": mittwald_async,
        "AsyncMittwaldClient, traced": traced(mittwald_async),
        "FoundryClient": foundry,
        "FoundryClient, traced": traced(foundry),
        "AsyncFoundryClient": foundry_async,
        "AsyncFoundryClient, traced": traced(foundry_async),
    }


def _on_the_fake(fake: Fake, provider: TracerProvider) -> dict[str, Callable[[int], None]]:
    client = MittwaldClient(o.TOKEN, base_url="http://127.0.0.1:9", transport=fake.sync_transport())
    server = fake.fixtures.mittwald_server

    def batch(n: int) -> None:
        for _ in range(n):
            client.create_project(server, "shop", wait=False)

    def traced(n: int) -> None:
        with _provider(provider):
            batch(n)

    name = "MittwaldClient on the in-process fake"
    return {name: batch, f"{name}, traced": traced}


def _over_sockets(
    base: str, seed: int, provider: TracerProvider, sampled: TracerProvider
) -> dict[str, Callable[[int], None]]:
    """Sync clients over real sockets to the fake served by uvicorn at `base` (another process).
    The seeded ids are the same for the same seed, so an in-process Fake tells them."""
    ids = Fake(seed=seed).fixtures
    mw = MittwaldClient(FAKE_TOKEN, base_url=base)
    fd = FoundryClient(FAKE_TOKEN, base_url=base)
    grants = {ids.foundry_owner_role: [Principal.user(ids.foundry_principal)]}

    def mittwald(n: int) -> None:
        for _ in range(n):
            mw.create_project(ids.mittwald_server, "shop", wait=False)

    names = itertools.count()  # the fake keeps display names unique in a space

    def foundry(n: int) -> None:
        for _ in range(n):
            name = f"My Project {next(names)}"
            created = fd.create_project(name, ids.foundry_space, role_grants=grants)
            fd.get_project(created.rid)

    def traced(
        batch: Callable[[int], None], by: TracerProvider = provider
    ) -> Callable[[int], None]:
        def run(n: int) -> None:
            with _provider(by):
                batch(n)

        return run

    return {
        "MittwaldClient over sockets": mittwald,
        "MittwaldClient over sockets, traced": traced(mittwald),
        f"MittwaldClient over sockets, {SAMPLED}": traced(mittwald, sampled),
        "FoundryClient over sockets": foundry,
        "FoundryClient over sockets, traced": traced(foundry),
        f"FoundryClient over sockets, {SAMPLED}": traced(foundry, sampled),
    }


FAKE_TOKEN = "bench-token"  # the served fake runs with --any-token
SOCKET_SEED = 7
SAMPLED = "traced, 1 in 10 sampled"


@contextmanager
def _served_fake() -> Iterator[str]:
    """The fake over uvicorn in another process, on a free loopback port (as in table 3)."""
    port = server_bench.free_port()
    command = [
        sys.executable,
        "-m",
        "provisionkit.fake",
        "--port",
        str(port),
        "--seed",
        str(SOCKET_SEED),
        "--any-token",
    ]
    with server_bench.served(command, port, "/__fake__/state") as base:
        yield base


def measure_tracing(*, calls: int = 300, rounds: int = 15) -> list[Row]:
    provider = TracerProvider()
    provider.add_span_processor(BatchSpanProcessor(_Dropped()))
    # What many services run in production: 1 trace in 10 kept, the rest dropped at the root.
    sampled = TracerProvider(sampler=ParentBased(TraceIdRatioBased(0.1)))
    sampled.add_span_processor(BatchSpanProcessor(_Dropped()))
    loop = asyncio.new_event_loop()
    try:
        contenders = _contenders(o.Counter(), loop, provider)
        timings = interleave(contenders, calls=calls, rounds=rounds, clock=time.process_time)
        with Fake(seed=7) as fake:
            # A create+get on the fake costs about ten on the mock: fewer calls per round.
            on_fake = _on_the_fake(fake, provider)
            fake_timings = interleave(
                on_fake, calls=max(1, calls // 10), rounds=rounds, clock=time.process_time
            )
        with _served_fake() as base:
            # Wall time: the server's work is another process's, and waiting is what costs.
            sockets = _over_sockets(base, SOCKET_SEED, provider, sampled)
            socket_timings = interleave(sockets, calls=max(1, calls // 6), rounds=2 * rounds)
    finally:
        loop.close()
        provider.shutdown()
        sampled.shutdown()
    return [
        Row(name, measured.median(name) * 1e6, measured.ratio(name, name.split(",")[0]))
        for group, measured in (
            (sockets, socket_timings),
            (on_fake, fake_timings),
            (contenders, timings),
        )
        for name in group
    ]


@dataclass(frozen=True)
class Startup:
    name: str
    wall_ms: float
    cpu_ms: float  # the child's user + system time


ONE_TEST = "def test_nothing() -> None:\n    pass\n"
# The module pytest loads from provisionkit's `pytest11` entry point, read from the installed
# package so that the benchmark names what a service's pytest loads.
(_ENTRY,) = entry_points(group="pytest11", name="provisionkit")
PLUGIN = _ENTRY.value


def measure_startup(rounds: int = 15) -> list[Startup]:
    """`pytest -q test_one.py` with and without the plugin, fresh processes, in an empty folder
    (no repository configuration), interleaved. No plugin is autoloaded in either: the plugin is
    named with `-p`, as its `pytest11` entry point names it."""
    base = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_one.py"]
    commands = {
        f"pytest -p {PLUGIN}": [*base, "-p", PLUGIN],
        "pytest": base,
    }
    quiet = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    wall: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "test_one.py").write_text(ONE_TEST)
        names = list(commands)
        for round_ in range(rounds + 1):
            for name in names[round_ % 2 :] + names[: round_ % 2]:
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                started = time.perf_counter()
                subprocess.run(
                    commands[name],
                    cwd=folder,
                    env=quiet,
                    check=True,
                    capture_output=True,
                    timeout=120,
                )
                ended = time.perf_counter()
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                if round_:  # the first round warms the file cache
                    wall[name].append(ended - started)
                    cpu[name].append(
                        after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
                    )
    return [
        Startup(name, statistics.median(wall[name]) * 1e3, statistics.median(cpu[name]) * 1e3)
        for name in commands
    ]


def section(*, calls: int = 300, rounds: int = 15) -> list[str]:
    rows = measure_tracing(calls=calls, rounds=rounds)
    startup = measure_startup(2 * rounds)
    by_name = {r.name: r for r in rows}
    groups = {
        "over sockets": lambda name: "sockets" in name,
        "on the in-process fake": lambda name: "in-process" in name,
        "on the mock transport": lambda name: "sockets" not in name and "in-process" not in name,
    }
    worst = {
        group: max((r for r in rows if r.name.endswith("traced") and test(r.name)), key=_ratio)
        for group, test in groups.items()
    }
    traced, floor = by_name["MittwaldClient, traced"], by_name["MittwaldClient, SDK floor"]
    with_plugin, without = startup
    added_cpu = (with_plugin.cpu_ms - without.cpu_ms) / 1e3
    added_wall = (with_plugin.wall_ms - without.wall_ms) / 1e3
    return [
        "## 10. What observing costs: tracing per create+get, and the pytest plugin's start-up (issue 21)",
        "",
        "**Tracing.** Table 1's operations (mittwald: `create_project(wait=False)`, a create and "
        "one get; Foundry: `create_project` then `get_project`), each client with an "
        "OpenTelemetry SDK `TracerProvider` set (`BatchSpanProcessor`, an exporter that drops "
        "every batch) against the same client with no provider set, interleaved, in three "
        "settings. *Over sockets*: the fake served by uvicorn in another process on loopback, "
        "the least network a deployment has (µs is wall time, what the service waits for). "
        "*In-process fake*: a server that routes, validates and stores, without a socket. "
        "*Mock transport*: table 1's shared `httpx.MockTransport`, only the client's own work; "
        "there the *SDK floor* row makes the same three spans with the same attributes straight "
        "through the SDK around the untraced client: what any library making them pays. "
        f"{rounds} rounds x {calls} operations on the mock ({max(1, calls // 10)} on the fakes), "
        "interleaved; µs on the fake and the mock is the process's CPU time (the SDK's export "
        "thread and the in-process fake included); the ratio is the median of per-round ratios "
        "to the same client untraced. A traced mittwald create+get makes three spans, a Foundry "
        f"one four. Goal: traced ≤ {TRACING_GOAL:.2f}x over sockets. "
        + " ".join(
            f"{group.capitalize()}: {'met' if _ratio(row) <= TRACING_GOAL else 'missed'} "
            f"(the worst, {row.name}, {row.ratio:.2f}x)."
            for group, row in worst.items()
        )
        + " Sampling 1 trace in 10 (`ParentBased(TraceIdRatioBased(0.1))`), as services often "
        "do, costs "
        + " and ".join(
            f"{r.ratio:.2f}x ({r.name.split(' over')[0]})" for r in rows if r.name.endswith(SAMPLED)
        )
        + " over sockets: a sampled-out operation makes one span start and no request spans."
        + f" On the mock the SDK's floor alone is {floor.ratio:.2f}x, so no library making "
        "these spans meets 5 % there; provisionkit's own share, traced less the floor, is "
        f"{traced.micros - floor.micros:+.0f} µs ({traced.ratio - floor.ratio:+.2f} of the "
        "untraced call). With no provider set, a call costs one dictionary look-up more, and a "
        "service that never imports opentelemetry does not load it at all.",
        "",
        "| client | µs per create+get | ratio to untraced |",
        "|---|---:|---:|",
        *(f"| {r.name} | {r.micros:.0f} | {r.ratio:.2f}x |" for r in rows),
        "",
        f"**pytest start-up.** `python -m pytest -q test_one.py` (one empty test, an empty folder) "
        f"in a fresh process, with `-p {PLUGIN}` (the plugin's `pytest11` entry point) against "
        "without, both with PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 (this repository's venv autoloads "
        "hypothesis's and schemathesis's plugins too, whose 3 s of start-up vary by ±0.5 s and "
        f"drown a 0.1 s difference); {2 * rounds} rounds, interleaved; medians of wall time and "
        "of the child's CPU time (user + system). Goal: the plugin adds under "
        f"{STARTUP_GOAL:g} s of CPU time "
        f"({'met' if added_cpu < STARTUP_GOAL else 'missed'}: {added_cpu * 1e3:+.0f} ms; "
        f"wall time {added_wall * 1e3:+.0f} ms).",
        "",
        "| command | wall time | CPU time |",
        "|---|---:|---:|",
        *(f"| `{s.name}` | {s.wall_ms:.0f} ms | {s.cpu_ms:.0f} ms |" for s in startup),
        "",
    ]


def _ratio(row: Row) -> float:
    return row.ratio


if __name__ == "__main__":
    print("\n".join(section(calls=100, rounds=5)))
