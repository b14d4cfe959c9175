"""The foundry clients services import: `FoundryClient` and its async twin.

Generated from foundry/operations.py by specs/generator/twins.py (`make generate`):
do not edit; change the table (or the base class in base.py) and regenerate.
`make check-generated` fails when this file differs from what the table generates.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

import httpx

from provisionkit.clientbase import AsyncClient, SyncClient
from provisionkit.config import DEFAULT_CREATE_DEADLINE, DEFAULT_READ_DEADLINE
from provisionkit.operations import by_method
from provisionkit.reconciling import Reconcile
from provisionkit.values import FoundryProject, FoundryResource, FoundrySpace, FoundryUser

from .adapter import RoleGrants
from .base import FoundryBase
from .operations import OPERATIONS

__all__ = ["AsyncFoundryClient", "FoundryClient"]

_OP = by_method(OPERATIONS)


class FoundryClient(SyncClient, FoundryBase[httpx.BaseTransport]):
    """Palantir Foundry: create projects in spaces."""

    def create_project(
        self,
        display_name: str,
        space_rid: str,
        *,
        role_grants: RoleGrants | None = None,
        default_roles: Iterable[str] | None = None,
        organization_rids: Iterable[str] | None = None,
        description: str | None = None,
        resource_level_role_grants_allowed: bool | None = None,
        wait: bool = False,
        timeout: float = DEFAULT_CREATE_DEADLINE,
        reconcile: Reconcile | None = None,
    ) -> FoundryProject:
        """Create a project in a space; with `wait`, also confirm it is readable.

        `timeout` is the whole operation's deadline. A create whose outcome is unknown is looked
        up by the client (see provisionkit.reconciling), or settled by `reconcile` instead; a
        create that got no answer is first sent once more while time is left (unless the answer
        forbade it), which unique names per space make safe, and `reconcile` is asked only if
        that does not settle it. What
        neither settles raises OutcomeUnknown. Never a second project."""
        return self._run(
            self._flows.create_project(
                display_name,
                space_rid,
                role_grants=role_grants,
                default_roles=default_roles,
                organization_rids=organization_rids,
                description=description,
                resource_level_role_grants_allowed=resource_level_role_grants_allowed,
                wait=wait,
                timeout=timeout,
                reconcile=reconcile,
            )
        )

    def get_project(
        self, project_rid: str, *, timeout: float = DEFAULT_READ_DEADLINE
    ) -> FoundryProject:
        """The project as getProject reports it now."""
        return cast(
            "FoundryProject",
            self._run(self._flows.run(_OP["get_project"], timeout, project_rid=project_rid)),
        )

    def delete_project(self, project_rid: str, *, timeout: float = DEFAULT_READ_DEADLINE) -> None:
        """Move a project to the trash (deleteResource; it can be restored from there)."""
        self._run(self._flows.run(_OP["delete_project"], timeout, project_rid=project_rid))

    def get_resource(
        self, resource_rid: str, *, timeout: float = DEFAULT_READ_DEADLINE
    ) -> FoundryResource:
        """A filesystem resource (project, space, folder, ...) by RID."""
        return cast(
            "FoundryResource",
            self._run(self._flows.run(_OP["get_resource"], timeout, resource_rid=resource_rid)),
        )

    def get_resource_by_path(
        self, path: str, *, timeout: float = DEFAULT_READ_DEADLINE
    ) -> FoundryResource:
        """The resource at a path such as `/My Space/My Project` (NotFound when none is)."""
        return cast(
            "FoundryResource",
            self._run(self._flows.run(_OP["get_resource_by_path"], timeout, path=path)),
        )

    def get_current_user(self, *, timeout: float = DEFAULT_READ_DEADLINE) -> FoundryUser:
        """The user the token acts as."""
        return cast("FoundryUser", self._run(self._flows.run(_OP["get_current_user"], timeout)))

    def list_spaces(self, *, timeout: float = DEFAULT_READ_DEADLINE) -> list[FoundrySpace]:
        """Every space the token can see (listSpaces, all pages), with the path each one's
        projects' paths start with."""
        return cast("list[FoundrySpace]", self._run(self._flows.run(_OP["list_spaces"], timeout)))


class AsyncFoundryClient(AsyncClient, FoundryBase[httpx.AsyncBaseTransport]):
    """The async twin of FoundryClient: same arguments, same results."""

    async def create_project(
        self,
        display_name: str,
        space_rid: str,
        *,
        role_grants: RoleGrants | None = None,
        default_roles: Iterable[str] | None = None,
        organization_rids: Iterable[str] | None = None,
        description: str | None = None,
        resource_level_role_grants_allowed: bool | None = None,
        wait: bool = False,
        timeout: float = DEFAULT_CREATE_DEADLINE,
        reconcile: Reconcile | None = None,
    ) -> FoundryProject:
        """Create a project in a space; with `wait`, also confirm it is readable.

        `timeout` is the whole operation's deadline. A create whose outcome is unknown is looked
        up by the client (see provisionkit.reconciling), or settled by `reconcile` instead; a
        create that got no answer is first sent once more while time is left (unless the answer
        forbade it), which unique names per space make safe, and `reconcile` is asked only if
        that does not settle it. What
        neither settles raises OutcomeUnknown. Never a second project."""
        return await self._run(
            self._flows.create_project(
                display_name,
                space_rid,
                role_grants=role_grants,
                default_roles=default_roles,
                organization_rids=organization_rids,
                description=description,
                resource_level_role_grants_allowed=resource_level_role_grants_allowed,
                wait=wait,
                timeout=timeout,
                reconcile=reconcile,
            )
        )

    async def get_project(
        self, project_rid: str, *, timeout: float = DEFAULT_READ_DEADLINE
    ) -> FoundryProject:
        """The project as getProject reports it now."""
        return cast(
            "FoundryProject",
            await self._run(self._flows.run(_OP["get_project"], timeout, project_rid=project_rid)),
        )

    async def delete_project(
        self, project_rid: str, *, timeout: float = DEFAULT_READ_DEADLINE
    ) -> None:
        """Move a project to the trash (deleteResource; it can be restored from there)."""
        await self._run(self._flows.run(_OP["delete_project"], timeout, project_rid=project_rid))

    async def get_resource(
        self, resource_rid: str, *, timeout: float = DEFAULT_READ_DEADLINE
    ) -> FoundryResource:
        """A filesystem resource (project, space, folder, ...) by RID."""
        return cast(
            "FoundryResource",
            await self._run(
                self._flows.run(_OP["get_resource"], timeout, resource_rid=resource_rid)
            ),
        )

    async def get_resource_by_path(
        self, path: str, *, timeout: float = DEFAULT_READ_DEADLINE
    ) -> FoundryResource:
        """The resource at a path such as `/My Space/My Project` (NotFound when none is)."""
        return cast(
            "FoundryResource",
            await self._run(self._flows.run(_OP["get_resource_by_path"], timeout, path=path)),
        )

    async def get_current_user(self, *, timeout: float = DEFAULT_READ_DEADLINE) -> FoundryUser:
        """The user the token acts as."""
        return cast(
            "FoundryUser", await self._run(self._flows.run(_OP["get_current_user"], timeout))
        )

    async def list_spaces(self, *, timeout: float = DEFAULT_READ_DEADLINE) -> list[FoundrySpace]:
        """Every space the token can see (listSpaces, all pages), with the path each one's
        projects' paths start with."""
        return cast(
            "list[FoundrySpace]", await self._run(self._flows.run(_OP["list_spaces"], timeout))
        )
