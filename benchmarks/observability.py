"""Table 10: what observing costs (issue 21). Two figures, each compared within one run:

- tracing: a create+get (table 1's operations) with an OpenTelemetry SDK tracer provider set
  (BatchSpanProcessor, an exporter that drops the batches) against the same client with no
  provider set, interleaved; also with an `on_event` hook that does nothing. Once on table 1's
  `httpx.MockTransport` (the client's own work only), once on the in-process fake (a server that
  routes, validates and stores, still far quicker than any network). CPU time of the whole
  process, so the SDK's export thread and the fake's work are counted too.
- pytest start-up: a one-test file run by pytest in a fresh process, with provisionkit's plugin
  (loaded from its entry point, as in any service with `provisionkit[fake]`) against
  `-p no:provisionkit`; interleaved, medians of wall time and of the child's CPU time.
"""

from __future__ import annotations

import asyncio
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult
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
from .harness import interleave

TRACING_GOAL = 1.05  # traced ≤ 5 % over untraced, per create+get
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

    return {
        "MittwaldClient": mittwald(mw),
        "MittwaldClient, traced": traced(mittwald(mw)),
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


def measure_tracing(*, calls: int = 300, rounds: int = 15) -> list[Row]:
    provider = TracerProvider()
    provider.add_span_processor(BatchSpanProcessor(_Dropped()))
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
    finally:
        loop.close()
        provider.shutdown()
    return [
        Row(name, measured.median(name) * 1e6, measured.ratio(name, name.split(",")[0]))
        for group, measured in ((contenders, timings), (on_fake, fake_timings))
        for name in group
    ]


@dataclass(frozen=True)
class Startup:
    name: str
    wall_ms: float
    cpu_ms: float  # the child's user + system time


ONE_TEST = "def test_nothing() -> None:\n    pass\n"


def measure_startup(rounds: int = 15) -> list[Startup]:
    """`pytest -q test_one.py` with and without the plugin, fresh processes, in an empty folder
    (no repository configuration), interleaved."""
    base = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_one.py"]
    commands = {
        "pytest, provisionkit's plugin loaded": base,
        "pytest -p no:provisionkit": [*base, "-p", "no:provisionkit"],
    }
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
                    commands[name], cwd=folder, check=True, capture_output=True, timeout=120
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
    startup = measure_startup(rounds)
    verdicts = {
        group: max((r for r in rows if r.name.endswith("traced") and test(r.name)), key=_ratio)
        for group, test in (
            ("on the mock transport", lambda name: "fake" not in name),
            ("on the in-process fake", lambda name: "fake" in name),
        )
    }
    with_plugin, without = startup
    added_cpu = (with_plugin.cpu_ms - without.cpu_ms) / 1e3
    added_wall = (with_plugin.wall_ms - without.wall_ms) / 1e3
    return [
        "## 10. What observing costs: tracing per create+get, and the pytest plugin's start-up (issue 21)",
        "",
        "**Tracing.** Table 1's operations (mittwald: `create_project(wait=False)`, a create and "
        "one get; Foundry: `create_project` then `get_project`), each client with an "
        "OpenTelemetry SDK `TracerProvider` set (`BatchSpanProcessor`, an exporter that drops "
        "every batch) against the same client with no provider set, and with a "
        "`Runtime(on_event=...)` hook that does nothing: on table 1's shared "
        "`httpx.MockTransport` (only the client's own work), and on the in-process fake (a "
        "server that routes, validates and stores; any network is slower still). "
        f"{rounds} rounds x {calls} operations ({max(1, calls // 10)} on the fake), interleaved; "
        "µs is the median process CPU time per create+get (the SDK's export thread and the "
        "fake included), the ratio the median of per-round ratios to the same client "
        f"untraced. Goal: traced ≤ {TRACING_GOAL:.2f}x. "
        + " ".join(
            f"{group.capitalize()}: {'met' if _ratio(worst) <= TRACING_GOAL else 'MISSED'} "
            f"(the worst, {worst.name}, {worst.ratio:.2f}x)."
            for group, worst in verdicts.items()
        )
        + " A traced mittwald create+get makes three spans, a Foundry one four; most of their "
        "cost is the SDK's (a bare span with a batch processor is tens of µs of CPU here). "
        "With no provider set, a call costs one dictionary look-up more than before, and a "
        "service that never imports opentelemetry does not load it at all.",
        "",
        "| client | µs per create+get | ratio to untraced |",
        "|---|---:|---:|",
        *(f"| {r.name} | {r.micros:.0f} | {r.ratio:.2f}x |" for r in rows),
        "",
        "**pytest start-up.** `python -m pytest -q test_one.py` (one empty test, an empty folder) in "
        "a fresh process, with provisionkit's plugin (from its `pytest11` entry point) against "
        f"`-p no:provisionkit`; {rounds} rounds, interleaved; medians of wall time and of the "
        f"child's CPU time (user + system, which other jobs on the machine stretch less). Goal: "
        f"the plugin adds under {STARTUP_GOAL:g} s of CPU time "
        f"({'met' if added_cpu < STARTUP_GOAL else 'MISSED'}: {added_cpu * 1e3:+.0f} ms; "
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
