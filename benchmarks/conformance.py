"""`python -m benchmarks conformance`: how long the packaged suite takes against the fake.

`provisionkit conformance` for each API, as a CI job runs it (a child process, the fake served over
a socket with a restricted token), at the default number of examples: read-only, and with creating
allowed at the default budget: section 8 of RESULTS.md (`python -m benchmarks conformance`)."""

from __future__ import annotations

import os
import re
import time

from provisionkit.fake import serving

from contract_tests import mutants, mutation
from tests.helpers.conformance import DESIGNATED, DESIGNATED_FLAG, fake_get, run_conformance

HEADING = "## 8. The packaged conformance run against the fake (real sockets, real time)"
TOKEN = "bench-conformance-token"
GOAL = 30.0  # seconds per API, at the default number of examples
APIS = ("mittwald", "foundry")


def _measure(api: str, url: str, *args: str) -> tuple[float, str, int]:
    started = time.perf_counter()
    result = run_conformance(api, "--base-url", url, *args, token=TOKEN)
    seconds = time.perf_counter() - started
    cases = re.search(r"cases (\d+)", result.stderr)
    requests = re.search(r"requests (\d+)", result.stderr)
    counts = f"{cases[1] if cases else '?'} cases, {requests[1] if requests else '?'} requests"
    return seconds, counts, result.returncode


def section() -> list[str]:
    rows = []
    with serving(tokens=[TOKEN]) as fake:
        fixtures = fake_get(fake.url, TOKEN, "fixtures")
        for api in APIS:
            create = ["--allow-create", DESIGNATED_FLAG[api], fixtures[DESIGNATED[api]]]
            for mode, args in (("read-only", []), ("--allow-create, budget 5", create)):
                seconds, counts, code = _measure(api, fake.url, *args)
                verdict = "met" if seconds < GOAL else "missed"
                rows.append(f"| {api} | {mode} | {seconds:.1f} | {counts} | {code} | {verdict} |")
    return [
        HEADING,
        "",
        "`provisionkit conformance --api API --base-url URL [--allow-create ...]` in a child process "
        "(interpreter start and imports included), default examples (25) and seed, against "
        "`python -m provisionkit.fake` with one accepted token. Goal: under 30 s per API. "
        "The machine is shared (2 cores, other jobs beside it; load average "
        f"{os.getloadavg()[0]:.1f} at the start): seconds move by ±30 % between runs. "
        "Re-run alone: `python -m benchmarks conformance`.",
        "",
        "| API | mode | seconds | work | exit | goal |",
        "|---|---|---:|---|---:|---|",
        *rows,
        "",
        *_mutants(),
    ]


def _mutants() -> list[str]:
    """`make mutants`: the suite against each drifted fake (contract_tests/mutants.py)."""
    started = time.perf_counter()
    verdicts = mutation.run_all(mutants.MUTANTS)
    seconds = time.perf_counter() - started
    return [
        "### 8b. Mutants: deployments drifting one way at a time (`make mutants`)",
        "",
        "Each mutant is the fake served behind one drift (contract_tests/mutants.py); the run is "
        f"`provisionkit conformance --allow-create` at {mutation.MAX_EXAMPLES} examples per "
        "operation (the probes, links and coverage phase do not depend on it). Caught: the run "
        "failed (exit 1, or 6 when something was left behind). The unchanged fake, served the same "
        f"way, must pass. {mutation.JOBS} runs at a time; {seconds:.0f} s for the whole table "
        "(seconds per row overlap).",
        "",
        *mutation.table(verdicts),
        "",
    ]
