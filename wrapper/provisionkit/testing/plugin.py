"""provisionkit's pytest plugin (entry point `pytest11`): the fixtures, and the `provisionkit`
marker that sets their options for one test.

`provisionkit_fake` (and every fixture built on it) runs the test inside `mock_provisionkit()`:
the service's own clients talk to the fake too, and nothing leaves through httpx. At teardown a
fault that never fired, or a refused request the code swallowed, fails the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

# Everything else is imported by the fixtures that need it: pytest loads this module at the
# start of every test run, including runs that never touch provisionkit.
if TYPE_CHECKING:
    from provisionkit import AsyncFoundryClient, AsyncMittwaldClient, FoundryClient, MittwaldClient

    from .harness import ProvisionkitFake

__all__ = [
    "async_foundry_client",
    "async_mittwald_client",
    "foundry_client",
    "mittwald_client",
    "provisionkit_fake",
    "provisionkit_mock",
]

MARKER_OPTIONS = ("allow_hosts", "allow_unfired_faults")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "provisionkit(allow_hosts=[...], allow_unfired_faults=False): options of provisionkit's "
        "fixtures for this test (hosts whose requests may leave; a fault may stay unfired)",
    )


def _options(request: pytest.FixtureRequest) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for marker in reversed(list(request.node.iter_markers("provisionkit"))):
        unknown = set(marker.kwargs) - set(MARKER_OPTIONS)
        if marker.args or unknown:
            pytest.fail(
                f"@pytest.mark.provisionkit takes only the keywords {', '.join(MARKER_OPTIONS)}; "
                f"got {', '.join(map(repr, marker.args)) or ', '.join(sorted(unknown))}",
                pytrace=False,
            )
        options.update(marker.kwargs)  # the closest marker (the test's own) wins
    return options


@pytest.fixture(scope="session")
def _provisionkit_session_fake() -> ProvisionkitFake:
    from .harness import shared_fake  # noqa: PLC0415 - lazy, see the imports

    try:
        return shared_fake()
    except ImportError as missing:
        pytest.fail(str(missing), pytrace=False)


@pytest.fixture
def provisionkit_fake(
    request: pytest.FixtureRequest, _provisionkit_session_fake: ProvisionkitFake
) -> Iterator[ProvisionkitFake]:
    """The in-process fake of both APIs in its seeded state, with mock_provisionkit() around the
    test; reset after the test too."""
    from .mock import MockProvisionkit  # noqa: PLC0415 - lazy, see the imports

    try:
        with MockProvisionkit(_provisionkit_session_fake, **_options(request)) as fake:
            yield fake
    finally:
        _provisionkit_session_fake.reset()


@pytest.fixture
def provisionkit_mock(provisionkit_fake: ProvisionkitFake) -> ProvisionkitFake:
    """The same as `provisionkit_fake` (which mocks too), for tests that say what they use it for."""
    return provisionkit_fake


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
