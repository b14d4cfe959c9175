"""`python -m benchmarks`: run the four benchmarks and rewrite benchmarks/RESULTS.md."""

from __future__ import annotations

import datetime
import os
import platform
import sys
import time
from pathlib import Path

import httpx

from . import breakdown, overhead, readiness, scale, server

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} logical CPUs; "
        f"Python {platform.python_version()}, httpx {httpx.__version__}"
    )


def _overhead_section(rounds: int, calls: int) -> list[str]:
    lines = [
        "## 1. Per-call overhead (create + parse, then get + parse)",
        "",
        f"One shared `httpx.MockTransport` answers every contender with the same bytes. {rounds} rounds x "
        f"{calls} operations, contenders interleaved in a rotating order; µs is the median per operation, "
        "the ratio is the median of per-round ratios against raw httpx + `json` of the same flavour "
        "(sync against sync, async against async). Goal: provisionkit ≤ 1.30x raw, and faster than the "
        "official SDK. "
        "Ratios move by about ±0.1 from run to run on this shared 2-core machine (other jobs run beside it); "
        "compare rows within one run, not across runs.",
        "",
    ]
    for title, build in (
        ("mittwald", overhead.mittwald_contenders),
        ("Foundry", overhead.foundry_contenders),
    ):
        rows = overhead.measure(build, calls=calls, rounds=rounds)
        lines += [
            f"**{title}**",
            "",
            "| contender | requests/op | µs/op | ratio to raw |",
            "|---|---:|---:|---:|",
        ]
        lines += [
            f"| {r.name} | {r.requests_per_op:g} | {r.micros:.0f} | {r.ratio:.2f}x |" for r in rows
        ]
        lines.append("")
    return lines


def _breakdown_section() -> list[str]:
    lines = [
        "### 1b. Where provisionkit's extra time goes (per step, µs, best of 7 x 3000)",
        "",
        "pyinstrument over 3000 provisionkit create+get calls (sync) put 40-50% of the time in "
        "`httpx.Client.build_request` and 30-40% in `Client.send`, which raw httpx pays as well; parsing "
        "into value objects was about 11% (mittwald) and 9% (Foundry), Foundry's request building "
        "(`create_call`: checks plus the generated request model) about 6%. The rows below time each step "
        "that only provisionkit, or the generated code under it, pays against its raw counterpart. The "
        "first row is what an empty `params={}` costs httpx; the generator template now passes neither "
        "params nor headers when empty, so the second row (the generated get-project request, once "
        "`params={}` and `headers={}`) shows what is left of that cost.",
        "",
        "| step | provisionkit | raw counterpart | extra |",
        "|---|---:|---:|---:|",
    ]
    lines += [
        f"| {r.step} | {r.provisionkit_us:.1f} | {r.raw_us:.1f} | {r.provisionkit_us - r.raw_us:+.1f} |"
        for r in breakdown.measure()
    ]
    lines.append("")
    return lines


def _readiness_section() -> list[str]:
    rows = readiness.measure()
    fixed = {r.target: r for r in rows if r.strategy != "provisionkit"}
    lines = [
        "## 2. Readiness: lateness and polls (simulated time)",
        "",
        "**Simulated**: the fake's `ManualClock` is the client's clock, the client's sleep advances it, and "
        f"every request costs a simulated {readiness.RTT * 1e3:.0f} ms round trip. The fake turns the project "
        "ready T seconds after the create is applied. Lateness = time from ready to the call returning; "
        f"{rows[0].runs} runs per row, jitter from a seeded random source. The fixed loop polls every 1 s from "
        "the create onwards (no jitter, so its lateness is the same every run). Goals: p95 lateness < 5% of "
        "T + one round trip; fewer polls than fixed 1 s polling for T ≥ 10 s.",
        "",
        "| T | strategy | lateness p50 | lateness p95 | polls p50 | polls p95 | lateness goal | polls goal |",
        "|---:|---|---:|---:|---:|---:|---|---|",
    ]
    for r in rows:
        if r.strategy == "provisionkit":
            late_goal = "met" if r.goal_met else "missed"
            polls_goal = (
                ("met" if r.polls_p50 < fixed[r.target].polls_p50 else "missed")
                if r.target >= 10
                else "n/a"
            )
        else:
            late_goal = polls_goal = ""
        lines.append(
            f"| {r.target:g} s | {r.strategy} | {r.lateness_p50:.3f} s | {r.lateness_p95:.3f} s | "
            f"{r.polls_p50:g} | {r.polls_p95:g} | {late_goal} | {polls_goal} |"
        )
    lines.append("")
    return lines


def _server_section() -> list[str]:
    rows, prism_note = server.measure()
    lines = [
        "## 3. The fake as a server (real sockets, real time)",
        "",
        "`python -m provisionkit.fake` (uvicorn, one worker) on 127.0.0.1, driven by an async httpx load "
        "generator on the same 2-core machine (so client and server share the CPUs); each worker loops "
        "create then get on the new id, a bounded number of pairs. Latency is per request.",
        "",
        "| server | concurrency | requests | errors | req/s | p50 | p99 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r.target} | {r.concurrency} | {r.requests} | {r.errors} | {r.requests_per_second:.0f} | "
        f"{r.p50_ms:.1f} ms | {r.p99_ms:.1f} ms |"
        for r in rows
    ]
    if prism_note:
        lines += ["", f"Prism: {prism_note}"]
    else:
        lines += [
            "",
            "Prism (`npm install @stoplight/prism-cli` into a temporary folder outside the repository) answers "
            "from the spec's examples without state, so its get does not see the created project.",
        ]
    lines.append("")
    return lines


def _scale_section() -> list[str]:
    rows = scale.measure()
    base = rows[0]
    lines = [
        "## 4. Scale: concurrent async create+wait on one event loop (real time)",
        "",
        "`AsyncMittwaldClient` over the in-process fake (`httpx.ASGITransport`, Connexion validating every "
        "request), real clock and sleeps, the project ready after two reads; each N in a fresh process. "
        "Peak traced = tracemalloc's peak during a second, traced pass; peak RSS = the process's high-water mark.",
        "",
        "| N | completed | typed errors | untyped errors | seconds | ms per create+wait | time vs N=10 | peak traced | peak RSS |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r.n} | {r.completed} | {r.typed_errors} | {r.untyped_errors} | {r.seconds:.2f} | "
        f"{r.per_create_ms:.2f} | {r.seconds / base.seconds:.1f}x | {r.peak_traced_mib:.1f} MiB | {r.peak_rss_mib:.0f} MiB |"
        for r in rows
    ]
    lines.append("")
    return lines


def main() -> None:
    started = time.perf_counter()
    quick = os.environ.get("PROVISIONKIT_BENCH_QUICK") == "1"
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Benchmarks",
        "",
        f"Generated by `make bench` (`python -m benchmarks`) on {now}.",
        f"Machine: {_machine()}.",
        "",
    ]
    for name, section in (
        (
            "overhead",
            lambda: _overhead_section(rounds=5 if quick else 15, calls=100 if quick else 300),
        ),
        ("breakdown", _breakdown_section),
        ("readiness", _readiness_section),
        ("server", _server_section),
        ("scale", _scale_section),
    ):
        print(f"benchmarks: {name} ...", file=sys.stderr, flush=True)
        lines += section()
    lines.append(f"Total run time: {time.perf_counter() - started:.0f} s.")
    RESULTS.write_text("\n".join(lines) + "\n")
    print(f"benchmarks: wrote {RESULTS}", file=sys.stderr)


if __name__ == "__main__":
    main()
