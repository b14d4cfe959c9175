"""Thin handlers: take what Connexion validated, call the backend, render (moto's responses.py).

Connexion resolves each spec operationId to the method of the same name (dashes as underscores).
An operation with no handler here needs none: by convention the backend method named after the
operation's public method in the wrapper's table (`get_project`, `update_project_description`)
takes the validated parameters (and `body`), and its result is the answer, with the table's
success status (None: no content; a mittwald write returns its event id, sent as `etag`). A backend lacking that method answers 501 naming the
operation, so one unimplemented operation never breaks the whole app.
"""

from __future__ import annotations

from typing import Any

from connexion import NoContent, context

from provisionkit.foundry.operations import OPERATIONS as FOUNDRY
from provisionkit.mittwald.operations import NOT_EXPOSED as MITTWALD_UNUSED
from provisionkit.mittwald.operations import OPERATIONS as MITTWALD

from .errors import FakeApiError, FoundryError, MittwaldError
from .foundry_backend import FoundryBackend
from .mittwald_backend import MittwaldBackend

__all__ = ["PREVIEW_SCOPE_KEY", "Handlers"]

# Where the app leaves Foundry's legacy `preview` query value, taken out of the query string before
# Connexion's strict validation (the specs no longer declare it; old callers still send it).
PREVIEW_SCOPE_KEY = "provisionkit.fake.preview"

Reply = tuple[Any, int, dict[str, str]]


class Handlers:
    def __init__(self, mittwald: MittwaldBackend, foundry: FoundryBackend) -> None:
        self.mittwald = mittwald
        self.foundry = foundry

    def resolve(self, operation_id: str) -> Any:
        handler = getattr(self, operation_id.replace("-", "_"), None)
        return handler if handler is not None else self._by_convention(operation_id)

    def _by_convention(self, operation_id: str) -> Any:
        """The handler of an operation without one of its own (see the module docstring)."""
        api = _api_of(operation_id)
        entry = next((op for op in (*MITTWALD, *FOUNDRY) if op.id == operation_id), None)
        backend = self.mittwald if api == "mittwald" else self.foundry
        method = getattr(backend, entry.method, None) if entry else None
        success = entry.success[0] if entry else 200
        no_body = 204 if entry and 204 in entry.success else success  # an answer without content
        etag = api == "mittwald" and entry is not None and entry.kind.writes

        async def handler(**arguments: Any) -> Reply:
            if method is None:
                raise _not_implemented(api, operation_id, entry.method if entry else None)
            for made_up in ("user", "token_info"):  # Connexion's, not the request's
                arguments.pop(made_up, None)
            result = method(**arguments)
            if result is None:
                return NoContent, no_body, {}
            if etag and isinstance(result, str):
                # A mittwald write's backend method returns its event id, which the answer
                # carries as `etag`, as every mutating mittwald response does.
                return NoContent, no_body, {"etag": result}
            return result, success, {}

        return handler

    # --- mittwald -------------------------------------------------------------------------------

    async def project_create_project(self, server_id: str, body: dict[str, Any]) -> Reply:
        project_id, event = self.mittwald.create_project(server_id, body["description"])
        return {"id": project_id}, 201, {"etag": event}

    # The seed's path, kept by mittwald as a deprecated twin with identical behaviour.
    deprecated_project_create_subproject = project_create_project

    async def project_get_project(self, project_id: str) -> Reply:
        event = context.request.headers.get("if-event-reached")
        return self.mittwald.get_project(project_id, event), 200, {}

    async def project_delete_project(self, project_id: str) -> Reply:
        return NoContent, 204, {"etag": self.mittwald.delete_project(project_id)}

    async def project_list_servers(self, **query: Any) -> Reply:
        return _listing(self.mittwald.list_servers, query)

    async def project_list_projects(self, **query: Any) -> Reply:
        return _listing(self.mittwald.list_projects, query)

    # --- Foundry --------------------------------------------------------------------------------

    async def createProject(self, body: dict[str, Any]) -> Reply:
        # `preview` is the seed's legacy flag: ignored now that the endpoint is stable, unless the
        # fake plays a legacy server (`set_foundry_preview_only`).
        preview = bool(context.request.scope.get(PREVIEW_SCOPE_KEY))
        project = self.foundry.create_project(body, preview=preview, caller=_caller(self.foundry))
        return project, 200, {}

    async def getProject(self, project_rid: str) -> Reply:
        return self.foundry.get_project(project_rid), 200, {}

    async def getResource(self, resource_rid: str) -> Reply:
        return self.foundry.get_resource(resource_rid), 200, {}

    async def getResourceByPath(self, path: str) -> Reply:
        return self.foundry.get_resource_by_path(path, _caller(self.foundry)), 200, {}

    async def deleteResource(self, resource_rid: str) -> Reply:
        self.foundry.delete_resource(resource_rid, _caller(self.foundry))
        return NoContent, 204, {}

    async def listSpaces(
        self, page_size: int | None = None, page_token: str | None = None
    ) -> Reply:
        return self.foundry.list_spaces(page_size, page_token), 200, {}

    async def getCurrentUser(self) -> Reply:
        return self.foundry.current_user(_token()), 200, {}


def _token() -> str:
    """The request's Bearer token (the gateway has checked it is there)."""
    return str(context.request.headers.get("authorization", "")).partition(" ")[2].strip()


def _caller(foundry: FoundryBackend) -> str:
    """The id of the user the request's token belongs to (fixed per token; see fixtures.py)."""
    return str(foundry.fixtures.foundry_user(_token())["id"])


def _listing(list_page: Any, query: dict[str, Any]) -> Reply:
    """A mittwald list operation: one page, with X-Pagination-* headers."""
    # To a handler taking **kwargs, Connexion also passes the caller its (formal) security step
    # made up; those two are not query parameters.
    for made_up in ("user", "token_info"):
        query.pop(made_up, None)
    # Connexion fills in the spec's default skip=0; mittwald lets `page` count when skip is absent.
    if "skip" not in context.request.query_params:
        query.pop("skip", None)
    items, numbers = list_page(**query)
    headers = {
        "X-Pagination-Limit": str(numbers["limit"]),
        "X-Pagination-Skip": str(numbers["skip"]),
        "X-Pagination-Page": str(numbers["page"]),
        "X-Pagination-TotalCount": str(numbers["total"]),
    }
    return items, 200, headers


def _api_of(operation_id: str) -> str:
    """Which API an operation id is: by the tables, else by mittwald's kebab-case ids."""
    if operation_id in {op.id for op in MITTWALD} | set(MITTWALD_UNUSED):
        return "mittwald"
    if operation_id in {op.id for op in FOUNDRY}:
        return "foundry"
    return "mittwald" if "-" in operation_id else "foundry"


def _not_implemented(api: str, operation_id: str, method: str | None) -> FakeApiError:
    fix = (
        f"add {api} backend method {method}()"
        if method
        else "add its entry to the operation table and the backend method"
    )
    message = f"the fake does not implement {operation_id} yet: {fix}"
    if api == "mittwald":
        return MittwaldError(501, "NotImplemented", message)
    return FoundryError(
        501, "INTERNAL", "Fake:NotImplemented", {"operationId": operation_id, "message": message}
    )
