"""Foundry adapter: builds requests with the generated client, parses bodies, maps errors.

Same shape as the mittwald adapter, and likewise the only module importing its generated package:
requests from the generated `_get_kwargs` into a frozen `Call` (see the mittwald adapter for why),
sent by `flows.py`, every response read at one boundary (`responses.py`) and parsed once, by the
generated models, whose typed attributes build the value objects.

The module runs over 300 lines on purpose: it is the one module that may import the generated
Foundry client, so every operation's request builder and parser lives here.
"""

from __future__ import annotations

import re
import sys
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from provisionkit_foundry_client import api as endpoints
from provisionkit_foundry_client import models
from provisionkit_foundry_client.api.projects import create_project
from provisionkit_foundry_client.models import (
    CreateProjectRequest,
    CreateProjectRequestRoleGrantsType0,
    PrincipalWithId,
)
from provisionkit_foundry_client.models import ListSpacesResponse as WireSpaces
from provisionkit_foundry_client.models import PrincipalType as WirePrincipalType
from provisionkit_foundry_client.models import Project as WireProject
from provisionkit_foundry_client.models import Resource as WireResource
from provisionkit_foundry_client.models import Space as WireSpace
from provisionkit_foundry_client.models import User as WireUser
from provisionkit_foundry_client.types import UNSET, Unset

from provisionkit import calls
from provisionkit.effects import Call
from provisionkit.errors import (
    InvalidArgument,
    InvalidDisplayName,
    ProvisionError,
    api_error_class,
)
from provisionkit.responses import (
    Answer,
    Malformed,
    error_start,
    flag,
    text,
    unexpected_body,
)
from provisionkit.values import (
    FoundryProject,
    FoundryResource,
    FoundrySpace,
    FoundryUser,
    Principal,
    PrincipalType,
    TrashStatus,
)

__all__ = [
    "API",
    "BINDING",
    "CreateCall",
    "RoleGrants",
    "auth_headers",
    "check_display_name",
    "check_path",
    "check_rid",
    "create_call",
    "error_for",
    "error_from_response",
    "parse_project",
    "parse_resource",
    "parse_spaces",
    "parse_user",
    "qos_refusal",
]

API = "foundry"
CREATE = "createProject"
GET_BY_PATH = "getResourceByPath"
# The official SDK's RID pattern (the spec's `Rid` schemas).
# Matched whole (fullmatch): `$` would also accept a trailing newline, and send it.
RID = re.compile(r"ri\.[a-z][a-z0-9-]*\.([a-z0-9][a-z0-9\-]*)?\.[a-z][a-z0-9-]*\.[a-zA-Z0-9._-]+")
MAX_DISPLAY_NAME = 700
TOKEN_VARIABLE = "FOUNDRY_TOKEN"  # noqa: S105 - the variable's name, not a token

RoleGrants = Mapping[str, Iterable[Principal | Mapping[str, str]]]


def auth_headers(token: str) -> dict[str, str]:
    """How a request carries the token."""
    return {"Authorization": f"Bearer {token}"}


def qos_refusal(response: Answer) -> bool:
    """Foundry's QoS layer refused the request before it reached the API: a 503 without a body
    (its documented answer has no Conjure body), so a create answered so was not processed.
    A 503 with any body came from something else (a gateway) and proves nothing."""
    return response.status_code == 503 and not response.content


