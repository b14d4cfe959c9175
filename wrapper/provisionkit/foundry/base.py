"""What both Foundry client twins share, written by hand: the constructor, its checks and
`from_env`. The operations are generated from the table into client.py."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from provisionkit.clientbase import ClientBase, TransportT
from provisionkit.config import (
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_REQUEST_TIMEOUT,
    Secret,
    check_hostname,
    require_env,
)
from provisionkit.effects import Runtime
from provisionkit.errors import ConfigurationError

from .adapter import API, TOKEN_VARIABLE, auth_headers
from .flows import FoundryFlows

__all__ = ["FoundryBase", "base_url_of"]


def base_url_of(hostname: str | None, base_url: str | None) -> str:
    """`https://<hostname>`, or the base URL given instead (exactly one of the two)."""
    if (hostname is None) == (base_url is None):
        raise ConfigurationError("foundry: give exactly one of hostname or base_url.")
    if hostname is None:
        return base_url  # type: ignore[return-value]
    return f"https://{check_hostname(hostname, api=API, example='example.palantirfoundry.com')}"


class FoundryBase(ClientBase[TransportT]):
    """The Foundry clients' settings and construction."""

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
        secret = Secret(token)
        del token  # from here on no frame holds the text (tracebacks with locals print locals)
        self._configure(
            secret,
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
        token = Secret(require_env(TOKEN_VARIABLE, env) or "")
        hostname = require_env("FOUNDRY_HOSTNAME", env)
        base_url = require_env("FOUNDRY_BASE_URL", env)
        # The caller's mapping holds the token, and this frame is in the traceback of any error
        # raised from here on (tracebacks with locals print locals): let go of it first.
        del env
        if hostname and base_url:
            hostname = None  # an explicit base URL is the more specific of the two
        if not hostname and not base_url:
            raise ConfigurationError(
                "foundry: set FOUNDRY_HOSTNAME (or FOUNDRY_BASE_URL) in the environment."
            )
        # The token's text goes straight into the call, never into a local of this frame.
        return cls(token.reveal(), hostname=hostname, base_url=base_url, **options)
