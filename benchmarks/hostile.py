"""Hostile servers, measured (issue 11's figures): wall time against the deadline under a trickling
body, peak traced memory growth under a 1 MB gzip bomb, and what a create+wait does across a 3 s
outage. The servers are the test suite's own (tests/helpers/hostile.py): real loopback sockets,
every call under a hard guard, so a regression is reported as "stopped by the guard", not a hang."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from provisionkit import ProvisionError

from tests.helpers.hostile import (
    CREATE_PATH,
    PROJECT_ID,
    SERVER_ID,
    Conn,
    Hostile,
    Outcome,
    Request,
    gzip_bomb,
    mittwald,
    mittwald_project,
    run,
)

MIB = 1 << 20
GUARD = 10.0  # seconds past the deadline before a call is declared hung and its server closed


def _trickle(request: Request, conn: Conn) -> None:
    conn.send(conn.head(200, {"Content-Type": "application/json", "Content-Length": "100000"}))
    while conn.send(b" ") and conn.pause(0.3):
        pass


def _bomb(request: Request, conn: Conn) -> None:
    body = gzip_bomb()
    conn.send(
        conn.head(
            200,
            {
                "Content-Type": "application/json",
                "Content-Encoding": "gzip",
                "Content-Length": str(len(body)),
                "Connection": "close",
            },
        )
        + body
    )


def _verdict(outcome: Outcome) -> str:
    if outcome.hung:
        return "hung: stopped by the guard"
    if outcome.error is None:
        return "returned"
    kind = "typed" if isinstance(outcome.error, ProvisionError) else "UNTYPED"
    return f"{kind} {type(outcome.error).__name__}"


@dataclass(frozen=True)
class TrickleRow:
    kind: str
    timeout: float
    seconds: float
    verdict: str

    @property
    def goal_met(self) -> bool:
        return self.seconds <= self.timeout + 1.0 and not self.verdict.startswith("hung")


def trickle(timeouts: tuple[float, ...] = (2.0, 5.0, 10.0)) -> list[TrickleRow]:
    rows = []
    for timeout in timeouts:
        for kind in ("sync", "async"):
            with Hostile(_trickle) as server:
                outcome = run(
                    kind,
                    mittwald(server.url),
                    lambda c, t=timeout: c.get_project(PROJECT_ID, timeout=t),
                    limit=timeout + GUARD,
                    server=server,
                )
            rows.append(TrickleRow(kind, timeout, outcome.elapsed, _verdict(outcome)))
    return rows


@dataclass(frozen=True)
class BombRow:
    kind: str
    wire_bytes: int
    peak_mib: float
    seconds: float
    verdict: str


def bomb() -> list[BombRow]:
    rows = []
    for kind in ("sync", "async"):
        with Hostile(_bomb) as server:
            outcome = run(
                kind,
                mittwald(server.url),
                lambda c: c.get_project(PROJECT_ID, timeout=30.0),
                limit=30.0 + GUARD,
                server=server,
                measure_memory=True,
            )
        rows.append(
            BombRow(
                kind,
                len(gzip_bomb()),
                outcome.peak_growth / MIB,
                outcome.elapsed,
                _verdict(outcome),
            )
        )
    return rows


class _Attempts(logging.Handler):
    """Counts the client's own 'sending' DEBUG records: one per request it tries to send."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if "attempt" in record.getMessage():
            self.count += 1


class _Restarting:
    """Answers the create, then refuses connections for `seconds`, then serves a ready project."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.server = Hostile(self.handle)

    def handle(self, request: Request, conn: Conn) -> None:
        if request.method == "POST" and request.path == CREATE_PATH:
            self.server.apply()
            conn.respond(201, {"id": PROJECT_ID}, {"etag": "1"})
            self.server.outage(self.seconds)
        else:
            conn.respond(200, mittwald_project())


@dataclass(frozen=True)
class OutageRow:
    kind: str
    attempts: int
    served: int
    seconds: float
    verdict: str


def outage(seconds: float = 3.0, timeout: float = 30.0) -> list[OutageRow]:
    rows = []
    logger = logging.getLogger("provisionkit")
    for kind in ("sync", "async"):
        attempts = _Attempts()
        level = logger.level
        logger.addHandler(attempts)
        logger.setLevel(logging.DEBUG)
        try:
            with _Restarting(seconds).server as server:
                outcome = run(
                    kind,
                    mittwald(server.url),
                    lambda c: c.create_project(SERVER_ID, "hostile", wait=True, timeout=timeout),
                    limit=timeout + GUARD,
                    server=server,
                )
        finally:
            logger.removeHandler(attempts)
            logger.setLevel(level)
        rows.append(
            OutageRow(
                kind, attempts.count, len(server.requests), outcome.elapsed, _verdict(outcome)
            )
        )
    return rows
