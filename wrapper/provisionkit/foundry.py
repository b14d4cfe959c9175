"""Foundry adapter: builds requests with the generated client, parses bodies, maps errors.

Same shape as mittwald.py, and likewise the only module importing its generated package: requests
from the generated `_get_kwargs` (see mittwald.py for why), sent by `foundry_flows.py`, every
response read at one boundary (`responses.py`).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
from provisionkit_foundry_client.api.projects import create_project, get_project
from provisionkit_foundry_client.models import CreateProjectRequest
from provisionkit_foundry_client.models import Project as WireProject

from .errors import (
    InvalidArgument,
    InvalidDisplayName,
    ProvisionError,
    api_error_class,
)
from .responses import Malformed, field, request_id, retry_after_seconds, unexpected_body
from .values import FoundryProject, Principal, PrincipalType, TrashStatus

__all__ = [
    "API",
    "CreateCall",
    "RoleGrants",
    "check_display_name",
    "check_rid",
    "create_call",
    "error_for",
    "error_from_response",
    "get_request",
    "parse_project",
]

API = "foundry"
CREATE = "createProject"
GET = "getProject"
# The official SDK's RID pattern (the spec's `Rid` schemas).
RID = re.compile(r"^ri\.[a-z][a-z0-9-]*\.([a-z0-9][a-z0-9\-]*)?\.[a-z][a-z0-9-]*\.[a-zA-Z0-9._-]+$")
MAX_DISPLAY_NAME = 700

RoleGrants = Mapping[str, Iterable[Principal | Mapping[str, str]]]


def error_from_response(
    status: int, headers: Mapping[str, str], body: bytes, *, operation: str = "request"
) -> ProvisionError:
    """The typed error for a Foundry error response (returned, not raised: a pure function)."""
    retry_after = retry_after_seconds(headers)
    try:
        data = json.loads(body) if body else None
    except (json.JSONDecodeError, UnicodeDecodeError):
        data = None
    if isinstance(data, dict) and isinstance(data.get("errorName"), str):
        parameters = data.get("parameters")
        name = data["errorName"]
        return api_error_class(API, status, name)(
            api=API,
            operation=operation,
            status=status,
            error_name=name,
            error_code=_str_or_none(data.get("errorCode")),
            detail=_str_or_none(data.get("errorDescription")),
            parameters=parameters if isinstance(parameters, dict) else {},
            instance_id=_str_or_none(data.get("errorInstanceId")),
            request_id=request_id(headers),
            retry_after=retry_after,
        )
    if status == 429 or status >= 500:
        # QoS answers from the gateway carry no Conjure body; the status and hints say it all.
        hint = headers.get("qos-retry-hint")
        return api_error_class(API, status, None)(
            api=API,
            operation=operation,
            status=status,
            detail="the gateway asked not to retry this request"
            if hint == "do-not-retry"
            else None,
            request_id=request_id(headers),
            retry_after=retry_after,
        )
    return unexpected_body(
        API,
        operation,
        status,
        headers,
        body,
        reason="an error body that is not Foundry's error envelope",
    )


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def parse_project(data: Any) -> FoundryProject:
    """A `Project` body into provisionkit's value object (raises on a body outside the schema)."""
    wire = WireProject.from_dict(data)  # required keys and enums (tolerant of new values)
    return FoundryProject(
        rid=field(data, "rid", str),
        display_name=field(data, "displayName", str),
        path=field(data, "path", str),
        space_rid=field(data, "spaceRid", str),
        trash_status=TrashStatus(str(wire.trash_status)),
        created_by=field(data, "createdBy", str),
        updated_by=field(data, "updatedBy", str),
        created_time=datetime.fromisoformat(field(data, "createdTime", str)),
        updated_time=datetime.fromisoformat(field(data, "updatedTime", str)),
        resource_level_role_grants_allowed=field(data, "resourceLevelRoleGrantsAllowed", bool),
        description=_optional(data, "description"),
        documentation=_optional(data, "documentation"),
    )


def _optional(data: Mapping[str, Any], name: str) -> str | None:
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        raise Malformed(f"{name!r} must be a string, got {value!r:.80}")
    return value


