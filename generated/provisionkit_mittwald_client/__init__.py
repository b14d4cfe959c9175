"""A client library for accessing mittwald mStudio API v2 (projects)"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
