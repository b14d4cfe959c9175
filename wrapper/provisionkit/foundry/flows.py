"""Foundry's flows with real logic: create (settling an unknown outcome) and its confirmation.
The simple operations (get, resources, current user, spaces, delete) run on the generic flows
(table_flows.py) from the table; create's lookup reuses three of them.

Create is synchronous in Foundry; `wait=True` only confirms the project is readable. Everything here
decides; nothing sends or sleeps (see effects.py). Requests and parsing come from the adapter.

The module runs over 300 lines on purpose: create, its resend rule, its two ways of settling an
unknown outcome (the lookup, the caller's reconcile) and the confirmation are one story.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from provisionkit.config import MAX_SPACE_LOOKUP_PAGES
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
from provisionkit.operations import by_method
from provisionkit.reconciling import (
    Age,
    Creates,
    Reconcile,
    Sent,
    Sighting,
    Unresolved,
    ask,
    mismatch,
    not_asked,
    resolve,
    witnesses,
)
from provisionkit.responses import Answer, asked_for, parse_model, unexpected_success
from provisionkit.sending import Seen, poll, send
from provisionkit.table_flows import TableFlows
from provisionkit.values import FoundryProject, FoundryResource, FoundrySpace, FoundryUser
from provisionkit.waiting import Action, Deadline, Observation

from .adapter import (
    API,
    BINDING,
    CREATE,
    GET_BY_PATH,
    CreateCall,
    RoleGrants,
    check_rid,
    create_call,
    error_for,
    parse_project,
    parse_resource,
    qos_refusal,
)
from .operations import OPERATIONS

_OP = by_method(OPERATIONS)
_GET = _OP["get_project"]
_BY_PATH = _OP["get_resource_by_path"]
GET = _GET.id

__all__ = ["FoundryFlows"]

log = logging.getLogger("provisionkit")


def _the_project(wanted: str) -> Callable[[Any], FoundryProject]:
    """The project parser for a read of `wanted` (its rid): any other project is refused."""
    return asked_for(parse_project, wanted, by=("rid",))


class FoundryFlows(TableFlows):
    """Foundry's operations as flows (see effects.py), shared by the sync and async clients:
    the simple ones from the table (table_flows.py), create and its confirmation written out here."""

    binding = BINDING

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self.creates = Creates()
        self._user_id: str | None = None  # the token's user: read once, when first needed
        self._space_paths: dict[str, str] = {}  # space RID -> its path, see _space_path

    def _send(
        self, call: Call, deadline: Deadline, *, idempotent: bool = True, **known: Any
    ) -> Flow[Answer]:
        return send(
            call,
            deadline=deadline,
            runtime=self._runtime,
            idempotent=idempotent,
            known=known,
            unprocessed=qos_refusal,
        )

    def _seen(self, item: Any) -> None:
        """Learn space paths from every space, project and resource read, and the token's user
        (the same token, so the same user, for the client's life)."""
        if isinstance(item, FoundrySpace):
            self._space_paths[item.rid] = item.path
        elif isinstance(item, FoundryProject | FoundryResource):
            self._learn(item)
        elif isinstance(item, FoundryUser):
            self._user_id = item.id

    def _get(
        self, project_rid: str, deadline: Deadline, *, asked: dict[str, str] | None = None
    ) -> Flow[FoundryProject]:
        project: FoundryProject = yield from self.once(
            _OP["get_project"], {"project_rid": project_rid}, deadline
        )
        if asked is not None:
            _check_asked(project, asked)
        return project

    def create_project(
        self,
        display_name: str,
        space_rid: str,
        *,
        role_grants: RoleGrants | None,
        default_roles: Iterable[str] | None,
        organization_rids: Iterable[str] | None,
        description: str | None,
        resource_level_role_grants_allowed: bool | None,
        wait: bool,
        timeout: float,
        reconcile: Reconcile | None = None,
    ) -> Flow[FoundryProject]:
        deadline = self._deadline(timeout)
        create = create_call(
            display_name,
            space_rid,
            role_grants=role_grants,
            default_roles=default_roles,
            organization_rids=organization_rids,
            description=description,
            resource_level_role_grants_allowed=resource_level_role_grants_allowed,
        )
        asked = {"displayName": create.display_name, "spaceRid": create.space_rid}
        key = (create.space_rid, create.display_name)
        if reconcile is None:
            project = yield from resolve(
                lambda: self._create_once(create, deadline),
                lambda _unknown, sent: self._look(create, sent, deadline),
                lambda rid: self._get(rid, deadline, asked=asked),
                id_of=lambda created: created.rid,
                key=key,
                known=asked,
                creates=self.creates,
                deadline=deadline,
                wall=self._runtime.wall,
                api=API,
                operation=CREATE,
            )
        else:
            try:
                project = yield from self._create(create, deadline)
            except OutcomeUnknown as unknown:
                project = yield from self._adopt(unknown, reconcile, create, deadline)
        if not wait:
            return project
        try:
            return (yield from self._confirm(project.rid, deadline, asked))
        except OutcomeUnknown:
            raise  # the project read back is not this call's (_check_asked)
        except ProvisionError as error:
            raise after_create(error, project.rid) from None
        except GeneratorExit:
            # Interrupted (cancelled) after the create: the next create of it adopts this one.
            self.creates.interrupted(key, Unresolved(API, CREATE, asked, project.rid))
            raise

    def _create_once(self, create: CreateCall, deadline: Deadline) -> Flow[FoundryProject]:
        """Send the create once: the project, or OutcomeUnknown when the answer does not say."""
        known = {"displayName": create.display_name, "spaceRid": create.space_rid}
        response = yield from self._send(create.call, deadline, idempotent=False, **known)
        return self._created(create, response)

    def _look(self, create: CreateCall, sent: Sent, deadline: Deadline) -> Flow[Sighting]:
        """The project at `<space path>/<displayName>`, if the caller may have created it since
        `sent` (reconciling.py: only a new one; names are unique, so anything else is "not ours");
        `blind` when the space's path cannot be known (see `_space_path`)."""
        space_path = yield from self._space_path(create.space_rid, deadline)
        if space_path is None:
            return Sighting((), blind=True)
        if self._user_id is None:
            yield from self.once(_OP["get_current_user"], {}, deadline)  # _seen keeps its id
        me = self._user_id
        path = f"{space_path.rstrip('/')}/{create.display_name}"
        response = yield from self._send(self.binding.call(_BY_PATH, {"path": path}), deadline)
        if response.status_code == 404:
            return Sighting(())
        if response.status_code != 200:
            raise error_for(response, GET_BY_PATH)
        found = parse_model(API, GET_BY_PATH, response, parse_resource)
        told = witnesses(response.headers, sent, deadline.clock())
        # Names are unique per space: a project there that someone else made, or that we made
        # before this request, means this create was refused (a resend answers 409).
        ours = found.created_by == me and told.age(found.created_time) is Age.NEW
        log.info(
            "%s: %s holds %s, %s", GET_BY_PATH, path, found.rid, "ours" if ours else "not ours"
        )
        return Sighting((found.rid,) if ours else ())

    def _space_path(self, space_rid: str, deadline: Deadline) -> Flow[str | None]:
        """A space's path: learnt from any space, project or resource this client has read, else
        from listSpaces, paged until the space shows up (at most MAX_SPACE_LOOKUP_PAGES pages).
        Real Foundry refuses getResource and getByPath on a space (`GetSpaceResourceNotSupported`),
        and its getSpace is preview only; a space's path need not be `/<displayName>`. None when
        the listing does not show the space; a listing that fails raises (OutcomeUnknown then)."""
        if space_rid in self._space_paths:
            return self._space_paths[space_rid]
        yield from self.pages(
            _OP["list_spaces"],
            {},
            deadline,
            max_pages=MAX_SPACE_LOOKUP_PAGES,
            until=lambda space: space.rid == space_rid,
        )  # _seen learns every listed space's path
        return self._space_paths.get(space_rid)

    def _learn(self, item: FoundryProject | FoundryResource) -> None:
        """Remember the space's path a project's or resource's path begins with (a project's path
        is its space's path plus `/<displayName>`, and a space's path is one segment)."""
        space = item.path.strip("/").split("/", 1)[0]
        if space and item.rid != item.space_rid:
            self._space_paths[item.space_rid] = f"/{space}"

    def _created(self, create: CreateCall, response: Answer) -> FoundryProject:
        """The created project from create's answer; OutcomeUnknown for a 2xx that does not say."""
        known = {"displayName": create.display_name, "spaceRid": create.space_rid}
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
        _check_asked(project, known)
        log.info("%s: created %s (%s)", CREATE, project.rid, project.path)
        self._learn(project)
        return project

    def _create(self, create: CreateCall, deadline: Deadline) -> Flow[FoundryProject]:
        """With a caller's reconcile: send the create, resending once when the first got no
        answer (display names are unique per space, so the resend cannot duplicate)."""
        known = {"displayName": create.display_name, "spaceRid": create.space_rid}
        try:
            response = yield from self._send(create.call, deadline, idempotent=False, **known)
        except OutcomeUnknown as unknown:
            if deadline.remaining() <= 0:
                raise  # no time left to resend: the deadline is the promise
            if unknown.known.get("do_not_retry"):
                raise  # the gateway forbade sending it again (QoS-Retry-Hint): the hook decides
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
                        "most likely the one that request created (with a reconcile function, "
                        "provisionkit does not look it up itself)"
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
        return self._created(create, response)

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

    def _confirm(self, rid: str, deadline: Deadline, asked: dict[str, str]) -> Flow[FoundryProject]:
        """Read the new project back until it is readable (404 tolerated until the deadline)."""

        def look() -> Flow[Seen[FoundryProject | ApiError]]:
            response = yield from self._send(
                self.binding.call(_GET, {"project_rid": rid}), deadline
            )
            if response.status_code == 200:
                project = parse_model(API, GET, response, _the_project(rid))
                _check_asked(project, asked)
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


def _check_asked(project: FoundryProject, asked: dict[str, str]) -> None:
    """The project an answer names is the one the create asked for (its name and space): an
    answer read off a connection shared with another process or call names someone else's."""
    if (project.display_name, project.space_rid) == (asked["displayName"], asked["spaceRid"]):
        return
    raise not_asked(
        CREATE,
        project.rid,
        f"{project.display_name!r} in {project.space_rid}",
        asked,
        "Look it up before creating again.",
    )


def _state(last: FoundryProject | ApiError) -> str:
    if isinstance(last, FoundryProject):
        return f"readable, trashStatus={last.trash_status!s}"
    return f"{last.status} {last.error_name or ''}".strip()
