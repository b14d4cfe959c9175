"""Shared fixtures: one fake per session (building it parses both specs), reset around every test."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from provisionkit import Runtime
from provisionkit.fake import Fake, ManualClock

from tests.helpers import TOKEN

__all__ = ["TOKEN"]


@pytest.fixture(scope="session")
def session_fake() -> Iterator[Fake]:
    with Fake(seed=7, validate_responses=True, clock=ManualClock()) as fake:
        yield fake


@pytest.fixture
def fake(session_fake: Fake) -> Iterator[Fake]:
    session_fake.reset()
    yield session_fake
    session_fake.reset()


@pytest.fixture
def clock(fake: Fake) -> ManualClock:
    assert isinstance(fake.clock, ManualClock)
    return fake.clock


@pytest.fixture
def runtime(clock: ManualClock) -> Runtime:
    """Client time that is the fake's time: sleeping advances the fake's clock, nothing really waits."""

    async def async_sleep(seconds: float) -> None:
        clock.advance(seconds)
        await asyncio.sleep(0)

    return Runtime(clock=clock, sleep=clock.advance, async_sleep=async_sleep, rand=lambda: 0.5)
