"""mittwald mStudio: the operation table (operations.py), the client twins generated from it (client.py)
on their hand-written base (base.py), the flows with real logic (flows.py) and the adapter to the
generated client (adapter.py, the only importer of `provisionkit_mittwald_client`).

The clients are imported on first use (PEP 562), so the table alone (what `provisionkit --help`
reads) costs no import of httpx or the generated client.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .client import AsyncMittwaldClient, MittwaldClient

__all__ = ["AsyncMittwaldClient", "MittwaldClient"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module(".client", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
