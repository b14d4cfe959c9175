"""The fake in-process: `Fake` (the knobs plus the app) and the httpx transports that reach it
without a socket, sync (on one event-loop thread the fake owns) and async."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import weakref
from collections.abc import Callable
from typing import Any, Self

import httpx

from .app import FakeApp, create_app
from .knobs import Knobs

__all__ = ["AsyncASGITransport", "Fake", "SyncASGITransport"]


class _LoopThread:
    """One event loop on a daemon thread, owned by a Fake, shared by its sync transports."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        thread = threading.Thread(
            target=self.loop.run_forever, name="provisionkit-fake", daemon=True
        )
        thread.start()
        self._finalizer = weakref.finalize(self, _stop_loop, self.loop, thread)

    def close(self) -> None:
        self._finalizer()


def _stop_loop(loop: asyncio.AbstractEventLoop, thread: threading.Thread) -> None:
    if loop.is_running():
        # Requests still in flight (e.g. a delay a client timed out on) end cancelled here, not
        # destroyed pending at garbage collection, which would warn at some unrelated later point.
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(_cancel_pending(), loop).result(timeout=5)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(timeout=5)
    loop.close()


async def _cancel_pending() -> None:
    pending = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)


class SyncASGITransport(httpx.BaseTransport):
    """Runs an ASGI app in-process for a blocking httpx.Client, on the fake's event-loop thread.

    httpx's own ASGITransport is async-only; this drives it from one long-lived loop, so app state
    bound to a loop (Connexion's) stays on one loop. Closing a client leaves the loop to the fake.
    """

    def __init__(self, app: Callable[..., Any], loop: _LoopThread) -> None:
        self._inner = httpx.ASGITransport(app=app)
        self._loop = loop

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def roundtrip() -> tuple[int, httpx.Headers, bytes]:
            response = await self._inner.handle_async_request(request)
            return response.status_code, response.headers, await response.aread()

        future = asyncio.run_coroutine_threadsafe(roundtrip(), self._loop.loop)
        try:
            status, headers, body = future.result(_read_timeout(request))
        except TimeoutError:
            future.cancel()
            raise httpx.ReadTimeout("the fake did not answer in time", request=request) from None
        return httpx.Response(status, headers=headers, content=body, request=request)


class AsyncASGITransport(httpx.ASGITransport):
    """httpx's ASGITransport, honouring the client's read timeout as a network would."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await asyncio.wait_for(
                super().handle_async_request(request), _read_timeout(request)
            )
        except TimeoutError:
            raise httpx.ReadTimeout("the fake did not answer in time", request=request) from None


def _read_timeout(request: httpx.Request) -> float | None:
    timeout: float | None = request.extensions.get("timeout", {}).get("read")
    return timeout


class Fake(Knobs):
    """The fake of both APIs, in-process: its knobs (see knobs.py), its ASGI `app`, and transports
    for httpx clients. `with Fake() as fake:` stops the sync transports' loop at the end."""

    def __init__(
        self,
        seed: int = 0,
        *,
        clock: Callable[[], float] | None = None,
        validate_responses: bool = False,
        tokens: set[str] | None = None,
    ) -> None:
        super().__init__(seed, clock=clock)
        self.app: FakeApp = create_app(self, validate_responses=validate_responses, tokens=tokens)
        self._loop: _LoopThread | None = None

    def async_transport(self) -> httpx.AsyncBaseTransport:
        return AsyncASGITransport(app=self.app)

    def sync_transport(self) -> httpx.BaseTransport:
        if self._loop is None:
            self._loop = _LoopThread()
        return SyncASGITransport(self.app, self._loop)

    def close(self) -> None:
        if self._loop is not None:
            self._loop.close()
            self._loop = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
