"""Sync and async clients behind one blocking face, so one suite runs against both."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

from provisionkit import (
    AsyncFoundryClient,
    AsyncMittwaldClient,
    FoundryClient,
    MittwaldClient,
    Runtime,
)
from provisionkit.fake import Fake

from tests.helpers import TOKEN

BASE_URL = "http://127.0.0.1:9"  # never dialled: the transport is the in-process fake


class Blocking:
    """Calls an async client's coroutines to completion, one event loop per call."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._client, name)
        if not inspect.iscoroutinefunction(method):
            return method

        def call(*args: Any, **kwargs: Any) -> Any:
            return asyncio.run(method(*args, **kwargs))

        return call


def mittwald(kind: str, fake: Fake, runtime: Runtime, **options: Any) -> Any:
    if kind == "sync":
        return MittwaldClient(
            TOKEN, base_url=BASE_URL, transport=fake.sync_transport(), runtime=runtime, **options
        )
    return Blocking(
        AsyncMittwaldClient(
            TOKEN, base_url=BASE_URL, transport=fake.async_transport(), runtime=runtime, **options
        )
    )


def foundry(kind: str, fake: Fake, runtime: Runtime, **options: Any) -> Any:
    if kind == "sync":
        return FoundryClient(
            TOKEN, base_url=BASE_URL, transport=fake.sync_transport(), runtime=runtime, **options
        )
    return Blocking(
        AsyncFoundryClient(
            TOKEN, base_url=BASE_URL, transport=fake.async_transport(), runtime=runtime, **options
        )
    )
