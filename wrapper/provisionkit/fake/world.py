"""What both backends share: one seeded random source for every id, and one clock for every time.

Both APIs draw from the same source, in call order, so the same seed and the same calls give the
same ids across both; timestamps count from construction on the clock (with a manual clock, setting
it back to where it stood replays the same times: tests rely on `reset(); clock.now = start`).
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from .fixtures import Fixtures

__all__ = ["Backend", "World"]

EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
_SHORT_ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"


class World:
    """The seeded id source and the clock; `reset()` restarts the id sequence."""

    def __init__(self, seed: int = 0, clock: Callable[[], float] = time.monotonic) -> None:
        self.seed = seed
        self.clock = clock
        self._started = clock()
        self.reset()

    def reset(self) -> None:
        self.random = random.Random(self.seed)  # noqa: S311 - reproducible fake ids, not secrets

    def new_uuid(self) -> str:
        return str(uuid.UUID(int=self.random.getrandbits(128), version=4))

    def short_id(self, prefix: str) -> str:
        return prefix + "".join(self.random.choice(_SHORT_ID_ALPHABET) for _ in range(6))

    def now(self) -> datetime:
        return EPOCH + timedelta(seconds=self.clock() - self._started)

    def iso_now(self) -> str:
        return self.now().isoformat().replace("+00:00", "Z")


class Backend:
    """One API's state and rules over the shared world and fixtures; `reset()` empties its state."""

    def __init__(self, world: World, fixtures: Fixtures) -> None:
        self.world = world
        self.fixtures = fixtures
        self.reset()

    def reset(self) -> None:
        raise NotImplementedError
