"""mittwald mStudio adapter: builds requests with the generated client, parses bodies, maps errors.

This is the only module that imports the generated mittwald package. Requests are built by the
generated endpoint modules' `_get_kwargs` (private, but it is exactly the spec's paths, parameters
and bodies, and regenerated with the spec) into a frozen `Call`, sent by provisionkit's own flows
(`flows.py`), so every response passes one boundary (`responses.py`) where anything outside the
spec becomes a typed error with the raw body kept. The generated `sync_detailed` would parse
before we could see the body, and raise bare `ValueError`/`JSONDecodeError` on what it cannot
parse. Bodies are parsed once, by the generated models; the value objects are built from their
typed attributes, so a spec change that breaks the wrapper fails mypy --strict here.

The module runs over 300 lines on purpose: it is the one module that may import the generated
mittwald client, so every operation's request builder and parser lives here.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Mapping
from typing import Any

from provisionkit_mittwald_client import api as endpoints
from provisionkit_mittwald_client import models
from provisionkit_mittwald_client.api.project import project_create_project, project_get_project
from provisionkit_mittwald_client.models import CreateProjectRequest
from provisionkit_mittwald_client.models import Project as WireProject
from provisionkit_mittwald_client.models import ProjectListItem as WireProjectListItem
from provisionkit_mittwald_client.models import Server as WireServer
from provisionkit_mittwald_client.types import Unset

from provisionkit import calls
from provisionkit.effects import Call
from provisionkit.errors import ProvisionError, ValidationFailed, api_error_class
from provisionkit.responses import (
    Answer,
    Malformed,
    error_start,
    flag,
    text,
    unexpected_body,
)
from provisionkit.values import (
    MachineType,
    MittwaldProject,
    MittwaldProjectSummary,
    ProjectStatus,
    Server,
    ServerStatus,
)

__all__ = [
    "API",
    "BINDING",
    "as_uuid",
    "auth_headers",
    "check_id",
    "create_call",
    "error_for",
    "error_from_response",
    "get_call",
    "parse_created_id",
    "parse_project",
    "parse_project_summaries",
    "parse_project_summary",
    "parse_server",
    "parse_servers",
]

API = "mittwald"
CREATE = "project-create-project"
GET = "project-get-project"
DEFAULT_BASE_URL = "https://api.mittwald.de"
TOKEN_VARIABLE = "MITTWALD_API_TOKEN"  # noqa: S105 - the variable's name, not a token
BASE_URL_VARIABLE = "MITTWALD_BASE_URL"


def auth_headers(token: str) -> dict[str, str]:
    """How a request carries the token: `x-access-token`, the one scheme mittwald's published spec
    lists on these operations (a mock built from it refuses Bearer with 401), and what mittwald's
    JS client, CLI and Go client send. The header is added to each request as it leaves
    (clientbase.TokenAuth): no error, repr or log line is built from request headers."""
    return {"x-access-token": token}


def error_from_response(
    status: int, headers: Mapping[str, str], body: bytes, *, operation: str = "request"
) -> ProvisionError:
    """The typed error for a mittwald error response (returned, not raised: a pure function)."""
    data, fields = error_start(API, operation, status, headers, body)
    if not body:
        data = {}  # read as an envelope that names nothing: the status alone picks the class
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
        return cls(**fields, error_name=name, detail=detail, parameters=parameters)
    if status == 429 or status >= 500:
        # Gateways in front of the API answer these with any body; the status says enough.
        return api_error_class(API, status, None)(**fields)
    return unexpected_body(
        API,
        operation,
        status,
        headers,
        body,
        reason="an error body that is not mittwald's common or validation error",
    )


def _optional(value: object, name: str) -> str | None:
    """An optional attribute as a string: None when absent; a UUID (the generated type of
    optional ids) as its text; anything else but a string is outside the schema."""
    if isinstance(value, Unset):
        return None
    if isinstance(value, uuid.UUID):
        return str(value)
    if not isinstance(value, str):
        raise Malformed(f"{name!r} must be a string, got {value!r:.80}")
    return value


def parse_project(data: Any) -> MittwaldProject:
    """A `Project` body into provisionkit's value object (raises on a body outside the schema)."""
    wire = WireProject.from_dict(
        data
    )  # required keys, uuids, times, enums (tolerant of new values)
    directories = wire.directories.additional_properties
    if not all(isinstance(v, str) for v in directories.values()):
        raise Malformed("'directories' must map names to strings")
    return MittwaldProject(
        id=str(wire.id),
        short_id=text(wire.short_id, "shortId"),
        description=text(wire.description, "description"),
        customer_id=text(wire.customer_id, "customerId"),
        status=ProjectStatus(str(wire.status)),
        reports_ready=flag(wire.is_ready, "isReady"),
        readiness=str(wire.readiness),
        enabled=flag(wire.enabled, "enabled"),
        created_at=wire.created_at,
        status_set_at=wire.status_set_at,
        server_id=_optional(wire.server_id, "serverId"),
        server_short_id=_optional(wire.server_short_id, "serverShortId"),
        server_group_id=text(wire.server_group_id, "serverGroupId"),
        cluster_domain=_optional(wire.cluster_domain, "clusterDomain"),
        directories=directories,  # copied read-only by MittwaldProject
        supported_features=tuple(str(feature) for feature in wire.supported_features),
    )


