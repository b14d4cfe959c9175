"""How long a readiness wait sleeps between polls: `PollSchedule`, a pure value with no clock, sleep
or randomness of its own (the poll number, the time spent and a random draw are passed in).

Its formula lives in the `PollSchedule` docstring and nowhere else. What it is for: the two tools
people already use are the mittwald CLI (a poll every 1 s) and the Terraform provider (100 ms,
growing by a tenth per poll, up to 10 s), and neither should beat a provisionkit wait on both
counts at once (fewer polls and an earlier look at the ready project). Fixed 1 s polling is
cheap and prompt for the waits of a few seconds that mittwald promises, but sends a request every
second for as long as it waits; Terraform's curve looks quickly, then between about 5 s and 40 s
is both chattier and later than 1 s polling. So the default looks quickly, keeps a pace a little
faster than 1 s for the first half-minute, where nearly every real wait ends, and only then
stretches its gaps, ending far cheaper than either peer for long waits.
`benchmarks/readiness.py` measures all of it.

The trade-off, for anyone configuring it (`PollSchedule(pace=..., ...)`): every gap is at once the
most a wait can be late and the price of one request. `first` and `pace` set how promptly short
waits notice readiness (about `pace` late at worst); `knee` is how long that pace lasts; `slope`
and `cap` set how late a long wait may be (about `slope * (T - knee)`, never more than `cap`)
against how many requests it sends (about `ln(cap / pace) / slope` while stretching, then one per
`cap`). Raising them makes waits cheaper and later; lowering them, sooner and chattier.
`max_polls(T)` states the worst case for a given configuration. `jitter` spreads many waiters that
started together (a batch of creates) so they do not poll in lockstep; it only ever shortens a gap,
so it costs about `jitter / 2` more polls and never makes a poll late.

Retries of failed requests are a different job and keep their own backoff (`waiting.Backoff`). A
server's `Retry-After` and the operation's deadline are applied by the caller of `delay`: this
module only proposes a gap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

from .errors import ConfigurationError

__all__ = ["PollSchedule"]

# A relative slack on the counting bound, so float rounding of sums of gaps never makes an
# honest bound look broken by one poll at an exact boundary.
_SLACK = 1e-9
# The most doubling looks a schedule may take to reach its pace.
_DOUBLINGS = 64


@dataclass(frozen=True, slots=True)
class PollSchedule:
    """The gap before poll `n + 1`: quick looks doubling from `first` up to `pace`, plus `slope`
    seconds for every second `e` spent beyond `knee`, never above `cap`, shortened (never
    lengthened) by up to a fraction `jitter` of itself by the random draw `r` in [0, 1]:

        delay(n, e, r) = min(cap, min(first * 2**n, pace) + slope * max(0, e - knee)) * (1 - jitter * r)
    """

    first: float = 0.2
    pace: float = 0.9
    knee: float = 35.0
    slope: float = 0.1
    cap: float = 25.0
    jitter: float = 0.1

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
            ):
                raise ConfigurationError(
                    f"PollSchedule.{field.name} must be a finite number of seconds, not {value!r}."
                )
        if not 0 < self.first <= self.pace <= self.cap or self.pace > self.first * 2.0**_DOUBLINGS:
            raise ConfigurationError(
                f"PollSchedule needs 0 < first <= pace <= cap and pace <= first * 2**{_DOUBLINGS}, "
                f"got first={self.first!r}, pace={self.pace!r}, cap={self.cap!r}."
            )
        if self.knee < 0 or self.slope < 0:
            raise ConfigurationError(
                f"PollSchedule.knee and .slope must not be negative, got knee={self.knee!r}, "
                f"slope={self.slope!r}."
            )
        if not 0 <= self.jitter < 1:
            raise ConfigurationError(
                f"PollSchedule.jitter is a fraction in [0, 1), got {self.jitter!r}."
            )

    def scheduled(self, attempt: int, elapsed: float) -> float:
        """The gap the schedule allows after poll `attempt` (from 0), `elapsed` s in: no jitter."""
        # Past _DOUBLINGS looks the quick term has reached `pace` (checked on construction), so
        # clamping the exponent changes nothing but keeps `2.0 ** n` finite for any attempt.
        quick = min(self.pace, self.first * 2.0 ** min(max(attempt, 0), _DOUBLINGS))
        stretch = self.slope * max(0.0, elapsed - self.knee)
        return min(self.cap, quick + stretch)

    def delay(self, attempt: int, elapsed: float, rand: float) -> float:
        """Seconds to sleep after poll `attempt` saw "not yet", `elapsed` s in, `rand` in [0, 1]."""
        # A draw outside [0, 1] (or NaN) is a broken random source: poll on schedule rather than
        # late or at once.
        shorten = self.jitter * rand if 0.0 <= rand <= 1.0 else 0.0
        return self.scheduled(attempt, elapsed) * (1.0 - shorten)

    def max_polls(self, horizon: float) -> int:
        """The most polls a wait can send in its first `horizon` seconds, whatever the draws and the
        round trips: with `m = 1 - jitter`, `d` the number of doubling looks (`first * 2**d >= pace`),
        `h = horizon`, `v = min(cap, pace + slope * (h - knee))` and `e_cap` the time the gap reaches
        `cap`, at most

            d + (⌊min(h, knee) / (m * pace)⌋ + 1)                      until the knee
              + (⌊ln(v / pace) / ln(1 + m * slope)⌋ + 1)               while stretching, if h >= knee
              + (⌊(h - e_cap) / (m * cap)⌋ + 1)                        at the cap, if h >= e_cap

        so a project ready after `T` seconds is seen by poll `max_polls(T) + 1` at the latest.
        """
        if horizon < 0:
            return 0
        m = 1.0 - self.jitter
        doubling = 0
        while self.first * 2.0**doubling < self.pace:
            doubling += 1
        total = doubling + _points(min(horizon, self.knee), m * self.pace)
        if horizon < self.knee:
            return total
        beyond = horizon - self.knee
        if self.slope == 0 or self.pace == self.cap:
            return total + _points(beyond, m * self.pace)
        to_cap = (self.cap - self.pace) / self.slope  # from the knee until the gap reaches `cap`
        stretching = min(beyond, to_cap)
        # ln(v / pace) as log1p, so a tiny slope does not round the stretch away; the gaps there are
        # never below `m * pace` either, and the smaller of the two counts holds.
        geometric = _floor(
            math.log1p(self.slope * stretching / self.pace) / math.log1p(m * self.slope)
        )
        total += min(geometric + 1, _points(stretching, m * self.pace))
        if beyond >= to_cap:
            total += _points(beyond - to_cap, m * self.cap)
        return total


def _points(span: float, spacing: float) -> int:
    """How many instants at least `spacing` apart fit in a closed interval `span` long."""
    return _floor(span / spacing) + 1


def _floor(x: float) -> int:
    """floor(x), rounding a hair up first: an upper bound must survive float error in `x`."""
    return math.floor(x * (1 + _SLACK) + _SLACK)
