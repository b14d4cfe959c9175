"""A stateful fake of both APIs (mittwald under /v2, Foundry under /api/v2), for tests and demos.

```python
from provisionkit.fake import Fake
fake = Fake(seed=0, validate_responses=True)
with MittwaldClient("any-token", base_url="http://fake.local", transport=fake.sync_transport()) as mw:
    mw.create_project(fake.fixtures.mittwald_server, "shop")
fake.applied_creates("mittwald")   # 1
```
Needs the `fake` extra (Connexion, uvicorn, PyYAML).
"""

from __future__ import annotations

from .facade import Fake, serve
from .faults import ConnectionDropped, ConnectionRefused, Fault
from .served import Served, free_port, serving
from .state import FakeBackend
from .timing import ManualClock

from .app import create_app  # isort: skip

__all__ = [
    "ConnectionDropped",
    "ConnectionRefused",
    "Fake",
    "FakeBackend",
    "Fault",
    "ManualClock",
    "Served",
    "create_app",
    "free_port",
    "serve",
    "serving",
]
