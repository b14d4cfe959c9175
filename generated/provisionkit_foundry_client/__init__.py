"""A client library for accessing Foundry platform API v2 (filesystem projects, resources and spaces, current user)"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
