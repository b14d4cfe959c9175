"""mittwald's operations as flows: create, adopt after an unknown outcome, wait, list servers.

Everything here decides; nothing sends or sleeps (see flows.py). Requests and parsing come from the
adapter (`mittwald.py`), the only module that touches the generated client.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

from .errors import (
    ApiError,
    OutcomeUnknown,
    ProjectFailed,
    ProvisionError,
    ReadinessTimeout,
    UnexpectedResponse,
    ValidationFailed,
    after_create,
)
from .flows import Flow, OperationFlows, Sleep
from .mittwald import (
    API,
    CREATE,
    GET,
    LIST_SERVERS,
    check_id,
    create_request,
    error_for,
    get_request,
    list_servers_request,
    parse_created_id,
    parse_project,
    parse_servers,
)
from .reconciling import Reconcile, ask, mismatch
from .responses import parse_model
from .values import MittwaldProject, Server
from .waiting import Observation, decide

__all__ = ["MittwaldFlows"]

log = logging.getLogger("provisionkit")

PAGE_SIZE = 1000


def _int_header(headers: httpx.Headers, name: str) -> int | None:
    try:
        return int(headers[name])
    except (KeyError, ValueError):
        return None


class MittwaldFlows(OperationFlows):
    """mittwald's operations as flows (see flows.py), shared by the sync and async clients."""

    api = API

    def get_project(self, project_id: str, *, timeout: float) -> Flow[MittwaldProject]:
        check_id(project_id, "project_id", GET)
        started = self._runtime.clock()
        kwargs = get_request(project_id)
        response = yield from self._send(kwargs, GET, started, timeout, idempotent=True)
        if response.status_code != 200:
            raise error_for(response, GET)
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
        check_id(server_id, "server_id", CREATE)
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
        kwargs = create_request(server_id, description)
        known = {"server_id": server_id, "description": description}
        response = yield from self._send(
            kwargs, CREATE, started, timeout, idempotent=False, known=known
        )
        if response.status_code != 201:
            raise error_for(response, CREATE)
        try:
            project_id = parse_model(API, CREATE, response, parse_created_id)
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
        found = yield from ask(
            unknown,
            reconcile,
            what="project id",
            check=lambda pid: check_id(pid, "project_id", GET),
        )
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
        check_id(project_id, "project_id", GET)
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
            kwargs = get_request(project_id, event)
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
                error = error_for(response, GET)
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
                backoff=self._runtime.backoff,
                retry_after=retry_after,
            )
            if decision.action in {"ready", "failed"}:
                # Only a project that was read is ever observed as ready or failed.
                assert isinstance(last, MittwaldProject)
                if decision.action == "ready":
                    return last
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
            kwargs = list_servers_request(
                customer_id=customer_id,
                search_term=search_term,
                limit=PAGE_SIZE,
                skip=len(servers),
                sort=sort,
                order=order,
            )
            response = yield from self._send(
                kwargs, LIST_SERVERS, started, timeout, idempotent=True
            )
            if response.status_code != 200:
                raise error_for(response, LIST_SERVERS)
            page = parse_model(API, LIST_SERVERS, response, parse_servers)
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
