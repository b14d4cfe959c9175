"""`mock_provisionkit()`: while active, every provisionkit client talks to the in-process fake and
no request leaves the machine through httpx (moto's `mock_aws`, with respx's `assert_all_mocked`).

This module is the face: a context manager, a decorator of functions and test classes, and the
checks a mocked test must pass when it ends. What it switches while active is in switches.py.
"""

from __future__ import annotations

import functools
import inspect
import unittest
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any, TypeVar, cast, overload

from .harness import ProvisionkitFake, shared_fake
from .switches import ALLOW_HINT, SWITCH, UnmockedRequest

__all__ = ["MockProvisionkit", "UnfiredFaults", "mock_provisionkit"]

F = TypeVar("F", bound=Callable[..., Any])
C = TypeVar("C", bound=type)

SETUPS = ("setUp", "setup_method")
TEARDOWNS = ("tearDown", "teardown_method")


class UnfiredFaults(AssertionError):
    """Raised at the end of a mocked test when a fault it injected never fired."""


class MockProvisionkit:
    """While active, provisionkit clients talk to the fake and nothing else leaves through httpx.

    A context manager (`as` gives the `ProvisionkitFake`) and a decorator for sync and async
    functions and for test classes (each `test*` method runs inside it; `setUp`/`setup_method`
    start from the seeded world, as moto's class decorator does). Leaving it, a fault injected
    inside and never fired, or a refused request the code swallowed, fails (`UnfiredFaults`,
    `UnmockedRequest`), unless an error is already on its way out.
    """

    def __init__(
        self,
        fake: ProvisionkitFake | None = None,
        *,
        reset: bool = True,
        allow_hosts: Iterable[str] = (),
        allow_unfired_faults: bool = False,
    ) -> None:
        if isinstance(allow_hosts, str):
            raise TypeError("allow_hosts is a list of host names, not one string")
        self._given = fake
        self._reset = reset
        self.allow_hosts = frozenset(host.lower() for host in allow_hosts)
        self.allow_unfired_faults = allow_unfired_faults
        self._harness: ProvisionkitFake | None = None

    @property
    def fake(self) -> ProvisionkitFake:
        if self._harness is None:
            raise RuntimeError("mock_provisionkit() is not active")
        return self._harness

    def _again(self, *, reset: bool | None = None, check: bool | None = None) -> MockProvisionkit:
        """A fresh instance with the same settings: a decorated function may run many times,
        even nested in itself."""
        return MockProvisionkit(
            self._given,
            reset=self._reset if reset is None else reset,
            allow_hosts=self.allow_hosts,
            allow_unfired_faults=self.allow_unfired_faults if check is None else not check,
        )

    # --- as a context manager -------------------------------------------------------------------

    def __enter__(self) -> ProvisionkitFake:
        if self._harness is not None:
            raise RuntimeError("this mock_provisionkit() is already active; use a new one")
        harness = self._given or shared_fake()
        if self._reset:
            harness.reset()
        self._harness = harness
        SWITCH.push(self)
        return harness

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        harness = self.fake
        SWITCH.pop(self)
        self._harness = None
        if kind is None:
            self.check(harness)

    def check(self, harness: ProvisionkitFake) -> None:
        """What must hold when a mocked test ends: no refused request left unseen, no fault that
        never fired (unless allowed)."""
        if harness.unmocked:
            refused = "; ".join(harness.unmocked)
            raise UnmockedRequest(
                f"requests were refused as not mocked and the code went on: {refused}. "
                f"{ALLOW_HINT} (A test that expects the refusal empties fake.unmocked.)"
            )
        unfired = harness.unfired_faults()
        if unfired and not self.allow_unfired_faults:
            raise UnfiredFaults(
                f"injected but never fired: {', '.join(unfired)}. The code under test never made "
                "the call the fault waits for, so the test did not test what it says. If that is "
                "intended, pass mock_provisionkit(allow_unfired_faults=True) or mark the test "
                "@pytest.mark.provisionkit(allow_unfired_faults=True)."
            )

    # --- as a decorator -------------------------------------------------------------------------

    @overload
    def __call__(self, target: C) -> C: ...
    @overload
    def __call__(self, target: F) -> F: ...
    def __call__(self, target: Any) -> Any:
        if inspect.isclass(target):
            return self._decorate_class(target)
        return self._decorate(target)

    def _decorate(self, function: F, *, reset: bool | None = None, check: bool | None = None) -> F:
        if inspect.iscoroutinefunction(function):

            @functools.wraps(function)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                with self._again(reset=reset, check=check):
                    return await function(*args, **kwargs)

            return cast(F, run_async)

        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            with self._again(reset=reset, check=check):
                return function(*args, **kwargs)

        return cast(F, run)

    def _decorate_class(self, cls: C) -> C:
        """Every `test*` method (inherited ones too) runs inside the mock. When the class has a
        setup method of its own, the mock starts from the seeded world there and the tests keep
        what it built; otherwise each test starts from it. The class itself is returned (a
        function in its place would make pytest collect nothing from it)."""
        own = [c for c in cls.__mro__ if c not in (object, unittest.TestCase)]
        has_setup = any(name in vars(c) for c in own for name in SETUPS)
        for name in dir(cls):
            method = inspect.getattr_static(cls, name)
            if not inspect.isfunction(method):
                continue  # static and class methods, properties, attributes
            if name in SETUPS and has_setup:
                wrapped = _same_arity(method, self._decorate(method, reset=True, check=False))
            elif name in TEARDOWNS and any(name in vars(c) for c in own):
                wrapped = _same_arity(method, self._decorate(method, reset=False, check=False))
            elif name.startswith("test"):
                wrapped = self._decorate(method, reset=not has_setup)
            else:
                continue
            setattr(cls, name, wrapped)
        return cls


def _same_arity(original: Callable[..., Any], wrapped: Callable[..., Any]) -> Callable[..., Any]:
    """pytest calls `setup_method(method)` only when it takes an argument, which it reads from
    `__code__.co_argcount`: the wrapper must count what the original counts."""
    if original.__code__.co_argcount >= 2:

        def with_argument(self: object, method: object) -> Any:
            return wrapped(self, method)

        return functools.wraps(original)(with_argument)

    def without(self: object) -> Any:
        return wrapped(self)

    return functools.wraps(original)(without)


def mock_provisionkit(
    fake: ProvisionkitFake | None = None,
    *,
    reset: bool = True,
    allow_hosts: Iterable[str] = (),
    allow_unfired_faults: bool = False,
) -> MockProvisionkit:
    """Route every provisionkit client to the in-process fake and refuse every other request
    that would leave through httpx (like moto's mock_aws with respx's assert_all_mocked).

    Entering starts from the seeded world unless `reset=False`; `fake` defaults to the process's
    shared one, the same the pytest fixtures use. `allow_hosts` lets requests to those hosts go
    out as usual; `allow_unfired_faults` lets a test end with a fault that never fired.
    """
    return MockProvisionkit(
        fake, reset=reset, allow_hosts=allow_hosts, allow_unfired_faults=allow_unfired_faults
    )
