"""Hostile configuration: odd tokens, proxies from the environment, tricked hostnames and base URLs,
and a client used after closing or across event loops. The promises: a token never reaches any
text (error str/repr, log records at DEBUG, CLI output) nor a proxy in clear; every failure is a
`ProvisionError`; a bad hostname or base URL is refused before anything is sent."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from provisionkit import (
    AsyncFoundryClient,
    AsyncMittwaldClient,
    ConfigurationError,
    FoundryClient,
    MittwaldClient,
    ProvisionError,
)

from tests.helpers.hostile import (
    KINDS,
    PROJECT_ID,
    PROJECT_RID,
    Conn,
    Hostile,
    Request,
    bounded,
    chain,
    foundry,
    foundry_project,
    mittwald,
    mittwald_project,
    run,
)

# The odd character sits between two markers; neither marker may appear anywhere.
HEAD, TAIL = "pkHOSTILEhead", "pkHOSTILEtail"
ODD = [
    pytest.param("\x00", id="NUL"),
    pytest.param("\x0b", id="VT"),
    pytest.param("\x0c", id="FF"),
    pytest.param("\t", id="TAB"),
    pytest.param(" ", id="space"),
    pytest.param("\x7f", id="DEL"),
    pytest.param("é", id="non-ASCII"),
    pytest.param("\u2028", id="line-separator"),
    pytest.param("\udc80", id="lone-surrogate"),
]
CLASSES = [MittwaldClient, AsyncMittwaldClient, FoundryClient, AsyncFoundryClient]


def shows_token(text: str) -> bool:
    return HEAD in text or TAIL in text


def ok(request: Request, conn: Conn) -> None:
    conn.respond(200, mittwald_project() if request.path.startswith("/v2/") else foundry_project())


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
@pytest.mark.parametrize("odd", ODD)
def test_a_token_with_anything_but_visible_ascii_is_refused_without_echo(
    cls: type[Any], odd: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Refused at construction with ConfigurationError; the token is in no text or log record."""
    caplog.set_level(logging.DEBUG)
    token = f"{HEAD}{odd}{TAIL}"
    with Hostile(ok) as server, pytest.raises(ConfigurationError) as raised:
        cls(token, base_url=server.url)
    for error in chain(raised.value):
        assert not shows_token(str(error))
        assert not shows_token(repr(error))
    assert not any(shows_token(r.getMessage() + repr(r.__dict__)) for r in caplog.records)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("odd", ODD)
