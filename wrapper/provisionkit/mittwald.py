"""mittwald mStudio adapter: builds requests with the generated client, parses bodies, maps errors.

This is the only module that imports the generated mittwald package. Requests are built by the
generated endpoint modules' `_get_kwargs` (private, but it is exactly the spec's paths, parameters
and bodies, and regenerated with the spec) and sent by provisionkit's own flows
(`mittwald_flows.py`), so every response passes one boundary (`responses.py`) where anything
outside the spec becomes a typed error with the raw body kept. The generated `sync_detailed`
would parse before we could see the body, and raise bare `ValueError`/`JSONDecodeError` on what
it cannot parse.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import httpx
from provisionkit_mittwald_client.api.project import (
    project_create_project,
    project_get_project,
    project_list_servers,
)
from provisionkit_mittwald_client.models import (
    CreateProjectRequest,
    ProjectListServersOrder,
    ProjectListServersSort,
)
from provisionkit_mittwald_client.models import Project as WireProject
from provisionkit_mittwald_client.models import Server as WireServer
from provisionkit_mittwald_client.types import UNSET

from .errors import ProvisionError, ValidationFailed, api_error_class
from .responses import Malformed, field, request_id, retry_after_seconds, unexpected_body
from .values import MachineType, MittwaldProject, ProjectStatus, Server, ServerStatus

__all__ = [
    "API",
    "check_id",
    "create_request",
    "error_for",
    "error_from_response",
    "get_request",
    "list_servers_request",
    "parse_created_id",
    "parse_project",
    "parse_server",
    "parse_servers",
]

API = "mittwald"
CREATE = "project-create-project"
GET = "project-get-project"
LIST_SERVERS = "project-list-servers"
DEFAULT_BASE_URL = "https://api.mittwald.de"


def error_from_response(
    status: int, headers: Mapping[str, str], body: bytes, *, operation: str = "request"
) -> ProvisionError:
    """The typed error for a mittwald error response (returned, not raised: a pure function)."""
    retry_after = retry_after_seconds(headers)
    try:
        data = json.loads(body) if body else {}
    except (json.JSONDecodeError, UnicodeDecodeError):
        data = None
    if isinstance(data, dict) and all(
        isinstance(data.get(k, ""), str) for k in ("type", "message")
    ):
        name = data.get("type") or None
        parameters: dict[str, Any] = {}
        items = data.get("validationErrors")
        detail = data.get("message") or None
        if isinstance(items, list) and items:
            parameters["validationErrors"] = items
            first = items[0] if isinstance(items[0], dict) else {}
            detail = f"{detail or 'validation failed'}: {first.get('path') or '(body)'} {first.get('message', '')}".strip()
        cls = api_error_class(API, status, name)
        return cls(
            api=API,
            operation=operation,
            status=status,
            error_name=name,
            detail=detail,
            parameters=parameters,
            request_id=request_id(headers),
            retry_after=retry_after,
        )
    if status == 429 or status >= 500:
        # Gateways in front of the API answer these with any body; the status says enough.
        return api_error_class(API, status, None)(
            api=API,
            operation=operation,
            status=status,
            request_id=request_id(headers),
            retry_after=retry_after,
        )
    return unexpected_body(
        API,
        operation,
        status,
        headers,
        body,
        reason="an error body that is not mittwald's common or validation error",
    )


def _time(data: Mapping[str, Any], name: str) -> datetime:
    return datetime.fromisoformat(field(data, name, str))


def _optional_str(data: Mapping[str, Any], name: str) -> str | None:
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        raise Malformed(f"{name!r} must be a string, got {value!r:.80}")
    return value


def parse_project(data: Any) -> MittwaldProject:
    """A `Project` body into provisionkit's value object (raises on a body outside the schema)."""
    wire = WireProject.from_dict(data)  # required keys, enums (tolerant of new values)
    directories = field(data, "directories", dict)
    features = field(data, "supportedFeatures", list)
    if not all(isinstance(v, str) for v in (*directories.values(), *features)):
        raise Malformed("'directories' and 'supportedFeatures' must hold strings")
    return MittwaldProject(
        id=field(data, "id", str),
        short_id=field(data, "shortId", str),
        description=field(data, "description", str),
        customer_id=field(data, "customerId", str),
        status=ProjectStatus(field(data, "status", str)),
        reports_ready=field(data, "isReady", bool),
        readiness=str(wire.readiness),
        enabled=field(data, "enabled", bool),
        created_at=_time(data, "createdAt"),
        status_set_at=_time(data, "statusSetAt"),
        server_id=_optional_str(data, "serverId"),
        server_short_id=_optional_str(data, "serverShortId"),
        server_group_id=_optional_str(data, "serverGroupId"),
        cluster_domain=_optional_str(data, "clusterDomain"),
        directories=directories,
        supported_features=tuple(features),
    )


