"""Foundry's operations as flows: create (settling an unknown outcome), confirm, get, delete,
list spaces.

Create is synchronous in Foundry; `wait=True` only confirms the project is readable. Everything here
decides; nothing sends or sleeps (see effects.py). Requests and parsing come from the adapter.

The module runs over 300 lines on purpose: one flow per Foundry operation, and create's lookup
that settles an unknown outcome needs three of them (listSpaces, getCurrentUser, getByPath).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from provisionkit.config import MAX_LIST_PAGES, MAX_SPACE_LOOKUP_PAGES
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
from provisionkit.reconciling import (
    Creates,
    Reconcile,
    Sighting,
    as_utc,
    ask,
    mismatch,
    resolve,
    since_sent,
)
from provisionkit.responses import Answer, asked_for, parse_model, unexpected, unexpected_success
from provisionkit.sending import Seen, check_page_deadline, poll, send
from provisionkit.values import FoundryProject, FoundryResource, FoundrySpace, FoundryUser
from provisionkit.waiting import Action, Deadline, Observation

from .adapter import (
    API,
    CREATE,
    CURRENT_USER,
    DELETE,
    GET,
    GET_BY_PATH,
    GET_RESOURCE,
    LIST_SPACES,
    CreateCall,
    check_rid,
    current_user_call,
    delete_call,
    error_for,
    get_call,
    list_spaces_call,
    parse_project,
    parse_resource,
    parse_spaces,
    parse_user,
    qos_refusal,
    resource_by_path_call,
    resource_call,
)

__all__ = ["FoundryFlows"]

log = logging.getLogger("provisionkit")


def _the_project(wanted: str) -> Callable[[Any], FoundryProject]:
    """The project parser for a read of `wanted` (its rid): any other project is refused."""
    return asked_for(parse_project, wanted, by=("rid",))


class FoundryFlows:
    """Foundry's operations as flows (see effects.py), shared by the sync and async clients."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self._creates = Creates()
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

    def get_project(self, project_rid: str, *, timeout: float) -> Flow[FoundryProject]:
        deadline = Deadline.start(timeout, self._runtime.clock, api=API)
        return (yield from self._get(project_rid, deadline))

    def get_resource(self, resource_rid: str, *, timeout: float) -> Flow[FoundryResource]:
        deadline = Deadline.start(timeout, self._runtime.clock, api=API)
        return (yield from self._resource(resource_rid, deadline))

    def get_resource_by_path(self, path: str, *, timeout: float) -> Flow[FoundryResource]:
        deadline = Deadline.start(timeout, self._runtime.clock, api=API)
        response = yield from self._send(resource_by_path_call(path), deadline)
        if response.status_code != 200:
            raise error_for(response, GET_BY_PATH)
        resource = parse_model(API, GET_BY_PATH, response, parse_resource)
        self._learn(resource)
        return resource

    def get_current_user(self, *, timeout: float) -> Flow[FoundryUser]:
        deadline = Deadline.start(timeout, self._runtime.clock, api=API)
        return (yield from self._current_user(deadline))

    def list_spaces(self, *, timeout: float) -> Flow[list[FoundrySpace]]:
        deadline = Deadline.start(timeout, self._runtime.clock, api=API)
        spaces, more = yield from self._spaces(deadline, MAX_LIST_PAGES)
        if more is not None:
            raise unexpected(
                API,
                LIST_SPACES,
                more,
                f"still more pages after {MAX_LIST_PAGES}; the list never ends",
            )
        return spaces

    def delete_project(self, project_rid: str, *, timeout: float) -> Flow[None]:
        deadline = Deadline.start(timeout, self._runtime.clock, api=API)
        response = yield from self._send(delete_call(project_rid), deadline)
        if response.status_code not in (200, 204):
            raise error_for(response, DELETE)
        log.info("%s: moved %s to the trash", DELETE, project_rid)

    def _resource(self, resource_rid: str, deadline: Deadline) -> Flow[FoundryResource]:
        response = yield from self._send(resource_call(resource_rid), deadline)
        if response.status_code != 200:
            raise error_for(response, GET_RESOURCE)
        resource = parse_model(API, GET_RESOURCE, response, parse_resource)
        self._learn(resource)
        return resource

    def _current_user(self, deadline: Deadline) -> Flow[FoundryUser]:
        response = yield from self._send(current_user_call(), deadline)
        if response.status_code != 200:
            raise error_for(response, CURRENT_USER)
        user = parse_model(API, CURRENT_USER, response, parse_user)
        self._user_id = user.id  # the same token, so the same user, for the client's life
        return user

    def _get(self, project_rid: str, deadline: Deadline) -> Flow[FoundryProject]:
        check_rid(project_rid, "projectRid", GET)
        response = yield from self._send(get_call(project_rid), deadline)
        if response.status_code != 200:
            raise error_for(response, GET)
        project = parse_model(API, GET, response, _the_project(project_rid))
        self._learn(project)
        return project

    def create_project(
        self,
        create: CreateCall,
        *,
        wait: bool,
        timeout: float,
        reconcile: Reconcile | None = None,
    ) -> Flow[FoundryProject]:
        deadline = Deadline.start(timeout, self._runtime.clock, api=API)
        if reconcile is None:
            project = yield from resolve(
                lambda: self._create_once(create, deadline),
                lambda _unknown, sent_at: self._look(create, sent_at, deadline),
                lambda rid: self._get(rid, deadline),
                id_of=lambda created: created.rid,
                key=(create.space_rid, create.display_name),
                creates=self._creates,
                deadline=deadline,
                api=API,
            )
        else:
            try:
                project = yield from self._create(create, deadline)
            except OutcomeUnknown as unknown:
                project = yield from self._adopt(unknown, reconcile, create, deadline)
        if not wait:
            return project
        try:
            return (yield from self._confirm(project.rid, deadline))
        except ProvisionError as error:
            raise after_create(error, project.rid) from None

    def _create_once(self, create: CreateCall, deadline: Deadline) -> Flow[FoundryProject]:
        """Send the create once: the project, or OutcomeUnknown when the answer does not say."""
        known = {"displayName": create.display_name, "spaceRid": create.space_rid}
        response = yield from self._send(create.call, deadline, idempotent=False, **known)
        return self._created(create, response)

    def _look(self, create: CreateCall, sent_at: float, deadline: Deadline) -> Flow[Sighting]:
        """The project at `<space path>/<displayName>`, if the caller created it since `sent_at`;
        `blind` when the space's path cannot be known (see `_space_path`)."""
        space_path = yield from self._space_path(create.space_rid, deadline)
        if space_path is None:
            return Sighting((), blind=True)
        me = self._user_id or (yield from self._current_user(deadline)).id
        path = f"{space_path.rstrip('/')}/{create.display_name}"
        response = yield from self._send(resource_by_path_call(path), deadline)
        if response.status_code == 404:
            return Sighting(())
        if response.status_code != 200:
            raise error_for(response, GET_BY_PATH)
        found = parse_model(API, GET_BY_PATH, response, parse_resource)
        since = since_sent(response.headers, deadline.clock() - sent_at)
        # Names are unique per space: a project there that someone else made, or that we made
        # before this request, means this create was refused (a resend answers 409).
        ours = found.created_by == me and (since is None or as_utc(found.created_time) >= since)
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
        yield from self._spaces(deadline, MAX_SPACE_LOOKUP_PAGES, until=space_rid)
        return self._space_paths.get(space_rid)

    def _spaces(
        self, deadline: Deadline, max_pages: int, *, until: str | None = None
    ) -> Flow[tuple[list[FoundrySpace], Answer | None]]:
        """listSpaces page by page under `deadline`, learning every space's path, until the last
        page, the space `until`, or `max_pages`; (spaces, the last answer if more pages remain)."""
        spaces: list[FoundrySpace] = []
        token: str | None = None
        for number in range(max_pages):
            check_page_deadline(
                deadline,
                LIST_SPACES,
                pages=number,
                items=len(spaces),
                what="spaces",
                hint="raise the timeout",
            )
            response = yield from self._send(list_spaces_call(token), deadline)
            if response.status_code != 200:
                raise error_for(response, LIST_SPACES)
            page, token = parse_model(API, LIST_SPACES, response, parse_spaces)
            for space in page:
                self._space_paths[space.rid] = space.path
            spaces.extend(page)
            if token is None or any(space.rid == until for space in page):
                return spaces, None
        return spaces, response

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

    def _confirm(self, rid: str, deadline: Deadline) -> Flow[FoundryProject]:
        """Read the new project back until it is readable (404 tolerated until the deadline)."""

        def look() -> Flow[Seen[FoundryProject | ApiError]]:
            response = yield from self._send(get_call(rid), deadline)
            if response.status_code == 200:
                project = parse_model(API, GET, response, _the_project(rid))
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
