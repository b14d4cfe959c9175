"""Foundry's state and rules, with no HTTP in it (moto's models.py): projects in the seeded spaces,
created after the reference's checks in the reference's order; projects seen as filesystem
resources (by rid, by path), moved to the trash; the spaces, listed page by page; the user each
token belongs to.

Trash semantics (Foundry documents neither; chosen so that one path always names one resource):
a trashed project keeps its name (creating it again is `ProjectNameAlreadyExists`) and stays
readable by rid, by path and as a project, with `trashStatus: DIRECTLY_TRASHED`; the IR's
`Resource.trashStatus` exists for exactly that, so a client must look at it. Trashing it again is
a 204 that changes nothing (and is not counted twice).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from .errors import FoundryError
from .world import Backend

__all__ = ["FoundryBackend"]

MAX_DISPLAY_NAME = 700
# listSpaces: the IR states neither a default nor a largest page size; these are the fake's.
SPACES_PAGE_SIZE = 100
MAX_SPACES_PAGE_SIZE = 1000
_PAGE_TOKEN_PREFIX = "v1."  # noqa: S105 - a page token's prefix, not a secret


class FoundryBackend(Backend):
    def reset(self) -> None:
        """No projects; create needs no preview flag; the id sequence is the world's."""
        self.projects: dict[str, dict[str, Any]] = {}
        self._names: set[tuple[str, str]] = set()  # (space, display name): unique
        self.applied = 0
        self.applied_per_space: Counter[str] = Counter()
        self.trashed = 0
        # A legacy server on which create is preview-only (ApiFeaturePreviewUsageOnly without it).
        self.preview_only = False

    def error(self, status: int, code: str, name: str, **parameters: Any) -> FoundryError:
        """A Conjure error whose instance id comes from the seeded sequence (replayable)."""
        return FoundryError(status, code, name, parameters, instance_id=self.world.new_uuid())

    def create_project(
        self, request: dict[str, Any], *, preview: bool = False, caller: str | None = None
    ) -> dict[str, Any]:
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
        user = caller or fx.caller
        project: dict[str, Any] = {
            "rid": rid,
            "displayName": name,
            "path": f"{space_path(space)}/{name}",
            "createdBy": user,
            "updatedBy": user,
            "createdTime": now,
            "updatedTime": now,
            "trashStatus": "NOT_TRASHED",
            "spaceRid": space_rid,
            # A Conjure optional: absent and null alike mean the default (true).
            "resourceLevelRoleGrantsAllowed": request.get("resourceLevelRoleGrantsAllowed")
            is not False,
        }
        if request.get("description") is not None:  # absent and null alike: no description
            project["description"] = request["description"]
        self.projects[rid] = project
        self._names.add((space_rid, name))
        self.applied += 1
        self.applied_per_space[space_rid] += 1
        return dict(project)

    def get_project(self, rid: str) -> dict[str, Any]:
        """A project by rid: one created here, or a seeded one (another user's) that the caller
        can read as a resource; real Foundry serves a project to anyone who can read it."""
        project = self.projects.get(rid)
        if project is not None:
            return dict(project)
        seeded = self.fixtures.foundry_resources.get(rid)
        if (
            seeded is not None
            and seeded["type"] == "COMPASS_FOLDER"
            and seeded["projectRid"] == rid
        ):
            return _resource_as_project(seeded)
        raise self.error(404, "NOT_FOUND", "ProjectNotFound", projectRid=rid)

    # --- filesystem resources -------------------------------------------------------------------

    @staticmethod
    def _as_resource(project: dict[str, Any]) -> dict[str, Any]:
        """A project seen as a filesystem resource: a folder directly in its space."""
        resource = {key: project[key] for key in _PROJECT_FIELDS}
        if "description" in project:
            resource["description"] = project["description"]
        return {
            **resource,
            "type": "COMPASS_FOLDER",
            "parentFolderRid": project["spaceRid"],
            "projectRid": project["rid"],
        }

    def _refuse_folder(self, rid: str) -> None:
        if rid == self.fixtures.foundry_root_folder:
            raise self.error(400, "INVALID_ARGUMENT", "GetRootFolderNotSupported")
        if rid in self.fixtures.foundry_spaces:
            raise self.error(400, "INVALID_ARGUMENT", "GetSpaceResourceNotSupported", spaceRid=rid)

    def get_resource(self, rid: str) -> dict[str, Any]:
        self._refuse_folder(rid)
        if rid in self.projects:
            return self._as_resource(self.projects[rid])
        if rid in self.fixtures.foundry_resources:
            return dict(self.fixtures.foundry_resources[rid])
        raise self.error(404, "NOT_FOUND", "ResourceNotFound", resourceRid=rid)

    def get_resource_by_path(self, path: str, caller: str) -> dict[str, Any]:
        """The resource at `/<space>/<project>[/...]`; the leading slash is optional."""
        if caller in self.fixtures.foundry_restricted_users:
            raise self.error(403, "PERMISSION_DENIED", "GetByPathPermissionDenied")
        relative = path.removeprefix("/")
        if not relative:
            raise self.error(400, "INVALID_ARGUMENT", "GetRootFolderNotSupported")
        parts = relative.split("/")
        if "" in parts:  # `//`, or a trailing slash
            raise self.error(400, "INVALID_ARGUMENT", "InvalidPath", path=path)
        if len(parts) == 1:
            for rid, space in self.fixtures.foundry_spaces.items():
                if space_path(space) == f"/{parts[0]}":
                    self._refuse_folder(rid)
        absolute = "/" + relative
        for project in self.projects.values():
            if project["path"] == absolute:
                return self._as_resource(project)
        for resource in self.fixtures.foundry_resources.values():
            if resource["path"] == absolute:
                return dict(resource)
        raise self.error(404, "NOT_FOUND", "PathNotFound", path=path)

    def delete_resource(self, rid: str, caller: str) -> None:
        """Move a project to the trash (see the module's trash semantics)."""
        if rid == self.fixtures.foundry_root_folder or rid in self.fixtures.foundry_spaces:
            raise self.error(400, "INVALID_ARGUMENT", "TrashingSpaceNotSupported", resourceRid=rid)
        refusal = self.fixtures.foundry_trash_refusals.get(rid)
        if refusal is not None:
            status, code = (
                (403, "PERMISSION_DENIED")
                if refusal.endswith("PermissionDenied")
                else (400, "INVALID_ARGUMENT")
            )
            raise self.error(status, code, refusal, resourceRid=rid)
        project = self.projects.get(rid)
        if project is None:
            raise self.error(404, "NOT_FOUND", "ResourceNotFound", resourceRid=rid)
        if project["trashStatus"] == "NOT_TRASHED":
            project.update(
                trashStatus="DIRECTLY_TRASHED", updatedBy=caller, updatedTime=self.world.iso_now()
            )
            self.trashed += 1

    # --- spaces ---------------------------------------------------------------------------------

    def list_spaces(
        self, page_size: int | None = None, page_token: str | None = None
    ) -> dict[str, Any]:
        """One page of every space, in RID order; `nextPageToken` while more remain. A token is
        the offset it resumes at (opaque to clients); one this fake did not hand out is a 400."""
        size = SPACES_PAGE_SIZE if page_size is None else page_size
        if not 1 <= size <= MAX_SPACES_PAGE_SIZE:
            raise self.error(400, "INVALID_ARGUMENT", "Default:InvalidArgument", pageSize=page_size)
        spaces = sorted(self.fixtures.foundry_spaces.items())
        start = 0
        if page_token is not None:
            offset = page_token.removeprefix(_PAGE_TOKEN_PREFIX)
            if (
                not page_token.startswith(_PAGE_TOKEN_PREFIX)
                or not offset.isdigit()
                or int(offset) > len(spaces)
            ):
                raise self.error(
                    400, "INVALID_ARGUMENT", "Default:InvalidArgument", pageToken=page_token
                )
            start = int(offset)
        page: dict[str, Any] = {
            "data": [_as_space(rid, space) for rid, space in spaces[start : start + size]]
        }
        if start + size < len(spaces):
            page["nextPageToken"] = f"{_PAGE_TOKEN_PREFIX}{start + size}"
        return page

    def current_user(self, token: str) -> dict[str, Any]:
        user = self.fixtures.foundry_user(token)
        if user["id"] in self.fixtures.foundry_restricted_users:
            raise self.error(403, "PERMISSION_DENIED", "GetCurrentUserPermissionDenied")
        return dict(user)


