"""When to try again: one pure policy for readiness polls and request retries, and the Deadline.

The policy decides from an observation, the attempt number and the time spent; it never sleeps,
reads a clock or draws randomness itself (all three are passed in), so it is tested exhaustively and
shared by the sync and async clients, whose loops only carry out what it decides.

Readiness polls follow a `PollSchedule` (schedule.py, where its formula is documented). Retries of
failed requests follow `Backoff`, documented here and nowhere else: retry `n` (from 0) sleeps

    bound(n) = min(maximum, initial * multiplier**n)
    delay(n) = max(floor, bound(n) * (1 - rand / 2))      (rand in [0, 1): "equal jitter")

so it always waits at least half its bound: retries spread over the deadline instead of bunching
(with the defaults the first five wait at least 3.9 s in all, so a 3 s restart of the API is ridden
out), while jitter still keeps many clients apart. Retries stop at the deadline, not at a count.
For both, a `Retry-After` from the server is a floor, and nothing ever sleeps past the deadline: a
sleep is cut to the time left, and a server that asks for more than is left ends the wait.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum, StrEnum

from .config import seconds
from .schedule import PollSchedule

__all__ = [
    "Action",
    "Backoff",
    "Deadline",
    "Decision",
    "Observation",
    "decide",
    "retry_delay",
]


class Observation(Enum):
    """What one poll saw."""

    READY = "ready"
    FAILED = "failed"
    PENDING = "pending"


class Action(StrEnum):
    """What the policy tells a loop to do next."""

    READY = "ready"
    FAILED = "failed"
    SLEEP = "sleep"
    GIVE_UP = "give_up"


@dataclass(frozen=True, slots=True)
class Decision:
    """The policy's answer: an `Action`, and for `SLEEP` how many seconds."""

    action: Action
    seconds: float = 0.0


DEFAULT_SCHEDULE = PollSchedule()
READY = Decision(Action.READY)
FAILED = Decision(Action.FAILED)
GIVE_UP = Decision(Action.GIVE_UP)


@dataclass(frozen=True, slots=True)
class Deadline:
    """An operation's whole time budget: `timeout` seconds from `started` on `clock`.

    One value travels through an operation (create, the wait after it, every retry and poll), so
    nothing it does can start a fresh budget of its own.
    """

    timeout: float
    started: float
    clock: Callable[[], float]

    @classmethod
    def start(cls, timeout: object, clock: Callable[[], float], *, api: str) -> Deadline:
        """A deadline starting now; a NaN, negative or non-number timeout is a ConfigurationError."""
        return cls(seconds(timeout, name="timeout", api=api), clock(), clock)

    def elapsed(self) -> float:
        return self.clock() - self.started

    def remaining(self) -> float:
        return self.timeout - self.elapsed()


@dataclass(frozen=True, slots=True)
class Backoff:
    """Capped exponential backoff with equal jitter; see the module docstring for the formula."""

    initial: float = 0.25
    multiplier: float = 2.0
    maximum: float = 5.0
    floor: float = 0.05

    def jittered(self, attempt: int, rand: float) -> float:
        return max(self.floor, self.bound(attempt) * (1.0 - rand / 2.0))

    def bound(self, attempt: int) -> float:
        return min(self.maximum, self.initial * self.multiplier ** min(max(attempt, 0), 64))


def _sleep_or_give_up(
    delay: float, *, elapsed: float, timeout: float, retry_after: float | None
) -> Decision:
    remaining = timeout - elapsed
    if remaining <= 0:
        return GIVE_UP
    if retry_after is not None:
        if retry_after > remaining:
            # The server asked for more time than is left: coming back early is futile.
            return GIVE_UP
        delay = max(delay, retry_after)
    return Decision(Action.SLEEP, min(delay, remaining))


def decide(
    observation: Observation,
    *,
    attempt: int,
    elapsed: float,
    timeout: float,
    rand: float,
    retry_after: float | None = None,
    schedule: PollSchedule = DEFAULT_SCHEDULE,
) -> Decision:
    """Readiness: what to do after poll number `attempt` saw `observation`, `elapsed` s in."""
    if observation is Observation.READY:
        return READY
    if observation is Observation.FAILED:
        return FAILED
    delay = schedule.delay(attempt, elapsed, rand)
    return _sleep_or_give_up(delay, elapsed=elapsed, timeout=timeout, retry_after=retry_after)


def retry_delay(
    *,
    attempt: int,
    elapsed: float,
    timeout: float,
    rand: float,
    retry_after: float | None = None,
    max_attempts: int | None = None,
    backoff: Backoff = Backoff(),
) -> float | None:
    """Requests: seconds to wait before retry number `attempt + 1`, or None to stop retrying
    (the deadline reached, or `max_attempts` sent when a budget is given)."""
    if max_attempts is not None and attempt + 1 >= max_attempts:
        return None
    decision = _sleep_or_give_up(
        backoff.jittered(attempt, rand),
        elapsed=elapsed,
        timeout=timeout,
        retry_after=retry_after,
    )
    return decision.seconds if decision.action is Action.SLEEP else None
