"""Foundry's operations as flows: create (resending once when unanswered), adopt, confirm, get.

Create is synchronous in Foundry; `wait=True` only confirms the project is readable. Everything here
decides; nothing sends or sleeps (see effects.py). Requests and parsing come from the adapter.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

from provisionkit.effects import Call, Flow, Runtime
from provisionkit.errors import (
    ApiError,
    NotFound,
    OutcomeUnknown,
    ProjectNameAlreadyExists,
    ProvisionError,
    ReadinessTimeout,
    UnexpectedResponse,
    after_create,
)
from provisionkit.reconciling import Reconcile, ask, mismatch
from provisionkit.responses import asked_for, parse_model, unexpected_success
from provisionkit.sending import Seen, poll, send
from provisionkit.values import FoundryProject
from provisionkit.waiting import Action, Deadline, Observation

from .adapter import (
    API,
    CREATE,
    GET,
    CreateCall,
    check_rid,
    error_for,
    get_call,
    parse_project,
    qos_refusal,
)

__all__ = ["FoundryFlows"]

log = logging.getLogger("provisionkit")


class FoundryFlows:
    """Foundry's operations as flows (see effects.py), shared by the sync and async clients."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    def _send(
        self, call: Call, deadline: Deadline, *, idempotent: bool = True, **known: Any
    ) -> Flow[httpx.Response]:
        return send(
            call,
            deadline=deadline,
            runtime=self._runtime,
            idempotent=idempotent,
            known=known,
            unprocessed=qos_refusal,
        )

    def get_project(self, project_rid: str, *, timeout: float) -> Flow[FoundryProject]:
        deadline = Deadline.start(timeout, self._runtime.clock, api=API)
        return (yield from self._get(project_rid, deadline))

    def _get(self, project_rid: str, deadline: Deadline) -> Flow[FoundryProject]:
        check_rid(project_rid, "projectRid", GET)
        response = yield from self._send(get_call(project_rid), deadline)
        if response.status_code != 200:
            raise error_for(response, GET)
        return parse_model(API, GET, response, asked_for(parse_project, project_rid))

    def create_project(
        self,
        create: CreateCall,
        *,
        wait: bool,
        timeout: float,
        reconcile: Reconcile | None = None,
    ) -> Flow[FoundryProject]:
        deadline = Deadline.start(timeout, self._runtime.clock, api=API)
        try:
            project = yield from self._create(create, deadline)
        except OutcomeUnknown as unknown:
            if reconcile is None:
                raise
            project = yield from self._adopt(unknown, reconcile, create, deadline)
        if not wait:
            return project
        try:
            return (yield from self._confirm(project.rid, deadline))
        except ProvisionError as error:
            raise after_create(error, project.rid) from None

    def _create(self, create: CreateCall, deadline: Deadline) -> Flow[FoundryProject]:
        """Send the create, resending once when the first got no answer (see reconciling.py)."""
        known = {"displayName": create.display_name, "spaceRid": create.space_rid}
        try:
            response = yield from self._send(create.call, deadline, idempotent=False, **known)
        except OutcomeUnknown as unknown:
            if deadline.remaining() <= 0:
                raise  # no time left to resend: the deadline is the promise
            # Display names are unique per space, so sending the same create again cannot make a
            # second project: it either creates the one that did not happen or answers 409.
            log.info("%s: no answer (%s); resending, which cannot duplicate", CREATE, unknown.cause)
            response = yield from self._send(create.call, deadline, idempotent=False, **known)
            if response.status_code != 200:
                # The first request may still have been applied, whatever the resend was told:
                # only a resend that creates the project proves the first did not.
                error = error_for(response, CREATE)
                if isinstance(error, ProjectNameAlreadyExists):
                    what = (
                        f"a project named {create.display_name!r} now exists in {create.space_rid}: "
                        "most likely the one that request created, but the API offers no way to "
                        "prove it"
                    )
                else:
                    what = (
                        f"resending it failed ({type(error).__name__}), so it may or may not exist"
                    )
                raise OutcomeUnknown(
                    f"{CREATE}: the first request got no answer ({unknown.cause}) and {what}. "
                    "Look it up before retrying.",
                    operation=CREATE,
                    cause=unknown.cause,
                    known={**known, "resend_status": response.status_code},
                ) from None
        if 200 < response.status_code < 300:
            raise unexpected_success(
                API,
                CREATE,
                response,
                expected=200,
                known=known,
                read_id=lambda d: parse_project(d).rid,
            )
        if response.status_code != 200:
            raise error_for(response, CREATE)
        try:
            project = parse_model(API, CREATE, response, parse_project)
        except UnexpectedResponse as unreadable:
            raise OutcomeUnknown(
                f"{CREATE}: the server answered 200 (created) but its answer could not be read "
                f"({unreadable.reason}); a project named {create.display_name!r} most likely "
                f"exists in {create.space_rid}. Look it up before creating again.",
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
        create: CreateCall,
        deadline: Deadline,
    ) -> Flow[FoundryProject]:
        """Take the project the caller's reconcile names, if it matches the request (reconciling.py)."""
        found = yield from ask(
            unknown,
            reconcile,
            what="project RID",
            check=lambda rid: check_rid(rid, "projectRid", GET),
        )
        try:
            project = yield from self._get(found, deadline)
        except NotFound:
            raise OutcomeUnknown(
                f"{unknown.message} reconcile named {found}, which does not exist.",
                operation=unknown.operation,
                cause=unknown.cause,
                known={**unknown.known, "reconciled_id": found},
            ) from None
        expected = {"displayName": create.display_name, "spaceRid": create.space_rid}
        actual = {"displayName": project.display_name, "spaceRid": project.space_rid}
        if wrong := mismatch(unknown, found, expected, actual):
            raise wrong
        return project

    def _confirm(self, rid: str, deadline: Deadline) -> Flow[FoundryProject]:
        """Read the new project back until it is readable (404 tolerated until the deadline)."""

        def look() -> Flow[Seen[FoundryProject | ApiError]]:
            response = yield from self._send(get_call(rid), deadline)
            if response.status_code == 200:
                project = parse_model(API, GET, response, asked_for(parse_project, rid))
                return Seen(Observation.READY, project)
            error = error_for(response, GET)
            if response.status_code != 404 or not isinstance(error, ApiError):
                raise error
            return Seen(Observation.PENDING, error)

        polled = yield from poll(
            look, deadline=deadline, runtime=self._runtime, describe=_state, subject=rid
        )
        if polled.action is Action.GIVE_UP:
            raise ReadinessTimeout(
                f"Foundry project {rid} was created but not readable after "
                f"{polled.elapsed:.1f} s and {polled.polls} reads.",
                project_id=rid,
                last=polled.last,
                polls=polled.polls,
                elapsed=polled.elapsed,
            )
        assert isinstance(polled.last, FoundryProject)  # only a read project is READY
        return polled.last


def _state(last: FoundryProject | ApiError) -> str:
    if isinstance(last, FoundryProject):
        return f"readable, trashStatus={last.trash_status!s}"
    return f"{last.status} {last.error_name or ''}".strip()
