"""mittwald mStudio adapter: builds calls on the generated client, parses projects, maps errors.

Requests are built by the generated endpoint modules' `_get_kwargs` (the spec's paths, parameters
and bodies) and sent by provisionkit's own flows, so every response passes one boundary
(`responses.py`) where anything outside the spec becomes a typed error with the raw body kept.
The generated `sync_detailed` would parse before we could see the body, and raise bare
`ValueError`/`JSONDecodeError` on what it cannot parse.
"""

from __future__ import annotations

import json
import logging
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

from .errors import (
    ApiError,
    ConfigurationError,
    OutcomeUnknown,
    ProjectFailed,
    ProvisionError,
    ReadinessTimeout,
    UnexpectedResponse,
    ValidationFailed,
    after_create,
    api_error_class,
)
from .flows import Ask, Flow, Runtime, Sleep, send_with_retries
from .reconciling import Reconcile, mismatch
from .responses import Malformed, field, parse_model, request_id, retry_after_seconds
from .values import MachineType, MittwaldProject, ProjectStatus, Server, ServerStatus
from .waiting import Observation, decide

__all__ = ["API", "MittwaldFlows", "error_from_response", "parse_project", "parse_server"]

log = logging.getLogger("provisionkit")

API = "mittwald"
CREATE = "project-create-project"
GET = "project-get-project"
LIST_SERVERS = "project-list-servers"
DEFAULT_BASE_URL = "https://api.mittwald.de"
PAGE_SIZE = 1000


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
    return UnexpectedResponse(
        "an error body that is not mittwald's common or validation error",
        api=API,
        operation=operation,
        status=status,
        content_type=headers.get("content-type"),
        body=body.decode("utf-8", "replace"),
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


def _parse_servers(data: Any) -> list[Server]:
    if not isinstance(data, list):
        raise Malformed(f"expected a list of servers, got {type(data).__name__}")
    return [parse_server(item) for item in data]


def _parse_created_id(data: Any) -> str:
    return field(data, "id", str)


def _fail(response: httpx.Response, operation: str) -> ProvisionError:
    return error_from_response(
        response.status_code, response.headers, response.content, operation=operation
    )


def _int_header(headers: httpx.Headers, name: str) -> int | None:
    try:
        return int(headers[name])
    except (KeyError, ValueError):
        return None


class MittwaldFlows:
    """mittwald's operations as flows (see flows.py), shared by the sync and async clients."""

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

    def get_project(self, project_id: str, *, timeout: float) -> Flow[MittwaldProject]:
        _check_id(project_id, "project_id", GET)
        started = self._runtime.clock()
        kwargs = project_get_project._get_kwargs(project_id)
        response = yield from self._send(kwargs, GET, started, timeout, idempotent=True)
        if response.status_code != 200:
            raise _fail(response, GET)
        return parse_model(API, GET, response, parse_project)

    def create_project(
        self,
        server_id: str,
        description: str,
        *,
        wait: bool,
        timeout: float,
        visibility_grace: float,
        reconcile: Reconcile | None = None,
    ) -> Flow[MittwaldProject]:
        _check_id(server_id, "server_id", CREATE)
        if not isinstance(description, str) or not description.strip():
            raise ValidationFailed(
                api=API,
                operation=CREATE,
                status=400,
                error_name="ValidationError",
                detail="description must be a non-empty string (it is the project's name in mStudio); nothing was sent",
                parameters={"description": description},
            )
        started = self._runtime.clock()
        try:
            project_id, event = yield from self._create(server_id, description, started, timeout)
        except OutcomeUnknown as unknown:
            if reconcile is None:
                raise
            return (
                yield from self._adopt(
                    unknown,
                    reconcile,
                    {"description": description, "server_id": server_id},
                    started=started,
                    timeout=timeout,
                    grace=visibility_grace,
                    wait=wait,
                )
            )
        try:
            return (
                yield from self._wait(
                    project_id,
                    started=started,
                    timeout=timeout,
                    event=event,
                    grace=visibility_grace,
                    until_ready=wait,
                )
            )
        except ProvisionError as error:
            raise after_create(error, project_id) from None

    def _create(
        self, server_id: str, description: str, started: float, timeout: float
    ) -> Flow[tuple[str, str | None]]:
        """Send the create; (project id, create's event id), or OutcomeUnknown when ambiguous."""
        kwargs = project_create_project._get_kwargs(
            server_id, body=CreateProjectRequest(description=description)
        )
        known = {"server_id": server_id, "description": description}
        response = yield from self._send(
            kwargs, CREATE, started, timeout, idempotent=False, known=known
        )
        if response.status_code != 201:
            raise _fail(response, CREATE)
        try:
            project_id = parse_model(API, CREATE, response, _parse_created_id)
        except UnexpectedResponse as unreadable:
            raise OutcomeUnknown(
                f"{CREATE}: the server answered 201 (created) but its answer could not be read "
                f"({unreadable.reason}); a project was most likely created on {server_id}. "
                "Look for it in mStudio before creating again.",
                operation=CREATE,
                cause=unreadable.reason,
                known={**known, "status": 201},
            ) from None
        log.info("%s: created project %s on server %s", CREATE, project_id, server_id)
        return project_id, response.headers.get("etag")

    def _adopt(
        self,
        unknown: OutcomeUnknown,
        reconcile: Reconcile,
        expected: dict[str, Any],
        *,
        started: float,
        timeout: float,
        grace: float,
        wait: bool,
    ) -> Flow[MittwaldProject]:
        """Take the project the caller's reconcile names, if it matches the request (reconciling.py)."""
        found = yield Ask(reconcile, unknown)
        if found is None:
            raise unknown
        if not isinstance(found, str):
            raise ConfigurationError(
                f"reconcile must return a project id or None, got {found!r:.80}"
            )
        _check_id(found, "project_id", GET)
        log.info("%s: outcome unknown (%s); reconcile names %s", CREATE, unknown.cause, found)
        options: dict[str, Any] = {
            "started": started,
            "timeout": timeout,
            "event": None,
            "grace": grace,
        }
        try:
            project = yield from self._wait(found, until_ready=False, **options)
        except ProjectFailed as failed:
            project = failed.project
            if not (wrong := mismatch(unknown, found, expected, _request_view(project))):
                raise after_create(failed, found) from None
            raise wrong from None
        if wrong := mismatch(unknown, found, expected, _request_view(project)):
            raise wrong
        if not wait or project.is_ready:
            return project
        try:
            return (yield from self._wait(found, until_ready=True, **options))
        except ProvisionError as error:
            raise after_create(error, found) from None

    def wait_until_ready(
        self, project_id: str, *, timeout: float, visibility_grace: float
    ) -> Flow[MittwaldProject]:
        _check_id(project_id, "project_id", GET)
        return (
            yield from self._wait(
                project_id,
                started=self._runtime.clock(),
                timeout=timeout,
                event=None,
                grace=visibility_grace,
                until_ready=True,
            )
        )

    def _wait(
        self,
        project_id: str,
        *,
        started: float,
        timeout: float,
        event: str | None,
        grace: float,
        until_ready: bool,
    ) -> Flow[MittwaldProject]:
        """Poll get-project until ready (or, with until_ready False, until it is first readable)."""
        polls = 0
        last: MittwaldProject | ApiError | None = None
        while True:
            # Until the project is visible, send create's event id: mittwald holds the read until
            # the event is processed, closing the 403 window the way its own clients do.
            kwargs = (
                project_get_project._get_kwargs(project_id, if_event_reached=event)
                if event
                else project_get_project._get_kwargs(project_id)
            )
            response = yield from self._send(kwargs, GET, started, timeout, idempotent=True)
            polls += 1
            elapsed = self._runtime.clock() - started
            retry_after = None
            if response.status_code == 200:
                last = parse_model(API, GET, response, parse_project)
                event = None
                if last.has_failed:
                    observation = Observation.FAILED
                elif last.is_ready or not until_ready:
                    observation = Observation.READY
                else:
                    observation = Observation.PENDING
            else:
                error = _fail(response, GET)
                # 403 (or 404, or 412 for an event not reached yet) right after create is the
                # eventual-consistency window, not a verdict: tolerated for a bounded time.
                in_window = response.status_code in (403, 404, 412) and elapsed < grace
                if not isinstance(error, ApiError) or not in_window:
                    raise error
                last, observation, retry_after = error, Observation.PENDING, error.retry_after
            log.debug(
                "%s: poll %d of %s after %.2f s: %s",
                GET,
                polls,
                project_id,
                elapsed,
                _state(last),
                extra={"poll": polls, "elapsed": elapsed, "state": _state(last)},
            )
            decision = decide(
                observation,
                attempt=polls - 1,
                elapsed=elapsed,
                timeout=timeout,
                rand=self._runtime.rand(),
                retry_after=retry_after,
            )
            if decision.action == "ready":
                assert isinstance(last, MittwaldProject)
                return last
            if decision.action == "failed":
                raise ProjectFailed(
                    f"mittwald project {project_id} ended in status {str(last.status)!r} "
                    "instead of becoming ready; see the project's status in mStudio.",
                    project=last,
                )
            if decision.action == "give_up":
                raise ReadinessTimeout(
                    f"mittwald project {project_id} was not ready after {elapsed:.1f} s and {polls} polls "
                    f"(last seen: {_state(last)}); raise the timeout or check the project in mStudio.",
                    project_id=project_id,
                    last=last,
                    polls=polls,
                    elapsed=elapsed,
                )
            yield Sleep(decision.seconds)

    def list_servers(
        self,
        *,
        timeout: float,
        customer_id: str | None = None,
        search_term: str | None = None,
        sort: str = "createdAt",
        order: str = "asc",
    ) -> Flow[list[Server]]:
        started = self._runtime.clock()
        servers: list[Server] = []
        while True:
            kwargs = project_list_servers._get_kwargs(
                customer_id=UNSET if customer_id is None else customer_id,
                search_term=UNSET if search_term is None else search_term,
                limit=PAGE_SIZE,
                skip=len(servers),
                sort=ProjectListServersSort(sort),
                order=ProjectListServersOrder(order),
            )
            response = yield from self._send(
                kwargs, LIST_SERVERS, started, timeout, idempotent=True
            )
            if response.status_code != 200:
                raise _fail(response, LIST_SERVERS)
            page = parse_model(API, LIST_SERVERS, response, _parse_servers)
            servers.extend(page)
            total = _int_header(response.headers, "x-pagination-totalcount")
            if not page or len(page) < PAGE_SIZE or (total is not None and len(servers) >= total):
                return servers


def _request_view(project: MittwaldProject) -> dict[str, Any]:
    return {"description": project.description, "server_id": project.server_id}


def _state(last: MittwaldProject | ApiError | None) -> str:
    if isinstance(last, MittwaldProject):
        return f"status={last.status!s} isReady={last.reports_ready}"
    if isinstance(last, ApiError):
        return f"{last.status} {last.error_name or ''}".strip()
    return "nothing yet"


def _check_id(value: str, name: str, operation: str) -> None:
    if (
        not isinstance(value, str)
        or not value.strip()
        or "/" in value
        or any(c.isspace() for c in value)
    ):
        raise ValidationFailed(
            api=API,
            operation=operation,
            status=400,
            error_name="ValidationError",
            detail=f"{name} {value!r:.80} is not a mittwald id (a UUID or short id); nothing was sent",
            parameters={name: value},
        )
