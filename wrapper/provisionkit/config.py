"""Where a client's token and URL come from, and the checks that keep a token from leaking."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping

import httpx

from .errors import ConfigurationError

__all__ = ["DEFAULT_TIMEOUT", "check_base_url", "require_env", "safe_token"]

# Finite by default: a provisioning call should never hang a service forever.
DEFAULT_TIMEOUT = 30.0


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_base_url(base_url: str, *, api: str) -> str:
    """The base URL without a trailing slash; plain http only to loopback, so no token goes out in clear."""
    try:
        url = httpx.URL(base_url)
    except (httpx.InvalidURL, TypeError) as error:
        raise ConfigurationError(f"{api}: base URL {base_url!r} is not a URL ({error}).") from None
    if url.scheme not in {"http", "https"} or not url.host:
        raise ConfigurationError(
            f"{api}: base URL {base_url!r} must be an absolute http(s) URL, e.g. https://api.example.com."
        )
    if url.scheme == "http" and not _is_loopback(url.host):
        raise ConfigurationError(
            f"{api}: refusing to send a token over plain http to {url.host}; use https "
            "(plain http is allowed only to loopback, e.g. a local fake)."
        )
    return str(url).rstrip("/")


def safe_token(token: str | None, *, api: str, variable: str) -> str:
    """A usable token, or a clear error naming where it should come from (never its value)."""
    if token is None or not token.strip():
        raise ConfigurationError(f"{api}: no token; set {variable} in the environment.")
    if any(ch in token for ch in "\r\n") or token != token.strip():
        raise ConfigurationError(
            f"{api}: the token in {variable} contains whitespace or line breaks; check how it was set."
        )
    return token


def require_env(name: str, env: Mapping[str, str] | None = None) -> str | None:
    """An environment variable, or None when unset or empty."""
    value = (os.environ if env is None else env).get(name)
    return value or None
