"""Palantir Foundry: the client twins (client.py), their flows (flows.py) and the adapter to the
generated client (adapter.py, the only importer of `provisionkit_foundry_client`)."""

from __future__ import annotations

from .client import AsyncFoundryClient, FoundryClient

__all__ = ["AsyncFoundryClient", "FoundryClient"]