def check_display_name(name: str) -> None:
    """Foundry's display-name rules, checked before sending: the server's own InvalidDisplayName."""
    if (
        not isinstance(name, str)
        or name in {"", ".", ".."}
        or "/" in name
        or len(name) > MAX_DISPLAY_NAME
    ):
        raise InvalidDisplayName(
            api=API,
            operation=CREATE,
            status=400,
            error_name="InvalidDisplayName",
            error_code="INVALID_ARGUMENT",
            detail="a display name must not be empty, '.' or '..', contain '/', or exceed 700 characters; nothing was sent",
            parameters={"displayName": name if not isinstance(name, str) else name[:80]},
        )


def _invalid(parameter: str, value: Any, why: str, operation: str = CREATE) -> InvalidArgument:
    return InvalidArgument(
        api=API,
        operation=operation,
        status=400,
        error_name="Default:InvalidArgument",
        error_code="INVALID_ARGUMENT",
        detail=f"{parameter} {why}; nothing was sent",
        parameters={parameter: value},
    )


def check_rid(value: str, parameter: str, operation: str = CREATE) -> None:
    if not isinstance(value, str) or not RID.match(value):
        raise _invalid(
            parameter,
            value,
            "is not a Foundry RID (ri.<service>.<instance>.<type>.<locator>)",
            operation,
        )


def _principal(item: Principal | Mapping[str, str], role: str) -> dict[str, str]:
    if isinstance(item, Principal):
        principal_id, principal_type = item.id, str(item.type)
    elif isinstance(item, Mapping):
        principal_id, principal_type = item.get("principalId", ""), item.get("principalType", "")
    else:
        raise _invalid(
            "roleGrants", role, f"holds {type(item).__name__}; use provisionkit.Principal"
        )
    try:
        uuid.UUID(principal_id)
    except (ValueError, TypeError, AttributeError):
        raise _invalid(
            "roleGrants", role, f"grants to {principal_id!r:.80}, which is not a UUID"
        ) from None
    if not PrincipalType(principal_type).is_known:
        raise _invalid(
            "roleGrants", role, f"has principal type {principal_type!r}; use USER or GROUP"
        )
    return {"principalId": principal_id, "principalType": principal_type}


@dataclass(frozen=True, slots=True)
class CreateCall:
    """A checked create: what it asks for, and the httpx request arguments that send it."""

    display_name: str
    space_rid: str
    request: dict[str, Any]


def create_call(
    display_name: str,
    space_rid: str,
    *,
    role_grants: RoleGrants | None,
    default_roles: Iterable[str] | None,
    organization_rids: Iterable[str] | None,
    description: str | None,
    resource_level_role_grants_allowed: bool | None,
) -> CreateCall:
    """The create request, after every check the client can make without the server."""
    check_display_name(display_name)
    check_rid(space_rid, "spaceRid")
    body: dict[str, Any] = {"displayName": display_name, "spaceRid": space_rid}
    if description is not None:
        body["description"] = description
    if role_grants is not None:
        body["roleGrants"] = {
            str(role): [_principal(p, str(role)) for p in principals]
            for role, principals in role_grants.items()
        }
    if default_roles is not None:
        body["defaultRoles"] = [str(role) for role in default_roles]
    if organization_rids is not None:
        body["organizationRids"] = list(organization_rids)
        for rid in body["organizationRids"]:
            check_rid(rid, "organizationRids")
    if resource_level_role_grants_allowed is not None:
        body["resourceLevelRoleGrantsAllowed"] = bool(resource_level_role_grants_allowed)
    request = create_project._get_kwargs(body=CreateProjectRequest.from_dict(body))
    return CreateCall(display_name, space_rid, request)


def get_request(project_rid: str) -> dict[str, Any]:
    """httpx request arguments for getProject."""
    return get_project._get_kwargs(project_rid)


def error_for(response: httpx.Response, operation: str) -> ProvisionError:
    return error_from_response(
        response.status_code, response.headers, response.content, operation=operation
    )
