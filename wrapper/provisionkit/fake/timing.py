"""The fake's sense of time: a manual clock, and the timing rules read from it (no HTTP here)."""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["ManualClock", "RateLimitWindow", "Readiness", "Visibility"]


class ManualClock:
    """A clock that moves only when told to: `advance(seconds)`."""

    def __init__(self, start: float = 0.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Readiness:
    """When a new mittwald project turns ready: after `polls` reads and `seconds` (those set)."""

    polls: int | None = 2
    seconds: float | None = None


@dataclass
class Visibility:
    """How long get-project answers 403 after create, unless `if-event-reached` names the event."""

    polls: int | None = None
    seconds: float | None = None


_SLACK = 1e-6  # seconds: below any clock's resolution that matters, above float rounding


@dataclass
class RateLimitWindow:
    """mittwald's rate-limit headers: `limit` requests per fixed `period`-second window.

    Only reported, never enforced: the limits are not documented, and a fake that answered 429 on
    its own would make long test runs flaky. Inject `rate_limit` for a 429.
    """

    limit: int = 1000
    period: float = 60.0
    started: float = 0.0
    used: int = 0

    def count(self, now: float) -> tuple[int, int, int]:
        """Count one request at `now`; returns (limit, remaining, seconds until the reset)."""
        # Within a µs counts as reached: a clock at a fraction (124.3975) advanced by exactly the
        # `reset` it was told can land 1e-14 short of the window's end in floating point.
        elapsed = now - self.started + _SLACK
        if elapsed >= self.period:
            self.started += elapsed // self.period * self.period
            self.used = 0
        self.used += 1
        # Up, never down: a client that waits `reset` seconds must find the next window (with
        # round(), 0.4 s left said 0, and waiting 0 s found the same window).
        reset = max(0, math.ceil(self.started + self.period - now - _SLACK))
        return self.limit, max(0, self.limit - self.used), reset
