"""What every client shares: checked settings, the runtime, and a driver that owns the httpx client.

Each API's client module (`mittwald/client.py`, `foundry/client.py`) adds its constructor and its
operations, each a one-line method handing a flow to `_run`; the sync and async twins differ only
in which of `SyncClient` or `AsyncClient` they stand on.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Generator, Mapping
from typing import Any, ClassVar, Generic, Protocol, Self, TypeVar

import httpx

from .config import (
    DEFAULT_MAX_RESPONSE_BYTES,
    USER_AGENT,
    Secret,
    check_base_url,
    safe_token,
    seconds,
)
from .effects import AsyncDriver, Flow, Runtime, SyncDriver
from .errors import ConfigurationError
from .reconciling import Creates, Unresolved

__all__ = ["AsyncClient", "ClientBase", "SyncClient", "TokenAuth", "TransportT"]

T = TypeVar("T")
TransportT = TypeVar("TransportT", httpx.BaseTransport, httpx.AsyncBaseTransport)


class TokenAuth(httpx.Auth):
    """Adds the token's headers to each request as it leaves.

    Not the client's default headers: those are a dict-like every request is built from, so they
    sit in the locals of the frames that build requests, and a traceback formatted with locals
    (Sentry, rich, structlog) printed mittwald's `x-access-token` from them (httpx hides only
    `Authorization` in its repr). Here the text exists only inside this one statement."""

    def __init__(self, token: Secret, headers: Callable[[str], Mapping[str, str]]) -> None:
        self._token = token
        self._headers = headers

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        # Item by item: `Headers.update` builds a second Headers object, about four times the cost.
        for name, value in self._headers(self._token.reveal()).items():
            request.headers[name] = value
        yield request

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class _Flows(Protocol):
    creates: Creates


class ClientBase(Generic[TransportT]):
    """Settings every client checks before anything is sent, and the httpx options they give."""

    api: ClassVar[str]
    token_variable: ClassVar[str]
    base_url: str
    request_timeout: float
    max_response_bytes: int

    @property
    def unresolved_creates(self) -> tuple[Unresolved, ...]:
        """Creates of this client that were interrupted (a cancelled task, `asyncio.wait_for`'s
        timeout, KeyboardInterrupt) after their request may have left, oldest first: what each
        asked for (`known`) and its project's id once it was known (`project_id`). The next
        create of the same project on this client settles it before sending anything: it adopts
        that project (or finds it by a lookup) instead of making a second one."""
        flows: _Flows = self._flows  # type: ignore[attr-defined]  # each API's client sets it
        return flows.creates.unresolved()

    def _configure(
        self,
        token: Secret,
        *,
        base_url: str,
        request_timeout: float,
        timeout: float | None,
        runtime: Runtime | None,
        transport: TransportT | None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        if timeout is not None:
            warnings.warn(
                f"{type(self).__name__}(timeout=...) is deprecated and will be removed in 0.3: "
                "it bounds one HTTP exchange, so it is now called request_timeout. An operation's "
                "own timeout= is its total deadline.",
                DeprecationWarning,
                stacklevel=3,
            )
            request_timeout = timeout
        self._token = safe_token(token, api=self.api, variable=self.token_variable)
        self.base_url = check_base_url(base_url, api=self.api)
        self.request_timeout = seconds(request_timeout, name="request_timeout", api=self.api)
        if not self.request_timeout:
            raise ConfigurationError(f"{self.api}: request_timeout must be more than 0 seconds.")
        if (
            isinstance(max_response_bytes, bool)
            or not isinstance(max_response_bytes, int)
            or max_response_bytes < 1
        ):
            raise ConfigurationError(
                f"{self.api}: max_response_bytes must be a positive whole number of bytes, "
                f"got {max_response_bytes!r:.40}."
            )
        self.max_response_bytes = max_response_bytes
        self._runtime = runtime or Runtime()
        self._open(transport)

    def _auth_headers(self, token: str) -> Mapping[str, str]:
        raise NotImplementedError

    def _http_options(self) -> dict[str, Any]:
        return {
            "base_url": self.base_url,
            "headers": {"User-Agent": USER_AGENT},
            "auth": TokenAuth(self._token, self._auth_headers),
            "timeout": httpx.Timeout(self.request_timeout),
            "follow_redirects": False,  # a redirect could carry the token elsewhere
            # Proxies from the environment (HTTP(S)_PROXY, ALL_PROXY) only for https: the proxy
            # then tunnels TLS and never sees the token. A plain-http base URL is loopback (see
            # check_base_url), which needs no proxy, and a proxy there would read the token.
            "trust_env": self.base_url.startswith("https://"),
        }

    def _open(self, transport: TransportT | None) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        # getattr: a client whose constructor failed half-way is a local of the frames the error
        # passed through, and formatting a traceback with locals must not crash on its repr.
        return (
            f"{type(self).__name__}(base_url={getattr(self, 'base_url', None)!r}, "
            f"request_timeout={getattr(self, 'request_timeout', None)!r})"
        )


class SyncClient(ClientBase[httpx.BaseTransport]):
    """A blocking client: a context manager whose operations run on a `SyncDriver`."""

    _driver: SyncDriver

    def _open(self, transport: httpx.BaseTransport | None) -> None:
        def reopen() -> httpx.Client:
            return httpx.Client(transport=transport, **self._http_options())

        self._driver = SyncDriver(
            reopen(),
            self._runtime,
            max_response_bytes=self.max_response_bytes,
            reopen=reopen,
            api=self.api,
        )

    def _run(self, flow: Flow[T]) -> T:
        return self._driver.run(flow)

    def close(self) -> None:
        """Close the connections; the client cannot be used afterwards."""
        self._driver.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncClient(ClientBase[httpx.AsyncBaseTransport]):
    """An async client: an async context manager whose operations run on an `AsyncDriver`."""

    _driver: AsyncDriver

    def _open(self, transport: httpx.AsyncBaseTransport | None) -> None:
        def reopen() -> httpx.AsyncClient:
            return httpx.AsyncClient(transport=transport, **self._http_options())

        self._driver = AsyncDriver(
            reopen(),
            self._runtime,
            max_response_bytes=self.max_response_bytes,
            reopen=reopen,
            api=self.api,
        )

    async def _run(self, flow: Flow[T]) -> T:
        return await self._driver.run(flow)

    async def aclose(self) -> None:
        """Close the connections; the client cannot be used afterwards."""
        await self._driver.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
