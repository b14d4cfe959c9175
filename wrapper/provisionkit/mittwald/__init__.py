"""mittwald mStudio: the client twins (client.py), their flows (flows.py) and the adapter to the
generated client (adapter.py, the only importer of `provisionkit_mittwald_client`)."""

from __future__ import annotations

from .client import AsyncMittwaldClient, MittwaldClient

__all__ = ["AsyncMittwaldClient", "MittwaldClient"]
