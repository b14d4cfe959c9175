"""Each async client is the exact twin of its sync client: same operations, signatures, docstrings."""

from __future__ import annotations

import inspect

import pytest
from provisionkit import AsyncFoundryClient, AsyncMittwaldClient, FoundryClient, MittwaldClient

TWINS = [
    pytest.param(MittwaldClient, AsyncMittwaldClient, id="mittwald"),
    pytest.param(FoundryClient, AsyncFoundryClient, id="foundry"),
]
# What differs on purpose: closing is `close` / `aclose`, as in httpx.
LIFECYCLE = {"close", "aclose"}


def operations(cls: type) -> dict[str, object]:
    return {
        name: member
        for name, member in inspect.getmembers(cls, inspect.isfunction)
        if not name.startswith("_") and name not in LIFECYCLE
    }


@pytest.mark.parametrize(("sync", "async_"), TWINS)
def test_both_twins_offer_the_same_operations(sync: type, async_: type) -> None:
    assert sorted(operations(sync)) == sorted(operations(async_))
    assert len(operations(sync)) >= 2


@pytest.mark.parametrize(("sync", "async_"), TWINS)
def test_each_async_operation_is_a_coroutine_function_with_the_sync_signature_and_docstring(
    sync: type, async_: type
) -> None:
    for name, method in operations(sync).items():
        twin = getattr(async_, name)
        if name == "from_env":
            continue  # a classmethod building either twin: one definition, shared
        assert inspect.iscoroutinefunction(twin), name
        assert not inspect.iscoroutinefunction(method), name
        assert inspect.signature(twin) == inspect.signature(method), name  # type: ignore[arg-type]
        assert inspect.getdoc(twin) == inspect.getdoc(method), name
        assert inspect.getdoc(method), f"{sync.__name__}.{name} has no docstring"


@pytest.mark.parametrize(("sync", "async_"), TWINS)
def test_the_constructors_take_the_same_arguments(sync: type, async_: type) -> None:
    assert inspect.signature(sync) == inspect.signature(async_)
    assert "request_timeout" in inspect.signature(sync).parameters
