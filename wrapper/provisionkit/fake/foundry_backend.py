"""Foundry's state and rules, with no HTTP in it (moto's models.py): projects in the seeded spaces,
created after the reference's checks in the reference's order."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .errors import FoundryError
from .world import Backend

__all__ = ["FoundryBackend"]

MAX_DISPLAY_NAME = 700


class FoundryBackend(Backend):
    def reset(self) -> None:
        """No projects; create needs no preview flag; the id sequence is the world's."""
        self.projects: dict[str, dict[str, Any]] = {}
        self._names: set[tuple[str, str]] = set()  # (space, display name): unique
        self.applied = 0
        self.applied_per_space: Counter[str] = Counter()
        # A legacy server on which create is preview-only (ApiFeaturePreviewUsageOnly without it).
        self.preview_only = False

    def error(self, status: int, code: str, name: str, **parameters: Any) -> FoundryError:
        """A Conjure error whose instance id comes from the seeded sequence (replayable)."""
        return FoundryError(status, code, name, parameters, instance_id=self.world.new_uuid())

    def create_project(self, request: dict[str, Any], *, preview: bool = False) -> dict[str, Any]:
        """Create a project, checking in the reference's order; raises the first error that applies."""
        fx = self.fixtures
        if self.preview_only and not preview:
            raise self.error(400, "INVALID_ARGUMENT", "ApiFeaturePreviewUsageOnly")
        name, space_rid = request["displayName"], request["spaceRid"]
        if name in {".", ".."} or "/" in name or len(name) > MAX_DISPLAY_NAME or not name:
            raise self.error(400, "INVALID_ARGUMENT", "InvalidDisplayName", displayName=name)
        space = fx.foundry_spaces.get(space_rid)
        if space is None:
            raise self.error(404, "NOT_FOUND", "SpaceNotFound", spaceRid=space_rid)
        if not space["allowsProjects"]:
            raise self.error(
                400, "INVALID_ARGUMENT", "ProjectCreationNotSupported", spaceRid=space_rid
            )
        orgs = list(request.get("organizationRids") or [])
        if any(org not in fx.foundry_organizations for org in orgs):
            raise self.error(404, "NOT_FOUND", "OrganizationsNotFound", organizationRids=orgs)
        if any(org not in space["organizations"] for org in orgs):
            raise self.error(
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
            raise self.error(400, "INVALID_ARGUMENT", "InvalidRoleIds", requestedRoleIds=requested)
        owner_like = sorted(role_set["ownerLike"])
        if not any(role in owner_like and principals for role, principals in grants.items()):
            raise self.error(
                400,
                "INVALID_ARGUMENT",
                "CreateProjectNoOwnerLikeRoleGrant",
                grantedRoleIds=sorted(grants),
                roleSetOwnerLikeRoleIds=owner_like,
            )
        if not space["callerMayCreate"]:
            raise self.error(403, "PERMISSION_DENIED", "CreateProjectPermissionDenied")
        if (space_rid, name) in self._names:
            raise self.error(
                409, "CONFLICT", "ProjectNameAlreadyExists", displayName=name, spaceRid=space_rid
            )
        now, rid = self.world.iso_now(), f"ri.compass.main.folder.{self.world.new_uuid()}"
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
        self.projects[rid] = project
        self._names.add((space_rid, name))
        self.applied += 1
        self.applied_per_space[space_rid] += 1
        return dict(project)

    def get_project(self, rid: str) -> dict[str, Any]:
        project = self.projects.get(rid)
        if project is None:
            raise self.error(404, "NOT_FOUND", "ProjectNotFound", projectRid=rid)
        return dict(project)
