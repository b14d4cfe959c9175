"""The mittwald clients services import: `MittwaldClient` and its async twin.

Each operation is one line handing a flow (flows.py) to the driver; the twins share every decision
and differ only in `def` versus `async def` (a test holds their signatures and docstrings equal).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

import httpx

from provisionkit.clientbase import AsyncClient, ClientBase, SyncClient, TransportT
from provisionkit.config import (
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_READ_DEADLINE,
    DEFAULT_REQUEST_TIMEOUT,
    DEFAULT_VISIBILITY_GRACE,
    DEFAULT_WAIT,
    require_env,
)
from provisionkit.effects import Runtime
from provisionkit.reconciling import Reconcile
from provisionkit.values import MittwaldProject, MittwaldProjectSummary, Server

from .adapter import API, BASE_URL_VARIABLE, DEFAULT_BASE_URL, TOKEN_VARIABLE, auth_headers
from .flows import MittwaldFlows

__all__ = ["AsyncMittwaldClient", "MittwaldClient"]


class _Mittwald(ClientBase[TransportT]):
    api = API
    token_variable = TOKEN_VARIABLE

    def __init__(
        self,
        token: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        transport: TransportT | None = None,
        runtime: Runtime | None = None,
        timeout: float | None = None,
    ) -> None:
        """`request_timeout` bounds one HTTP exchange and `max_response_bytes` one response body
        (decoded); `timeout` is request_timeout's deprecated old name."""
        self._configure(
            token,
            base_url=base_url,
            request_timeout=request_timeout,
            max_response_bytes=max_response_bytes,
            timeout=timeout,
            runtime=runtime,
            transport=transport,
        )
        self._flows = MittwaldFlows(self._runtime)

    def _auth_headers(self, token: str) -> Mapping[str, str]:
        return auth_headers(token)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **options: Any) -> Self:
        """From MITTWALD_API_TOKEN and, optionally, MITTWALD_BASE_URL."""
        base_url = require_env(BASE_URL_VARIABLE, env) or DEFAULT_BASE_URL
        return cls(require_env(TOKEN_VARIABLE, env) or "", base_url=base_url, **options)


class MittwaldClient(SyncClient, _Mittwald[httpx.BaseTransport]):
    """mittwald mStudio: create projects on servers and wait until they are ready."""

    def create_project(
        self,
        server_id: str,
        description: str,
        *,
        wait: bool = True,
        timeout: float = DEFAULT_WAIT,
        visibility_grace: float = DEFAULT_VISIBILITY_GRACE,
        reconcile: Reconcile | None = None,
    ) -> MittwaldProject:
        """Create a project on a server; with `wait`, return once it is ready.

        `timeout` is the whole operation's deadline (create, retries and every poll).
        `reconcile` resolves a create whose outcome is unknown (see provisionkit.reconciling);
        without it such a create raises OutcomeUnknown. It never causes a second create.
        """
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
        return self._run(self._flows.get_project(project_id, timeout=timeout))

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
        return self._run(
            self._flows.list_servers(
                timeout=timeout,
                customer_id=customer_id,
                search_term=search_term,
                sort=sort,
                order=order,
            )
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
        return self._run(
            self._flows.list_projects(
                timeout=timeout,
                server_id=server_id,
                customer_id=customer_id,
                search_term=search_term,
                sort=sort,
                order=order,
            )
        )

    def delete_project(self, project_id: str, *, timeout: float = DEFAULT_READ_DEADLINE) -> None:
        """Delete a project (mittwald removes it with everything in it)."""
        return self._run(self._flows.delete_project(project_id, timeout=timeout))


class AsyncMittwaldClient(AsyncClient, _Mittwald[httpx.AsyncBaseTransport]):
    """The async twin of MittwaldClient: same arguments, same results."""

    async def create_project(
        self,
        server_id: str,
        description: str,
        *,
        wait: bool = True,
        timeout: float = DEFAULT_WAIT,
        visibility_grace: float = DEFAULT_VISIBILITY_GRACE,
        reconcile: Reconcile | None = None,
    ) -> MittwaldProject:
        """Create a project on a server; with `wait`, return once it is ready.

        `timeout` is the whole operation's deadline (create, retries and every poll).
        `reconcile` resolves a create whose outcome is unknown (see provisionkit.reconciling);
        without it such a create raises OutcomeUnknown. It never causes a second create.
        """
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
        return await self._run(self._flows.get_project(project_id, timeout=timeout))

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
        return await self._run(
            self._flows.list_servers(
                timeout=timeout,
                customer_id=customer_id,
                search_term=search_term,
                sort=sort,
                order=order,
            )
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
        return await self._run(
            self._flows.list_projects(
                timeout=timeout,
                server_id=server_id,
                customer_id=customer_id,
                search_term=search_term,
                sort=sort,
                order=order,
            )
        )

    async def delete_project(
        self, project_id: str, *, timeout: float = DEFAULT_READ_DEADLINE
    ) -> None:
        """Delete a project (mittwald removes it with everything in it)."""
        return await self._run(self._flows.delete_project(project_id, timeout=timeout))
