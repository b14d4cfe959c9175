"""Thin handlers: take what Connexion validated, call the backend, render (moto's responses.py).

Connexion resolves each spec operationId to the method of the same name (dashes as underscores).
"""

from __future__ import annotations

from typing import Any

from connexion import context

from .foundry_backend import FoundryBackend
from .mittwald_backend import MittwaldBackend

__all__ = ["Handlers"]

Reply = tuple[Any, int, dict[str, str]]


class Handlers:
    def __init__(self, mittwald: MittwaldBackend, foundry: FoundryBackend) -> None:
        self.mittwald = mittwald
        self.foundry = foundry

    def resolve(self, operation_id: str) -> Any:
        return getattr(self, operation_id.replace("-", "_"))

    # --- mittwald -------------------------------------------------------------------------------

    async def project_create_project(self, server_id: str, body: dict[str, Any]) -> Reply:
        project_id, event = self.mittwald.create_project(server_id, body["description"])
        return {"id": project_id}, 201, {"etag": event}

    # The seed's path, kept by mittwald as a deprecated twin with identical behaviour.
    deprecated_project_create_subproject = project_create_project

    async def project_get_project(self, project_id: str) -> Reply:
        event = context.request.headers.get("if-event-reached")
        return self.mittwald.get_project(project_id, event), 200, {}

    async def project_list_servers(self, **query: Any) -> Reply:
        # To a handler taking **kwargs, Connexion also passes the caller its (formal) security step
        # made up; those two are not query parameters.
        for made_up in ("user", "token_info"):
            query.pop(made_up, None)
        # Connexion fills in the spec's default skip=0; mittwald lets `page` count when skip is absent.
        if "skip" not in context.request.query_params:
            query.pop("skip", None)
        servers, numbers = self.mittwald.list_servers(**query)
        headers = {
            "X-Pagination-Limit": str(numbers["limit"]),
            "X-Pagination-Skip": str(numbers["skip"]),
            "X-Pagination-Page": str(numbers["page"]),
            "X-Pagination-TotalCount": str(numbers["total"]),
        }
        return servers, 200, headers

    # --- Foundry --------------------------------------------------------------------------------

    async def createProject(self, body: dict[str, Any], preview: bool | None = None) -> Reply:
        # `preview` is the seed's legacy flag: ignored now that the endpoint is stable, unless the
        # fake plays a legacy server (`set_foundry_preview_only`).
        return self.foundry.create_project(body, preview=bool(preview)), 200, {}

    async def getProject(self, project_rid: str, preview: bool | None = None) -> Reply:
        return self.foundry.get_project(project_rid), 200, {}
