"""A client library for accessing Foundry platform API v2 (filesystem projects and resources, current user)"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
