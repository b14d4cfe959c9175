"""Table 3: the fake as a server over uvicorn on 127.0.0.1: create+get pairs from a bounded
async load generator (same machine, so it shares the 2 cores), and Prism on the same spec."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from .harness import percentile

TOKEN = "bench-token"  # a placeholder; the fake accepts any non-empty token
SERVER = "5e2a1c3b-8f7d-4e6a-9b0c-1d2e3f4a5b6c"
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Row:
    target: str
    concurrency: int
    requests: int
    errors: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    note: str = ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not come up")


async def _load(base: str, *, concurrency: int, pairs: int) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    remaining = pairs
    headers = {"Authorization": f"Bearer {TOKEN}"}
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(
        base_url=base, headers=headers, limits=limits, timeout=30
    ) as client:

        async def worker() -> None:
            nonlocal remaining, errors
            while remaining > 0:
                remaining -= 1
                t0 = time.perf_counter()
                created = await client.post(
                    f"/v2/servers/{SERVER}/projects", json={"description": "load"}
                )
                t1 = time.perf_counter()
                latencies.append(t1 - t0)
                if created.status_code != 201:
                    errors += 1
                    continue
                got = await client.get(f"/v2/projects/{created.json()['id']}")
                latencies.append(time.perf_counter() - t1)
                errors += got.status_code != 200

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return latencies, errors, time.perf_counter() - start


@contextmanager
def served(command: list[str], port: int, probe: str) -> Iterator[str]:
    """`command`, a server on 127.0.0.1:`port`, running until the block ends; yields its base URL
    once `probe` answers."""
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base + probe, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _measure(
    target: str, command: list[str], port: int, probe: str, *, pairs: int, note: str = ""
) -> list[Row]:
    rows = []
    with served(command, port, probe) as base:
        asyncio.run(_load(base, concurrency=4, pairs=50))  # warm-up
        for concurrency in (1, 16):
            latencies, errors, seconds = asyncio.run(
                _load(base, concurrency=concurrency, pairs=pairs)
            )
            rows.append(
                Row(
                    target,
                    concurrency,
                    len(latencies),
                    errors,
                    len(latencies) / seconds,
                    percentile(latencies, 50) * 1e3,
                    percentile(latencies, 99) * 1e3,
                    note,
                )
            )
    return rows


def prism_binary() -> tuple[str | None, str]:
    """Prism from npm, installed into a temporary folder outside the repository."""
    if shutil.which("npm") is None:
        return None, "npm is not installed here"
    folder = Path(
        os.environ.get("PROVISIONKIT_PRISM_DIR", Path(tempfile.gettempdir()) / "provisionkit-prism")
    )
    binary = folder / "node_modules" / ".bin" / "prism"
    if not binary.exists():
        folder.mkdir(parents=True, exist_ok=True)
        install = subprocess.run(
            [
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(folder),
                "@stoplight/prism-cli",
            ],
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
        if install.returncode != 0 or not binary.exists():
            return None, f"npm install @stoplight/prism-cli failed: {install.stderr.strip()[-300:]}"
    return str(binary), ""


def measure(pairs: int = 1000) -> tuple[list[Row], str]:
    port = free_port()
    fake = [sys.executable, "-m", "provisionkit.fake", "--port", str(port), "--any-token"]
    rows = _measure(
        "provisionkit fake (uvicorn, 1 worker)", fake, port, "/__fake__/state", pairs=pairs
    )
    prism, why = prism_binary()
    if prism is None:
        return rows, why
    port = free_port()
    command = [
        prism,
        "mock",
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
        str(ROOT / "specs" / "mittwald.yaml"),
    ]
    try:
        rows += _measure(
            "Prism mock (stateless, same spec)",
            command,
            port,
            f"/v2/projects/{SERVER}",
            pairs=pairs,
        )
    except (RuntimeError, httpx.HTTPError) as error:
        return rows, f"Prism installed but did not run: {error}"
    return rows, ""
