"""Foundry's operations as flows: create (resending once when unanswered), adopt, confirm, get.

Create is synchronous in Foundry; `wait=True` only confirms the project is readable. Everything here
decides; nothing sends or sleeps (see flows.py). Requests and parsing come from `foundry.py`.
"""

from __future__ import annotations

import logging

from .errors import (
    ApiError,
    NotFound,
    OutcomeUnknown,
    ProjectNameAlreadyExists,
    ProvisionError,
    ReadinessTimeout,
    UnexpectedResponse,
    after_create,
)
from .flows import Flow, OperationFlows, Sleep
from .foundry import API, CREATE, GET, CreateCall, check_rid, error_for, get_request, parse_project
from .reconciling import Reconcile, ask, mismatch
from .responses import parse_model
from .values import FoundryProject
from .waiting import Observation, decide

__all__ = ["FoundryFlows"]

log = logging.getLogger("provisionkit")


class FoundryFlows(OperationFlows):
    """Foundry's operations as flows (see flows.py), shared by the sync and async clients."""

    api = API

    def get_project(self, project_rid: str, *, timeout: float) -> Flow[FoundryProject]:
        check_rid(project_rid, "projectRid", GET)
        response = yield from self._send(
            get_request(project_rid),
            GET,
            self._runtime.clock(),
            timeout,
            idempotent=True,
        )
        if response.status_code != 200:
            raise error_for(response, GET)
        return parse_model(API, GET, response, parse_project)

    def create_project(
        self,
        call: CreateCall,
        *,
        wait: bool,
        timeout: float,
        reconcile: Reconcile | None = None,
    ) -> Flow[FoundryProject]:
        started = self._runtime.clock()
        try:
            project = yield from self._create(call, started, timeout)
        except OutcomeUnknown as unknown:
            if reconcile is None:
                raise
            project = yield from self._adopt(unknown, reconcile, call, started, timeout)
        if not wait:
            return project
        try:
            return (yield from self._confirm(project.rid, started=started, timeout=timeout))
        except ProvisionError as error:
            raise after_create(error, project.rid) from None

    def _create(self, call: CreateCall, started: float, timeout: float) -> Flow[FoundryProject]:
        """Send the create, resending once when the first got no answer (see reconciling.py)."""
        kwargs = call.request
        known = {"displayName": call.display_name, "spaceRid": call.space_rid}
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
            if response.status_code != 200:
                # The first request may still have been applied, whatever the resend was told:
                # only a resend that creates the project proves the first did not.
                error = error_for(response, CREATE)
                if isinstance(error, ProjectNameAlreadyExists):
                    what = (
                        f"a project named {call.display_name!r} now exists in {call.space_rid}: "
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
        if response.status_code != 200:
            raise error_for(response, CREATE)
        try:
            project = parse_model(API, CREATE, response, parse_project)
        except UnexpectedResponse as unreadable:
            raise OutcomeUnknown(
                f"{CREATE}: the server answered 200 (created) but its answer could not be read "
                f"({unreadable.reason}); a project named {call.display_name!r} most likely exists in "
                f"{call.space_rid}. Look it up before creating again.",
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
        call: CreateCall,
        started: float,
        timeout: float,
    ) -> Flow[FoundryProject]:
        """Take the project the caller's reconcile names, if it matches the request (reconciling.py)."""
        found = yield from ask(
            unknown,
            reconcile,
            what="project RID",
            check=lambda rid: check_rid(rid, "projectRid", GET),
        )
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
        expected = {"displayName": call.display_name, "spaceRid": call.space_rid}
        actual = {"displayName": project.display_name, "spaceRid": project.space_rid}
        if wrong := mismatch(unknown, found, expected, actual):
            raise wrong
        return project

    def _confirm(self, rid: str, *, started: float, timeout: float) -> Flow[FoundryProject]:
        """Read the new project back until it is readable (404 tolerated until the deadline)."""
        polls = 0
        while True:
            response = yield from self._send(
                get_request(rid), GET, started, timeout, idempotent=True
            )
            polls += 1
            elapsed = self._runtime.clock() - started
            if response.status_code == 200:
                return parse_model(API, GET, response, parse_project)
            error = error_for(response, GET)
            if response.status_code != 404 or not isinstance(error, ApiError):
                raise error
            decision = decide(
                Observation.PENDING,
                attempt=polls - 1,
                elapsed=elapsed,
                timeout=timeout,
                rand=self._runtime.rand(),
                backoff=self._runtime.backoff,
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
