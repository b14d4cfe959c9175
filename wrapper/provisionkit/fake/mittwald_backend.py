"""mittwald's state and rules, with no HTTP in it (moto's models.py): projects on the seeded servers,
when they turn ready and visible, server and project listing, deletion, and the rate-limit window
it reports.

A deleted project is gone at once: get-project answers 403 (as for any id the caller cannot see)
and the list no longer holds it (so `deletionRequested` is always false in the fake). The list is
eventually consistent like get-project, but only by time: a project younger than the visibility
window's `seconds` is missing unless its event was awaited; the window's `polls` count
get-project reads of that one project, which a list is not.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from .errors import MittwaldError
from .timing import RateLimitWindow, Readiness, Visibility
from .world import Backend

__all__ = ["MittwaldBackend"]

FIRST_EVENT = 276_638_689_419_853_824
# What every published client knows (mittwald-api-client 3.0.0 crashes on `runtimeApps`).
DEFAULT_FEATURES = ("redis", "node", "container")


@dataclass
class MittwaldProject:
    body: dict[str, Any]
    created: float
    event: int
    failing: bool
    polls: int = 0
    visible: bool = False  # once propagated (or its event awaited), a project stays visible


class MittwaldBackend(Backend):
    def reset(self) -> None:
        """No projects, default timing; the id sequence is the world's."""
        self.event = FIRST_EVENT
        self.readiness = Readiness()
        self.visibility = Visibility()
        self.projects: dict[str, MittwaldProject] = {}
        self.applied = 0
        self.applied_per_server: Counter[str] = Counter()
        self.deleted = 0
        self.rate_limit = RateLimitWindow(started=self.world.clock())

    def create_project(self, server_id: str, description: str) -> tuple[str, str]:
        """Create a project; returns (project id, event id). Unknown or forbidden servers are 403."""
        world = self.world
        server = self.fixtures.mittwald_servers.get(server_id) or self.fixtures.server_by_short_id(
            server_id
        )
        if server is None or server_id in self.fixtures.forbidden_servers:
            raise MittwaldError.forbidden(f"no access to server {server_id}")
        project_id, now = world.new_uuid(), world.iso_now()
        short_id = world.short_id("p-")
        self.event += 1 + world.random.randrange(1000)
        body = {
            "id": project_id,
            "shortId": short_id,
            "description": description,
            "customerId": server["customerId"],
            "createdAt": now,
            "enabled": True,
            "isReady": False,
            "readiness": "creating",
            "status": "pending",
            "statusSetAt": now,
            "directories": {"Home": f"/home/{short_id}"},
            "supportedFeatures": list(
                self.fixtures.server_features.get(server["id"], DEFAULT_FEATURES)
            ),
            "webStorageUsageInBytes": 0,
            "backupStorageUsageInBytes": 0,
            "webStorageUsageInBytesSetAt": now,
            "backupStorageUsageInBytesSetAt": now,
            "serverGroupId": server["groupId"],
            "serverId": server["id"],
            "serverShortId": server["shortId"],
        }
        failing = server["id"] in self.fixtures.failing_servers
        self.projects[project_id] = MittwaldProject(body, world.clock(), self.event, failing)
        self.applied += 1
        self.applied_per_server[server["id"]] += 1
        return project_id, str(self.event)

    def _find_project(self, project_id: str) -> MittwaldProject | None:
        found = self.projects.get(project_id)
        if found is None:
            found = next(
                (p for p in self.projects.values() if p.body["shortId"] == project_id), None
            )
        return found

    def get_project(self, project_id: str, event_reached: str | None = None) -> dict[str, Any]:
        # Only an event id (a number) can be waited for; anything else is ignored, as a header the
        # server does not understand (so schema-valid requests are never refused for it).
        event = int(event_reached) if event_reached and event_reached.isdigit() else None
        if event is not None and event > self.event:
            # mittwald holds the request 10 s for an event it has not processed, then answers 412;
            # the fake has processed every event it issued, so it answers at once.
            raise MittwaldError(412, "PreconditionFailed", "event not reached in time")
        project = self._find_project(project_id)
        if project is None:
            raise MittwaldError.forbidden(f"project {project_id} not found or not visible")
        project.polls += 1
        age = self.world.clock() - project.created
        reached = event is not None and event >= project.event
        project.visible = project.visible or reached
        hidden = (self.visibility.polls is not None and project.polls <= self.visibility.polls) or (
            self.visibility.seconds is not None and age < self.visibility.seconds
        )
        if hidden and not project.visible:
            # Reads are eventually consistent: a fresh project is "not visible" yet (403, as mittwald).
            raise MittwaldError.forbidden(f"project {project_id} not found or not visible")
        self._settle(project)
        return dict(project.body)

    def _settle(self, project: MittwaldProject) -> None:
        """Turn a pending project ready (or error) once its polls and seconds have come."""
        age = self.world.clock() - project.created
        ready = (self.readiness.polls is None or project.polls >= self.readiness.polls) and (
            self.readiness.seconds is None or age >= self.readiness.seconds
        )
        if ready and project.body["status"] == "pending":
            status = "error" if project.failing else "ready"
            project.body.update(
                status=status,
                isReady=status == "ready",
                readiness="ready" if status == "ready" else "unready",
                statusSetAt=self.world.iso_now(),
            )

    def delete_project(self, project_id: str) -> str:
        """Delete a project at once; returns the event id. Unknown (or deleted) ids are 403."""
        project = self._find_project(project_id)
        if project is None:
            raise MittwaldError.forbidden(f"project {project_id} not found or not visible")
        del self.projects[project.body["id"]]
        self.deleted += 1
        self.event += 1 + self.world.random.randrange(1000)
        return str(self.event)

    def _listed(self, project: MittwaldProject) -> bool:
        seconds = self.visibility.seconds
        young = seconds is not None and self.world.clock() - project.created < seconds
        return project.visible or not young

    def list_projects(
        self,
        *,
        customer_id: str | None = None,
        server_id: str | None = None,
        search_term: str | None = None,
        limit: int = 10000,
        skip: int | None = None,
        page: int | None = None,
        sort: str = "createdAt",
        order: str = "asc",
    ) -> tuple[list[dict[str, Any]], dict[str, int]]:
        """One page of the visible projects (as ProjectListItem) and the pagination numbers."""
        items = []
        for project in self.projects.values():
            if not self._listed(project):
                continue
            self._settle(project)
            body = project.body
            if customer_id is not None and body["customerId"] != customer_id:
                continue
            if server_id is not None and body.get("serverId") != server_id:
                continue
            if search_term and not any(
                search_term.lower() in body[k].lower() for k in ("id", "shortId", "description")
            ):
                continue
            items.append(_list_item(body))
        return _page(items, limit=limit, skip=skip, page=page, sort=sort, order=order)

    def list_servers(
        self,
        *,
        customer_id: str | None = None,
        search_term: str | None = None,
        limit: int = 10000,
        skip: int | None = None,
        page: int | None = None,
        sort: str = "createdAt",
        order: str = "asc",
    ) -> tuple[list[dict[str, Any]], dict[str, int]]:
        """One page of visible servers and the pagination numbers for its headers."""
        servers = [
            s
            for sid, s in self.fixtures.mittwald_servers.items()
            if sid not in self.fixtures.forbidden_servers
        ]
        if customer_id is not None:
            servers = [s for s in servers if s["customerId"] == customer_id]
        if search_term:
            term = search_term.lower()
            servers = [
                s
                for s in servers
                if any(term in s[k].lower() for k in ("id", "shortId", "description"))
            ]
        return _page(
            [dict(s) for s in servers], limit=limit, skip=skip, page=page, sort=sort, order=order
        )

    def count_request(self) -> tuple[int, int, int]:
        """Count one request in the rate-limit window: (limit, remaining, seconds to the reset)."""
        return self.rate_limit.count(self.world.clock())


