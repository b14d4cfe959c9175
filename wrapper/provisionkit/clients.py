"""The four clients services import. Each owns one httpx client and delegates every decision to
the flows of its adapter, so a sync method and its async twin differ only in how they are driven."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Self

import httpx

from . import foundry, foundry_flows, mittwald, mittwald_flows
from .config import DEFAULT_TIMEOUT, check_base_url, require_env, safe_token
from .errors import ConfigurationError
from .flows import Runtime, run_async, run_sync
from .reconciling import Reconcile
from .values import FoundryProject, MittwaldProject, Server

__all__ = ["AsyncFoundryClient", "AsyncMittwaldClient", "FoundryClient", "MittwaldClient"]

USER_AGENT = "provisionkit/0.1.0"
# How long create+wait may take in all, and how long a read may spend retrying.
DEFAULT_WAIT = 300.0
DEFAULT_READ_DEADLINE = 60.0
# How long get-project's 403 right after create counts as "not visible yet" (mittwald's CLI
# retries it; a new project "should be available within a few seconds").
DEFAULT_VISIBILITY_GRACE = 30.0


class _Client:
    api: ClassVar[str]
    token_variable: ClassVar[str]

    def __init__(
        self, token: str, *, base_url: str, timeout: float, runtime: Runtime | None
    ) -> None:
        self._token = safe_token(token, api=self.api, variable=self.token_variable)
        self.base_url = check_base_url(base_url, api=self.api)
        if not timeout or timeout <= 0:
            raise ConfigurationError(
                f"{self.api}: timeout must be a positive number of seconds, got {timeout!r}."
            )
        self.timeout = float(timeout)
        self._runtime = runtime or Runtime()

    def _http_options(self) -> dict[str, Any]:
        return {
            "base_url": self.base_url,
            "headers": {"Authorization": f"Bearer {self._token}", "User-Agent": USER_AGENT},
            "timeout": httpx.Timeout(self.timeout),
            "follow_redirects": False,  # a redirect could carry the token elsewhere
        }

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, timeout={self.timeout!r})"


class _MittwaldConfig(_Client):
    api = "mittwald"
    token_variable = "MITTWALD_API_TOKEN"  # noqa: S105 - the variable's name, not a token

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **options: Any) -> Self:
        """From MITTWALD_API_TOKEN and, optionally, MITTWALD_BASE_URL."""
        base_url = require_env("MITTWALD_BASE_URL", env) or mittwald.DEFAULT_BASE_URL
        return cls(require_env(cls.token_variable, env) or "", base_url=base_url, **options)


class MittwaldClient(_MittwaldConfig):
    """mittwald mStudio: create projects on servers and wait until they are ready."""

    def __init__(
        self,
        token: str,
        *,
        base_url: str = mittwald.DEFAULT_BASE_URL,
        timeout: float = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
        runtime: Runtime | None = None,
    ) -> None:
        super().__init__(token, base_url=base_url, timeout=timeout, runtime=runtime)
        self._http = httpx.Client(transport=transport, **self._http_options())
        self._flows = mittwald_flows.MittwaldFlows(self._http, self._runtime)

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

        `reconcile` resolves a create whose outcome is unknown (see provisionkit.reconciling);
        without it such a create raises OutcomeUnknown. It never causes a second create.
        """
        flow = self._flows.create_project(
            server_id,
            description,
            wait=wait,
            timeout=timeout,
            visibility_grace=visibility_grace,
            reconcile=reconcile,
        )
        return run_sync(flow, self._http, self._runtime)

    def get_project(
        self, project_id: str, *, timeout: float = DEFAULT_READ_DEADLINE
    ) -> MittwaldProject:
        return run_sync(
            self._flows.get_project(project_id, timeout=timeout), self._http, self._runtime
        )

    def wait_until_ready(
        self,
        project_id: str,
        *,
        timeout: float = DEFAULT_WAIT,
        visibility_grace: float = DEFAULT_VISIBILITY_GRACE,
    ) -> MittwaldProject:
        flow = self._flows.wait_until_ready(
            project_id, timeout=timeout, visibility_grace=visibility_grace
        )
        return run_sync(flow, self._http, self._runtime)

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
        flow = self._flows.list_servers(
            timeout=timeout,
            customer_id=customer_id,
            search_term=search_term,
            sort=sort,
            order=order,
        )
        return run_sync(flow, self._http, self._runtime)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncMittwaldClient(_MittwaldConfig):
    """The async twin of MittwaldClient: same arguments, same results."""

    def __init__(
        self,
        token: str,
        *,
        base_url: str = mittwald.DEFAULT_BASE_URL,
        timeout: float = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
        runtime: Runtime | None = None,
    ) -> None:
        super().__init__(token, base_url=base_url, timeout=timeout, runtime=runtime)
        self._http = httpx.AsyncClient(transport=transport, **self._http_options())
        self._flows = mittwald_flows.MittwaldFlows(self._http, self._runtime)

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
        flow = self._flows.create_project(
            server_id,
            description,
            wait=wait,
            timeout=timeout,
            visibility_grace=visibility_grace,
            reconcile=reconcile,
        )
        return await run_async(flow, self._http, self._runtime)

    async def get_project(
        self, project_id: str, *, timeout: float = DEFAULT_READ_DEADLINE
    ) -> MittwaldProject:
        return await run_async(
            self._flows.get_project(project_id, timeout=timeout), self._http, self._runtime
        )

    async def wait_until_ready(
        self,
        project_id: str,
        *,
        timeout: float = DEFAULT_WAIT,
        visibility_grace: float = DEFAULT_VISIBILITY_GRACE,
    ) -> MittwaldProject:
        flow = self._flows.wait_until_ready(
            project_id, timeout=timeout, visibility_grace=visibility_grace
        )
        return await run_async(flow, self._http, self._runtime)

    async def list_servers(
        self,
        *,
        customer_id: str | None = None,
        search_term: str | None = None,
        sort: str = "createdAt",
        order: str = "asc",
        timeout: float = DEFAULT_READ_DEADLINE,
    ) -> list[Server]:
        flow = self._flows.list_servers(
            timeout=timeout,
            customer_id=customer_id,
            search_term=search_term,
            sort=sort,
            order=order,
        )
        return await run_async(flow, self._http, self._runtime)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


