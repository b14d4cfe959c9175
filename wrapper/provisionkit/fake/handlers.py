"""Thin handlers: take what Connexion validated, call the backend, render (moto's responses.py).

Connexion resolves each spec operationId to the method of the same name (dashes as underscores).
"""

from __future__ import annotations

from typing import Any

from connexion import context

from .state import FakeBackend

__all__ = ["Handlers"]

Reply = tuple[Any, int, dict[str, str]]


class Handlers:
    def __init__(self, backend: FakeBackend) -> None:
        self.backend = backend

    def resolve(self, operation_id: str) -> Any:
        return getattr(self, operation_id.replace("-", "_"))

    # --- mittwald -------------------------------------------------------------------------------

    async def project_create_project(self, server_id: str, body: dict[str, Any]) -> Reply:
        project_id, event = self.backend.mittwald_create_project(server_id, body["description"])
        return {"id": project_id}, 201, {"etag": event}

    # The seed's path, kept by mittwald as a deprecated twin with identical behaviour.
    deprecated_project_create_subproject = project_create_project

    async def project_get_project(self, project_id: str) -> Reply:
        event = context.request.headers.get("if-event-reached")
        return self.backend.mittwald_get_project(project_id, event), 200, {}

    async def project_list_servers(  # noqa: PLR0917 - Connexion passes the spec's query parameters
        self,
        customer_id: str | None = None,
        search_term: str | None = None,
        limit: int = 10000,
        skip: int | None = None,
        page: int | None = None,
        sort: str = "createdAt",
        order: str = "asc",
    ) -> Reply:
        # Connexion fills in the spec's default skip=0; mittwald lets `page` count when skip is absent.
        raw_query = context.request.query_params
        servers, numbers = self.backend.mittwald_list_servers(
            customer_id=customer_id,
            search_term=search_term,
            limit=limit,
            skip=skip if "skip" in raw_query else None,
            page=page,
            sort=sort,
            order=order,
        )
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
        return self.backend.foundry_create_project(body, preview=bool(preview)), 200, {}

    async def getProject(self, project_rid: str, preview: bool | None = None) -> Reply:
        return self.backend.foundry_get_project(project_rid), 200, {}
