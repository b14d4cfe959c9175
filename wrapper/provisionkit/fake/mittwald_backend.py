"""mittwald's state and rules, with no HTTP in it (moto's models.py): projects on the seeded servers,
when they turn ready and visible, server listing, and the rate-limit window it reports."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from .errors import MittwaldError
from .timing import RateLimitWindow, Readiness, Visibility
from .world import Backend

__all__ = ["MittwaldBackend"]

FIRST_EVENT = 276_638_689_419_853_824


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
            "supportedFeatures": ["redis", "node", "container"],
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
        return dict(project.body)

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
        servers.sort(key=lambda s: s[sort], reverse=order == "desc")
        if skip is None:
            skip = (page or 0) * limit
        shown = servers[skip : skip + limit] if limit else []
        numbers = {
            "limit": limit,
            "skip": skip,
            "page": skip // limit if limit else 0,
            "total": len(servers),
        }
        return [dict(s) for s in shown], numbers

    def count_request(self) -> tuple[int, int, int]:
        """Count one request in the rate-limit window: (limit, remaining, seconds to the reset)."""
        return self.rate_limit.count(self.world.clock())
