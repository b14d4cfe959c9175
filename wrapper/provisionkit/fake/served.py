"""`serving()`: the fake as a real server in a child process, for tests that need a socket."""

from __future__ import annotations

import os
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

__all__ = ["Served", "free_port", "serving"]

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
) -> Iterator[Served]:
    """Start `python <command> --port N`, wait until it answers, and stop it with Ctrl-C after."""
    port = port or free_port()
    env = dict(os.environ)
    if tokens:
        env["PROVISIONKIT_FAKE_TOKENS"] = ",".join(tokens)
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, *command, "--port", str(port)],
        env=env,
        stdout=stdout,
        stderr=stderr,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            try:
                httpx.get(f"{url}/__fake__/state", timeout=1)
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