def parse_server(data: Any) -> Server:
    wire = WireServer.from_dict(data)
    machine = field(data, "machineType", dict)
    return Server(
        id=field(data, "id", str),
        short_id=field(data, "shortId", str),
        description=field(data, "description", str),
        customer_id=field(data, "customerId", str),
        status=ServerStatus(str(wire.status)),
        is_ready=field(data, "isReady", bool),
        cluster_name=field(data, "clusterName", str),
        machine_type=MachineType(
            name=field(machine, "name", str),
            cpu=field(machine, "cpu", str),
            memory=field(machine, "memory", str),
        ),
        storage=field(data, "storage", str),
        group_id=field(data, "groupId", str),
        created_at=_time(data, "createdAt"),
    )


def parse_servers(data: Any) -> list[Server]:
    if not isinstance(data, list):
        raise Malformed(f"expected a list of servers, got {type(data).__name__}")
    return [parse_server(item) for item in data]


def parse_created_id(data: Any) -> str:
    return field(data, "id", str)


def error_for(response: httpx.Response, operation: str) -> ProvisionError:
    return error_from_response(
        response.status_code, response.headers, response.content, operation=operation
    )


def create_request(server_id: str, description: str) -> dict[str, Any]:
    """httpx request arguments for project-create-project."""
    body = CreateProjectRequest(description=description)
    return project_create_project._get_kwargs(server_id, body=body)


def get_request(project_id: str, event: str | None = None) -> dict[str, Any]:
    """httpx request arguments for project-get-project, awaiting `event` when given."""
    if event:
        return project_get_project._get_kwargs(project_id, if_event_reached=event)
    return project_get_project._get_kwargs(project_id)


def list_servers_request(
    *,
    customer_id: str | None,
    search_term: str | None,
    limit: int,
    skip: int,
    sort: str,
    order: str,
) -> dict[str, Any]:
    """httpx request arguments for one page of project-list-servers."""
    for name, value, allowed in (
        ("sort", sort, ProjectListServersSort),
        ("order", order, ProjectListServersOrder),
    ):
        if value not in {member.value for member in allowed}:
            raise ValidationFailed(
                api=API,
                operation=LIST_SERVERS,
                status=400,
                error_name="ValidationError",
                detail=f"{name} must be one of {sorted(m.value for m in allowed)}; nothing was sent",
                parameters={name: value},
            )
    return project_list_servers._get_kwargs(
        customer_id=UNSET if customer_id is None else customer_id,
        search_term=UNSET if search_term is None else search_term,
        limit=limit,
        skip=skip,
        sort=ProjectListServersSort(sort),
        order=ProjectListServersOrder(order),
    )


# mittwald ids are UUIDs (36 characters) or short ids (`p-xxxxxx`); far longer is never an id.
MAX_ID_LENGTH = 128


def check_id(value: str, name: str, operation: str) -> None:
    """Refuse what cannot be an id before sending: '.' and '..' would even be resolved by the URL
    into another route, and a huge value cannot be put in a URL at all."""
    if (
        not isinstance(value, str)
        or not value.strip()
        or value in {".", ".."}
        or len(value) > MAX_ID_LENGTH
        or "/" in value
        or any(c.isspace() or not c.isprintable() for c in value)
    ):
        raise ValidationFailed(
            api=API,
            operation=operation,
            status=400,
            error_name="ValidationError",
            detail=f"{name} {value!r:.80} is not a mittwald id (a UUID or short id); nothing was sent",
            parameters={name: value},
        )
