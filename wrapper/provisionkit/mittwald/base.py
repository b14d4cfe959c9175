"""What both mittwald client twins share, written by hand: the constructor, its checks and
`from_env`. The operations are generated from the table into client.py."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from provisionkit.clientbase import ClientBase, TransportT
from provisionkit.config import (
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_REQUEST_TIMEOUT,
    Secret,
    require_env,
)
from provisionkit.effects import Runtime

from .adapter import API, BASE_URL_VARIABLE, DEFAULT_BASE_URL, TOKEN_VARIABLE, auth_headers
from .flows import MittwaldFlows

__all__ = ["MittwaldBase"]


class MittwaldBase(ClientBase[TransportT]):
    """The mittwald clients' settings and construction."""

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
        secret = Secret(token)
        del token  # from here on no frame holds the text (tracebacks with locals print locals)
        self._configure(
            secret,
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
        token = Secret(require_env(TOKEN_VARIABLE, env) or "")
        base_url = require_env(BASE_URL_VARIABLE, env) or DEFAULT_BASE_URL
        # The caller's mapping holds the token, and this frame is in the traceback of any error
        # the construction raises (tracebacks with locals print locals): let go of it first.
        del env
        return cls(token.reveal(), base_url=base_url, **options)
