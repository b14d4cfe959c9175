"""Every default a client uses, and the checks its settings pass before anything is sent.

A default lives here and nowhere else, so "how long does provisionkit wait?" has one answer:

| name | value | what it bounds |
| --- | --- | --- |
| DEFAULT_REQUEST_TIMEOUT | 30 s | one HTTP exchange (the constructor's `request_timeout`) |
| DEFAULT_WAIT | 300 s | mittwald create with `wait=True`, and `wait_until_ready` (an operation's `timeout`) |
| DEFAULT_CREATE_DEADLINE | 60 s | a create that does not wait: Foundry's (synchronous), mittwald's with `wait=False` |
| DEFAULT_READ_DEADLINE | 60 s | a read and its retries |
| DEFAULT_VISIBILITY_GRACE | 30 s | how long mittwald's 403 right after create means "not visible yet" |
| DEFAULT_MAX_RESPONSE_BYTES | 16 MiB | one response body, decoded (the constructor's `max_response_bytes`) |
| LAST_ATTEMPT_TIME | 1 s | how long a request sent at its deadline may still take |
| PAGE_SIZE, MAX_LIST_PAGES | 1000, 100 | one page of a mittwald list, and how many pages a list may take |
"""

from __future__ import annotations

import ipaddress
import math
import os
import re
import warnings
from collections.abc import Mapping
from importlib import metadata

import httpx

from .errors import ConfigurationError

__all__ = [
    "DEFAULT_CREATE_DEADLINE",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_READ_DEADLINE",
    "DEFAULT_REQUEST_TIMEOUT",
    "DEFAULT_VISIBILITY_GRACE",
    "DEFAULT_WAIT",
    "LAST_ATTEMPT_TIME",
    "MAX_LIST_PAGES",
    "MAX_SPACE_LOOKUP_PAGES",
    "PAGE_SIZE",
    "PLAIN_HTTP_VARIABLE",
    "USER_AGENT",
    "VERSION",
    "PlainHttpWarning",
    "Secret",
    "check_base_url",
    "check_hostname",
    "plain_http_hosts",
    "require_env",
    "safe_token",
    "seconds",
]

try:
    VERSION = metadata.version("provisionkit")
except metadata.PackageNotFoundError:  # imported from a source tree that was never installed
    VERSION = "0+unknown"
USER_AGENT = f"provisionkit/{VERSION}"

# Finite by default: a provisioning call should never hang a service forever.
DEFAULT_REQUEST_TIMEOUT = 30.0
DEFAULT_WAIT = 300.0
DEFAULT_CREATE_DEADLINE = 60.0
DEFAULT_READ_DEADLINE = 60.0
# mittwald's CLI retries a 403 right after create; a new project "should be available within a
# few seconds" (the seed), so half a minute of 403 is the window, not a verdict.
DEFAULT_VISIBILITY_GRACE = 30.0
# The largest answer either API sends is a page of 1000 servers (about 0.5 MB); 16 MiB leaves room
# for any honest body and keeps a compression bomb or an endless body to a bounded cost.
DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024
# A request sent at the deadline still gets this long to answer: the policy's last poll is allowed
# to land, and no call outlasts its deadline by more than this.
LAST_ATTEMPT_TIME = 1.0
# A mittwald list asks for pages of this many items: a page of servers is about 0.5 MB, well within
# DEFAULT_MAX_RESPONSE_BYTES, and MAX_LIST_PAGES of them cover any real account.
PAGE_SIZE = 1000
# A list whose server keeps answering full pages must not page until memory runs out: no account
# has anywhere near 100 000 servers (100 pages of 1000), so that many means it is not ending.
MAX_LIST_PAGES = 100
# Settling an unknown Foundry create from a cold client reads listSpaces to learn the space's path;
# it stops at the space, and after this many pages (1000 spaces at 100 a page) gives up looking
# (the create is then settled as when the path cannot be known: see reconciling.py).
MAX_SPACE_LOOKUP_PAGES = 10


