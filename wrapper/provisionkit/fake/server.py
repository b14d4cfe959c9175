"""The fake as a real server: `serve()` runs it with uvicorn (behind `provisionkit mock` and
`python -m provisionkit.fake`, whose one parser is the CLI's), `Tokens` says which tokens it
accepts, and `serving()` starts that same command in a child process for tests that need a socket."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

import httpx

from .app import create_app
from .faults import ConnectionDropped, ConnectionRefused
from .fixtures import default_fixtures
from .knobs import Knobs

__all__ = ["RemoteBindRefused", "Served", "Tokens", "free_port", "serve", "serving"]


# A request must arrive whole (headers and body) this long after its connection opened or its
# previous answer ended, or the connection is closed: a slow or silent client cannot hold it forever.
READ_TIMEOUT = 10.0
IDLE_TIMEOUT = 5  # seconds an idle keep-alive connection stays open after an answer (uvicorn's)
# On Ctrl-C or SIGTERM, requests still running (a long `delay` fault) are cancelled after this.
SHUTDOWN_TIMEOUT = 2
LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}
ALLOW_REMOTE_ENV = "PROVISIONKIT_FAKE_ALLOW_REMOTE"
TOKENS_ENV = "PROVISIONKIT_FAKE_TOKENS"
ANY_TOKEN = "any-token"  # noqa: S105 - what the banner suggests when any token is accepted


@dataclass(frozen=True)
class Tokens:
    """The tokens a served fake accepts (None: any non-empty one) and the one its banner shows
    (None: the user's own from PROVISIONKIT_FAKE_TOKENS, which is never printed)."""

    accepted: frozenset[str] | None
    shown: str | None

    @classmethod
    def chosen(cls, *, any_token: bool = False) -> Tokens:
        """`--any-token`, else PROVISIONKIT_FAKE_TOKENS (comma-separated), else a token made up
        for this run: a fake that accepts any token fails every contract check that a wrong one
        is refused, so the default is strict. The seeded users' tokens (the banner lists them)
        are accepted beside a made-up one."""
        if any_token:
            return cls(None, ANY_TOKEN)
        configured = {t for t in os.environ.get(TOKENS_ENV, "").split(",") if t}
        if configured:
            return cls(frozenset(configured), None)
        made = f"fake-{secrets.token_hex(8)}"
        names = default_fixtures().names
        seeded = {value for name, value in names.items() if name.endswith("_token")}
        return cls(frozenset({made, *seeded}), made)


class RemoteBindRefused(ValueError):
    """A host beyond loopback without the explicit opt-in (`--allow-remote`)."""


def serve(
    host: str = "127.0.0.1",
    port: int = 8080,
    *,
    seed: int = 0,
    log_level: str = "warning",
    allow_remote: bool | None = None,
    read_timeout: float = READ_TIMEOUT,
    tokens: Tokens | None = None,
    **options: Any,
) -> None:
    """Run the fake over HTTP with uvicorn until Ctrl-C or SIGTERM; prints its URL, the exports a
    client needs and the ids to try.

    A host beyond loopback needs `allow_remote=True` (default: the environment variable
    PROVISIONKIT_FAKE_ALLOW_REMOTE=1) and is warned about: the fake has no real security.
    `tokens` defaults to any non-empty token; `options` are `create_app`'s (`validate_responses`)
    and `clock`."""
    tokens = tokens or Tokens(None, ANY_TOKEN)
    if not is_loopback(host):
        if not (_env_allows_remote() if allow_remote is None else allow_remote):
            raise RemoteBindRefused(
                f"{host} is beyond loopback: anyone who can reach it could use the fake and turn "
                f"its knobs; pass --allow-remote (or set {ALLOW_REMOTE_ENV}=1) to bind it anyway"
            )
        print(
            f"warning: the fake listens on {host}, beyond loopback; restrict its tokens with "
            f"{TOKENS_ENV}, which also guard its control API",
            file=sys.stderr,
            flush=True,
        )
    import uvicorn  # noqa: PLC0415 - only the server needs it, not in-process use

    knobs = Knobs(seed, clock=options.pop("clock", None))
    accepted = None if tokens.accepted is None else set(tokens.accepted)
    app = create_app(knobs, tokens=accepted, **options)
    url = f"http://{host}:{port}"
    print(f"provisionkit fake of mittwald (/v2) and Foundry (/api/v2) on {url}", flush=True)
    print(_banner(url, tokens), flush=True)
    for name, value in knobs.fixtures.names.items():
        print(f"  {name:36} {value}", flush=True)
    print(f"control API: {url}/__fake__/state  (Ctrl-C stops)", flush=True)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        access_log=False,
        date_header=False,  # the app sends Date from the fake's clock (app.py)
        http=with_read_deadline(_auto_protocol(), read_timeout),
        timeout_keep_alive=IDLE_TIMEOUT,
        timeout_graceful_shutdown=SHUTDOWN_TIMEOUT,
    )
    # uvicorn logs every exception an app raises with its traceback; not these.
    logging.getLogger("uvicorn.error").addFilter(_quiet_drops)
    # uvicorn re-raises Ctrl-C after its graceful shutdown; for the fake that is simply the end.
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.Server(config).run()


