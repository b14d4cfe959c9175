"""When to try again: one pure policy for readiness polls and request retries.

The policy decides from an observation, the attempt number and the time spent; it never sleeps,
reads a clock or draws randomness itself (all three are passed in), so it is tested exhaustively and
shared by the sync and async clients, whose loops only carry out what it decides.

The backoff, documented here and nowhere else: attempt `n` (from 0) may sleep up to

    bound(n, elapsed) = min(maximum, initial * multiplier**n, max(initial, lateness * elapsed))

drawn with full jitter, `uniform(0, bound)`, but never below `floor` (so an unlucky draw cannot
turn a wait into a busy loop against the API). The exponential term spaces out retries; the
`lateness` term keeps a poll from sleeping more than that fraction of the time already spent, which
bounds how late a wait notices readiness (a project ready after T seconds is seen by about
T * (1 + lateness)). A `Retry-After` from the server is a floor. Nothing ever sleeps past the
deadline: a sleep is cut to the time left, and a server that asks for more than is left ends the wait.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

__all__ = ["Backoff", "Decision", "Observation", "decide", "retry_delay"]


class Observation(Enum):
    """What one poll saw."""

    READY = "ready"
    FAILED = "failed"
    PENDING = "pending"


@dataclass(frozen=True, slots=True)
class Decision:
    """The policy's answer: `ready`, `failed`, `sleep` (for `seconds`) or `give_up`."""

    action: str
    seconds: float = 0.0


READY = Decision("ready")
FAILED = Decision("failed")
GIVE_UP = Decision("give_up")


@dataclass(frozen=True, slots=True)
class Backoff:
    """Capped exponential backoff with full jitter; see the module docstring for the formula."""

    initial: float = 0.25
    multiplier: float = 2.0
    maximum: float = 5.0
    lateness: float = 0.1
    floor: float = 0.05

    def jittered(self, attempt: int, elapsed: float, rand: float) -> float:
        return max(self.floor, rand * self.bound(attempt, elapsed))

    def bound(self, attempt: int, elapsed: float) -> float:
        exponential = self.initial * self.multiplier ** min(max(attempt, 0), 64)
        proportional = max(self.initial, self.lateness * max(elapsed, 0.0))
        return min(self.maximum, exponential, proportional)


def _sleep_or_give_up(
    delay: float, *, elapsed: float, timeout: float, retry_after: float | None
) -> Decision:
    remaining = timeout - elapsed
    if remaining <= 0:
        return GIVE_UP
    if retry_after is not None:
        if retry_after > remaining:
            return (
                GIVE_UP  # the server asked for more time than is left: coming back early is futile
            )
        delay = max(delay, retry_after)
    return Decision("sleep", min(delay, remaining))


def decide(
    observation: Observation,
    *,
    attempt: int,
    elapsed: float,
    timeout: float,
    rand: float,
    retry_after: float | None = None,
    backoff: Backoff = Backoff(),
) -> Decision:
    """Readiness: what to do after poll number `attempt` saw `observation`, `elapsed` s in."""
    if observation is Observation.READY:
        return READY
    if observation is Observation.FAILED:
        return FAILED
    delay = backoff.jittered(attempt, elapsed, rand)
    return _sleep_or_give_up(delay, elapsed=elapsed, timeout=timeout, retry_after=retry_after)


def retry_delay(
    *,
    attempt: int,
    elapsed: float,
    timeout: float,
    rand: float,
    retry_after: float | None = None,
    max_attempts: int = 8,
    backoff: Backoff = Backoff(),
) -> float | None:
    """Requests: seconds to wait before retry number `attempt + 1`, or None to stop retrying."""
    if attempt + 1 >= max_attempts:
        return None
    decision = _sleep_or_give_up(
        backoff.jittered(attempt, elapsed, rand),
        elapsed=elapsed,
        timeout=timeout,
        retry_after=retry_after,
    )
    return decision.seconds if decision.action == "sleep" else None
