"""`Fake`: the fake's Python face (the control API mirrors it), its in-process transports, and `serve`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import weakref
from collections.abc import Callable
from typing import Any, Self

import httpx

from .app import FakeApp, create_app
from .control import state_of
from .faults import ConnectionDropped, ConnectionRefused, Fault
from .fixtures import Fixtures
from .state import FakeBackend
from .timing import Readiness, Visibility

__all__ = ["AsyncASGITransport", "Fake", "SyncASGITransport", "serve"]


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


class Fake:
    """The fake of both APIs, its state, and the knobs tests turn."""

    def __init__(
        self,
        seed: int = 0,
        *,
        clock: Callable[[], float] | None = None,
        validate_responses: bool = False,
        tokens: set[str] | None = None,
    ) -> None:
        self.backend = (
            FakeBackend(seed=seed) if clock is None else FakeBackend(seed=seed, clock=clock)
        )
        self.app: FakeApp = create_app(
            self.backend, validate_responses=validate_responses, tokens=tokens
        )
        self._loop: _LoopThread | None = None

    @property
    def fixtures(self) -> Fixtures:
        return self.backend.fixtures

    def async_transport(self) -> httpx.AsyncBaseTransport:
        return AsyncASGITransport(app=self.app)

    def sync_transport(self) -> httpx.BaseTransport:
        if self._loop is None:
            self._loop = _LoopThread()
        return SyncASGITransport(self.app, self._loop)

    def reset(self) -> None:
        self.backend.reset()
        self.app.faults.clear()

    def inject(
        self, operation_id: str, fault: Fault | str, *, times: int = 1, **options: Any
    ) -> None:
        """Make the next `times` calls of an operation fail as `fault` says (see faults.py)."""
        self.app.faults.inject(operation_id, fault, times=times, **options)

    def reseed(self, seed: int) -> None:
        """Start over as if built with another seed (state, faults and the id sequence)."""
        self.backend.reseed(seed)
        self.app.faults.clear()

    def set_foundry_preview_only(self, enabled: bool = True) -> None:
        """Play a legacy Foundry on which create needs `?preview=true` (ApiFeaturePreviewUsageOnly)."""
        self.backend.foundry_preview_only = enabled

    def applied_creates(self, api: str | None = None) -> int:
        """How many creates the fake really applied ("mittwald", "foundry", or both)."""
        return self.backend.applied_creates(api)

    def set_readiness(self, polls: int | None = None, seconds: float | None = None) -> None:
        """mittwald projects turn ready after `polls` get-project reads and `seconds` (those set)."""
        self.backend.readiness = Readiness(polls=polls, seconds=seconds)

    def set_visibility_window(self, polls: int | None = None, seconds: float | None = None) -> None:
        """get-project answers 403 for this long after create, unless `if-event-reached` is sent."""
        self.backend.visibility = Visibility(polls=polls, seconds=seconds)

    def state(self) -> dict[str, Any]:
        return state_of(self.app)

    def close(self) -> None:
        if self._loop is not None:
            self._loop.close()
            self._loop = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def serve(
    host: str = "127.0.0.1",
    port: int = 8080,
    *,
    seed: int = 0,
    log_level: str = "warning",
    **options: Any,
) -> None:
    """Run the fake over HTTP with uvicorn until Ctrl-C; prints its URL and the ids to try."""
    import uvicorn  # noqa: PLC0415 - only the server needs it, not in-process use

    fake = Fake(seed, **options)
    url = f"http://{host}:{port}"
    print(f"provisionkit fake of mittwald (/v2) and Foundry (/api/v2) on {url}", flush=True)
    # Never the tokens themselves: only whether a list restricts them.
    accepted = "any non-empty" if options.get("tokens") is None else "only a configured"
    print(f"{accepted} Bearer token is accepted; seeded ids:", flush=True)
    for name, value in fake.fixtures.names.items():
        print(f"  {name:36} {value}", flush=True)
    print(f"control API: {url}/__fake__/state  (Ctrl-C stops)", flush=True)
    config = uvicorn.Config(fake.app, host=host, port=port, log_level=log_level, access_log=False)
    # uvicorn logs every exception an app raises; the fake's drops are on purpose, not errors.
    logging.getLogger("uvicorn.error").addFilter(_quiet_drops)
    # uvicorn re-raises Ctrl-C after its graceful shutdown; for the fake that is simply the end.
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.Server(config).run()


def _quiet_drops(record: logging.LogRecord) -> bool:
    error = record.exc_info[1] if record.exc_info else None
    return not isinstance(error, ConnectionDropped | ConnectionRefused)
