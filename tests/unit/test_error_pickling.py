"""Every ProvisionError survives pickle with its type, message and fields, so worker pools and task
queues (Celery, RQ) hand the caller the same error, `created_id` included, instead of breaking."""

from __future__ import annotations

import concurrent.futures
import copy
import multiprocessing
import pickle
from collections.abc import Iterator

import pytest
from provisionkit.errors import ProvisionError

from tests.helpers.errors import error_classes, fields, raise_sample, samples

SAMPLES = samples()
# Bounds a pool's answer: before errors pickled, `multiprocessing.Pool.get()` waited forever.
POOL_TIMEOUT = 60.0


def test_every_error_class_has_a_sample() -> None:
    assert {c.__name__ for c in error_classes()} <= set(SAMPLES)


@pytest.mark.parametrize("name", sorted(SAMPLES))
@pytest.mark.parametrize("protocol", [2, pickle.HIGHEST_PROTOCOL])
def test_an_error_round_trips_through_pickle_with_every_field(name: str, protocol: int) -> None:
    error = SAMPLES[name]
    again = pickle.loads(pickle.dumps(error, protocol=protocol))
    assert fields(again) == fields(error)
    assert again.created_id == "p-created"
    assert again.__notes__ == ["raised in a worker"]


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_an_error_copies_with_every_field(name: str) -> None:
    """copy and deepcopy use the same reduce as pickle."""
    error = SAMPLES[name]
    assert fields(copy.copy(error)) == fields(error)
    assert fields(copy.deepcopy(error)) == fields(error)


@pytest.fixture(scope="module")
def executor() -> Iterator[concurrent.futures.ProcessPoolExecutor]:
    # spawn: a fork of the multi-threaded test process may deadlock (and warns on 3.12+).
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        yield pool


def test_errors_raised_in_a_process_pool_executor_arrive_whole(
    executor: concurrent.futures.ProcessPoolExecutor,
) -> None:
    futures = {name: executor.submit(raise_sample, name) for name in sorted(SAMPLES)}
    for name, future in futures.items():
        error = future.exception(timeout=POOL_TIMEOUT)
        assert isinstance(error, ProvisionError), name
        assert fields(error) == fields(SAMPLES[name]), name
    # The pool survived every error: it still runs work.
    assert executor.submit(pow, 2, 5).result(timeout=POOL_TIMEOUT) == 32


def test_errors_raised_in_a_multiprocessing_pool_arrive_whole() -> None:
    context = multiprocessing.get_context("spawn")
    pool = context.Pool(processes=1)
    try:
        pending = {name: pool.apply_async(raise_sample, (name,)) for name in sorted(SAMPLES)}
        for name, result in pending.items():
            with pytest.raises(ProvisionError) as caught:
                result.get(timeout=POOL_TIMEOUT)
            assert fields(caught.value) == fields(SAMPLES[name]), name
    finally:
        pool.terminate()
        pool.join()
