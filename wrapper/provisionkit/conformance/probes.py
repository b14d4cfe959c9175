"""Directed probes of a creating run: the run's own projects, created with bodies that must
succeed, read back every way the spec allows, found by filtered lists, then one deleted and read
again. Generated data alone never reads a project that exists (ids are random) nor deletes one
(the guard forbids deleting what the run did not create), so without these the success answers of
most operations would never be checked.

Every probe is a schemathesis case sent through the guard and validated with all checks and the
behavioural ones (behaviour.py); a probe also fails on an answer its step needs and did not get
(a read of a project just created answering 403 is "the create was not kept"). The probes run
first, so the create budget pays for them before the stateful scenarios spend the rest.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .behaviour import APIS, Mismatch, parsed
from .paging import check_pages

__all__ = ["PROBES", "Probes", "Withheld"]

# mittwald without `etag` on a create: how long a read may take to see the project (its docs:
# "available within a few seconds"). With the event, one read that waits for it is enough.
POLLS = 10
POLL_PAUSE = 1.0
# Items a page when walking a list (paging.py): mittwald's walk holds this run's two projects, so
# one a page is what makes an ignored `limit` show; Foundry's holds every space of the account,
# so two a page lets a walk of MAX_PAGES pages see up to 100 of them.
PAGE_SIZE = {"mittwald": 1, "foundry": 2}
# Foundry's owner-like role in the default role set (specs/foundry.yaml, the role id's description).
FOUNDRY_OWNER_ROLE = "compass:manage"


class Withheld(Exception):
    """The guard would not send a probe (the create budget is spent, or creating is off)."""


@dataclass
class Mine:
    """A project a probe created."""

    id: str
    name: str  # description (mittwald) or display name (Foundry), as sent
    event: str | None = None  # mittwald's etag
    path: str | None = None  # Foundry
    short_id: str | None = None  # mittwald


@dataclass
class Probes:
    """The probes of one run, in order; `send` is the run's way to send and validate a case."""

    api: str
    designated: str
    send: Callable[..., Any]  # (operation id, **parts) -> response; raises Withheld
    marker: str = field(default_factory=lambda: secrets.token_hex(4))
    mine: list[Mine] = field(default_factory=list)
    me: str | None = None  # Foundry: the caller's user id
    server: str | None = (
        None  # mittwald: the designated server's UUID (it may be given by short id)
    )

    def run(self, name: str) -> None:
        PROBES[self.api][name](self)

    def need_projects(self) -> None:
        if not self.mine:
            raise Withheld("no project of this run to probe (the create probe made none)")

    def expect(self, response: Any, statuses: set[int], what: str) -> Any:
        if response.status_code not in statuses:
            raise Mismatch(f"{what} answered {response.status_code}; expected {sorted(statuses)}")
        return response

    # --- mittwald ---------------------------------------------------------------------------------

    def mittwald_create(self) -> None:
        creates = [op for op, w in APIS["mittwald"].writes.items() if w.kind == "create"]
        for n, operation in enumerate(creates):
            name = f"provisionkit conformance {self.marker} {n}"
            response = self.send(
                operation, path={"serverId": self.designated}, body={"description": name}
            )
            self.expect(response, {201}, f"{operation} on the designated server")
            sent = parsed(response.request.body) or {}
            self.mine.append(
                Mine(response.json()["id"], sent.get("description", name), _etag(response))
            )

    def mittwald_read(self) -> None:
        self.need_projects()
        for mine in self.mine:
            response = self._read_until_seen(mine)
            mine.short_id = response.json().get("shortId")
            self.server = self.server or response.json().get("serverId")
            if mine.short_id:
                by_short = self.send(
                    "project-get-project", path={"projectId": mine.short_id}, headers=_wait(mine)
                )
                self.expect(by_short, {200}, f"project-get-project by short id {mine.short_id}")

    def _read_until_seen(self, mine: Mine) -> Any:
        """get-project of a new project: once, waiting for its event; else polled a few seconds."""
        what = f"project-get-project of {mine.id}, which this run just created"
        for attempt in range(1 if mine.event else POLLS):
            if attempt:
                time.sleep(POLL_PAUSE)
            response = self.send(
                "project-get-project", path={"projectId": mine.id}, headers=_wait(mine)
            )
            if response.status_code == 200:
                return response
        self.expect(response, {200}, what + " (the create was not kept)")
        return response

    def mittwald_list(self) -> None:
        self.need_projects()
        listed = self.send("project-list-projects", query={"serverId": self.server_uuid()})
        self.expect(listed, {200}, "project-list-projects filtered by the designated server")
        ids = {item.get("id") for item in listed.json()}
        for mine in self.mine:
            if mine.id not in ids:
                raise Mismatch(f"project-list-projects of the server does not list {mine.id}")
        first = self.mine[0]
        searched = self.send("project-list-projects", query={"searchTerm": first.name})
        self.expect(searched, {200}, "project-list-projects searching a description")
        if first.id not in {item.get("id") for item in searched.json()}:
            raise Mismatch(f"project-list-projects searching {first.name!r} misses {first.id}")
        servers = self.send("project-list-servers", query={"searchTerm": self.designated})
        self.expect(servers, {200}, "project-list-servers searching the designated server")
        names = {item.get(k) for item in servers.json() for k in ("id", "shortId")}
        if self.designated not in names:
            raise Mismatch(f"project-list-servers searching {self.designated} does not list it")

    def server_uuid(self) -> str:
        # list-projects takes the server's UUID (`format: uuid`), which a read of a project names.
        return self.server or self.designated

    def mittwald_pages(self) -> None:
        self.need_projects()
        # Only this run's projects (their descriptions carry the probes' marker), sorted by
        # description: on a live account no one else's project enters the walk or moves it along
        # (an offset walk of a list that changes meanwhile repeats or skips items through no
        # fault of the deployment), and no tie in `createdAt` (the default order) reorders it.
        query = {"searchTerm": self.marker, "sort": "description"}
        self.walk_pages("project-list-projects", query, [mine.id for mine in self.mine])

    def mittwald_delete(self) -> None:
        self.need_projects()
        gone = self.mine[0]
        deleted = self.send("project-delete-project", path={"projectId": gone.id})
        self.expect(deleted, {204}, f"project-delete-project of {gone.id}")
        after = Mine(gone.id, gone.name, _etag(deleted))
        read = self.send("project-get-project", path={"projectId": gone.id}, headers=_wait(after))
        if not APIS["mittwald"].gone(read.status_code, parsed(read.content)):
            raise Mismatch(
                f"project-get-project of {gone.id} after its delete answered "
                f"{read.status_code} with the project: the delete was not effective"
            )
        listed = self.send("project-list-projects", query={"serverId": self.server_uuid()})
        self.expect(listed, {200}, "project-list-projects after a delete")
        for item in listed.json():
            if item.get("id") == gone.id and not item.get("deletionRequested"):
                raise Mismatch(f"project-list-projects still lists {gone.id} after its delete")

    # --- both -----------------------------------------------------------------------------------

    def walk_pages(self, operation: str, query: dict[str, Any], ours: list[str]) -> None:
        """Walk `operation` page by page (paging.py judges it); `ours` must all be in it."""

        def fetch(asked: dict[str, Any]) -> tuple[Any, dict[str, str]]:
            response = self.send(operation, query=asked)
            self.expect(response, {200}, f"{operation} asking for a page ({asked})")
            return parsed(response.content), _headers(response)

        api = APIS[self.api]
        listing = api.lists[operation]
        check_pages(
            operation,
            listing,
            size=PAGE_SIZE[self.api],
            names=api.id_fields,
            query=query,
            ours=ours,
            fetch=fetch,
        )

    # --- Foundry ----------------------------------------------------------------------------------

    def foundry_whoami(self) -> None:
        response = self.send("getCurrentUser")
        self.expect(response, {200}, "getCurrentUser")
        self.me = response.json().get("id")

    def foundry_create(self) -> None:
        # The caller as owner: what a real space accepts (the spec's example names made-up roles).
        principal = self.me or "f05f8da4-b84c-4fca-9c77-8af0b13d11de"
        for n in range(2):  # two, so a read answering the other one can tell them apart
            body = {
                "displayName": f"provisionkit conformance {self.marker} {n}",
                "spaceRid": self.designated,
                "description": f"made by provisionkit conformance run {self.marker}",
                "roleGrants": {
                    FOUNDRY_OWNER_ROLE: [{"principalId": principal, "principalType": "USER"}]
                },
            }
            response = self.send("createProject", body=body)
            self.expect(response, {200}, "createProject in the designated space")
            project = response.json()
            self.mine.append(Mine(project["rid"], project["displayName"], path=project.get("path")))

    def foundry_read(self) -> None:
        self.need_projects()
        for mine in self.mine:
            for operation, parts in (
                ("getProject", {"path": {"projectRid": mine.id}}),
                ("getResource", {"path": {"resourceRid": mine.id}}),
                ("getResourceByPath", {"query": {"path": mine.path or ""}}),
            ):
                response = self.send(operation, **parts)
                self.expect(response, {200}, f"{operation} of {mine.id}, which this run created")

    def foundry_list(self) -> None:
        response = self.send("listSpaces")
        self.expect(response, {200}, "listSpaces")
        page = response.json()
        listed = {space.get("rid") for space in page.get("data", [])}
        # The whole list on one page: the designated space must be in it.
        if "nextPageToken" not in page and self.designated not in listed:
            raise Mismatch(f"listSpaces does not list the designated {self.designated}")

    def foundry_pages(self) -> None:
        # Every space of the account: a page token, unlike an offset, holds its place while
        # others add spaces, so a space listed twice is the deployment's doing.
        self.walk_pages("listSpaces", {}, [self.designated])

    def foundry_delete(self) -> None:
        self.need_projects()
        gone = self.mine[0]
        deleted = self.send("deleteResource", path={"resourceRid": gone.id})
        self.expect(deleted, {204}, f"deleteResource of {gone.id}")
        for operation, parts in (
            ("getResource", {"path": {"resourceRid": gone.id}}),
            ("getResourceByPath", {"query": {"path": gone.path or ""}}),
            ("getProject", {"path": {"projectRid": gone.id}}),
        ):
            read = self.send(operation, **parts)
            if not APIS["foundry"].gone(read.status_code, parsed(read.content)):
                raise Mismatch(
                    f"{operation} of {gone.id} after its delete answered {read.status_code}, not "
                    "trashed: the delete was not effective"
                )


# Probe name -> step, in the order they run (each needs the ones before it).
PROBES: dict[str, dict[str, Callable[[Probes], None]]] = {
    "mittwald": {
        "create": Probes.mittwald_create,
        "read": Probes.mittwald_read,
        "list": Probes.mittwald_list,
        "pages": Probes.mittwald_pages,
        "delete": Probes.mittwald_delete,
    },
    "foundry": {
        "whoami": Probes.foundry_whoami,
        "create": Probes.foundry_create,
        "read": Probes.foundry_read,
        "list": Probes.foundry_list,
        "pages": Probes.foundry_pages,
        "delete": Probes.foundry_delete,
    },
}


def _etag(response: Any) -> str | None:
    value = response.headers.get("etag")
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, str) else None


def _headers(response: Any) -> dict[str, str]:
    """An answer's headers, names in lower case, each its first value."""
    return {
        str(k).lower(): str(v[0] if isinstance(v, list) and v else v)
        for k, v in dict(response.headers).items()
    }


def _wait(mine: Mine) -> dict[str, str]:
    return {"if-event-reached": mine.event} if mine.event else {}
