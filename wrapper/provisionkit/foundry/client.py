"""The Foundry clients services import: `FoundryClient` and its async twin.

Each operation is one line handing a flow (flows.py) to the driver; the twins share every decision
and differ only in `def` versus `async def` (a test holds their signatures and docstrings equal).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Self

import httpx

from provisionkit.clientbase import AsyncClient, ClientBase, SyncClient, TransportT
from provisionkit.config import (
    DEFAULT_CREATE_DEADLINE,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_READ_DEADLINE,
    DEFAULT_REQUEST_TIMEOUT,
    check_hostname,
    require_env,
)
from provisionkit.effects import Runtime
from provisionkit.errors import ConfigurationError
from provisionkit.reconciling import Reconcile
from provisionkit.values import FoundryProject, FoundryResource, FoundrySpace, FoundryUser

from .adapter import API, TOKEN_VARIABLE, RoleGrants, auth_headers, create_call
from .flows import FoundryFlows

__all__ = ["AsyncFoundryClient", "FoundryClient"]


def base_url_of(hostname: str | None, base_url: str | None) -> str:
    """`https://<hostname>`, or the base URL given instead (exactly one of the two)."""
    if (hostname is None) == (base_url is None):
        raise ConfigurationError("foundry: give exactly one of hostname or base_url.")
    if hostname is None:
        return base_url  # type: ignore[return-value]
    return f"https://{check_hostname(hostname, api=API, example='example.palantirfoundry.com')}"


class _Foundry(ClientBase[TransportT]):
    api = API
    token_variable = TOKEN_VARIABLE

    def __init__(
        self,
        token: str,
        *,
        hostname: str | None = None,
        base_url: str | None = None,
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
            base_url=base_url_of(hostname, base_url),
            request_timeout=request_timeout,
            max_response_bytes=max_response_bytes,
            timeout=timeout,
            runtime=runtime,
            transport=transport,
        )
        self._flows = FoundryFlows(self._runtime)

    def _auth_headers(self, token: str) -> Mapping[str, str]:
        return auth_headers(token)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **options: Any) -> Self:
        """From FOUNDRY_TOKEN and FOUNDRY_HOSTNAME (or FOUNDRY_BASE_URL)."""
        hostname = require_env("FOUNDRY_HOSTNAME", env)
        base_url = require_env("FOUNDRY_BASE_URL", env)
        if hostname and base_url:
            hostname = None  # an explicit base URL is the more specific of the two
        if not hostname and not base_url:
            raise ConfigurationError(
                "foundry: set FOUNDRY_HOSTNAME (or FOUNDRY_BASE_URL) in the environment."
            )
        token = require_env(TOKEN_VARIABLE, env) or ""
        return cls(token, hostname=hostname, base_url=base_url, **options)


class FoundryClient(SyncClient, _Foundry[httpx.BaseTransport]):
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

        `timeout` is the whole operation's deadline. `reconcile` resolves a create whose outcome
        is unknown (see provisionkit.reconciling); without it such a create raises
        OutcomeUnknown. It never causes a second project.
        """
        create = create_call(
            display_name,
            space_rid,
            role_grants=role_grants,
            default_roles=default_roles,
            organization_rids=organization_rids,
            description=description,
            resource_level_role_grants_allowed=resource_level_role_grants_allowed,
        )
        return self._run(
            self._flows.create_project(create, wait=wait, timeout=timeout, reconcile=reconcile)
        )

    def get_project(
        self, project_rid: str, *, timeout: float = DEFAULT_READ_DEADLINE
    ) -> FoundryProject:
        """The project as getProject reports it now."""
        return self._run(self._flows.get_project(project_rid, timeout=timeout))

    def delete_project(self, project_rid: str, *, timeout: float = DEFAULT_READ_DEADLINE) -> None:
        """Move a project to the trash (deleteResource; it can be restored from there)."""
        return self._run(self._flows.delete_project(project_rid, timeout=timeout))

    def get_resource(
        self, resource_rid: str, *, timeout: float = DEFAULT_READ_DEADLINE
    ) -> FoundryResource:
        """A filesystem resource (project, space, folder, ...) by RID."""
        return self._run(self._flows.get_resource(resource_rid, timeout=timeout))

    def get_resource_by_path(
        self, path: str, *, timeout: float = DEFAULT_READ_DEADLINE
    ) -> FoundryResource:
        """The resource at a path such as `/My Space/My Project` (NotFound when none is)."""
        return self._run(self._flows.get_resource_by_path(path, timeout=timeout))

    def get_current_user(self, *, timeout: float = DEFAULT_READ_DEADLINE) -> FoundryUser:
        """The user the token acts as."""
        return self._run(self._flows.get_current_user(timeout=timeout))

    def list_spaces(self, *, timeout: float = DEFAULT_READ_DEADLINE) -> list[FoundrySpace]:
        """Every space the token can see (listSpaces, all pages), with the path each one's
        projects' paths start with."""
        return self._run(self._flows.list_spaces(timeout=timeout))


class AsyncFoundryClient(AsyncClient, _Foundry[httpx.AsyncBaseTransport]):
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

        `timeout` is the whole operation's deadline. `reconcile` resolves a create whose outcome
        is unknown (see provisionkit.reconciling); without it such a create raises
        OutcomeUnknown. It never causes a second project.
        """
        create = create_call(
            display_name,
            space_rid,
            role_grants=role_grants,
            default_roles=default_roles,
            organization_rids=organization_rids,
            description=description,
            resource_level_role_grants_allowed=resource_level_role_grants_allowed,
        )
        return await self._run(
            self._flows.create_project(create, wait=wait, timeout=timeout, reconcile=reconcile)
        )

    async def get_project(
        self, project_rid: str, *, timeout: float = DEFAULT_READ_DEADLINE
    ) -> FoundryProject:
        """The project as getProject reports it now."""
        return await self._run(self._flows.get_project(project_rid, timeout=timeout))

    async def delete_project(
        self, project_rid: str, *, timeout: float = DEFAULT_READ_DEADLINE
    ) -> None:
        """Move a project to the trash (deleteResource; it can be restored from there)."""
        return await self._run(self._flows.delete_project(project_rid, timeout=timeout))

    async def get_resource(
        self, resource_rid: str, *, timeout: float = DEFAULT_READ_DEADLINE
    ) -> FoundryResource:
        """A filesystem resource (project, space, folder, ...) by RID."""
        return await self._run(self._flows.get_resource(resource_rid, timeout=timeout))

    async def get_resource_by_path(
        self, path: str, *, timeout: float = DEFAULT_READ_DEADLINE
    ) -> FoundryResource:
        """The resource at a path such as `/My Space/My Project` (NotFound when none is)."""
        return await self._run(self._flows.get_resource_by_path(path, timeout=timeout))

    async def get_current_user(self, *, timeout: float = DEFAULT_READ_DEADLINE) -> FoundryUser:
        """The user the token acts as."""
        return await self._run(self._flows.get_current_user(timeout=timeout))

    async def list_spaces(self, *, timeout: float = DEFAULT_READ_DEADLINE) -> list[FoundrySpace]:
        """Every space the token can see (listSpaces, all pages), with the path each one's
        projects' paths start with."""
        return await self._run(self._flows.list_spaces(timeout=timeout))
