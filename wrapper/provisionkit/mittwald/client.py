"""The mittwald clients services import: `MittwaldClient` and its async twin.

Generated from mittwald/operations.py by specs/generator/twins.py (`make generate`):
do not edit; change the table (or the base class in base.py) and regenerate.
`make check-generated` fails when this file differs from what the table generates.
"""

from __future__ import annotations

from typing import cast

import httpx

from provisionkit.clientbase import AsyncClient, SyncClient
from provisionkit.config import DEFAULT_READ_DEADLINE, DEFAULT_VISIBILITY_GRACE, DEFAULT_WAIT
from provisionkit.operations import by_method
from provisionkit.reconciling import Reconcile
from provisionkit.values import MittwaldProject, MittwaldProjectSummary, Server

from .base import MittwaldBase
from .operations import OPERATIONS

__all__ = ["AsyncMittwaldClient", "MittwaldClient"]

_OP = by_method(OPERATIONS)


class MittwaldClient(SyncClient, MittwaldBase[httpx.BaseTransport]):
    """mittwald mStudio: create projects on servers and wait until they are ready."""

    def create_project(
        self,
        server_id: str,
        description: str,
        *,
        wait: bool = True,
        timeout: float | None = None,
        visibility_grace: float = DEFAULT_VISIBILITY_GRACE,
        reconcile: Reconcile | None = None,
    ) -> MittwaldProject:
        """Create a project on a server; with `wait`, return once it is ready.

        `timeout` is the whole operation's deadline (create, retries and every poll): by default
        DEFAULT_WAIT with `wait`, DEFAULT_CREATE_DEADLINE without (config.py).
        A create whose outcome is unknown is looked up by the client (see
        provisionkit.reconciling), or, given `reconcile`, by that function alone: the client then
        never sends the create again. What neither settles raises OutcomeUnknown. Never a second
        project."""
        return self._run(
            self._flows.create_project(
                server_id,
                description,
                wait=wait,
                timeout=timeout,
                visibility_grace=visibility_grace,
                reconcile=reconcile,
            )
        )

    def get_project(
        self, project_id: str, *, timeout: float = DEFAULT_READ_DEADLINE
    ) -> MittwaldProject:
        """The project as get-project reports it now."""
        return cast(
            "MittwaldProject",
            self._run(self._flows.run(_OP["get_project"], timeout, project_id=project_id)),
        )

    def wait_until_ready(
        self,
        project_id: str,
        *,
        timeout: float = DEFAULT_WAIT,
        visibility_grace: float = DEFAULT_VISIBILITY_GRACE,
    ) -> MittwaldProject:
        """Poll the project until it is ready; ProjectFailed or ReadinessTimeout otherwise."""
        return self._run(
            self._flows.wait_until_ready(
                project_id, timeout=timeout, visibility_grace=visibility_grace
            )
        )

    def list_servers(
        self,
        *,
        customer_id: str | None = None,
        search_term: str | None = None,
        sort: str = "createdAt",
        order: str = "asc",
        timeout: float = DEFAULT_READ_DEADLINE,
    ) -> list[Server]:
        """Every server the token can see (all pages), optionally filtered."""
        return cast(
            "list[Server]",
            self._run(
                self._flows.run(
                    _OP["list_servers"],
                    timeout,
                    customer_id=customer_id,
                    search_term=search_term,
                    sort=sort,
                    order=order,
                )
            ),
        )

    def list_projects(
        self,
        *,
        server_id: str | None = None,
        customer_id: str | None = None,
        search_term: str | None = None,
        sort: str = "createdAt",
        order: str = "asc",
        timeout: float = DEFAULT_READ_DEADLINE,
    ) -> list[MittwaldProjectSummary]:
        """Every project the token can see (all pages), optionally filtered by server (its UUID)."""
        return cast(
            "list[MittwaldProjectSummary]",
            self._run(
                self._flows.run(
                    _OP["list_projects"],
                    timeout,
                    server_id=server_id,
                    customer_id=customer_id,
                    search_term=search_term,
                    sort=sort,
                    order=order,
                )
            ),
        )

    def delete_project(self, project_id: str, *, timeout: float = DEFAULT_READ_DEADLINE) -> None:
        """Delete a project (mittwald removes it with everything in it)."""
        self._run(self._flows.run(_OP["delete_project"], timeout, project_id=project_id))


