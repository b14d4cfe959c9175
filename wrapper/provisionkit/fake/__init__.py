"""A stateful fake of both APIs (mittwald under /v2, Foundry under /api/v2), for tests and demos.

>>> from provisionkit import MittwaldClient
>>> from provisionkit.fake import Fake
>>> fake = Fake(seed=0, validate_responses=True)
>>> transport = fake.sync_transport()  # in-process: the base URL is never dialled
>>> with MittwaldClient("any-token", base_url="https://fake.invalid", transport=transport) as mw:
...     project = mw.create_project(fake.fixtures.mittwald_server, "shop")
>>> project.description, fake.applied_creates("mittwald")
('shop', 1)

Needs the `fake` extra (Connexion, uvicorn, PyYAML). The modules, by job: knobs (every knob, once),
control (its JSON adapter under /__fake__), mittwald_backend and foundry_backend (state and rules, no
HTTP) over world (seeded ids, clock), errors (each API's error envelopes), faults, fixtures, timing,
specs, validation (Connexion validators), handlers, app (ASGI assembly), transports (`Fake`,
in-process), server (uvicorn, `python -m provisionkit.fake`, `serving()`).
"""

from __future__ import annotations

from .app import create_app
from .faults import ConnectionDropped, ConnectionRefused, Fault
from .server import Served, free_port, serve, serving
from .timing import ManualClock
from .transports import Fake

__all__ = [
    "ConnectionDropped",
    "ConnectionRefused",
    "Fake",
    "Fault",
    "ManualClock",
    "Served",
    "create_app",
    "free_port",
    "serve",
    "serving",
]
