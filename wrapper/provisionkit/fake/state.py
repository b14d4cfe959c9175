"""The fake's backend: both APIs' state and rules, with no HTTP in it (moto's models.py).

Every id comes from one seeded random source and every time from an injectable clock, so the same
seed and the same calls give the same answers.
"""

from __future__ import annotations

import random
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from .errors import FoundryWireError, MittwaldWireError
from .fixtures import Fixtures, default_fixtures
from .timing import RateLimitWindow, Readiness, Visibility

__all__ = ["FakeBackend"]

EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
MAX_DISPLAY_NAME = 700


@dataclass
class _MittwaldProject:
    body: dict[str, Any]
    created: float
    event: int
    failing: bool
    polls: int = 0
    visible: bool = False  # once propagated (or its event awaited), a project stays visible


@dataclass
class FakeBackend:
    seed: int = 0
    clock: Callable[[], float] = time.monotonic
    fixtures: Fixtures = field(default_factory=default_fixtures)

    def __post_init__(self) -> None:
        # Timestamps count from construction on the backend's clock: with a manual clock, setting it
        # back to where it stood replays the same times (tests rely on `reset(); clock.now = 0`).
        self._started = self.clock()
        self.reset()

    def reset(self) -> None:
        """Back to the seeded state: no projects, default timing, the same id sequence."""
        self._random = random.Random(self.seed)  # noqa: S311 - reproducible fake ids, not secrets
        self._event = 276_638_689_419_853_824
        self.readiness = Readiness()
        self.visibility = Visibility()
        self.mittwald_projects: dict[str, _MittwaldProject] = {}
        self.foundry_projects: dict[str, dict[str, Any]] = {}
        self._foundry_names: set[tuple[str, str]] = set()  # (space, display name): unique
        self.applied: Counter[str] = Counter()
        # Per server (mittwald) and per space (Foundry): where the applied creates went.
        self.applied_per_target: Counter[str] = Counter()
        self.rate_limit = RateLimitWindow(started=self.clock())
        # A legacy server on which create is preview-only (ApiFeaturePreviewUsageOnly without it).
        self.foundry_preview_only = False

    def reseed(self, seed: int) -> None:
        """Start over from another seed: a different, equally reproducible id sequence."""
        self.seed = seed
        self.reset()

    # --- shared ---------------------------------------------------------------------------------

    def new_uuid(self) -> str:
        return str(uuid.UUID(int=self._random.getrandbits(128), version=4))

    def _short(self, prefix: str) -> str:
        alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
        return prefix + "".join(self._random.choice(alphabet) for _ in range(6))

    def now(self) -> datetime:
        return EPOCH + timedelta(seconds=self.clock() - self._started)

    def _iso(self) -> str:
        return self.now().isoformat().replace("+00:00", "Z")

    def applied_creates(self, api: str | None = None) -> int:
        return self.applied[api] if api else sum(self.applied.values())

    # --- mittwald -------------------------------------------------------------------------------

    def mittwald_create_project(self, server_id: str, description: str) -> tuple[str, str]:
        """Create a project; returns (project id, event id). Unknown or forbidden servers are 403."""
        server = self.fixtures.mittwald_servers.get(server_id) or self.fixtures.server_by_short_id(
            server_id
        )
        if server is None or server_id in self.fixtures.forbidden_servers:
            raise MittwaldWireError.forbidden(f"no access to server {server_id}")
        project_id, now = self.new_uuid(), self._iso()
        short_id = self._short("p-")
        self._event += 1 + self._random.randrange(1000)
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
        self.mittwald_projects[project_id] = _MittwaldProject(
            body, self.clock(), self._event, failing
        )
        self.applied["mittwald"] += 1
        self.applied_per_target[server["id"]] += 1
        return project_id, str(self._event)

    def _find_project(self, project_id: str) -> _MittwaldProject | None:
        found = self.mittwald_projects.get(project_id)
        if found is None:
            found = next(
                (p for p in self.mittwald_projects.values() if p.body["shortId"] == project_id),
                None,
            )
        return found

    def mittwald_get_project(
        self, project_id: str, event_reached: str | None = None
    ) -> dict[str, Any]:
        # Only an event id (a number) can be waited for; anything else is ignored, as a header the
        # server does not understand (so schema-valid requests are never refused for it).
        event = int(event_reached) if event_reached and event_reached.isdigit() else None
        if event is not None and event > self._event:
            # mittwald holds the request 10 s for an event it has not processed, then answers 412;
            # the fake has processed every event it issued, so it answers at once.
            raise MittwaldWireError(412, "PreconditionFailed", "event not reached in time")
        project = self._find_project(project_id)
        if project is None:
            raise MittwaldWireError.forbidden(f"project {project_id} not found or not visible")
        project.polls += 1
        age = self.clock() - project.created
        reached = event is not None and event >= project.event
        project.visible = project.visible or reached
        hidden = (self.visibility.polls is not None and project.polls <= self.visibility.polls) or (
            self.visibility.seconds is not None and age < self.visibility.seconds
        )
        if hidden and not project.visible:
            # Reads are eventually consistent: a fresh project is "not visible" yet (403, as mittwald).
            raise MittwaldWireError.forbidden(f"project {project_id} not found or not visible")
        ready = (self.readiness.polls is None or project.polls >= self.readiness.polls) and (
            self.readiness.seconds is None or age >= self.readiness.seconds
        )
        if ready and project.body["status"] == "pending":
            status = "error" if project.failing else "ready"
            project.body.update(
                status=status,
                isReady=status == "ready",
                readiness="ready" if status == "ready" else "unready",
                statusSetAt=self._iso(),
            )
        return dict(project.body)

    def mittwald_list_servers(
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

    # --- Foundry --------------------------------------------------------------------------------

    def foundry_error(
        self, status: int, code: str, name: str, **parameters: Any
    ) -> FoundryWireError:
        return FoundryWireError(status, code, name, parameters, instance_id=self.new_uuid())

    def foundry_create_project(
        self, request: dict[str, Any], *, preview: bool = False
    ) -> dict[str, Any]:
        """Create a project, checking in the reference's order; raises the first error that applies."""
        fx = self.fixtures
        if self.foundry_preview_only and not preview:
            raise self.foundry_error(400, "INVALID_ARGUMENT", "ApiFeaturePreviewUsageOnly")
        name, space_rid = request["displayName"], request["spaceRid"]
        if name in {".", ".."} or "/" in name or len(name) > MAX_DISPLAY_NAME or not name:
            raise self.foundry_error(
                400, "INVALID_ARGUMENT", "InvalidDisplayName", displayName=name
            )
        space = fx.foundry_spaces.get(space_rid)
        if space is None:
            raise self.foundry_error(404, "NOT_FOUND", "SpaceNotFound", spaceRid=space_rid)
        if not space["allowsProjects"]:
            raise self.foundry_error(
                400, "INVALID_ARGUMENT", "ProjectCreationNotSupported", spaceRid=space_rid
            )
        orgs = list(request.get("organizationRids") or [])
        if any(org not in fx.foundry_organizations for org in orgs):
            raise self.foundry_error(
                404, "NOT_FOUND", "OrganizationsNotFound", organizationRids=orgs
            )
        if any(org not in space["organizations"] for org in orgs):
            raise self.foundry_error(
                400,
                "INVALID_ARGUMENT",
                "OrganizationMarkingNotOnSpace",
                spaceRid=space_rid,
                organizationRids=orgs,
            )
        grants: dict[str, list[Any]] = request.get("roleGrants") or {}
        requested = sorted({*grants, *(request.get("defaultRoles") or [])})
        role_set = fx.foundry_role_sets[space["roleSet"]]
        if any(role not in role_set["roles"] for role in requested):
            raise self.foundry_error(
                400, "INVALID_ARGUMENT", "InvalidRoleIds", requestedRoleIds=requested
            )
        owner_like = sorted(role_set["ownerLike"])
        if not any(role in owner_like and principals for role, principals in grants.items()):
            raise self.foundry_error(
                400,
                "INVALID_ARGUMENT",
                "CreateProjectNoOwnerLikeRoleGrant",
                grantedRoleIds=sorted(grants),
                roleSetOwnerLikeRoleIds=owner_like,
            )
        if not space["callerMayCreate"]:
            raise self.foundry_error(403, "PERMISSION_DENIED", "CreateProjectPermissionDenied")
        if (space_rid, name) in self._foundry_names:
            raise self.foundry_error(
                409, "CONFLICT", "ProjectNameAlreadyExists", displayName=name, spaceRid=space_rid
            )
        now, rid = self._iso(), f"ri.compass.main.folder.{self.new_uuid()}"
        project: dict[str, Any] = {
            "rid": rid,
            "displayName": name,
            "path": f"/{space['displayName']}/{name}",
            "createdBy": fx.caller,
            "updatedBy": fx.caller,
            "createdTime": now,
            "updatedTime": now,
            "trashStatus": "NOT_TRASHED",
            "spaceRid": space_rid,
            "resourceLevelRoleGrantsAllowed": request.get("resourceLevelRoleGrantsAllowed", True),
        }
        if "description" in request:
            project["description"] = request["description"]
        self.foundry_projects[rid] = project
        self._foundry_names.add((space_rid, name))
        self.applied["foundry"] += 1
        self.applied_per_target[space_rid] += 1
        return dict(project)

    def foundry_get_project(self, rid: str) -> dict[str, Any]:
        project = self.foundry_projects.get(rid)
        if project is None:
            raise self.foundry_error(404, "NOT_FOUND", "ProjectNotFound", projectRid=rid)
        return dict(project)