class _FoundryConfig(_Client):
    api = "foundry"
    token_variable = "FOUNDRY_TOKEN"  # noqa: S105 - the variable's name, not a token

    @staticmethod
    def _base_url(hostname: str | None, base_url: str | None) -> str:
        if (hostname is None) == (base_url is None):
            raise ConfigurationError("foundry: give exactly one of hostname or base_url.")
        if hostname is not None:
            if (
                not hostname.strip()
                or "/" in hostname
                or any(c.isspace() for c in hostname.strip())
            ):
                raise ConfigurationError(
                    f"foundry: hostname {hostname!r} should be a bare host name, e.g. example.palantirfoundry.com."
                )
            return f"https://{hostname.strip()}"
        return base_url  # type: ignore[return-value]

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **options: Any) -> Self:
        """From FOUNDRY_TOKEN and FOUNDRY_HOSTNAME (or FOUNDRY_BASE_URL)."""
        hostname, base_url = (
            require_env("FOUNDRY_HOSTNAME", env),
            require_env("FOUNDRY_BASE_URL", env),
        )
        if hostname and base_url:
            hostname = None  # an explicit base URL is the more specific of the two
        if not hostname and not base_url:
            raise ConfigurationError(
                "foundry: set FOUNDRY_HOSTNAME (or FOUNDRY_BASE_URL) in the environment."
            )
        # Both concrete subclasses take hostname/base_url; this base only shares the lookup.
        return cls(  # type: ignore[call-arg]
            require_env(cls.token_variable, env) or "",
            hostname=hostname,
            base_url=base_url,  # type: ignore[arg-type]
            **options,
        )


class FoundryClient(_FoundryConfig):
    """Palantir Foundry: create projects in spaces."""

    def __init__(
        self,
        token: str,
        *,
        hostname: str | None = None,
        base_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
        runtime: Runtime | None = None,
    ) -> None:
        super().__init__(
            token, base_url=self._base_url(hostname, base_url), timeout=timeout, runtime=runtime
        )
        self._http = httpx.Client(transport=transport, **self._http_options())
        self._flows = foundry_flows.FoundryFlows(self._http, self._runtime)

    def create_project(
        self,
        display_name: str,
        space_rid: str,
        *,
        role_grants: foundry.RoleGrants | None = None,
        default_roles: Iterable[str] | None = None,
        organization_rids: Iterable[str] | None = None,
        description: str | None = None,
        resource_level_role_grants_allowed: bool | None = None,
        wait: bool = False,
        timeout: float = DEFAULT_READ_DEADLINE,
        reconcile: Reconcile | None = None,
    ) -> FoundryProject:
        """Create a project in a space; with `wait`, also confirm it is readable.

        `reconcile` resolves a create whose outcome is unknown (see provisionkit.reconciling);
        without it such a create raises OutcomeUnknown. It never causes a second project.
        """
        call = foundry.create_call(
            display_name,
            space_rid,
            role_grants=role_grants,
            default_roles=default_roles,
            organization_rids=organization_rids,
            description=description,
            resource_level_role_grants_allowed=resource_level_role_grants_allowed,
        )
        return run_sync(
            self._flows.create_project(call, wait=wait, timeout=timeout, reconcile=reconcile),
            self._http,
            self._runtime,
        )

    def get_project(
        self, project_rid: str, *, timeout: float = DEFAULT_READ_DEADLINE
    ) -> FoundryProject:
        return run_sync(
            self._flows.get_project(project_rid, timeout=timeout), self._http, self._runtime
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncFoundryClient(_FoundryConfig):
    """The async twin of FoundryClient: same arguments, same results."""

    def __init__(
        self,
        token: str,
        *,
        hostname: str | None = None,
        base_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
        runtime: Runtime | None = None,
    ) -> None:
        super().__init__(
            token, base_url=self._base_url(hostname, base_url), timeout=timeout, runtime=runtime
        )
        self._http = httpx.AsyncClient(transport=transport, **self._http_options())
        self._flows = foundry_flows.FoundryFlows(self._http, self._runtime)

    async def create_project(
        self,
        display_name: str,
        space_rid: str,
        *,
        role_grants: foundry.RoleGrants | None = None,
        default_roles: Iterable[str] | None = None,
        organization_rids: Iterable[str] | None = None,
        description: str | None = None,
        resource_level_role_grants_allowed: bool | None = None,
        wait: bool = False,
        timeout: float = DEFAULT_READ_DEADLINE,
        reconcile: Reconcile | None = None,
    ) -> FoundryProject:
        call = foundry.create_call(
            display_name,
            space_rid,
            role_grants=role_grants,
            default_roles=default_roles,
            organization_rids=organization_rids,
            description=description,
            resource_level_role_grants_allowed=resource_level_role_grants_allowed,
        )
        return await run_async(
            self._flows.create_project(call, wait=wait, timeout=timeout, reconcile=reconcile),
            self._http,
            self._runtime,
        )

    async def get_project(
        self, project_rid: str, *, timeout: float = DEFAULT_READ_DEADLINE
    ) -> FoundryProject:
        return await run_async(
            self._flows.get_project(project_rid, timeout=timeout), self._http, self._runtime
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