def error_from_response(
    status: int, headers: Mapping[str, str], body: bytes, *, operation: str = "request"
) -> ProvisionError:
    """The typed error for a Foundry error response (returned, not raised: a pure function)."""
    data, fields = error_start(API, operation, status, headers, body)
    if isinstance(data, dict) and isinstance(data.get("errorName"), str):
        parameters = data.get("parameters")
        name = data["errorName"]
        return api_error_class(API, status, name)(
            **fields,
            error_name=name,
            error_code=_str_or_none(data.get("errorCode")),
            detail=_str_or_none(data.get("errorDescription")),
            parameters=parameters if isinstance(parameters, dict) else {},
            instance_id=_str_or_none(data.get("errorInstanceId")),
        )
    if status == 429 or status >= 500:
        # QoS answers from the gateway carry no Conjure body; the status and hints say it all.
        hint = headers.get("qos-retry-hint")
        return api_error_class(API, status, None)(
            **fields,
            detail="the gateway asked not to retry this request"
            if hint == "do-not-retry"
            else None,
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


def _optional(value: str | Unset | None, name: str) -> str | None:
    """A Conjure optional: absent and JSON null both read as None (Conjure's wire rules, and how
    the official SDK reads them)."""
    return None if value is None or isinstance(value, Unset) else text(value, name)


def _items(value: object, name: str) -> list[Any]:
    """A Conjure list: absent and JSON null both read as empty (Conjure's wire rules). Anything
    else but a list is refused: the generated parser hands back what it could not parse as is."""
    if value is None or isinstance(value, Unset):
        return []
    if not isinstance(value, list):
        raise Malformed(f"{name!r} must be a list, got {value!r:.80}")
    return value


def parse_project(data: Any) -> FoundryProject:
    """A `Project` body into provisionkit's value object (raises on a body outside the schema)."""
    wire = WireProject.from_dict(
        data
    )  # required keys, uuids, times, enums (tolerant of new values)
    return FoundryProject(
        rid=text(wire.rid, "rid"),
        display_name=text(wire.display_name, "displayName"),
        path=text(wire.path, "path"),
        space_rid=text(wire.space_rid, "spaceRid"),
        trash_status=TrashStatus(str(wire.trash_status)),
        created_by=str(wire.created_by),
        updated_by=str(wire.updated_by),
        created_time=wire.created_time,
        updated_time=wire.updated_time,
        resource_level_role_grants_allowed=flag(
            wire.resource_level_role_grants_allowed, "resourceLevelRoleGrantsAllowed"
        ),
        description=_optional(wire.description, "description"),
        documentation=_optional(wire.documentation, "documentation"),
    )


def parse_resource(data: Any) -> FoundryResource:
    """A `Resource` body into provisionkit's value object (raises on a body outside the schema)."""
    wire = WireResource.from_dict(data)
    return FoundryResource(
        rid=text(wire.rid, "rid"),
        display_name=text(wire.display_name, "displayName"),
        path=text(wire.path, "path"),
        type=str(wire.type_),
        space_rid=text(wire.space_rid, "spaceRid"),
        project_rid=text(wire.project_rid, "projectRid"),
        parent_folder_rid=text(wire.parent_folder_rid, "parentFolderRid"),
        trash_status=TrashStatus(str(wire.trash_status)),
        created_by=str(wire.created_by),
        updated_by=str(wire.updated_by),
        created_time=wire.created_time,
        updated_time=wire.updated_time,
        description=_optional(wire.description, "description"),
    )


def parse_user(data: Any) -> FoundryUser:
    """A `User` body into provisionkit's value object."""
    wire = WireUser.from_dict(data)
    return FoundryUser(
        id=str(wire.id),
        username=text(wire.username, "username"),
        realm=text(wire.realm, "realm"),
        status=str(wire.status),
        given_name=_optional(wire.given_name, "givenName"),
        family_name=_optional(wire.family_name, "familyName"),
        email=_optional(wire.email, "email"),
    )


def parse_spaces(data: Any) -> tuple[list[FoundrySpace], str | None]:
    """A `ListSpacesResponse` page: its spaces and the next page's token (None on the last)."""
    wire = WireSpaces.from_dict(data)
    spaces = []
    for space in _items(wire.data, "data"):
        if not isinstance(space, WireSpace):  # the generated parser kept what it could not read
            raise Malformed(f"'data' holds {space!r:.80}, not a space")
        spaces.append(
            FoundrySpace(
                rid=text(space.rid, "rid"),
                display_name=text(space.display_name, "displayName"),
                path=text(space.path, "path"),
                organizations=tuple(
                    text(org, "organizations[]")
                    for org in _items(space.organizations, "organizations")
                ),
                description=_optional(space.description, "description"),
            )
        )
    return spaces, _optional(wire.next_page_token, "nextPageToken")


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
    if not isinstance(value, str) or not RID.fullmatch(value):
        raise _invalid(
            parameter,
            value,
            "is not a Foundry RID (ri.<service>.<instance>.<type>.<locator>)",
            operation,
        )


def _principal(item: Principal | Mapping[str, str], role: str) -> PrincipalWithId:
    if isinstance(item, Principal):
        principal_id, principal_type = item.id, str(item.type)
    elif isinstance(item, Mapping):
        principal_id, principal_type = item.get("principalId", ""), item.get("principalType", "")
    else:
        raise _invalid(
            "roleGrants", role, f"holds {type(item).__name__}; use provisionkit.Principal"
        )
    try:
        parsed = uuid.UUID(principal_id)
    except (ValueError, TypeError, AttributeError):
        raise _invalid(
            "roleGrants", role, f"grants to {principal_id!r:.80}, which is not a UUID"
        ) from None
    if not PrincipalType(principal_type).is_known:
        raise _invalid(
            "roleGrants", role, f"has principal type {principal_type!r}; use USER or GROUP"
        )
    return PrincipalWithId(principal_id=parsed, principal_type=WirePrincipalType(principal_type))


@dataclass(frozen=True, slots=True)
class CreateCall:
    """A checked create: what it asks for, and the call that sends it."""

    display_name: str
    space_rid: str
    call: Call


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
    # The body is the generated model built from typed attributes (a spec change to it fails
    # mypy here), serialised by the generated `to_dict`. Building a JSON dict and parsing it with
    # `from_dict` first cost about 15 µs per create for the same bytes (RESULTS.md 1b).
    # The collections are always sent, empty when the caller gives none, as the official SDK
    # sends them (the spec requires them: the IR types them as lists and a map, not optionals).
    grants = CreateProjectRequestRoleGrantsType0()
    grants.additional_properties = {
        str(role): [_principal(p, str(role)) for p in principals]
        for role, principals in (role_grants or {}).items()
    }
    defaults = [str(role) for role in default_roles or ()]
    organizations = list(organization_rids or ())
    for rid in organizations:
        check_rid(rid, "organizationRids")
    body = CreateProjectRequest(
        display_name=display_name,
        space_rid=space_rid,
        description=UNSET if description is None else description,
        role_grants=grants,
        default_roles=defaults,
        organization_rids=organizations,
        resource_level_role_grants_allowed=UNSET
        if resource_level_role_grants_allowed is None
        else bool(resource_level_role_grants_allowed),
    )
    kwargs = create_project._get_kwargs(body=body)
    return CreateCall(display_name, space_rid, Call.of(API, CREATE, kwargs))


# Display names are at most 700 characters; a path holds a space name and a few of them.
MAX_PATH = 4096


def check_path(path: str, parameter: str = "path", operation: str = GET_BY_PATH) -> None:
    """A path is `/<space>/<name>/...` (the leading slash optional); '.' and '..' name nothing."""
    parts = path.strip("/").split("/") if isinstance(path, str) else []
    if (
        not isinstance(path, str)
        or not path.strip("/")
        or len(path) > MAX_PATH
        or any(part in {"", ".", ".."} for part in parts)
        or any(not c.isprintable() for c in path)
    ):
        raise _invalid(
            "path",
            path if not isinstance(path, str) else path[:80],
            "is not a Foundry path such as /Space/Project",
            operation,
        )


def error_for(response: Answer, operation: str) -> ProvisionError:
    return error_from_response(
        response.status_code, response.headers, response.content, operation=operation
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
