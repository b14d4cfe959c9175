"""Interleaved timing: every contender runs once per round, in a rotating order, and the figure
is the median over rounds, so drift (turbo, GC, other processes) hits all contenders alike."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Timings:
    """Seconds per call, one entry per round, for each contender."""

    per_call: dict[str, list[float]] = field(default_factory=dict)

    def median(self, name: str) -> float:
        return statistics.median(self.per_call[name])

    def ratio(self, name: str, baseline: str) -> float:
        """Median of the per-round ratios: each round compares runs made moments apart."""
        pairs = zip(self.per_call[name], self.per_call[baseline], strict=True)
        return statistics.median(a / b for a, b in pairs)


def interleave(
    contenders: dict[str, Callable[[int], None]],
    *,
    calls: int,
    rounds: int,
    warmup: int = 1,
    clock: Callable[[], float] = time.perf_counter,
) -> Timings:
    """Run each contender's `batch(calls)` once per round, rotating the order every round.

    `clock=time.process_time` times only this process's CPU: right for work that never waits
    (a mock transport), and unmoved by the other jobs sharing the machine's two cores."""
    names = list(contenders)
    for _ in range(warmup):
        for name in names:
            contenders[name](max(1, calls // 10))
    timings = Timings({name: [] for name in names})
    for round_ in range(rounds):
        order = names[round_ % len(names) :] + names[: round_ % len(names)]
        for name in order:
            gc.collect()
            start = clock()
            contenders[name](calls)
            timings.per_call[name].append((clock() - start) / calls)
    return timings


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]
