"""The knobs tests turn, implemented once: `Fake` inherits them and the `/__fake__` control routes call
them (control.py is only a JSON adapter). Every knob checks its arguments' types and values, so a
bad one is a ValueError here and a 400 there, and never reaches the state."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from .faults import Fault, FaultPlan
from .fixtures import Fixtures, default_fixtures
from .foundry_backend import FoundryBackend
from .mittwald_backend import MittwaldBackend
from .specs import OperationRouter
from .timing import ManualClock, Readiness, Visibility
from .world import World

__all__ = ["APIS", "Knobs", "NotAManualClock"]

APIS = ("mittwald", "foundry")


class NotAManualClock(RuntimeError):
    """`advance_clock` on a fake that runs on the real clock (the control API answers 409)."""


def _count(name: str, value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a whole number >= 0 or null, got {value!r}")
    return value


def _seconds(name: str, value: object) -> float | None:
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value < 0
    ):
        raise ValueError(f"{name} must be a number of seconds >= 0 or null, got {value!r}")
    return float(value) if isinstance(value, float) else value


class Knobs:
    """The fake's state (both backends over one seeded world, the queued faults) and its knobs."""

    def __init__(
        self,
        seed: int = 0,
        *,
        clock: Callable[[], float] | None = None,
        fixtures: Fixtures | None = None,
    ) -> None:
        self.world = World(self._seed(seed), clock or time.monotonic)
        self.fixtures = fixtures or default_fixtures()
        self.mittwald = MittwaldBackend(self.world, self.fixtures)
        self.foundry = FoundryBackend(self.world, self.fixtures)
        self.router = OperationRouter()
        self.faults = FaultPlan(self.router.operation_ids)

    @property
    def clock(self) -> Callable[[], float]:
        """The fake's clock (a `ManualClock` if it was built with one)."""
        return self.world.clock

    @staticmethod
    def _seed(seed: object) -> int:
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise ValueError(f"seed must be a whole number, got {seed!r}")
        return seed

    def reset(self) -> None:
        """Back to the seeded state: no projects, no faults, default timing, the same id sequence."""
        self.world.reset()
        self.mittwald.reset()
        self.foundry.reset()
        self.faults.clear()

    def reseed(self, seed: int) -> None:
        """Start over as if built with another seed (state, faults and the id sequence)."""
        self.world.seed = self._seed(seed)
        self.reset()

    def inject(
        self, operation_id: str, fault: Fault | str, *, times: int = 1, **options: Any
    ) -> None:
        """Make the next `times` calls of an operation fail as `fault` says (see faults.py).

        Unknown operation ids, faults or options are a ValueError listing the valid ones."""
        self.faults.inject(operation_id, fault, times=times, **options)

    def set_readiness(self, polls: int | None = None, seconds: float | None = None) -> None:
        """mittwald projects turn ready after `polls` get-project reads and `seconds` (those set)."""
        self.mittwald.readiness = Readiness(_count("polls", polls), _seconds("seconds", seconds))

    def set_visibility_window(self, polls: int | None = None, seconds: float | None = None) -> None:
        """get-project answers 403 for this long after create, unless `if-event-reached` is sent."""
        self.mittwald.visibility = Visibility(_count("polls", polls), _seconds("seconds", seconds))

    def set_foundry_preview_only(self, enabled: bool = True) -> None:
        """Play a legacy Foundry on which create needs `?preview=true` (ApiFeaturePreviewUsageOnly)."""
        if not isinstance(enabled, bool):
            raise ValueError(f"enabled must be true or false, got {enabled!r}")
        self.foundry.preview_only = enabled

    def advance_clock(self, seconds: float) -> None:
        """Move a fake built on a `ManualClock`; on the real clock this is NotAManualClock."""
        clock = self.world.clock
        if not isinstance(clock, ManualClock):
            raise NotAManualClock("this fake runs on the real clock; start it with a ManualClock")
        moved = _seconds("advance", seconds)
        if moved is None:
            raise ValueError("advance must be a number of seconds >= 0, got None")
        clock.advance(moved)

    def applied_creates(self, api: str | None = None) -> int:
        """How many creates the fake really applied ("mittwald", "foundry", or both)."""
        return _per_api(api, self.mittwald.applied, self.foundry.applied)

    def deleted_projects(self, api: str | None = None) -> int:
        """How many projects were deleted (mittwald) or moved to the trash (Foundry; trashing a
        trashed project again is not counted), per API or in all."""
        return _per_api(api, self.mittwald.deleted, self.foundry.trashed)

    def state(self) -> dict[str, Any]:
        """Applied creates (in all, per server or space), deleted (or trashed) projects, project
        counts (trashed Foundry projects still count: they exist), pending faults, timing."""
        return {
            "applied_creates": {"mittwald": self.mittwald.applied, "foundry": self.foundry.applied},
            "deleted_projects": {
                "mittwald": self.mittwald.deleted,
                "foundry": self.foundry.trashed,
            },
            "projects": {
                "mittwald": len(self.mittwald.projects),
                "foundry": len(self.foundry.projects),
            },
            "applied_per_target": {
                **self.mittwald.applied_per_server,
                **self.foundry.applied_per_space,
            },
            "faults": self.faults.pending(),
            "foundry_preview_only": self.foundry.preview_only,
            "readiness": asdict(self.mittwald.readiness),
            "visibility": asdict(self.mittwald.visibility),
        }


def _per_api(api: str | None, mittwald: int, foundry: int) -> int:
    if api is None:
        return mittwald + foundry
    if api == "mittwald":
        return mittwald
    if api == "foundry":
        return foundry
    raise ValueError(f"api must be one of {', '.join(APIS)} or omitted, got {api!r}")