_LIST_ITEM_KEYS = (
    "id",
    "shortId",
    "description",
    "enabled",
    "customerId",
    "createdAt",
    "isReady",
    "readiness",
    "status",
    "statusSetAt",
    "webStorageUsageInBytes",
    "webStorageUsageInBytesSetAt",
    "backupStorageUsageInBytes",
    "backupStorageUsageInBytesSetAt",
    "supportedFeatures",
    "serverGroupId",
    "serverId",
    "serverShortId",
)


def _list_item(body: dict[str, Any]) -> dict[str, Any]:
    """A project as project-list-projects shows it: lighter, with its owner's `customerMeta`."""
    item = {key: body[key] for key in _LIST_ITEM_KEYS if key in body}
    item["supportedFeatures"] = list(body["supportedFeatures"])
    return {**item, "customerMeta": {"id": body["customerId"]}, "deletionRequested": False}


def _page(
    items: list[dict[str, Any]],
    *,
    limit: int,
    skip: int | None,
    page: int | None,
    sort: str,
    order: str,
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """mittwald's list paging: sorted, `skip` wins over `page`; the numbers for X-Pagination-*."""
    items.sort(key=lambda item: item[sort], reverse=order == "desc")
    if skip is None:
        skip = (page or 0) * limit
    shown = items[skip : skip + limit] if limit else []
    numbers = {
        "limit": limit,
        "skip": skip,
        "page": skip // limit if limit else 0,
        "total": len(items),
    }
    return shown, numbers
