"""What keeps the token between the run and its target, and out of everything the run writes.

The guard applies these to every request of a run (see `Guard.installed`):
- `strip_credentials(request)`: a TRACE goes without credentials, whoever sends it. RFC 9110
  §9.3.8: "A client MUST NOT send content in a TRACE request" and must not generate fields
  containing sensitive data, since the answer reflects the request (schemathesis's coverage
  phase tries TRACE on every path as an undeclared method).
- `proxies_for(url, proxies)`: the clients' rule (clientbase.py, `trust_env`): an environment
  proxy only for https, where it tunnels TLS and never sees the token; a plain-http target
  (loopback only, see `config.check_base_url`) is dialled directly.
- `scrub(response, token)`: a target that echoes requests (a reflected TRACE, headers copied into
  an error) would put the token into failure messages, stdout and the JUnit file; every answer
  has it replaced before anything reads it. `redact(text, token)` is the same for text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from urllib.parse import quote

import requests

__all__ = ["CREDENTIAL_HEADERS", "REDACTED", "proxies_for", "redact", "scrub", "strip_credentials"]

REDACTED = "[redacted]"
# RFC 9110 §9.3.8 names TRACE; nothing else the suite sends reflects the request by definition.
NO_CREDENTIALS_METHODS = frozenset({"TRACE"})
CREDENTIAL_HEADERS = ("Authorization", "x-access-token", "Cookie", "Proxy-Authorization")


def strip_credentials(request: requests.PreparedRequest) -> bool:
    """Remove the credentials from a request whose method must not carry them; True if it did."""
    if (request.method or "").upper() not in NO_CREDENTIALS_METHODS:
        return False
    present = [name for name in CREDENTIAL_HEADERS if name in request.headers]
    for name in present:
        del request.headers[name]
    return bool(present)


def proxies_for(url: str, proxies: Mapping[str, str] | None) -> Mapping[str, str] | None:
    """The proxies a request to `url` may use: the environment's for https, none otherwise."""
    return proxies if url.lower().startswith("https://") else {}


def _forms(token: str) -> Iterable[str]:
    # As sent, as a JSON string carries it, and percent-encoded (an echoed URL or form).
    return {token, json.dumps(token)[1:-1], quote(token, safe="")} - {""}


def redact(text: str, token: str) -> str:
    for form in _forms(token):
        text = text.replace(form, REDACTED)
    return text


def scrub(response: requests.Response, token: str) -> None:
    """Replace the token wherever the answer carries it: body, headers, reason phrase."""
    content = response.content  # read once here; requests keeps it for every later reader
    if content:
        for form in _forms(token):
            content = content.replace(form.encode(), REDACTED.encode())
        response._content = content  # where requests keeps a read body for every later reader
    for name, value in list(response.headers.items()):
        if any(form in value for form in _forms(token)):
            response.headers[name] = redact(value, token)
    if response.reason:
        response.reason = redact(response.reason, token)
