"""`ProvisionkitFake`: the in-process fake as a service's tests use it (clients wired to it, the
calls it received, faults checked by name and checked for having fired, the seeded ids typed).

Nothing of the fake is imported until a `ProvisionkitFake` is built, so importing this module (and
with it the pytest plugin) costs a service without the `fake` extra nothing.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

from provisionkit import (
    AsyncFoundryClient,
    AsyncMittwaldClient,
    FoundryClient,
    MittwaldClient,
    Runtime,
)

from .seeded import SeededIds

if TYPE_CHECKING:
    from provisionkit.fake import Fake, ManualClock

__all__ = ["FAKE_HOSTNAME", "TOKEN", "Call", "ProvisionkitFake", "shared_fake"]

TOKEN = "provisionkit-test-token"  # noqa: S105 - the in-process fake accepts any token; this one is recognisable
FAKE_HOSTNAME = "foundry.provisionkit-fake.invalid"  # .invalid: no resolver answers for it
MISSING_EXTRA = (
    "provisionkit's test fixtures run the in-process fake, which needs the 'fake' extra: "
    "pip install 'provisionkit[fake]'"
)


@dataclass(frozen=True, slots=True)
class Call:
    """One request a client sent to the fake, and how it ended."""

    operation_id: str | None  # the spec's operationId; None for a path neither spec has
    method: str
    path: str
    params: dict[str, str]
    body: Any  # the decoded JSON body, or None
    status: int | None  # None when the exchange failed (e.g. an injected drop)


@dataclass(frozen=True, slots=True)
class _Injected:
    operation_id: str
    fault: str
    times: int


class ProvisionkitFake:
    """The in-process fake as a service's tests use it: clients, recorded calls, validated faults.

    `.fake` is the underlying `provisionkit.fake.Fake` with every knob (readiness, visibility,
    preview-only, ...); `.clock` its manual clock; `.runtime` the client time that moves it.
    `.unmocked` lists the requests mock_provisionkit() refused since the last reset ("GET
    https://host/path"); a test that expects one empties it, any left fail the test at its end.
    """

    def __init__(self, seed: int = 0) -> None:
        try:
            from provisionkit.fake import Fake, ManualClock  # noqa: PLC0415 - an optional extra
        except ImportError as missing:
            raise ImportError(MISSING_EXTRA) from missing
        self.clock: ManualClock = ManualClock()
        self.fake: Fake = Fake(seed, clock=self.clock, validate_responses=True)
        self.runtime = Runtime(
            clock=self.clock, sleep=self.clock.advance, async_sleep=self._async_sleep, rand=_half
        )
        self.fixtures = SeededIds(**self.fake.fixtures.names)
        self.unmocked: list[str] = []
        self._routes = _routes(self.fake)
        self._calls: list[Call] = []
        self._injected: list[_Injected] = []
        self._lock = threading.Lock()
        self._sync_route: httpx.BaseTransport | None = None
        self._async_route: httpx.AsyncBaseTransport | None = None

    async def _async_sleep(self, seconds: float) -> None:
        self.clock.advance(seconds)
        await asyncio.sleep(0)  # still a suspension point, as a real sleep is

    # --- the seeded world and the fake's answers ------------------------------------------------

    @property
    def operation_ids(self) -> list[str]:
        """Every operationId of both specs: what `calls()` and `inject()` accept."""
        return sorted({operation for _, _, operation in self._routes})

    @property
    def fault_names(self) -> list[str]:
        from provisionkit.fake import Fault  # noqa: PLC0415 - an optional extra

        return [str(fault) for fault in Fault]

    def reset(self) -> None:
        """Back to the seeded world: no projects, no faults, default timing, nothing recorded."""
        self.fake.reset()
        with self._lock:
            self._calls.clear()
            self._injected.clear()
            self.unmocked.clear()

    def applied_creates(self, api: str | None = None) -> int:
        """How many creates the fake really applied ("mittwald", "foundry", or both)."""
        return self.fake.applied_creates(api)

    def deleted_projects(self, api: str | None = None) -> int:
        """How many projects were deleted (mittwald) or trashed (Foundry), per API or in all."""
        return self.fake.deleted_projects(api)

    def set_readiness(self, polls: int | None = None, seconds: float | None = None) -> None:
        """New mittwald projects turn ready after `polls` reads and `seconds` (those given)."""
        self.fake.set_readiness(polls=polls, seconds=seconds)

    # --- what was called ------------------------------------------------------------------------

    def calls(self, operation_id: str | None = None) -> list[Call]:
        """The calls so far, oldest first; only one operation's when its id is given."""
        if operation_id is not None:
            self._check_operation(operation_id)
        with self._lock:
            return [c for c in self._calls if operation_id in (None, c.operation_id)]

    def call_count(self, operation_id: str) -> int:
        return len(self.calls(operation_id))

    # --- faults ---------------------------------------------------------------------------------

    def inject(self, operation_id: str, fault: str, *, times: int = 1, **options: Any) -> None:
        """Make the next `times` calls of an operation fail as `fault` names (e.g. "drop_after").

        An unknown operation id or fault name is a ValueError listing the valid ones, and a fault
        still waiting, never fired, when the test ends fails it (see `unfired_faults`): a test
        cannot pass because its fault never happened.
        """
        self._check_operation(operation_id)
        if fault not in self.fault_names:
            raise ValueError(
                f"unknown fault {fault!r}; valid faults: {', '.join(self.fault_names)}"
            )
        self.fake.inject(operation_id, fault, times=times, **options)
        with self._lock:
            self._injected.append(_Injected(operation_id, fault, times))

    def unfired_faults(self) -> list[str]:
        """The faults injected through `inject()` that no call has met yet, as "fault on operation".

        The fake serves each operation's faults first in, first out, so the ones still pending
        are the last ones injected for it; one whose remaining count is still its `times` never
        fired (one that fired fewer times than asked did fire, and is not listed).
        """
        pending: dict[str, list[dict[str, Any]]] = self.fake.state()["faults"]
        with self._lock:
            injected = list(self._injected)
        unfired = []
        for operation, queue in pending.items():
            ours = [i for i in injected if i.operation_id == operation][-len(queue) :]
            # Faults put on `.fake` directly are older than ours or not ours: align from the end.
            for entry, mine in zip(reversed(queue), reversed(ours), strict=False):
                if entry["remaining"] == mine.times:
                    unfired.append(f"{mine.fault} on {operation}")
        return sorted(unfired)

    def _check_operation(self, operation_id: str) -> None:
        if operation_id not in self.operation_ids:
            raise ValueError(
                f"unknown operation id {operation_id!r}; valid ids: {', '.join(self.operation_ids)}"
            )

    # --- transports and clients wired to the fake -----------------------------------------------

    def sync_transport(self) -> httpx.BaseTransport:
        return _RecordingTransport(self, self.fake.sync_transport())

    def async_transport(self) -> httpx.AsyncBaseTransport:
        return _AsyncRecordingTransport(self, self.fake.async_transport())

    def answer(self, request: httpx.Request) -> httpx.Response:
        """The fake's answer to a request some other transport was about to send (the mock)."""
        if self._sync_route is None:
            self._sync_route = self.sync_transport()
        return self._sync_route.handle_request(request)

    async def answer_async(self, request: httpx.Request) -> httpx.Response:
        if self._async_route is None:
            self._async_route = self.async_transport()
        return await self._async_route.handle_async_request(request)

    def mittwald_client(self, **options: Any) -> MittwaldClient:
        return MittwaldClient(TOKEN, **self._wired(options, self.sync_transport))

    def async_mittwald_client(self, **options: Any) -> AsyncMittwaldClient:
        return AsyncMittwaldClient(TOKEN, **self._wired(options, self.async_transport))

    def foundry_client(self, **options: Any) -> FoundryClient:
        options.setdefault("hostname", FAKE_HOSTNAME)
        return FoundryClient(TOKEN, **self._wired(options, self.sync_transport))

    def async_foundry_client(self, **options: Any) -> AsyncFoundryClient:
        options.setdefault("hostname", FAKE_HOSTNAME)
        return AsyncFoundryClient(TOKEN, **self._wired(options, self.async_transport))

    def _wired(self, options: dict[str, Any], transport: Callable[[], object]) -> dict[str, Any]:
        """A client's keywords with the fake's transport and instant time, unless given."""
        if options.get("transport") is None:
            options["transport"] = transport()
        if options.get("runtime") is None:
            options["runtime"] = self.runtime
        return options

    def _record(self, request: httpx.Request, status: int | None) -> None:
        operation = self.fake.app.router.operation_id(request.method, request.url.path)
        try:
            body = json.loads(request.content) if request.content else None
        except (httpx.RequestNotRead, ValueError):
            body = None
        call = Call(
            operation, request.method, request.url.path, dict(request.url.params), body, status
        )
        with self._lock:
            self._calls.append(call)


def _half() -> float:
    """Jitter's random draw, fixed: the same test waits the same (fake) time every run."""
    return 0.5


def _routes(fake: Fake) -> list[tuple[str, re.Pattern[str], str]]:
    """(method, path pattern, operationId) for both specs, as the fake itself routes faults.

    The fake's router is read here and nowhere else in this module.
    """
    routes: list[tuple[str, re.Pattern[str], str]] = fake.app.router.routes
    return routes


class _RecordingTransport(httpx.BaseTransport):
    def __init__(self, owner: ProvisionkitFake, inner: httpx.BaseTransport) -> None:
        self._owner, self._inner = owner, inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = self._inner.handle_request(request)
        except Exception:
            self._owner._record(request, None)
            raise
        self._owner._record(request, response.status_code)
        return response

    def close(self) -> None:
        self._inner.close()


class _AsyncRecordingTransport(httpx.AsyncBaseTransport):
    def __init__(self, owner: ProvisionkitFake, inner: httpx.AsyncBaseTransport) -> None:
        self._owner, self._inner = owner, inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = await self._inner.handle_async_request(request)
        except Exception:
            self._owner._record(request, None)
            raise
        self._owner._record(request, response.status_code)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


_shared: ProvisionkitFake | None = None
_shared_lock = threading.Lock()


def shared_fake() -> ProvisionkitFake:
    """The process's one fake, built on first use (the fixtures and mock_provisionkit share it)."""
    global _shared  # noqa: PLW0603 - one fake per process is the point: building one costs ~0.2 s
    with _shared_lock:
        if _shared is None:
            _shared = ProvisionkitFake()
        return _shared
