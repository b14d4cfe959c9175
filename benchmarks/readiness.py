"""Table 2: readiness. How many polls a create+wait sends and how late it sees the ready project,
for provisionkit's `PollSchedule` and the two peers' schedules side by side, in simulated time.

Each schedule is a function `(attempt, elapsed, rand) -> seconds` driven by the same loop, so the
table compares schedules and nothing else (no HTTP, no client code: it does not move when the
client's plumbing does). The model: the create is sent at 0 and applied by the server half a round
trip later; the project turns ready T' seconds after that, T' drawn uniformly within ±10 % of T;
the first poll is sent as soon as the create's answer is back; each poll reads the project's state
half a round trip after it is sent and its answer arrives half a round trip after that; between
polls the client sleeps what the schedule says, given the time spent since the create was sent.
Lateness is the time from the project turning ready to the answer that shows it ready arriving.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from provisionkit.schedule import PollSchedule

from .harness import percentile

RTT = 0.05  # simulated round trip per request, in seconds
TARGETS = (0.5, 2.0, 10.0, 30.0, 120.0, 600.0)
SPREAD = 0.1  # T is jittered by up to this fraction either way
RUNS = 2000  # waits per row
LONG = 600.0  # the row with the long-wait goals
LONG_POLLS_SHARE = 1 / 5  # at most this share of fixed polling's requests at T = LONG
LONG_LATENESS_SHARE = 0.05  # p95 lateness at most this share of T at T = LONG

Gap = Callable[
    [int, float, float], float
]  # (attempt from 0, seconds since the create, rand) -> sleep


def fixed_polling(_attempt: int, _elapsed: float, _rand: float) -> float:
    """The mittwald CLI (`mw project create --wait`): a poll every second."""
    return 1.0


def terraform_backoff(attempt: int, _elapsed: float, _rand: float) -> float:
    """The mittwald Terraform provider: 100 ms, then x1.1 per poll, capped at 10 s."""
    return min(10.0, 0.1 * 1.1**attempt)


PROVISIONKIT = "provisionkit"
FIXED = "mittwald CLI (fixed 1 s)"
TERRAFORM = "Terraform provider (100 ms x1.1, cap 10 s)"


def strategies(schedule: PollSchedule | None = None) -> dict[str, Gap]:
    return {
        PROVISIONKIT: (schedule or PollSchedule()).delay,
        FIXED: fixed_polling,
        TERRAFORM: terraform_backoff,
    }


def wait_once(gap: Gap, target: float, rand: Callable[[], float]) -> tuple[float, int]:
    """One simulated create+wait: (lateness in seconds, polls sent)."""
    ready_at = RTT / 2 + target
    now = RTT  # the create's answer is back
    polls = 0
    while True:
        polls += 1
        seen_at = now + RTT / 2
        now += RTT
        if seen_at >= ready_at:
            return now - ready_at, polls
        now += gap(polls - 1, now, rand())
        if polls > 1_000_000:
            raise RuntimeError(f"schedule never saw a project ready after {target} s")


@dataclass(frozen=True)
class Row:
    target: float
    strategy: str
    runs: int
    polls_p50: float
    polls_p95: float
    lateness_p50: float
    lateness_p95: float


def measure_one(name: str, gap: Gap, target: float, runs: int = RUNS) -> Row:
    rng = random.Random(f"{target}-{name}")  # seeded: the same table every run
    lateness: list[float] = []
    polls: list[float] = []
    for _ in range(runs):
        late, sent = wait_once(gap, target * rng.uniform(1 - SPREAD, 1 + SPREAD), rng.random)
        lateness.append(late)
        polls.append(sent)
    return Row(
        target,
        name,
        runs,
        percentile(polls, 50),
        percentile(polls, 95),
        percentile(lateness, 50),
        percentile(lateness, 95),
    )


def measure(runs: int = RUNS, schedule: PollSchedule | None = None) -> list[Row]:
    return [
        measure_one(name, gap, target, runs)
        for target in TARGETS
        for name, gap in strategies(schedule).items()
    ]


def dominates(peer: Row, ours: Row) -> bool:
    """The peer is better on both counts: fewer p95 polls and a lower p95 lateness."""
    return peer.polls_p95 < ours.polls_p95 and peer.lateness_p95 < ours.lateness_p95


def goals(rows: list[Row]) -> dict[float, list[tuple[str, bool]]]:
    """For each T, provisionkit's goals as (statement, met)."""
    by_key = {(r.target, r.strategy): r for r in rows}
    verdicts: dict[float, list[tuple[str, bool]]] = {}
    for target in TARGETS:
        ours = by_key[target, PROVISIONKIT]
        peers = [by_key[target, name] for name in (FIXED, TERRAFORM)]
        verdicts[target] = [("no peer better on both", not any(dominates(p, ours) for p in peers))]
        if target == LONG:
            budget = LONG_POLLS_SHARE * by_key[target, FIXED].polls_p95
            verdicts[target] += [
                (f"polls ≤ {budget:.0f} (a fifth of fixed)", ours.polls_p95 <= budget),
                (
                    f"lateness ≤ {LONG_LATENESS_SHARE * target:.0f} s (5 % of T)",
                    ours.lateness_p95 <= LONG_LATENESS_SHARE * target,
                ),
            ]
    return verdicts


def lockstep(
    gap: Gap, *, waiters: int = 1000, target: float = 30.0, window: float = 0.1, after: float = 5.0
) -> int:
    """The most polls from `waiters` creates sent at the same instant (ready after `target` s) that
    reach the server within one `window`, counting from `after` seconds on: without jitter it is
    all of them."""
    rng = random.Random(f"lockstep-{waiters}-{target}")
    buckets: dict[int, int] = {}
    for _ in range(waiters):
        now, attempt = RTT, 0
        while now + RTT / 2 < RTT / 2 + target:
            if now >= after:
                bucket = int((now + RTT / 2) / window)
                buckets[bucket] = buckets.get(bucket, 0) + 1
            now += RTT
            now += gap(attempt, now, rng.random())
            attempt += 1
    return max(buckets.values(), default=0)
