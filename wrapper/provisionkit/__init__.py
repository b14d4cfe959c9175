"""provisionkit: create projects on mittwald mStudio and Palantir Foundry, and wait until they are usable."""

from __future__ import annotations

__all__: list[str] = []
