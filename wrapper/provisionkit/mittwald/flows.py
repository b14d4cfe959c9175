"""mittwald's operations as flows: create (settling an unknown outcome), wait, list, delete.

Everything here decides; nothing sends or sleeps (see effects.py). Requests and parsing come from
the adapter, the only module that touches the generated client.

The module runs over 300 lines on purpose: one flow per mittwald operation, and create's two
halves (the wait after it, the lookup that settles an unknown outcome) share its pagination.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

import httpx

from provisionkit.config import MAX_LIST_PAGES, PAGE_SIZE, seconds
from provisionkit.effects import Call, Flow, Runtime
from provisionkit.errors import (
    ApiError,
    OutcomeUnknown,
    ProjectFailed,
    ProvisionError,
    ReadinessTimeout,
    UnexpectedResponse,
    ValidationFailed,
    after_create,
)
from provisionkit.reconciling import (
    SETTLE,
    Creates,
    Reconcile,
    Sighting,
    as_utc,
    ask,
    just,
    mismatch,
    resolve,
    since_sent,
)
from provisionkit.responses import Answer, asked_for, parse_model, unexpected, unexpected_success
from provisionkit.sending import Seen, check_page_deadline, poll, send
from provisionkit.values import MittwaldProject, MittwaldProjectSummary, Server
from provisionkit.waiting import Action, Deadline, Observation

from .adapter import (
    API,
    CREATE,
    DELETE,
    GET,
    LIST_PROJECTS,
    LIST_SERVERS,
    as_uuid,
    check_id,
    create_call,
    delete_call,
    error_for,
    get_call,
    list_projects_call,
    list_servers_call,
    parse_created_id,
    parse_project,
    parse_project_summaries,
    parse_servers,
)

__all__ = ["MittwaldFlows"]

log = logging.getLogger("provisionkit")

T = TypeVar("T")


def _int_header(headers: httpx.Headers, name: str) -> int | None:
    value = headers.get(name, "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


def _the_project(wanted: str) -> Callable[[Any], MittwaldProject]:
    """The project parser for a read of `wanted` (its project id or short id): any other project is refused."""
    return asked_for(parse_project, wanted, by=("id", "short_id"))


class MittwaldFlows:
    """mittwald's operations as flows (see effects.py), shared by the sync and async clients."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self._creates = Creates()

    def _deadline(self, timeout: float) -> Deadline:
        return Deadline.start(timeout, self._runtime.clock, api=API)

    def _send(
        self, call: Call, deadline: Deadline, *, idempotent: bool = True, **known: Any
    ) -> Flow[Answer]:
        return send(
            call, deadline=deadline, runtime=self._runtime, idempotent=idempotent, known=known
        )

    def get_project(self, project_id: str, *, timeout: float) -> Flow[MittwaldProject]:
        deadline = self._deadline(timeout)
        check_id(project_id, "project_id", GET)
        response = yield from self._send(get_call(project_id), deadline)
        if response.status_code != 200:
            raise error_for(response, GET)
        return parse_model(API, GET, response, _the_project(project_id))

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
        deadline = self._deadline(timeout)
        grace = seconds(visibility_grace, name="visibility_grace", api=API)
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
        if reconcile is None:
            project_id, event = yield from resolve(
                lambda: self._create(server_id, description, deadline),
                lambda _unknown, sent_at: self._look(server_id, description, sent_at, deadline),
                lambda adopted: just((adopted, None)),
                id_of=lambda created: created[0],
                key=(server_id, description),
                creates=self._creates,
                deadline=deadline,
                api=API,
                settle=SETTLE,
            )
        else:
            try:
                project_id, event = yield from self._create(server_id, description, deadline)
            except OutcomeUnknown as unknown:
                expected = {"description": description, "server_id": server_id}
                return (
                    yield from self._adopt(
                        unknown, reconcile, expected, deadline, grace=grace, wait=wait
                    )
                )
        try:
            return (
                yield from self._wait(
                    project_id, deadline, event=event, grace=grace, until_ready=wait
                )
            )
        except ProvisionError as error:
            raise after_create(error, project_id) from None

    def _create(
        self, server_id: str, description: str, deadline: Deadline
    ) -> Flow[tuple[str, str | None]]:
        """Send the create; (project id, create's event id), or OutcomeUnknown when ambiguous."""
        known = {"server_id": server_id, "description": description}
        response = yield from self._send(
            create_call(server_id, description), deadline, idempotent=False, **known
        )
        if response.status_code != 201:
            if 200 <= response.status_code < 300:
                raise unexpected_success(
                    API, CREATE, response, expected=201, known=known, read_id=parse_created_id
                )
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
        deadline: Deadline,
        *,
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
        try:
            project = yield from self._wait(found, deadline, grace=grace, until_ready=False)
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
            return (yield from self._wait(found, deadline, grace=grace, until_ready=True))
        except ProvisionError as error:
            raise after_create(error, found) from None

    def wait_until_ready(
        self, project_id: str, *, timeout: float, visibility_grace: float
    ) -> Flow[MittwaldProject]:
        deadline = self._deadline(timeout)
        grace = seconds(visibility_grace, name="visibility_grace", api=API)
        check_id(project_id, "project_id", GET)
        return (yield from self._wait(project_id, deadline, grace=grace, until_ready=True))

    def _wait(
        self,
        project_id: str,
        deadline: Deadline,
        *,
        grace: float,
        until_ready: bool,
        event: str | None = None,
    ) -> Flow[MittwaldProject]:
        """Poll get-project until ready (or, with until_ready False, until it is first readable)."""
        awaiting = event

        def look() -> Flow[Seen[MittwaldProject | ApiError]]:
            nonlocal awaiting
            # Until the project is visible, send create's event id: mittwald holds the read until
            # the event is processed, closing the 403 window the way its own clients do.
            response = yield from self._send(get_call(project_id, awaiting), deadline)
            if response.status_code == 200:
                project = parse_model(API, GET, response, _the_project(project_id))
                awaiting = None
                if project.has_failed:
                    return Seen(Observation.FAILED, project)
                ready = project.is_ready or not until_ready
                return Seen(Observation.READY if ready else Observation.PENDING, project)
            error = error_for(response, GET)
            # 403 (or 404, or 412 for an event not reached yet) right after create is the
            # eventual-consistency window, not a verdict: tolerated for a bounded time.
            in_window = response.status_code in (403, 404, 412) and deadline.elapsed() < grace
            if not isinstance(error, ApiError) or not in_window:
                raise error
            return Seen(Observation.PENDING, error, error.retry_after)

        polled = yield from poll(
            look, deadline=deadline, runtime=self._runtime, describe=_state, subject=project_id
        )
        last = polled.last
        if polled.action is Action.GIVE_UP:
            raise ReadinessTimeout(
                f"mittwald project {project_id} was not ready after {polled.elapsed:.1f} s and "
                f"{polled.polls} polls (last seen: {_state(last)}); raise the timeout or check the "
                "project in mStudio.",
                project_id=project_id,
                last=last,
                polls=polled.polls,
                elapsed=polled.elapsed,
            )
        # Only a project that was read is ever observed as ready or failed.
        assert isinstance(last, MittwaldProject)
        if polled.action is Action.FAILED:
            raise ProjectFailed(
                f"mittwald project {project_id} ended in status {str(last.status)!r} "
                "instead of becoming ready; see the project's status in mStudio.",
                project=last,
            )
        return last

    def list_servers(
        self,
        *,
        timeout: float,
        customer_id: str | None = None,
        search_term: str | None = None,
        sort: str = "createdAt",
        order: str = "asc",
    ) -> Flow[list[Server]]:
        deadline = self._deadline(timeout)
        servers, _ = yield from self._pages(
            lambda skip: list_servers_call(
                customer_id=customer_id,
                search_term=search_term,
                limit=PAGE_SIZE,
                skip=skip,
                sort=sort,
                order=order,
            ),
            LIST_SERVERS,
            parse_servers,
            deadline,
        )
        return servers

    def list_projects(
        self,
        *,
        timeout: float,
        server_id: str | None = None,
        customer_id: str | None = None,
        search_term: str | None = None,
        sort: str = "createdAt",
        order: str = "asc",
    ) -> Flow[list[MittwaldProjectSummary]]:
        deadline = self._deadline(timeout)
        projects, _ = yield from self._pages(
            lambda skip: list_projects_call(
                server_id=server_id,
                customer_id=customer_id,
                search_term=search_term,
                limit=PAGE_SIZE,
                skip=skip,
                sort=sort,
                order=order,
            ),
            LIST_PROJECTS,
            parse_project_summaries,
            deadline,
        )
        return projects

    def delete_project(self, project_id: str, *, timeout: float) -> Flow[None]:
        deadline = self._deadline(timeout)
        check_id(project_id, "project_id", DELETE)
        response = yield from self._send(delete_call(project_id), deadline)
        if response.status_code not in (200, 204):
            raise error_for(response, DELETE)
        log.info("%s: deleted project %s", DELETE, project_id)

    def _pages(
        self,
        page: Callable[[int], Call],
        operation: str,
        parse: Callable[[Any], list[T]],
        deadline: Deadline,
    ) -> Flow[tuple[list[T], Answer]]:
        """Every page of a listing, within the deadline and `MAX_LIST_PAGES`; (items, last answer)."""
        items: list[T] = []
        for number in range(MAX_LIST_PAGES):
            check_page_deadline(
                deadline,
                operation,
                pages=number,
                items=len(items),
                what="items",
                hint="raise the timeout or narrow the filter",
            )
            response = yield from self._send(page(len(items)), deadline)
            if response.status_code != 200:
                raise error_for(response, operation)
            found = parse_model(API, operation, response, parse)
            items.extend(found)
            total = _int_header(response.headers, "x-pagination-totalcount")
            if not found or len(found) < PAGE_SIZE or (total is not None and len(items) >= total):
                return items, response
        raise unexpected(
            API,
            operation,
            response,
            f"still full pages after {MAX_LIST_PAGES * PAGE_SIZE:,} items; the list never ends",
        )

    def _look(
        self, server_id: str, description: str, sent_at: float, deadline: Deadline
    ) -> Flow[Sighting]:
        """The projects on the server with exactly this description, created since `sent_at`."""
        # serverId filters by UUID only: for a short id, list by description and match either.
        by_uuid = as_uuid(server_id) is not None
        projects, last = yield from self._pages(
            lambda skip: list_projects_call(
                server_id=server_id if by_uuid else None,
                customer_id=None,
                search_term=description,
                limit=PAGE_SIZE,
                skip=skip,
                sort="createdAt",
                order="desc",
            ),
            LIST_PROJECTS,
            parse_project_summaries,
            deadline,
        )
        since = since_sent(last.headers, deadline.clock() - sent_at)
        return Sighting(
            tuple(
                project.id
                for project in projects
                if project.description == description
                and server_id in (project.server_id, project.server_short_id)
                and (since is None or as_utc(project.created_at) >= since)
            )
        )


def _request_view(project: MittwaldProject) -> dict[str, Any]:
    return {"description": project.description, "server_id": project.server_id}


def _state(last: MittwaldProject | ApiError | None) -> str:
    if isinstance(last, MittwaldProject):
        return f"status={last.status!s} isReady={last.reports_ready}"
    if isinstance(last, ApiError):
        return f"{last.status} {last.error_name or ''}".strip()
    return "nothing yet"
