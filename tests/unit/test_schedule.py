"""The readiness poll schedule: pure, so each guarantee is checked over every input."""

from __future__ import annotations

import math
from itertools import cycle

import pytest
from hypothesis import given
from hypothesis import strategies as st
from provisionkit.errors import ConfigurationError
from provisionkit.schedule import PollSchedule

attempts = st.integers(min_value=0, max_value=10_000)
times = st.floats(min_value=0, max_value=100_000, allow_nan=False)
rands = st.floats(min_value=0, max_value=1)
# Any draw at all, as a broken random source might hand over.
any_rands = st.floats(allow_nan=True, allow_infinity=True)


@st.composite
def schedules(draw: st.DrawFn, *, max_jitter: float = 0.99) -> PollSchedule:
    """Valid configurations, from the default to odd but legal corners (slope 0, pace == cap)."""
    first = draw(st.floats(min_value=0.05, max_value=5))
    pace = first * draw(st.sampled_from([1.0, 1.5]) | st.floats(min_value=1, max_value=50))
    cap = pace * draw(st.sampled_from([1.0]) | st.floats(min_value=1, max_value=100))
    return PollSchedule(
        first=first,
        pace=pace,
        knee=draw(st.sampled_from([0.0]) | st.floats(min_value=0, max_value=200)),
        slope=draw(st.sampled_from([0.0]) | st.floats(min_value=0, max_value=2)),
        cap=cap,
        jitter=draw(st.sampled_from([0.0]) | st.floats(min_value=0, max_value=max_jitter)),
    )


@given(
    schedule=schedules() | st.just(PollSchedule()), attempt=attempts, elapsed=times, rand=any_rands
)
def test_no_poll_is_later_than_the_schedule(
    schedule: PollSchedule, attempt: int, elapsed: float, rand: float
) -> None:
    """Jitter only shortens a gap, whatever the draw (even NaN or out of range)."""
    assert schedule.delay(attempt, elapsed, rand) <= schedule.scheduled(attempt, elapsed)


@given(
    schedule=schedules() | st.just(PollSchedule()), attempt=attempts, elapsed=times, rand=any_rands
)
def test_gaps_are_positive_and_never_above_the_cap(
    schedule: PollSchedule, attempt: int, elapsed: float, rand: float
) -> None:
    """Never a busy loop against the API (at least (1 - jitter) * first), never more than `cap`."""
    delay = schedule.delay(attempt, elapsed, rand)
    assert (1 - schedule.jitter) * schedule.first * (1 - 1e-12) <= delay <= schedule.cap


@given(
    schedule=schedules() | st.just(PollSchedule()),
    attempt=attempts,
    elapsed=times,
    more_attempts=st.integers(min_value=0, max_value=100),
    more_time=st.floats(min_value=0, max_value=10_000),
)
def test_scheduled_gaps_never_shrink(
    schedule: PollSchedule, attempt: int, elapsed: float, more_attempts: int, more_time: float
) -> None:
    """A later poll, later in the wait, is never scheduled sooner than an earlier one."""
    assert schedule.scheduled(attempt + more_attempts, elapsed + more_time) >= schedule.scheduled(
        attempt, elapsed
    )


@given(
    schedule=schedules(max_jitter=0.5) | st.just(PollSchedule()),
    horizon=st.floats(min_value=0, max_value=200),
    start=st.floats(min_value=0, max_value=50),
    draws=st.lists(rands, min_size=1, max_size=16),
    round_trips=st.lists(st.floats(min_value=0, max_value=2), min_size=1, max_size=16),
)
def test_polls_within_a_horizon_are_bounded_by_max_polls(
    schedule: PollSchedule,
    horizon: float,
    start: float,
    draws: list[float],
    round_trips: list[float],
) -> None:
    """Whatever the draws and round trips, a wait sends at most `max_polls(h)` polls in h seconds."""
    elapsed, polls, rand, rtt = start, 0, cycle(draws), cycle(round_trips)
    while elapsed <= horizon:
        polls += 1
        elapsed += schedule.delay(polls - 1, elapsed, next(rand)) + next(rtt)
    assert polls <= schedule.max_polls(horizon)


def test_a_ten_minute_wait_sends_at_most_a_fifth_of_what_one_second_polling_sends() -> None:
    """The default's worst case over 660 s (600 s + 10 %) is under 660 / 5 polls, whatever the draws."""
    assert PollSchedule().max_polls(660) <= 660 / 5


@given(schedule=schedules() | st.just(PollSchedule()), attempt=attempts, elapsed=times, rand=rands)
def test_the_same_inputs_give_the_same_delay(
    schedule: PollSchedule, attempt: int, elapsed: float, rand: float
) -> None:
    """Determinism: the schedule holds no state, so a replay with the same draws polls alike."""
    twin = PollSchedule(**{name: getattr(schedule, name) for name in schedule.__slots__})
    assert schedule.delay(attempt, elapsed, rand) == twin.delay(attempt, elapsed, rand)
    assert schedule.delay(attempt, elapsed, rand) == schedule.delay(attempt, elapsed, rand)


def test_the_default_looks_quickly_then_keeps_its_pace_then_stretches() -> None:
    """The documented shape: 0.2, 0.4, 0.8 s, then 0.9 s until 35 s, then +0.1 s per s, capped at 25 s."""
    schedule = PollSchedule()
    assert [schedule.scheduled(n, 1.0) for n in range(5)] == [0.2, 0.4, 0.8, 0.9, 0.9]
    assert schedule.scheduled(30, 35.0) == 0.9
    assert schedule.scheduled(40, 45.0) == pytest.approx(1.9)
    assert schedule.scheduled(90, 600.0) == 25.0
    assert schedule.delay(90, 600.0, 1.0) == pytest.approx(22.5)


@pytest.mark.parametrize(
    "settings",
    [
        pytest.param({"first": 0.0}, id="first-zero"),
        pytest.param({"first": 2.0, "pace": 1.0}, id="first-above-pace"),
        pytest.param({"pace": 30.0, "cap": 25.0}, id="pace-above-cap"),
        pytest.param({"first": 1e-30}, id="too-many-doublings"),
        pytest.param({"knee": -1.0}, id="negative-knee"),
        pytest.param({"slope": -0.1}, id="negative-slope"),
        pytest.param({"jitter": 1.0}, id="jitter-one"),
        pytest.param({"jitter": -0.1}, id="negative-jitter"),
        pytest.param({"cap": math.inf}, id="infinite-cap"),
        pytest.param({"pace": math.nan}, id="nan-pace"),
        pytest.param({"knee": True}, id="bool-knee"),
        pytest.param({"slope": "0.1"}, id="string-slope"),
    ],
)
def test_a_nonsensical_schedule_is_refused(settings: dict[str, object]) -> None:
    """A schedule that could busy-loop, never grow, or sleep forever is a ConfigurationError."""
    with pytest.raises(ConfigurationError, match="PollSchedule"):
        PollSchedule(**settings)  # type: ignore[arg-type]
