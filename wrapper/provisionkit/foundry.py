"""Foundry adapter: builds calls on the generated client, parses projects, maps errors.

Same shape as mittwald.py: requests from the generated `_get_kwargs`, sent through provisionkit's
flows, every response read at one boundary. Create is synchronous in Foundry; `wait=True` only
confirms the project is readable.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import httpx
from provisionkit_foundry_client.api.projects import create_project, get_project
from provisionkit_foundry_client.models import CreateProjectRequest
from provisionkit_foundry_client.models import Project as WireProject

from .errors import (
    ApiError,
    ConfigurationError,
    InvalidArgument,
    InvalidDisplayName,
    NotFound,
    OutcomeUnknown,
    ProjectNameAlreadyExists,
    ProvisionError,
    ReadinessTimeout,
    UnexpectedResponse,
    after_create,
    api_error_class,
)
from .flows import Ask, Flow, Runtime, Sleep, send_with_retries
from .reconciling import Reconcile, mismatch
from .responses import Malformed, field, parse_model, request_id, retry_after_seconds
from .values import FoundryProject, Principal, PrincipalType, TrashStatus
from .waiting import Observation, decide

__all__ = ["API", "FoundryFlows", "check_display_name", "error_from_response", "parse_project"]

log = logging.getLogger("provisionkit")

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
    return UnexpectedResponse(
        "an error body that is not Foundry's error envelope",
        api=API,
        operation=operation,
        status=status,
        content_type=headers.get("content-type"),
        body=body.decode("utf-8", "replace"),
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


def build_create_body(
    display_name: str,
    space_rid: str,
    *,
    role_grants: RoleGrants | None,
    default_roles: Iterable[str] | None,
    organization_rids: Iterable[str] | None,
    description: str | None,
    resource_level_role_grants_allowed: bool | None,
) -> CreateProjectRequest:
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
    return CreateProjectRequest.from_dict(body)


def _fail(response: httpx.Response, operation: str) -> ProvisionError:
    return error_from_response(
        response.status_code, response.headers, response.content, operation=operation
    )


class FoundryFlows:
    """Foundry's operations as flows (see flows.py), shared by the sync and async clients."""

    def __init__(self, http: httpx.Client | httpx.AsyncClient, runtime: Runtime) -> None:
        self._http = http
        self._runtime = runtime

    def _send(
        self, kwargs: dict[str, Any], operation: str, started: float, timeout: float, **options: Any
    ) -> Flow[httpx.Response]:
        request = self._http.build_request(**kwargs)
        return send_with_retries(
            request,
            operation=operation,
            started=started,
            timeout=timeout,
            runtime=self._runtime,
            **options,
        )

    def get_project(self, project_rid: str, *, timeout: float) -> Flow[FoundryProject]:
        check_rid(project_rid, "projectRid", GET)
        response = yield from self._send(
            get_project._get_kwargs(project_rid),
            GET,
            self._runtime.clock(),
            timeout,
            idempotent=True,
        )
        if response.status_code != 200:
            raise _fail(response, GET)
        return parse_model(API, GET, response, parse_project)

    def create_project(
        self,
        body: CreateProjectRequest,
        *,
        wait: bool,
        timeout: float,
        reconcile: Reconcile | None = None,
    ) -> Flow[FoundryProject]:
        started = self._runtime.clock()
        try:
            project = yield from self._create(body, started, timeout)
        except OutcomeUnknown as unknown:
            if reconcile is None:
                raise
            project = yield from self._adopt(unknown, reconcile, body, started, timeout)
        if not wait:
            return project
        try:
            return (yield from self._confirm(project.rid, started=started, timeout=timeout))
        except ProvisionError as error:
            raise after_create(error, project.rid) from None

    def _create(
        self, body: CreateProjectRequest, started: float, timeout: float
    ) -> Flow[FoundryProject]:
        """Send the create, resending once when the first got no answer (see reconciling.py)."""
        kwargs = create_project._get_kwargs(body=body)
        known = {"displayName": body.display_name, "spaceRid": body.space_rid}
        try:
            response = yield from self._send(
                kwargs, CREATE, started, timeout, idempotent=False, known=known
            )
        except OutcomeUnknown as unknown:
            # Display names are unique per space, so sending the same create again cannot make a
            # second project: it either creates the one that did not happen or answers 409.
            log.info("%s: no answer (%s); resending, which cannot duplicate", CREATE, unknown.cause)
            response = yield from self._send(
                kwargs, CREATE, started, timeout, idempotent=False, known=known
            )
            if response.status_code == 409:
                error = _fail(response, CREATE)
                if isinstance(error, ProjectNameAlreadyExists):
                    raise OutcomeUnknown(
                        f"{CREATE}: the first request got no answer ({unknown.cause}) and a project named "
                        f"{body.display_name!r} now exists in {body.space_rid}: most likely the one that "
                        "request created, but the API offers no way to prove it. Look it up before retrying.",
                        operation=CREATE,
                        cause=unknown.cause,
                        known=known,
                    ) from None
        if response.status_code != 200:
            raise _fail(response, CREATE)
        try:
            project = parse_model(API, CREATE, response, parse_project)
        except UnexpectedResponse as unreadable:
            raise OutcomeUnknown(
                f"{CREATE}: the server answered 200 (created) but its answer could not be read "
                f"({unreadable.reason}); a project named {body.display_name!r} most likely exists in "
                f"{body.space_rid}. Look it up before creating again.",
                operation=CREATE,
                cause=unreadable.reason,
                known={**known, "status": 200},
            ) from None
        log.info("%s: created %s (%s)", CREATE, project.rid, project.path)
        return project

    def _adopt(
        self,
        unknown: OutcomeUnknown,
        reconcile: Reconcile,
        body: CreateProjectRequest,
        started: float,
        timeout: float,
    ) -> Flow[FoundryProject]:
        """Take the project the caller's reconcile names, if it matches the request (reconciling.py)."""
        found = yield Ask(reconcile, unknown)
        if found is None:
            raise unknown
        if not isinstance(found, str):
            raise ConfigurationError(
                f"reconcile must return a project RID or None, got {found!r:.80}"
            )
        check_rid(found, "projectRid", GET)
        log.info("%s: outcome unknown (%s); reconcile names %s", CREATE, unknown.cause, found)
        remaining = timeout - (self._runtime.clock() - started)
        try:
            project = yield from self.get_project(found, timeout=remaining)
        except NotFound:
            raise OutcomeUnknown(
                f"{unknown.message} reconcile named {found}, which does not exist.",
                operation=unknown.operation,
                cause=unknown.cause,
                known={**unknown.known, "reconciled_id": found},
            ) from None
        expected = {"displayName": body.display_name, "spaceRid": body.space_rid}
        actual = {"displayName": project.display_name, "spaceRid": project.space_rid}
        if wrong := mismatch(unknown, found, expected, actual):
            raise wrong
        return project

    def _confirm(self, rid: str, *, started: float, timeout: float) -> Flow[FoundryProject]:
        """Read the new project back until it is readable (404 tolerated until the deadline)."""
        polls = 0
        while True:
            response = yield from self._send(
                get_project._get_kwargs(rid), GET, started, timeout, idempotent=True
            )
            polls += 1
            elapsed = self._runtime.clock() - started
            if response.status_code == 200:
                return parse_model(API, GET, response, parse_project)
            error = _fail(response, GET)
            if response.status_code != 404 or not isinstance(error, ApiError):
                raise error
            decision = decide(
                Observation.PENDING,
                attempt=polls - 1,
                elapsed=elapsed,
                timeout=timeout,
                rand=self._runtime.rand(),
            )
            if decision.action != "sleep":
                raise ReadinessTimeout(
                    f"Foundry project {rid} was created but not readable after {elapsed:.1f} s and {polls} reads.",
                    project_id=rid,
                    last=error,
                    polls=polls,
                    elapsed=elapsed,
                )
            yield Sleep(decision.seconds)
