"""Load each spec for schemathesis, pointed at the chosen target, and count what the suite did."""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest
import schemathesis
from provisionkit.fake import Fake
from schemathesis.schemas import BaseSchema

from contract_tests.settings import config
from contract_tests.target import FAKE_TOKEN, SPECS, Target, target

# What the run did, per API, for the summary `make conformance` prints (see conftest.py):
# cases by where they ran ("in-process", "socket", "stateful" steps), operations exercised.
CASES: dict[str, Counter[str]] = {"mittwald": Counter(), "foundry": Counter()}
OPERATIONS: dict[str, set[str]] = {"mittwald": set(), "foundry": set()}


@cache
def fake() -> Fake:
    """One fake for the whole suite, strict about its token and validating its own responses."""
    return Fake(seed=11, validate_responses=True, tokens={FAKE_TOKEN})


def load(api: str, *, stateful: bool = False) -> tuple[BaseSchema, Target]:
    chosen = target(api)
    pin = chosen.designated
    if chosen.kind == "fake" and stateful and api == "mittwald":
        # Generated server ids almost never exist, so create → get would rarely be followed.
        pin = fake().fixtures.mittwald_server
    schema = schemathesis.openapi.from_path(SPECS / f"{api}.yaml", config=config(chosen, pin=pin))
    if chosen.kind == "fake":
        schema.app = fake().app
    elif not chosen.allow_create:
        # Live and not opted in: no operation that could create a real project.
        schema = schema.exclude(method="POST")
    return schema, chosen


def reset_target(chosen: Target) -> None:
    if chosen.kind == "fake":
        fake().reset()


def skip_unless_runnable(chosen: Target, *, creates: bool = False) -> None:
    if chosen.skip_reason:
        pytest.skip(chosen.skip_reason)
    if creates and not chosen.allow_create:
        where = {
            "mittwald": "PROVISIONKIT_MITTWALD_SERVER_ID",
            "foundry": "PROVISIONKIT_FOUNDRY_SPACE_RID",
        }
        pytest.skip(
            f"live {chosen.api}: this run creates real projects; to allow it set "
            f"PROVISIONKIT_ALLOW_CREATE=1 and {where[chosen.api]}"
        )


def record(api: str, label: str, where: str = "in-process") -> None:
    CASES[api][where] += 1
    OPERATIONS[api].add(label)
