"""Network streams that end by the exchange's deadline, whatever the server does.

httpx's timeouts bound each socket operation, so a server that sends one byte at a time (headers
or body) keeps a read going forever. The sync driver therefore sets `IO_DEADLINE` around each
exchange, and `guard_transport` gives the client's connection pools network streams whose every
connect, read and write gets only the time left until then (the async driver cancels at the
deadline instead, which asyncio can do and a blocking socket cannot).
"""

from __future__ import annotations

import time
from contextvars import ContextVar
from typing import Any

import httpcore
import httpx

__all__ = ["DEADLINE_PASSED", "IO_DEADLINE", "guard_transport", "time_left"]

DEADLINE_PASSED = "the operation's deadline passed during the exchange"

# When the exchange in progress must end (time.monotonic()); None outside one. A context variable,
# so each thread (sync) and each task (async) has its own.
IO_DEADLINE: ContextVar[float | None] = ContextVar("provisionkit_io_deadline", default=None)


def time_left(timeout: float | None, error: type[Exception]) -> float | None:
    """The smaller of a socket operation's own timeout and the time left in the exchange."""
    end = IO_DEADLINE.get()
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise error(DEADLINE_PASSED)
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    """A network stream whose every read and write ends by the exchange's deadline."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, time_left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, time_left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        left = time_left(timeout, httpcore.ConnectTimeout)
        return _Stream(self._stream.start_tls(ssl_context, server_hostname, left))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        left = time_left(timeout, httpcore.ConnectTimeout)
        return _Stream(self._backend.connect_tcp(host, port, left, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.NetworkStream:
        left = time_left(timeout, httpcore.ConnectTimeout)
        return _Stream(self._backend.connect_unix_socket(path, left, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def guard_transport(http: httpx.Client) -> bool:
    """Give the client's own transports (and its proxies') network streams that end by
    `IO_DEADLINE`. False when there is nothing to guard (a caller's transport, e.g. the fake's
    in-process one, which has no sockets); the per-chunk check in the driver still applies.

    httpx offers no public way to pass httpcore a network backend, so this sets the pool's: the
    attribute has been there through httpcore 1.x, and the hostile-server tests fail if it moves.
    """
    guarded = False
    for transport in (http._transport, *http._mounts.values()):
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if isinstance(backend, httpcore.NetworkBackend) and not isinstance(backend, _Backend):
            pool._network_backend = _Backend(backend)  # type: ignore[union-attr]
            guarded = True
    return guarded
