"""The suite's schemathesis configuration lives in the package (provisionkit.conformance.settings),
so `make conformance` and any service's `provisionkit conformance` run the same one."""

from __future__ import annotations

from provisionkit.conformance.settings import EXCEPTIONS, config

__all__ = ["EXCEPTIONS", "config"]
