"""The readiness and retry policy: pure, so its properties are checked over every input."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
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


@given(attempt=attempts, elapsed=times)
def test_backoff_bound_is_non_decreasing_and_capped(attempt: int, elapsed: float) -> None:
    backoff = Backoff()
    bound = backoff.bound(attempt, elapsed)
    assert 0 < bound <= backoff.maximum
    assert backoff.bound(attempt + 1, elapsed) >= bound
    assert backoff.bound(attempt, elapsed + 1) >= bound


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
        attempt=attempt, elapsed=elapsed, timeout=timeout, rand=rand, retry_after=retry_after
    )
    if attempt + 1 >= 8 or elapsed >= timeout:
        assert delay is None
    if delay is not None:
        assert 0 <= delay <= timeout - elapsed


def test_expected_delay_grows_with_attempts_until_the_cap() -> None:
    """Full jitter draws from [0, bound): the mean is bound / 2, rising with attempts, then flat."""
    bounds = [Backoff().bound(n, elapsed=1e6) for n in range(10)]
    assert bounds == sorted(bounds)
    assert bounds[0] < bounds[-1] == Backoff().maximum
