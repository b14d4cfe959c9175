"""A toolkit of hostile HTTP servers on real loopback sockets, and a guard that bounds every call.

`Hostile(handler)` listens on 127.0.0.1 on an ephemeral port, reads each request itself (request
line, headers, a Content-Length body) and hands it to `handler(request, conn)`, which writes
whatever bytes it likes, as slowly as it likes: this is how a trickling body, a compression bomb
or a connection reset after the create was applied are staged. Closing the server aborts every
connection still open, so a client a regression left hanging gets an error and its thread ends.

`FakeProxy(fake, ...)` puts the in-process fake behind such a socket, with its clocks skewed, its
answers held back, or its first create dropped or answered 5xx after (or before) it was applied.

`bounded(call, limit)` runs a call in a daemon thread and gives up waiting after `limit` seconds,
so a regression fails its test instead of hanging CI. `run(kind, make, op)` drives a sync or an
async client through the same operation, each in its own thread (and, for async, its own loop).
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import inspect
import itertools
import json
import re
import socket
import struct
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from provisionkit.fake.fixtures import default_fixtures

__all__ = [
    "Conn",
    "FakeProxy",
    "Hostile",
    "Outcome",
    "Request",
    "bounded",
    "foundry_project",
    "gzip_bomb",
    "mittwald_project",
    "mittwald_server",
    "run",
]

# The shape of valid answers, as the fake renders them (checked by the suite's own sanity test).
PROJECT_ID = "6513270e-269e-4d37-b2a7-4de452e6b438"
SERVER_ID = "5e2a1c3b-8f7d-4e6a-9b0c-1d2e3f4a5b6c"
SPACE_RID = "ri.compass.main.folder.a86ad5f5-3db5-48e4-9fdd-00aa3e5731ca"
PROJECT_RID = "ri.compass.main.folder.0f6a3b8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"
USER = "f05f8da4-b84c-4fca-9c77-8af0b13d11de"


def mittwald_project(project_id: str = PROJECT_ID, *, ready: bool = True) -> dict[str, Any]:
    return {
        "id": project_id,
        "shortId": "p-34y6n3",
        "description": "hostile",
        "customerId": "0d7bd3a4-5f9c-4f7b-8a51-3f6c2b1e9d40",
        "createdAt": "2026-01-01T00:00:00Z",
        "enabled": True,
        "isReady": ready,
        "readiness": "ready" if ready else "creating",
        "status": "ready" if ready else "pending",
        "statusSetAt": "2026-01-01T00:00:00Z",
        "directories": {"Home": "/home/p-34y6n3"},
        "supportedFeatures": ["redis"],
        "serverId": SERVER_ID,
        "serverShortId": "s-4e7tz3",
        "serverGroupId": "3b1e5c9a-7d2f-4a8e-b6c4-1f9e8d7c6b5a",
        "webStorageUsageInBytes": 0,
        "backupStorageUsageInBytes": 0,
        "webStorageUsageInBytesSetAt": "2026-01-01T00:00:00Z",
        "backupStorageUsageInBytesSetAt": "2026-01-01T00:00:00Z",
    }


def mittwald_server(server_id: str = SERVER_ID) -> dict[str, Any]:
    """The fake's seeded server (the seed's own, SERVER_ID), under `server_id`."""
    return {**default_fixtures().mittwald_servers[SERVER_ID], "id": server_id}


def foundry_project(display_name: str = "Hostile") -> dict[str, Any]:
    return {
        "rid": PROJECT_RID,
        "displayName": display_name,
        "path": f"/Empyrean Airlines/{display_name}",
        "spaceRid": SPACE_RID,
        "trashStatus": "NOT_TRASHED",
        "createdBy": USER,
        "updatedBy": USER,
        "createdTime": "2026-01-01T00:00:00Z",
        "updatedTime": "2026-01-01T00:00:00Z",
        "resourceLevelRoleGrantsAllowed": True,
    }


@dataclass(frozen=True)
class Request:
    method: str
    target: str
    headers: dict[str, str]  # lower-cased names
    body: bytes

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]


class Conn:
    """One accepted connection, as a handler sees it."""

    def __init__(self, sock: socket.socket, stopping: threading.Event) -> None:
        self.sock = sock
        self._stopping = stopping
        self.keep = False  # keep the connection open for another request (set by respond)

    def send(self, data: bytes) -> bool:
        """Write bytes; False once the peer is gone or the server is closing."""
        if self._stopping.is_set():
            return False
        try:
            self.sock.sendall(data)
        except OSError:
            return False
        return True

    def pause(self, seconds: float) -> bool:
        """Sleep, but wake at once when the server closes; False then."""
        return not self._stopping.wait(seconds)

    def respond(
        self,
        status: int,
        body: bytes | str | Any = b"",
        headers: dict[str, str] | None = None,
        *,
        content_type: str | None = "application/json",
        keep_alive: bool = False,
    ) -> bool:
        if not isinstance(body, bytes | str):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode()
        self.keep = keep_alive
        head = {
            "Content-Length": str(len(body)),
            "Connection": "keep-alive" if keep_alive else "close",
        }
        if content_type and body:
            head["Content-Type"] = content_type
        head.update(headers or {})
        return self.send(self.head(status, head) + body)

    @staticmethod
    def head(status: int, headers: dict[str, str]) -> bytes:
        lines = [f"HTTP/1.1 {status} X"] + [f"{k}: {v}" for k, v in headers.items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def reset(self) -> None:
        """Abort with a TCP RST (SO_LINGER 0): the peer sees 'connection reset', not a clean end."""
        with contextlib.suppress(OSError):
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()


Handler = Callable[[Request, Conn], None]


@dataclass
class Hostile:
    """A loopback HTTP server whose every answer a handler writes by hand (see module docstring)."""

    handler: Handler
    requests: list[Request] = field(default_factory=list)
    applied: int = 0  # creates the handler reports as applied server-side
    _stopping: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _open: set[socket.socket] = field(default_factory=set)
    _threads: list[threading.Thread] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._listen(0)
        self.port: int = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"

    def apply(self) -> None:
        with self._lock:
            self.applied += 1

    def count(self, method: str, path_part: str = "") -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.method == method and path_part in r.path)

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self._open.add(sock)
            thread = threading.Thread(target=self._serve, args=(sock,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, sock: socket.socket) -> None:
        conn = Conn(sock, self._stopping)
        try:
            sock.settimeout(10)
            while True:
                request = _read_request(sock)
                if request is None:
                    return
                with self._lock:
                    self.requests.append(request)
                conn.keep = False
                self.handler(request, conn)
                if not conn.keep:
                    return
        except OSError:
            pass
        finally:
            with self._lock:
                self._open.discard(sock)
            with contextlib.suppress(OSError):
                sock.close()

    def outage(self, seconds: float) -> None:
        """Refuse connections for `seconds` (nothing listens on the port), then listen again."""
        self._listener.close()
        self._acceptor.join(5)

        def back() -> None:
            if self._stopping.wait(seconds):
                return
            self._listen(self.port)

        thread = threading.Thread(target=back, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _listen(self, port: int) -> None:
        self._listener = socket.create_server(("127.0.0.1", port))
        self._listener.settimeout(0.1)
        self._acceptor = threading.Thread(target=self._accept, daemon=True)
        self._acceptor.start()

    def close(self) -> None:
        self._stopping.set()
        self._listener.close()
        with self._lock:
            live = list(self._open)
        for sock in live:  # abort: a client still reading gets an error and its thread ends
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self._acceptor.join(5)
        for thread in self._threads:
            thread.join(5)

    def __enter__(self) -> Hostile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _read_request(sock: socket.socket) -> Request | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
        if len(data) > 1 << 20:
            return None
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _version = lines[0].split(" ", 2)
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0") or 0)
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    return Request(method, target, headers, rest[:length])


class FakeProxy:
    """The fake behind a loopback socket, its clocks skewed: `created` seconds for the projects'
    creation times, `date` seconds for the Date header (None: no Date header at all). `fault`
    is what happens to the first create: `drop_after`, `502_after`, `503_after`, `504_after` (the
    fake applied it), `drop_before`, `503_before` (it did not), or `hold_after` (applied, its
    answer held back `hold` seconds, e.g. while the caller cancels); later creates go through.
    `delay(request)` holds each answer that many seconds first (the first create's fault too).
    `arrivals` records when each request arrived (time.monotonic()) and what it was, and
    `connection` on which connection; `keep_alive` keeps connections open between answers."""

    def __init__(
        self,
        fake: Any,
        *,
        created: float = 0.0,
        date: float | None = 0.0,
        fault: str = "",
        delay: Callable[[Request], float] = lambda _request: 0.0,
        hold: float = 0.0,
        keep_alive: bool = False,
    ) -> None:
        import httpx

        self.fake, self.created, self.date, self.fault = fake, created, date, fault
        self.delay, self.hold, self.keep_alive = delay, hold, keep_alive
        self.connection: list[int] = []  # for each arrival, which connection (numbered from 1)
        self._numbers = itertools.count(1)
        self.http = httpx.Client(base_url="http://fake", transport=fake.sync_transport())
        self.arrivals: list[tuple[float, Request]] = []
        self.server = Hostile(self.handle)
        self.creates = 0

    def handle(self, request: Request, conn: Conn) -> None:
        if not hasattr(conn, "number"):
            conn.number = next(self._numbers)  # type: ignore[attr-defined]
        self.connection.append(conn.number)  # type: ignore[attr-defined]
        self.arrivals.append((time.monotonic(), request))
        create = request.method == "POST" and request.path.endswith(("/projects", "/create"))
        fault = self.fault if create and self.creates == 0 else ""
        self.creates += create
        if not conn.pause(self.delay(request)):
            return
        if fault == "drop_before":
            conn.reset()
            return
        if fault == "503_before":
            conn.respond(503, b"", self._date())
            return
        headers = {k: v for k, v in request.headers.items() if k not in ("host", "content-length")}
        answer = self.http.request(
            request.method, request.target, headers=headers, content=request.body
        )
        if fault == "hold_after" and not conn.pause(self.hold):
            return
        if fault == "drop_after":
            conn.reset()
        elif fault.endswith("_after") and fault != "hold_after":
            # A gateway's error page: a body, so not Foundry's own (bodiless) QoS refusal.
            conn.respond(int(fault[:3]), b"upstream failed", self._date(), content_type="text/html")
        else:
            body = _STAMP.sub(self._restamp, answer.content)
            kept = {"content-type": answer.headers.get("content-type", "application/json")}
            for name in ("etag", "x-pagination-totalcount"):
                if name in answer.headers:
                    kept[name] = answer.headers[name]
            conn.respond(
                answer.status_code,
                body,
                {**kept, **self._date()},
                content_type=None,
                keep_alive=self.keep_alive,
            )

    def _date(self) -> dict[str, str]:
        if self.date is None:
            return {}
        return {"Date": email.utils.formatdate(time.time() + self.date, usegmt=True)}

    def _restamp(self, match: re.Match[bytes]) -> bytes:
        """The fake's time (frozen `now`, seeded projects earlier) moved to real time + skew."""
        when = datetime.fromisoformat(match.group(2).decode().replace("Z", "+00:00"))
        offset = datetime.now(UTC) - self.fake.world.now() + timedelta(seconds=self.created)
        moved = (when + offset).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        return b'"' + match.group(1) + b'": "' + moved.encode() + b'"'

    def close(self) -> None:
        self.server.close()
        self.http.close()

    def __enter__(self) -> FakeProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_STAMP = re.compile(rb'"(createdAt|createdTime)"\s*:\s*"([^"]+)"')


@cache
def gzip_bomb(megabytes_decoded: int = 1024) -> bytes:
    """A gzip member of about `megabytes_decoded / 1000` MB that decodes to that many MiB of zeros.

    Built from one deflate segment repeated: after a full flush the compressor keeps no history,
    so every 1 MiB of zeros compresses to the same bytes (seconds instead of a minute of zlib)."""
    zeros = bytes(1 << 20)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    segment = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(megabytes_decoded):
        crc = zlib.crc32(zeros, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    final = zlib.compressobj(9, zlib.DEFLATED, -15)
    final.compress(b"")
    trailer = struct.pack("<II", crc, (megabytes_decoded << 20) & 0xFFFFFFFF)
    return header + segment * megabytes_decoded + final.flush() + trailer


@dataclass
class Outcome:
    """What a bounded call did: its value or the exception it raised, and how long it took."""

    value: Any = None
    error: BaseException | None = None
    elapsed: float = 0.0
    hung: bool = False
    peak_growth: int = 0  # bytes, when measured


def bounded(
    call: Callable[[], Any], limit: float, *, on_hang: Callable[[], None] | None = None
) -> Outcome:
    """Run `call` in a daemon thread; stop waiting after `limit` s (then `on_hang`, e.g. closing
    the server so the stuck client errors out, and a short wait for the thread to end)."""
    outcome = Outcome()

    def target() -> None:
        started = time.monotonic()
        try:
            outcome.value = call()
        except BaseException as error:
            outcome.error = error
        finally:
            outcome.elapsed = time.monotonic() - started

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(limit)
    if thread.is_alive():
        outcome.hung = True
        if on_hang is not None:
            on_hang()
        thread.join(10)
    return outcome


def run(
    kind: str,
    make: Callable[[bool], Any],
    op: Callable[[Any], Any],
    *,
    limit: float,
    server: Hostile | None = None,
    measure_memory: bool = False,
) -> Outcome:
    """Build a client (`make(is_async)`) and run `op(client)` on it, sync or async, bounded.

    The async client is built inside its own event loop, as a service would."""

    def sync_call() -> Any:
        with make(False) as client:
            return op(client)

    def async_call() -> Any:
        async def main() -> Any:
            async with make(True) as client:
                result = op(client)
                return await result if inspect.isawaitable(result) else result

        return asyncio.run(main())

    call = sync_call if kind == "sync" else async_call
    if measure_memory:
        call = _measured(call)
    outcome = bounded(call, limit, on_hang=server.close if server is not None else None)
    if measure_memory and isinstance(outcome.value, _Measured):
        outcome.peak_growth = outcome.value.growth
        outcome.error, outcome.value = outcome.value.error, outcome.value.value
    return outcome


@dataclass
class _Measured:
    value: Any
    error: BaseException | None
    growth: int


def _measured(call: Callable[[], Any]) -> Callable[[], _Measured]:
    def measured() -> _Measured:
        tracemalloc.start()
        try:
            base, _ = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
            try:
                value, error = call(), None
            except BaseException as caught:
                value, error = None, caught
            _, peak = tracemalloc.get_traced_memory()
            return _Measured(value, error, peak - base)
        finally:
            tracemalloc.stop()

    return measured


def chain(error: BaseException | None) -> Iterator[BaseException]:
    """An exception and everything it was raised from or during."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


# A token of its own, not tests.conftest.TOKEN: tests that show a leak today (strict xfail) must not
# trip the run-wide secrets scan, which looks for that one.
TOKEN = "pk-hostile-SECRET-5d1e"
KINDS = ["sync", "async"]
CREATE_PATH = f"/v2/servers/{SERVER_ID}/projects"
FOUNDRY_CREATE_PATH = "/api/v2/filesystem/projects/create"


def mittwald(url: str, token: str = TOKEN) -> Callable[[bool], Any]:
    """A factory for `run`: the sync or async mittwald client on `url`, all defaults."""
    from provisionkit import AsyncMittwaldClient, MittwaldClient

    return lambda is_async: (AsyncMittwaldClient if is_async else MittwaldClient)(
        token, base_url=url
    )


def foundry(url: str, token: str = TOKEN) -> Callable[[bool], Any]:
    from provisionkit import AsyncFoundryClient, FoundryClient

    return lambda is_async: (AsyncFoundryClient if is_async else FoundryClient)(token, base_url=url)