def space_path(space: dict[str, Any]) -> str:
    """A seeded space's path: its own `path` when it has one (real spaces' paths need not be
    `/<displayName>`: the IR's example is "My Space" at `/My space-576e4`), else that."""
    return str(space.get("path") or f"/{space['displayName']}")


_PROJECT_FIELDS = (
    "rid",
    "displayName",
    "path",
    "createdBy",
    "updatedBy",
    "createdTime",
    "updatedTime",
    "trashStatus",
    "spaceRid",
)


def _resource_as_project(resource: dict[str, Any]) -> dict[str, Any]:
    """A seeded project resource as getProject reports it (the fields a Project shares with a
    Resource; resource-level role grants at their default)."""
    project = {key: resource[key] for key in _PROJECT_FIELDS}
    project["resourceLevelRoleGrantsAllowed"] = True
    for key in ("description", "documentation"):
        if resource.get(key) is not None:
            project[key] = resource[key]
    return project


def _as_space(rid: str, space: dict[str, Any]) -> dict[str, Any]:
    """A seeded space as listSpaces reports it."""
    return {
        "rid": rid,
        "displayName": space["displayName"],
        "path": space_path(space),
        "fileSystemId": "hdfs",
        "usageAccountRid": "ri.resource-policy-manager.global.usage-account.0c91194d-b5e3-4c4f-b96f-7a7f3f50e95c",
        "organizations": sorted(space["organizations"]),
        "deletionPolicyOrganizations": sorted(space["organizations"]),
        "defaultRoleSetId": "3181190f-f6b8-4649-90ec-64fa2d847204",
    }