def _banner(url: str, tokens: Tokens) -> str:
    """What a shell needs to point provisionkit (or curl) at this fake."""
    token = tokens.shown or f"<one of {TOKENS_ENV}>"
    if tokens.accepted is None:
        accepts = "any non-empty token is accepted (--any-token)"
    elif tokens.shown:
        accepts = (
            f"token {tokens.shown} is accepted (made up for this run; {TOKENS_ENV}=a,b to choose)"
        )
    else:
        accepts = f"only the tokens in {TOKENS_ENV} are accepted"
    return (
        f"{accepts}, as Bearer (mittwald also x-access-token); the control API wants one too.\n"
        "for provisionkit, in your shell:\n"
        f"  export MITTWALD_BASE_URL={url} MITTWALD_API_TOKEN={token}\n"
        f"  export FOUNDRY_BASE_URL={url} FOUNDRY_TOKEN={token}\n"
        "seeded ids:"
    )


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # any other name may resolve anywhere
        return False


def _env_allows_remote() -> bool:
    return os.environ.get(ALLOW_REMOTE_ENV, "").strip().lower() in {"1", "true", "yes"}


def _auto_protocol() -> type[asyncio.Protocol]:
    from uvicorn.protocols.http.auto import AutoHTTPProtocol  # noqa: PLC0415 - as serve's

    return AutoHTTPProtocol


def with_read_deadline(base: type[asyncio.Protocol], seconds: float) -> type[asyncio.Protocol]:
    """uvicorn's HTTP protocol, closing a connection whose request is not in whole `seconds`
    after the connection opened or its last answer ended (uvicorn resets its keep-alive timer on
    every byte and has none at all before the first request)."""

    class ReadDeadline(base):  # type: ignore[valid-type,misc]
        _deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            super().connection_made(transport)
            self._arm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
            super().connection_lost(exc)

        def _arm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
            self._deadline = self.loop.call_later(seconds, self._passed)

        def _passed(self) -> None:
            cycle = self.cycle
            if cycle is not None and not cycle.more_body and not cycle.response_complete:
                return  # the request is in and being answered; its answer re-arms the deadline
            if not self.transport.is_closing():
                self.transport.close()

    return ReadDeadline


def _quiet_drops(record: logging.LogRecord) -> bool:
    """The fake's drops are on purpose; a request cancelled is one still running at shutdown past
    SHUTDOWN_TIMEOUT (a long `delay`), which uvicorn already reports in one line."""
    error = record.exc_info[1] if record.exc_info else None
    return not isinstance(error, ConnectionDropped | ConnectionRefused | asyncio.CancelledError)


STARTUP_TIMEOUT = 30.0  # a cold start imports Connexion and parses both specs


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Served:
    url: str
    port: int
    process: subprocess.Popen[Any]


@contextmanager
def serving(
    *,
    port: int | None = None,
    tokens: Sequence[str] = (),
    command: Sequence[str] = ("-m", "provisionkit.fake"),
    stdout: int | IO[Any] | None = subprocess.DEVNULL,
    stderr: int | IO[Any] | None = subprocess.DEVNULL,
    startup_timeout: float = STARTUP_TIMEOUT,
    any_token: bool = True,
) -> Iterator[Served]:
    """Start `python <command> --port N`, wait until it answers, and stop it with Ctrl-C after.

    Without `tokens` it accepts any token (`--any-token`, as tests of other things want) unless
    `any_token=False`, which leaves the command its default (a token made up for the run)."""
    port = port or free_port()
    env = dict(os.environ)
    if tokens:
        env[TOKENS_ENV] = ",".join(tokens)
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [
            sys.executable,
            *command,
            "--port",
            str(port),
            *([] if tokens or not any_token else ["--any-token"]),
        ],
        env=env,
        stdout=stdout,
        stderr=stderr,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    # With tokens restricted the control API wants one too (any answer means it is up, though).
    auth = {"Authorization": f"Bearer {tokens[0]}"} if tokens else {}
    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            try:
                httpx.get(f"{url}/__fake__/state", headers=auth, timeout=1)
                break
            except httpx.TransportError:
                # A real process on a real socket: polling until it listens is the only way to know.
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"the fake did not start on {url} (exit code {process.poll()})"
                    ) from None
                time.sleep(0.05)
        yield Served(url, port, process)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