def parse_server(data: Any) -> Server:
    wire = WireServer.from_dict(data)
    machine = wire.machine_type
    return Server(
        id=str(wire.id),
        short_id=text(wire.short_id, "shortId"),
        description=text(wire.description, "description"),
        customer_id=text(wire.customer_id, "customerId"),
        status=ServerStatus(str(wire.status)),
        is_ready=flag(wire.is_ready, "isReady"),
        cluster_name=text(wire.cluster_name, "clusterName"),
        machine_type=MachineType(
            name=text(machine.name, "machineType.name"),
            cpu=text(machine.cpu, "machineType.cpu"),
            memory=text(machine.memory, "machineType.memory"),
        ),
        storage=text(wire.storage, "storage"),
        group_id=text(wire.group_id, "groupId"),
        created_at=wire.created_at,
    )


def parse_servers(data: Any) -> list[Server]:
    if not isinstance(data, list):
        raise Malformed(f"expected a list of servers, got {type(data).__name__}")
    return [parse_server(item) for item in data]


def parse_project_summary(data: Any) -> MittwaldProjectSummary:
    """A `ProjectListItem` into provisionkit's value object (raises on a body outside the schema)."""
    wire = WireProjectListItem.from_dict(data)
    return MittwaldProjectSummary(
        id=text(wire.id, "id"),
        short_id=text(wire.short_id, "shortId"),
        description=text(wire.description, "description"),
        customer_id=text(wire.customer_id, "customerId"),
        status=ProjectStatus(str(wire.status)),
        reports_ready=flag(wire.is_ready, "isReady"),
        readiness=str(wire.readiness),
        enabled=flag(wire.enabled, "enabled"),
        created_at=wire.created_at,
        status_set_at=wire.status_set_at,
        deletion_requested=flag(wire.deletion_requested, "deletionRequested"),
        server_group_id=text(wire.server_group_id, "serverGroupId"),
        server_id=_optional(wire.server_id, "serverId"),
        server_short_id=_optional(wire.server_short_id, "serverShortId"),
        supported_features=tuple(str(feature) for feature in wire.supported_features),
    )


def parse_project_summaries(data: Any) -> list[MittwaldProjectSummary]:
    if not isinstance(data, list):
        raise Malformed(f"expected a list of projects, got {type(data).__name__}")
    return [parse_project_summary(item) for item in data]


def parse_created_id(data: Any) -> str:
    # The 201 body is an inline `{id}` schema the generator leaves untyped: checked here.
    if not isinstance(data, Mapping):
        raise Malformed(f"expected an object, got {type(data).__name__}")
    value = data.get("id")
    if not isinstance(value, str):
        raise Malformed(f"'id' must be a string, got {value!r:.80}")
    return value


def error_for(response: Answer, operation: str) -> ProvisionError:
    return error_from_response(
        response.status_code, response.headers, response.content, operation=operation
    )


def create_call(server_id: str, description: str) -> Call:
    """project-create-project."""
    body = CreateProjectRequest(description=description)
    return Call.of(API, CREATE, project_create_project._get_kwargs(server_id, body=body))


def get_call(project_id: str, event: str | None = None) -> Call:
    """project-get-project, awaiting `event` when given."""
    if event:
        return Call.of(
            API, GET, project_get_project._get_kwargs(project_id, if_event_reached=event)
        )
    return Call.of(API, GET, project_get_project._get_kwargs(project_id))


def as_uuid(value: str) -> uuid.UUID | None:
    """`value` as a UUID, or None when it is not one (e.g. a short id `s-4e7tz3`)."""
    try:
        return uuid.UUID(value)
    except (ValueError, TypeError, AttributeError):
        return None


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
        # Whitespace or unprintable anywhere: every whitespace character but " " is unprintable
        # to str.isprintable, so this is one C-level scan (a per-character loop cost ~2 µs a call).
        or " " in value
        or not value.isprintable()
    ):
        raise ValidationFailed(
            api=API,
            operation=operation,
            status=400,
            error_name="ValidationError",
            detail=f"{name} {value!r:.80} is not a mittwald id (a UUID or short id); nothing was sent",
            parameters={name: value},
        )


def _invalid(name: str, value: Any, why: str, operation: str) -> ValidationFailed:
    return ValidationFailed(
        api=API,
        operation=operation,
        status=400,
        error_name="ValidationError",
        detail=f"{name} {value!r:.80} {why}; nothing was sent",
        parameters={name: value},
    )


# The table's entries bound to this adapter (provisionkit.calls), for the generic flows.
BINDING = calls.Binding(
    API,
    endpoints=endpoints,
    models=models,
    adapter=sys.modules[__name__],
    invalid=_invalid,
    error=error_for,
)
