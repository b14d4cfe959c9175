"""Table 4: N concurrent async create+wait on one event loop against the in-process fake.

Each N runs in its own subprocess (`python -m benchmarks.scale N`), so peak RSS is that run's own.
Real clock and real sleeps; the fake turns a project ready after two reads."""

from __future__ import annotations

import asyncio
import json
import resource
import subprocess
import sys
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

from provisionkit import AsyncMittwaldClient, ProvisionError
from provisionkit.fake import Fake

TOKEN = "bench-token"  # a placeholder; the fake accepts any non-empty token
BASE = "http://127.0.0.1:9"  # never dialled: the transport is the in-process fake


@dataclass
class Row:
    n: int
    completed: int
    typed_errors: int
    untyped_errors: int
    seconds: float
    per_create_ms: float
    peak_traced_mib: float
    peak_rss_mib: float


async def _run(fake: Fake, n: int) -> tuple[int, int, int]:
    async with AsyncMittwaldClient(
        TOKEN, base_url=BASE, transport=fake.async_transport()
    ) as client:
        results = await asyncio.gather(
            *(
                client.create_project(fake.fixtures.mittwald_server, f"scale {i}", timeout=600)
                for i in range(n)
            ),
            return_exceptions=True,
        )
    typed = sum(isinstance(r, ProvisionError) for r in results)
    untyped = sum(
        isinstance(r, BaseException) and not isinstance(r, ProvisionError) for r in results
    )
    return n - typed - untyped, typed, untyped


def run_one(n: int) -> Row:
    with Fake(seed=3) as fake:
        fake.set_readiness(polls=2)
        asyncio.run(_run(fake, 10))  # warm up imports and the app outside the measurement
        fake.reset()
        fake.set_readiness(polls=2)
        start = time.perf_counter()
        completed, typed, untyped = asyncio.run(_run(fake, n))
        seconds = time.perf_counter() - start
        applied = fake.applied_creates("mittwald")
        assert applied == completed + typed, (applied, completed, typed)
        # A second pass under tracemalloc (which slows Python down) for the allocation peak.
        fake.reset()
        fake.set_readiness(polls=2)
        tracemalloc.start()
        asyncio.run(_run(fake, n))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return Row(
        n, completed, typed, untyped, seconds, seconds / n * 1e3, peak / 2**20, _peak_rss_mib()
    )


def _peak_rss_mib() -> float:
    """This process's own high-water mark. ru_maxrss survives exec on Linux, so a child would
    report its parent's peak; VmHWM belongs to this address space alone."""
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(sizes: tuple[int, ...] = (10, 100, 1000)) -> list[Row]:
    rows = []
    for n in sizes:
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.scale", str(n)],
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        rows.append(Row(**json.loads(out.stdout.strip().splitlines()[-1])))
    return rows


if __name__ == "__main__":
    print(json.dumps(run_one(int(sys.argv[1])).__dict__))
