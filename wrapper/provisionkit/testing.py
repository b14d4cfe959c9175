"""Test a service that uses provisionkit: a pytest plugin, and `mock_provisionkit()` for any code.

```python
def test_shop_gets_a_project(mittwald_client, provisionkit_fake):
    project = mittwald_client.create_project(provisionkit_fake.fixtures.mittwald_server, "shop")
    assert project.is_ready
    assert len(provisionkit_fake.calls("project-create-project")) == 1

@mock_provisionkit()            # every client built inside, from_env() too, talks to the fake
def test_the_service_as_written():
    my_service.provision("shop")
```

Installed with provisionkit, the plugin (entry point `pytest11`) only defines fixtures: nothing of
the fake is imported until a test asks for one, so a service without the `fake` extra is unharmed.
One `Fake` is built per process (building parses both specs) and reset before every test; its
clock is manual and the clients' sleeps move it, so waiting for readiness costs no real time.

The module runs over 300 lines for now: the harness, its recording transports, the mock switch and
the fixtures are one public surface a service reads top to bottom; the next addition splits it.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import json
import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar, cast

import httpx
import pytest

from provisionkit import (
    AsyncFoundryClient,
    AsyncMittwaldClient,
    FoundryClient,
    MittwaldClient,
    Runtime,
)

if TYPE_CHECKING:
    from provisionkit.fake import Fake, ManualClock

__all__ = [
    "Call",
    "MockProvisionkit",
    "ProvisionkitFake",
    "async_foundry_client",
    "async_mittwald_client",
    "foundry_client",
    "mittwald_client",
    "mock_provisionkit",
    "provisionkit_fake",
    "provisionkit_mock",
]

P = ParamSpec("P")
R = TypeVar("R")

TOKEN = "provisionkit-test-token"  # noqa: S105 - the fake accepts any token; this one is recognisable
# What a client built inside mock_provisionkit() finds in the environment when the service set
# nothing: enough for from_env() to succeed. Only missing variables are filled in.
MOCK_ENV = {
    "MITTWALD_API_TOKEN": TOKEN,
    "FOUNDRY_TOKEN": TOKEN,
    "FOUNDRY_HOSTNAME": "foundry.provisionkit-fake.invalid",
}
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


class ProvisionkitFake:
    """The in-process fake as a service's tests use it: clients, recorded calls, validated faults.

    `.fake` is the underlying `provisionkit.fake.Fake` with every knob (readiness, visibility,
    preview-only, ...); `.clock` its manual clock; `.runtime` the client time that moves it.
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
        self._routes = _routes(self.fake)
        self._calls: list[Call] = []
        self._lock = threading.Lock()

    async def _async_sleep(self, seconds: float) -> None:
        self.clock.advance(seconds)
        await asyncio.sleep(0)  # still a suspension point, as a real sleep is

    # --- the seeded world and the fake's answers ------------------------------------------------

    @property
    def fixtures(self) -> Any:
        """The seeded ids: `.mittwald_server`, `.foundry_space`, ... (see `.fixtures.names`)."""
        return self.fake.fixtures

    @property
    def operation_ids(self) -> list[str]:
        """Every operationId of both specs: what `calls()` and `inject()` accept."""
        return sorted({operation for _, _, operation in self._routes})

    @property
    def fault_names(self) -> list[str]:
        from provisionkit.fake import Fault  # noqa: PLC0415 - an optional extra

        return [str(fault) for fault in Fault]

    def reset(self) -> None:
        """Back to the seeded world: no projects, no faults, default timing, no recorded calls."""
        self.fake.reset()
        with self._lock:
            self._calls.clear()

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

        An unknown operation id or fault name is a ValueError listing the valid ones, so a test
        cannot pass because its fault never fired.
        """
        self._check_operation(operation_id)
        if fault not in self.fault_names:
            raise ValueError(
                f"unknown fault {fault!r}; valid faults: {', '.join(self.fault_names)}"
            )
        self.fake.inject(operation_id, fault, times=times, **options)

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

    def mittwald_client(self, **options: Any) -> MittwaldClient:
        return MittwaldClient(TOKEN, **self._wired(options, self.sync_transport))

    def async_mittwald_client(self, **options: Any) -> AsyncMittwaldClient:
        return AsyncMittwaldClient(TOKEN, **self._wired(options, self.async_transport))

    def foundry_client(self, **options: Any) -> FoundryClient:
        options.setdefault("hostname", MOCK_ENV["FOUNDRY_HOSTNAME"])
        return FoundryClient(TOKEN, **self._wired(options, self.sync_transport))

    def async_foundry_client(self, **options: Any) -> AsyncFoundryClient:
        options.setdefault("hostname", MOCK_ENV["FOUNDRY_HOSTNAME"])
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


# --- mock_provisionkit: every client built inside talks to the fake -----------------------------

# Which transport each client class takes; the classes come from the top-level package only.
_CLIENT_KINDS: tuple[tuple[type, bool], ...] = (
    (MittwaldClient, True),
    (FoundryClient, True),
    (AsyncMittwaldClient, False),
    (AsyncFoundryClient, False),
)


class MockProvisionkit:
    """While active, every provisionkit client built without an explicit `transport=` talks to
    the in-process fake, with instant sleeps; `from_env()` works with nothing set. A context
    manager (`as` gives the `ProvisionkitFake`) and a decorator for sync and async functions."""

    def __init__(self, fake: ProvisionkitFake | None = None, *, reset: bool = True) -> None:
        self._given = fake
        self._reset = reset
        self._undo: list[Callable[[], None]] = []

    def __enter__(self) -> ProvisionkitFake:
        harness = self._given or shared_fake()
        if self._reset:
            harness.reset()
        for cls, sync in _CLIENT_KINDS:
            self._patch(cls, harness, sync)
        for name, value in MOCK_ENV.items():
            if name == "FOUNDRY_HOSTNAME" and os.environ.get("FOUNDRY_BASE_URL"):
                continue  # the service chose a base URL; a hostname beside it would be ignored
            if not os.environ.get(name):
                self._set_env(name, value)
        return harness

    def __exit__(self, *exc_info: object) -> None:
        while self._undo:
            self._undo.pop()()

    def _patch(self, cls: type, harness: ProvisionkitFake, sync: bool) -> None:
        own = cls.__dict__.get("__init__")
        original: Callable[..., None] = cls.__init__  # type: ignore[misc]

        @functools.wraps(original)
        def __init__(self: object, *args: Any, **kwargs: Any) -> None:
            if kwargs.get("transport") is None:
                kwargs["transport"] = (
                    harness.sync_transport() if sync else harness.async_transport()
                )
            if kwargs.get("runtime") is None:
                kwargs["runtime"] = harness.runtime
            original(self, *args, **kwargs)

        setattr(cls, "__init__", __init__)  # noqa: B010 - mypy refuses assigning a method

        def undo() -> None:
            if own is None:
                delattr(cls, "__init__")
            else:
                setattr(cls, "__init__", own)  # noqa: B010

        self._undo.append(undo)

    def _set_env(self, name: str, value: str) -> None:
        os.environ[name] = value

        def undo() -> None:
            os.environ.pop(name, None)

        self._undo.append(undo)

    def __call__(self, function: Callable[P, R]) -> Callable[P, R]:
        if inspect.iscoroutinefunction(function):

            @functools.wraps(function)
            async def run_async(*args: P.args, **kwargs: P.kwargs) -> Any:
                with MockProvisionkit(self._given, reset=self._reset):
                    return await function(*args, **kwargs)

            return cast(Callable[P, R], run_async)

        @functools.wraps(function)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            # A fresh instance per call: the decorated function may run many times, even nested.
            with MockProvisionkit(self._given, reset=self._reset):
                return function(*args, **kwargs)

        return run


def mock_provisionkit(
    fake: ProvisionkitFake | None = None, *, reset: bool = True
) -> MockProvisionkit:
    """Route every provisionkit client built inside to the in-process fake (like moto's mock_aws).

    Entering starts from the seeded world unless `reset=False`; `fake` defaults to the process's
    shared one, the same the pytest fixtures use.
    """
    return MockProvisionkit(fake, reset=reset)


# --- the pytest plugin --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _provisionkit_session_fake() -> ProvisionkitFake:
    try:
        return shared_fake()
    except ImportError as missing:
        pytest.fail(str(missing), pytrace=False)


@pytest.fixture
def provisionkit_fake(_provisionkit_session_fake: ProvisionkitFake) -> Iterator[ProvisionkitFake]:
    """The in-process fake of both APIs, in its seeded state; reset after the test too."""
    _provisionkit_session_fake.reset()
    yield _provisionkit_session_fake
    _provisionkit_session_fake.reset()


@pytest.fixture
def provisionkit_mock(provisionkit_fake: ProvisionkitFake) -> Iterator[ProvisionkitFake]:
    """mock_provisionkit() around the test: the service's own clients talk to the fake."""
    with MockProvisionkit(provisionkit_fake, reset=False):
        yield provisionkit_fake


@pytest.fixture
def mittwald_client(provisionkit_fake: ProvisionkitFake) -> Iterator[MittwaldClient]:
    with provisionkit_fake.mittwald_client() as client:
        yield client


@pytest.fixture
def foundry_client(provisionkit_fake: ProvisionkitFake) -> Iterator[FoundryClient]:
    with provisionkit_fake.foundry_client() as client:
        yield client


@pytest.fixture
def async_mittwald_client(provisionkit_fake: ProvisionkitFake) -> AsyncMittwaldClient:
    """Not closed afterwards: closing needs an event loop, and the fake holds no sockets."""
    return provisionkit_fake.async_mittwald_client()


@pytest.fixture
def async_foundry_client(provisionkit_fake: ProvisionkitFake) -> AsyncFoundryClient:
    """Not closed afterwards: closing needs an event loop, and the fake holds no sockets."""
    return provisionkit_fake.async_foundry_client()
