"""Test a service that uses provisionkit: `mock_provisionkit()` for any code, and a pytest plugin.

```python
def test_shop_gets_a_project(mittwald_client, provisionkit_fake):
    project = mittwald_client.create_project(provisionkit_fake.fixtures.mittwald_server, "shop")
    assert project.is_ready
    assert provisionkit_fake.call_count("project-create-project") == 1

@mock_provisionkit()            # every client talks to the fake, from_env() too; nothing leaves
def test_the_service_as_written():
    my_service.provision("shop")
```

Importing this package needs neither pytest nor the `fake` extra: `mock_provisionkit()` needs the
extra once it is entered, and the fixtures live in `provisionkit.testing.plugin`, which pytest
loads by itself (entry point `pytest11`). One `ProvisionkitFake` is built per process (building
parses both specs) and reset before every test; its clock is manual and the clients' sleeps move
it, so waiting for readiness costs no real time. The modules: harness (`ProvisionkitFake`, the
recorded calls), seeded (the seeded ids, typed), mock (`mock_provisionkit()` and its end-of-test
checks), switches (what an active mock changes), plugin (the fixtures and the `provisionkit`
marker).

Names are imported on first use (PEP 562), so pytest's loading of the plugin at start-up costs
no import of httpx or the clients in a test run that never uses them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .harness import Call, ProvisionkitFake
    from .mock import MockProvisionkit, UnfiredFaults, mock_provisionkit
    from .seeded import SeededIds
    from .switches import UnmockedRequest

_HOMES = {
    "Call": "harness",
    "ProvisionkitFake": "harness",
    "MockProvisionkit": "mock",
    "UnfiredFaults": "mock",
    "mock_provisionkit": "mock",
    "SeededIds": "seeded",
    "UnmockedRequest": "switches",
}

__all__ = [
    "Call",
    "MockProvisionkit",
    "ProvisionkitFake",
    "SeededIds",
    "UnfiredFaults",
    "UnmockedRequest",
    "mock_provisionkit",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
