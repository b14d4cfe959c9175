"""mittwald's flows with real logic: create (settling an unknown outcome) and wait. The simple
operations (get, lists, delete) run on the generic flows (table_flows.py) from the table.

Everything here decides; nothing sends or sleeps (see effects.py). Requests and parsing come from
the adapter, the only module that touches the generated client.

The module runs over 300 lines on purpose: create, its two ways of settling an unknown outcome
(the lookup, the caller's reconcile) and the wait after it are one story, read together.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from provisionkit.config import DEFAULT_CREATE_DEADLINE, DEFAULT_WAIT, seconds
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
from provisionkit.operations import by_method
from provisionkit.reconciling import (
    SETTLE,
    Age,
    Creates,
    Reconcile,
    Sent,
    Sighting,
    Unresolved,
    ask,
    just,
    mismatch,
    not_asked,
    resolve,
    witnesses,
)
from provisionkit.responses import Answer, asked_for, parse_model, unexpected_success
from provisionkit.sending import Seen, poll, send
from provisionkit.table_flows import TableFlows
from provisionkit.values import MittwaldProject
from provisionkit.waiting import Action, Deadline, Observation

from .adapter import (
    API,
    BINDING,
    CREATE,
    GET,
    as_uuid,
    check_id,
    create_call,
    error_for,
    get_call,
    parse_created_id,
    parse_project,
)
from .operations import OPERATIONS

_LIST_PROJECTS = by_method(OPERATIONS)["list_projects"]

__all__ = ["MittwaldFlows"]

log = logging.getLogger("provisionkit")


def _the_project(wanted: str) -> Callable[[Any], MittwaldProject]:
    """The project parser for a read of `wanted` (its project id or short id): any other project is refused."""
    return asked_for(parse_project, wanted, by=("id", "short_id"))


class MittwaldFlows(TableFlows):
    """mittwald's operations as flows (see effects.py), shared by the sync and async clients:
    the simple ones from the table (table_flows.py), create and wait written out here."""

    binding = BINDING

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self.creates = Creates()

    def _send(
        self, call: Call, deadline: Deadline, *, idempotent: bool = True, **known: Any
    ) -> Flow[Answer]:
        return send(
            call, deadline=deadline, runtime=self._runtime, idempotent=idempotent, known=known
        )

    def create_project(
        self,
        server_id: str,
        description: str,
        *,
        wait: bool,
        timeout: float | None,
        visibility_grace: float,
        reconcile: Reconcile | None = None,
    ) -> Flow[MittwaldProject]:
        # Without a wait the create is all there is: the create deadline, as Foundry's (config.py).
        if timeout is None:
            timeout = DEFAULT_WAIT if wait else DEFAULT_CREATE_DEADLINE
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
        asked = {"server_id": server_id, "description": description}
        key = (server_id, description)
        if reconcile is None:
            project_id, event = yield from resolve(
                lambda: self._create(server_id, description, deadline),
                lambda _unknown, sent: self._look(server_id, description, sent, deadline),
                lambda adopted: just((adopted, None)),
                id_of=lambda created: created[0],
                key=key,
                known=asked,
                creates=self.creates,
                deadline=deadline,
                wall=self._runtime.wall,
                api=API,
                operation=CREATE,
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
                    project_id, deadline, event=event, grace=grace, until_ready=wait, asked=asked
                )
            )
        except OutcomeUnknown:
            raise  # the project read back is not this call's: nothing was made for it (_wait)
        except ProvisionError as error:
            raise after_create(error, project_id) from None
        except GeneratorExit:
            # Interrupted (cancelled) after the create: the next create of it adopts this one.
            self.creates.interrupted(key, Unresolved(API, CREATE, asked, project_id))
            raise

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
        asked: dict[str, str] | None = None,
    ) -> Flow[MittwaldProject]:
        """Poll get-project until ready (or, with until_ready False, until it is first readable).
        With `asked` (the create's server and description), a project read that is not the one
        asked for is an OutcomeUnknown: the id came from an answer that was not this request's."""
        awaiting = event

        def look() -> Flow[Seen[MittwaldProject | ApiError]]:
            nonlocal awaiting
            # Until the project is visible, send create's event id: mittwald holds the read until
            # the event is processed, closing the 403 window the way its own clients do.
            response = yield from self._send(get_call(project_id, awaiting), deadline)
            if response.status_code == 200:
                project = parse_model(API, GET, response, _the_project(project_id))
                if asked is not None:
                    _check_asked(project, asked)
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

    def _look(
        self, server_id: str, description: str, sent: Sent, deadline: Deadline
    ) -> Flow[Sighting]:
        """The projects on the server with exactly this description that may have been created
        since `sent` (new), or may be behind an off clock (unsure); see reconciling.py."""
        # serverId filters by UUID only: for a short id, list by description and match either.
        by_uuid = as_uuid(server_id) is not None
        projects, last, _ = yield from self.pages(
            _LIST_PROJECTS,
            {
                "server_id": server_id if by_uuid else None,
                "customer_id": None,
                "search_term": description,
                "sort": "createdAt",
                "order": "desc",
            },
            deadline,
        )
        told = witnesses(last.headers, sent, deadline.clock())
        ages: dict[Age, list[str]] = {age: [] for age in Age}
        for project in projects:
            if project.description == description and server_id in (
                project.server_id,
                project.server_short_id,
            ):
                ages[told.age(project.created_at)].append(project.id)
        return Sighting(tuple(ages[Age.NEW]), unsure=tuple(ages[Age.UNSURE]))


def _check_asked(project: MittwaldProject, asked: dict[str, str]) -> None:
    """The project a create's id names is the one it asked for (its server and description):
    an answer read off a connection shared with another process or call names someone else's."""
    servers = (project.server_id, project.server_short_id)
    unplaced = servers == (None, None)  # the read does not say: the description must do
    if project.description == asked["description"] and (unplaced or asked["server_id"] in servers):
        return
    raise not_asked(
        CREATE,
        project.id,
        f"{project.description!r} on server {project.server_id}",
        asked,
        "Look for it in mStudio before creating again.",
    )


def _request_view(project: MittwaldProject) -> dict[str, Any]:
    return {"description": project.description, "server_id": project.server_id}


def _state(last: MittwaldProject | ApiError | None) -> str:
    if isinstance(last, MittwaldProject):
        return f"status={last.status!s} isReady={last.reports_ready}"
    if isinstance(last, ApiError):
        return f"{last.status} {last.error_name or ''}".strip()
    return "nothing yet"