class AsyncMittwaldClient(AsyncClient, MittwaldBase[httpx.AsyncBaseTransport]):
    """The async twin of MittwaldClient: same arguments, same results."""

    async def create_project(
        self,
        server_id: str,
        description: str,
        *,
        wait: bool = True,
        timeout: float | None = None,
        visibility_grace: float = DEFAULT_VISIBILITY_GRACE,
        reconcile: Reconcile | None = None,
    ) -> MittwaldProject:
        """Create a project on a server; with `wait`, return once it is ready.

        `timeout` is the whole operation's deadline (create, retries and every poll): by default
        DEFAULT_WAIT with `wait`, DEFAULT_CREATE_DEADLINE without (config.py).
        A create whose outcome is unknown is looked up by the client (see
        provisionkit.reconciling), or, given `reconcile`, by that function alone: the client then
        never sends the create again. What neither settles raises OutcomeUnknown. Never a second
        project."""
        return await self._run(
            self._flows.create_project(
                server_id,
                description,
                wait=wait,
                timeout=timeout,
                visibility_grace=visibility_grace,
                reconcile=reconcile,
            )
        )

    async def get_project(
        self, project_id: str, *, timeout: float = DEFAULT_READ_DEADLINE
    ) -> MittwaldProject:
        """The project as get-project reports it now."""
        return cast(
            "MittwaldProject",
            await self._run(self._flows.run(_OP["get_project"], timeout, project_id=project_id)),
        )

    async def wait_until_ready(
        self,
        project_id: str,
        *,
        timeout: float = DEFAULT_WAIT,
        visibility_grace: float = DEFAULT_VISIBILITY_GRACE,
    ) -> MittwaldProject:
        """Poll the project until it is ready; ProjectFailed or ReadinessTimeout otherwise."""
        return await self._run(
            self._flows.wait_until_ready(
                project_id, timeout=timeout, visibility_grace=visibility_grace
            )
        )

    async def list_servers(
        self,
        *,
        customer_id: str | None = None,
        search_term: str | None = None,
        sort: str = "createdAt",
        order: str = "asc",
        timeout: float = DEFAULT_READ_DEADLINE,
    ) -> list[Server]:
        """Every server the token can see (all pages), optionally filtered."""
        return cast(
            "list[Server]",
            await self._run(
                self._flows.run(
                    _OP["list_servers"],
                    timeout,
                    customer_id=customer_id,
                    search_term=search_term,
                    sort=sort,
                    order=order,
                )
            ),
        )

    async def list_projects(
        self,
        *,
        server_id: str | None = None,
        customer_id: str | None = None,
        search_term: str | None = None,
        sort: str = "createdAt",
        order: str = "asc",
        timeout: float = DEFAULT_READ_DEADLINE,
    ) -> list[MittwaldProjectSummary]:
        """Every project the token can see (all pages), optionally filtered by server (its UUID)."""
        return cast(
            "list[MittwaldProjectSummary]",
            await self._run(
                self._flows.run(
                    _OP["list_projects"],
                    timeout,
                    server_id=server_id,
                    customer_id=customer_id,
                    search_term=search_term,
                    sort=sort,
                    order=order,
                )
            ),
        )

    async def delete_project(
        self, project_id: str, *, timeout: float = DEFAULT_READ_DEADLINE
    ) -> None:
        """Delete a project (mittwald removes it with everything in it)."""
        await self._run(self._flows.run(_OP["delete_project"], timeout, project_id=project_id))