def seconds(value: object, *, name: str, api: str) -> float:
    """A duration given by a caller, as a float: finite and not negative, or a ConfigurationError.

    Checked before anything is sent: `timeout=nan` would otherwise poll forever (every comparison
    with NaN is false) and `timeout=-5` would still send the create.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigurationError(
            f"{api}: {name} must be a number of seconds, got {type(value).__name__} {value!r:.40}."
        )
    if math.isnan(value) or math.isinf(value) or value < 0:
        raise ConfigurationError(
            f"{api}: {name} must be a finite number of seconds, 0 or more; got {value!r}."
        )
    return float(value)


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_base_url(base_url: str, *, api: str) -> str:
    """The base URL without a trailing slash; plain http only to loopback, so no token goes out in clear.

    Parsed strictly: no user info, query, fragment or backslash, so what the token is sent to is
    exactly the host the URL shows (`https://evil.example#@api.mittwald.de` is evil.example).
    """
    try:
        url = httpx.URL(base_url)
    except (httpx.InvalidURL, TypeError) as error:
        raise ConfigurationError(
            f"{api}: base URL {base_url!r:.120} is not a URL ({error})."
        ) from None
    if url.scheme not in {"http", "https"} or not url.host:
        raise ConfigurationError(
            f"{api}: base URL {base_url!r:.120} must be an absolute http(s) URL, e.g. https://api.example.com."
        )
    if url.userinfo or url.query or url.fragment or "\\" in base_url or "#" in base_url:
        raise ConfigurationError(
            f"{api}: base URL {base_url!r:.120} holds user info, a query, a fragment or a "
            "backslash; give only scheme, host, optional port and path."
        )
    if url.scheme == "http" and not _is_loopback(url.host):
        if url.host.lower() not in plain_http_hosts():
            raise ConfigurationError(
                f"{api}: refusing to send a token over plain http to {url.host}; use https "
                "(plain http is allowed only to loopback, e.g. a local fake, or to a host named in "
                f"{PLAIN_HTTP_VARIABLE}, e.g. a fake in another container)."
            )
        warnings.warn(
            f"{api}: sending the token over plain http to {url.host}, as {PLAIN_HTTP_VARIABLE} "
            "allows; meant for a fake in another container, never a real API.",
            PlainHttpWarning,
            stacklevel=4,
        )
    return str(url).rstrip("/")


# The explicit opt-in for a fake served to other containers (`provisionkit mock --allow-remote`):
# host names, comma-separated, that may be reached over plain http with a token. Never a wildcard.
PLAIN_HTTP_VARIABLE = "PROVISIONKIT_ALLOW_PLAIN_HTTP"


class PlainHttpWarning(UserWarning):
    """Issued when a token goes over plain http to a host the environment named as allowed."""


def plain_http_hosts(env: Mapping[str, str] | None = None) -> frozenset[str]:
    """The hosts `PROVISIONKIT_ALLOW_PLAIN_HTTP` names (lower-cased; `*` and empty names ignored)."""
    value = (os.environ if env is None else env).get(PLAIN_HTTP_VARIABLE, "")
    return frozenset(h.strip().lower() for h in value.split(",") if h.strip() not in {"", "*"})


class Secret:
    """A token, shown as `Secret('***')` by repr and str.

    Whatever formats a traceback with its frames' locals (Sentry, rich, structlog,
    `TracebackException(capture_locals=True)`) prints the repr of each local and walks into dicts:
    the clients therefore wrap the token on entry and hold only this object, and the text comes
    out (`reveal`) only inline, where it is added to a request as the request leaves (see
    clientbase.TokenAuth), never into a local or a dict a frame keeps.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__


def safe_token(token: Secret, *, api: str, variable: str) -> Secret:
    """A usable token, or a clear error naming where it should come from (never its value).

    Only visible ASCII (`!` to `~`) is accepted: a space, a control character (NUL, vertical tab,
    form feed, ...) or anything non-ASCII is never part of a real token, breaks the header (or the
    encoding of it, untyped), and would be quoted by any error that showed the header. The error
    says where the first bad character is, not what the token holds. The text is read inline
    (`reveal()`), never bound to a local this frame would show in a traceback.
    """
    if not isinstance(token.reveal(), str) or not token.reveal().strip():
        raise ConfigurationError(f"{api}: no token; set {variable} in the environment.")
    bad = next((i for i, ch in enumerate(token.reveal()) if not "!" <= ch <= "~"), None)
    if bad is not None:
        raise ConfigurationError(
            f"{api}: the token in {variable} holds a character that is not visible ASCII "
            f"(whitespace, a line break, a control or non-ASCII character) at position {bad + 1} "
            f"of {len(token.reveal())}; check how it was set."
        )
    return token


_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")


def check_hostname(hostname: str, *, api: str, example: str) -> str:
    """A bare DNS host name (letters, digits, hyphens, dots), or ConfigurationError.

    Anything URL syntax could reinterpret (`#`, `?`, `@`, `\\`, `%`, `:`, `/`) is refused, so a
    value like `evil.example#.palantirfoundry.com` cannot send the token to `evil.example`.
    """
    name = hostname.strip() if isinstance(hostname, str) else ""
    labels = name.rstrip(".").split(".")
    if not name or len(name) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        raise ConfigurationError(
            f"{api}: hostname {hostname!r:.120} is not a bare host name (letters, digits, "
            f"hyphens and dots only), e.g. {example}; use base_url for a port or a path."
        )
    return name


def require_env(name: str, env: Mapping[str, str] | None = None) -> str | None:
    """An environment variable, or None when unset or empty."""
    value = (os.environ if env is None else env).get(name)
    return value or None