def test_a_call_with_an_odd_token_is_typed_and_shows_no_token(
    kind: str, odd: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A call made with an odd token ends in ConfigurationError before anything is sent, and no
    text or DEBUG log record shows the token."""
    caplog.set_level(logging.DEBUG)
    token = f"{HEAD}{odd}{TAIL}"
    with Hostile(ok) as server:
        outcome = run(
            kind,
            mittwald(server.url, token),
            lambda c: c.get_project(PROJECT_ID, timeout=5.0),
            limit=20.0,
            server=server,
        )
    assert isinstance(outcome.error, ConfigurationError), repr(outcome.error)
    assert not server.requests, "a request with the odd token was sent"
    for error in chain(outcome.error):
        assert not shows_token(str(error))
        assert not shows_token(repr(error))
    assert not any(shows_token(r.getMessage() + repr(r.__dict__)) for r in caplog.records)


# What an environment variable can hold (no NUL, no lone surrogate).
CLI_ODD = [p for p in ODD if p.id not in {"NUL", "lone-surrogate"}]


@pytest.mark.parametrize("odd", CLI_ODD)
def test_the_cli_never_prints_an_odd_token(odd: str) -> None:
    """`provisionkit -v mittwald servers` with an odd token: exit 3 (configuration), no token."""
    with Hostile(ok) as server:
        env = {
            **os.environ,
            "MITTWALD_API_TOKEN": f"{HEAD}{odd}{TAIL}",
            "MITTWALD_BASE_URL": server.url,
        }
        done = subprocess.run(
            [sys.executable, "-m", "provisionkit.cli", "-v", "mittwald", "servers"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert not shows_token(done.stdout + done.stderr), done.stderr[-500:]
    assert done.returncode == 3, done.stderr[-500:]


class Proxy:
    """A forward proxy on loopback that records what reached it and answers 502 itself."""

    def __init__(self) -> None:
        self.server = Hostile(self.handle)

    def handle(self, request: Request, conn: Conn) -> None:
        conn.respond(502, b"proxy says no", content_type="text/plain")

    def saw_token(self) -> bool:
        return any(
            "authorization" in r.headers or "x-access-token" in r.headers
            for r in self.server.requests
        )


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY"])
@pytest.mark.parametrize("api", ["mittwald", "foundry"])
def test_no_token_reaches_a_proxy_over_plain_http(
    kind: str, variable: str, api: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A proxy from the environment and a plain-http (loopback) base URL: the proxy never sees a
    token header, and the call ends typed or succeeds."""
    for name in ("NO_PROXY", "no_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    proxy = Proxy()
    with proxy.server, Hostile(ok) as api_server:
        monkeypatch.setenv(variable, proxy.server.url)
        make = mittwald if api == "mittwald" else foundry
        ident = PROJECT_ID if api == "mittwald" else PROJECT_RID
        outcome = run(
            kind,
            make(api_server.url),
            lambda c: c.get_project(ident, timeout=5.0),
            limit=20.0,
        )
    assert outcome.error is None or isinstance(outcome.error, ProvisionError), repr(outcome.error)
    assert not proxy.saw_token(), "a token header reached the proxy in clear"


TRICKED_HOSTNAMES = [
    "evil.example#.palantirfoundry.com",
    "evil.example?.palantirfoundry.com",
    "evil.example\\.palantirfoundry.com",
    "user@evil.example",
    "evil.example:443@acme.palantirfoundry.com",
    "evil.example%23.palantirfoundry.com",
    "evil.example;.palantirfoundry.com",
    "evil.example:99999",
]


@pytest.mark.parametrize("cls", [FoundryClient, AsyncFoundryClient], ids=lambda c: c.__name__)
@pytest.mark.parametrize("hostname", TRICKED_HOSTNAMES)
def test_a_tricked_foundry_hostname_is_refused(cls: type[Any], hostname: str) -> None:
    """FOUNDRY_HOSTNAME must be a bare host name: anything URL syntax could reinterpret is refused."""
    env = {"FOUNDRY_TOKEN": f"{HEAD}{TAIL}", "FOUNDRY_HOSTNAME": hostname}
    with pytest.raises(ConfigurationError) as raised:
        cls.from_env(env)
    assert not shows_token(str(raised.value))
    assert not shows_token(repr(raised.value))


TRICKED_BASE_URLS = [
    "https://user:pass@api.mittwald.de",
    "https://evil.example#@api.mittwald.de",
    "https://api.mittwald.de/?redirect=evil.example",
    "https://api.mittwald.de/#fragment",
    "https://evil.example\\@api.mittwald.de",
]


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
@pytest.mark.parametrize("base_url", TRICKED_BASE_URLS)
def test_a_base_url_with_userinfo_query_or_fragment_is_refused(
    cls: type[Any], base_url: str
) -> None:
    with pytest.raises(ConfigurationError):
        cls(f"{HEAD}{TAIL}", base_url=base_url)


@pytest.mark.parametrize("kind", KINDS)
def test_a_closed_client_raises_a_typed_error(kind: str) -> None:
    with Hostile(ok) as server:

        def sync_use() -> Any:
            with mittwald(server.url)(False) as client:
                pass
            return client.get_project(PROJECT_ID, timeout=5.0)

        async def async_use() -> Any:
            async with mittwald(server.url)(True) as client:
                pass
            return await client.get_project(PROJECT_ID, timeout=5.0)

        call: Callable[[], Any] = sync_use if kind == "sync" else lambda: asyncio.run(async_use())
        outcome = bounded(call, 20.0, on_hang=server.close)
    assert isinstance(outcome.error, ProvisionError), repr(outcome.error)


def keep_alive(request: Request, conn: Conn) -> None:
    conn.respond(200, mittwald_project(), keep_alive=True)


CROSS_LOOP = """
import asyncio, sys
from provisionkit import AsyncMittwaldClient, ProvisionError
client = AsyncMittwaldClient("pk-hostile-cross-loop", base_url=sys.argv[1])
results = []
for step in (lambda: client.get_project(sys.argv[2], timeout=5.0),
             lambda: client.get_project(sys.argv[2], timeout=5.0),
             client.aclose):
    try:
        asyncio.run(step())
        results.append("ok")
    except ProvisionError as error:
        results.append("typed:" + type(error).__name__)
    except BaseException as error:
        results.append("untyped:" + type(error).__name__)
print(",".join(results))
"""


def test_an_async_client_reused_across_event_loops_works_or_raises_typed() -> None:
    """One AsyncMittwaldClient, each call (and aclose) in its own `asyncio.run`, so a pooled
    keep-alive connection belongs to a loop that is gone: each step succeeds or raises a
    ProvisionError. Run in a child process: the first loop's socket cannot be closed any more, and
    its ResourceWarning at collection must not land in this run."""
    with Hostile(keep_alive) as server:
        done = subprocess.run(
            [sys.executable, "-c", CROSS_LOOP, server.url, PROJECT_ID],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    steps = done.stdout.strip().split(",")
    assert len(steps) == 3, done.stderr[-1000:]
    assert not [s for s in steps if s.startswith("untyped:")], steps
