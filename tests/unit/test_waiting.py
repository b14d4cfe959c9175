"""The readiness and retry policy: pure, so its properties are checked over every input."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from provisionkit.responses import retry_after_seconds
from provisionkit.schedule import PollSchedule
from provisionkit.waiting import Action, Backoff, Observation, decide, retry_delay

attempts = st.integers(min_value=0, max_value=10_000)
times = st.floats(min_value=0, max_value=10_000, allow_nan=False)
timeouts = st.floats(min_value=0.001, max_value=10_000, allow_nan=False)
rands = st.floats(min_value=0, max_value=1, exclude_max=True)
retry_afters = st.none() | st.floats(min_value=0, max_value=20_000, allow_nan=False)


@given(attempt=attempts, elapsed=times, timeout=timeouts, rand=rands, retry_after=retry_afters)
def test_policy_never_sleeps_past_the_deadline(
    attempt: int, elapsed: float, timeout: float, rand: float, retry_after: float | None
) -> None:
    decision = decide(
        Observation.PENDING,
        attempt=attempt,
        elapsed=elapsed,
        timeout=timeout,
        rand=rand,
        retry_after=retry_after,
    )
    if decision.action == "sleep":
        assert 0 <= decision.seconds <= timeout - elapsed
    else:
        assert decision.action == "give_up"


@given(attempt=attempts, elapsed=times, timeout=timeouts, rand=rands, retry_after=retry_afters)
def test_policy_honours_retry_after_or_gives_up(
    attempt: int, elapsed: float, timeout: float, rand: float, retry_after: float | None
) -> None:
    decision = decide(
        Observation.PENDING,
        attempt=attempt,
        elapsed=elapsed,
        timeout=timeout,
        rand=rand,
        retry_after=retry_after,
    )
    if retry_after is not None and decision.action == "sleep":
        assert decision.seconds >= retry_after


@given(attempt=attempts, elapsed=times, timeout=timeouts, rand=rands)
def test_terminal_states_end_the_wait_on_the_first_observation(
    attempt: int, elapsed: float, timeout: float, rand: float
) -> None:
    for observation, action in ((Observation.READY, "ready"), (Observation.FAILED, "failed")):
        assert (
            decide(observation, attempt=attempt, elapsed=elapsed, timeout=timeout, rand=rand).action
            == action
        )


@given(attempt=attempts)
def test_backoff_bound_is_non_decreasing_and_capped(attempt: int) -> None:
    backoff = Backoff()
    bound = backoff.bound(attempt)
    assert 0 < bound <= backoff.maximum
    assert backoff.bound(attempt + 1) >= bound


@given(attempt=attempts, rand=rands)
def test_a_retry_waits_at_least_half_its_bound(attempt: int, rand: float) -> None:
    """Equal jitter: no draw bunches retries up (the first ones spread over the deadline)."""
    backoff = Backoff()
    assert backoff.bound(attempt) / 2 <= backoff.jittered(attempt, rand) <= backoff.bound(attempt)


def test_the_first_five_retries_outlast_a_3_s_restart() -> None:
    """Whatever the draws, five retries (six requests) span more than 3 s: a restart of the API
    that short is ridden out (issue 11: eight retries used to fit in about 1 s)."""
    assert sum(Backoff().jittered(n, rand=0.999999) for n in range(5)) > 3.0


@given(attempt=attempts, elapsed=times, rand=rands)
def test_a_pending_poll_sleeps_what_the_poll_schedule_says_never_longer(
    attempt: int, elapsed: float, rand: float
) -> None:
    """With time to spare and no Retry-After, the readiness sleep is the schedule's jittered gap,
    which is never more than its un-jittered gap (no poll later than scheduled)."""
    schedule = PollSchedule()
    decision = decide(Observation.PENDING, attempt=attempt, elapsed=elapsed, timeout=1e9, rand=rand)
    assert decision.action is Action.SLEEP
    assert decision.seconds == schedule.delay(attempt, elapsed, rand)
    assert decision.seconds <= schedule.scheduled(attempt, elapsed)


@given(attempt=attempts, elapsed=times, rand=rands)
def test_decide_uses_the_schedule_it_is_given(attempt: int, elapsed: float, rand: float) -> None:
    slow = PollSchedule(first=2.0, pace=2.0, cap=60.0, jitter=0.0)
    decision = decide(
        Observation.PENDING,
        attempt=attempt,
        elapsed=elapsed,
        timeout=1e9,
        rand=rand,
        schedule=slow,
    )
    assert decision.seconds == slow.scheduled(attempt, elapsed) >= 2.0


@given(
    timeout=st.floats(min_value=0.01, max_value=120), rands=st.lists(rands, min_size=1, max_size=50)
)
def test_a_whole_wait_sleeps_at_most_its_timeout_in_total(
    timeout: float, rands: list[float]
) -> None:
    elapsed, attempt = 0.0, 0
    while True:
        decision = decide(
            Observation.PENDING,
            attempt=attempt,
            elapsed=elapsed,
            timeout=timeout,
            rand=rands[attempt % len(rands)],
        )
        if decision.action != "sleep":
            break
        assert decision.seconds > 0 or elapsed + decision.seconds >= timeout
        elapsed += decision.seconds
        attempt += 1
    assert elapsed <= timeout + 1e-9


@given(attempt=attempts, elapsed=times, timeout=timeouts, rand=rands, retry_after=retry_afters)
def test_request_retries_stay_within_the_deadline_and_attempt_budget(
    attempt: int, elapsed: float, timeout: float, rand: float, retry_after: float | None
) -> None:
    delay = retry_delay(
        attempt=attempt,
        elapsed=elapsed,
        timeout=timeout,
        rand=rand,
        retry_after=retry_after,
        max_attempts=8,
    )
    if attempt + 1 >= 8 or elapsed >= timeout:
        assert delay is None
    if delay is not None:
        assert 0 <= delay <= timeout - elapsed


@given(attempt=attempts, elapsed=times, timeout=timeouts, rand=rands)
def test_without_a_budget_only_the_deadline_stops_retries(
    attempt: int, elapsed: float, timeout: float, rand: float
) -> None:
    delay = retry_delay(attempt=attempt, elapsed=elapsed, timeout=timeout, rand=rand)
    assert (delay is None) == (elapsed >= timeout)


def test_expected_delay_grows_with_attempts_until_the_cap() -> None:
    bounds = [Backoff().bound(n) for n in range(10)]
    assert bounds == sorted(bounds)
    assert bounds[0] < bounds[-1] == Backoff().maximum


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        pytest.param("7", 7.0, id="seconds"),
        pytest.param("Wed, 21 Oct 2015 07:28:07 GMT", 7.0, id="http-date"),
        pytest.param("Wednesday, 21-Oct-15 07:28:07 GMT", 7.0, id="rfc850-date"),
        pytest.param("Wed Oct 21 07:28:07 2015", 7.0, id="asctime-date"),
        pytest.param("Wed, 21 Oct 2015 07:27:00 GMT", 0.0, id="date-in-the-past"),
        pytest.param("soon", None, id="garbage"),
        pytest.param("nan", None, id="nan"),
        pytest.param("86400", None, id="a-day"),
    ],
)
def test_retry_after_is_read_in_every_form_rfc_9110_allows(
    value: str, seconds: float | None
) -> None:
    now = datetime.datetime(2015, 10, 21, 7, 28, 0, tzinfo=datetime.UTC).timestamp()
    assert retry_after_seconds({"retry-after": value}, now=now) == seconds
