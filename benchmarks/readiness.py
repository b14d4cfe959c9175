"""Table 2: how late create+wait returns after the project turned ready, and how many polls it
took, against a fixed 1 s polling loop. Runs in simulated time: the fake's ManualClock is the
client's clock, sleeping advances it, and every request costs a simulated round trip."""

from __future__ import annotations

import random
from dataclasses import dataclass

import httpx
from provisionkit import MittwaldClient, Runtime
from provisionkit.fake import Fake, ManualClock

from .harness import percentile

TOKEN = "bench-token"  # a placeholder; the fake accepts any non-empty token
BASE = "http://127.0.0.1:9"  # never dialled: the transport is the in-process fake
RTT = 0.05  # simulated round trip per request, in seconds of the fake clock


class SimulatedNetwork(httpx.BaseTransport):
    """Adds half a round trip on the way there and back, and counts project reads."""

    def __init__(self, inner: httpx.BaseTransport, clock: ManualClock) -> None:
        self._inner = inner
        self._clock = clock
        self.gets = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            self.gets += 1
        self._clock.advance(RTT / 2)
        response = self._inner.handle_request(request)
        response.read()
        self._clock.advance(RTT / 2)
        return response


@dataclass
class Row:
    target: float
    strategy: str
    runs: int
    lateness_p50: float
    lateness_p95: float
    polls_p50: float
    polls_p95: float
    goal_met: bool | None


def _provisionkit_run(
    fake: Fake, clock: ManualClock, rng: random.Random, target: float
) -> tuple[float, int]:
    network = SimulatedNetwork(fake.sync_transport(), clock)
    runtime = Runtime(clock=clock, sleep=clock.advance, rand=rng.random)
    with MittwaldClient(TOKEN, base_url=BASE, transport=network, runtime=runtime) as client:
        start = clock()
        client.create_project(
            fake.fixtures.mittwald_server, "bench", wait=True, timeout=target * 3 + 60
        )
        ready_at = start + RTT / 2 + target  # the create is applied half a round trip after sending
        return clock() - ready_at, network.gets


def _fixed_run(
    fake: Fake, clock: ManualClock, _rng: random.Random, target: float
) -> tuple[float, int]:
    """The loop people write by hand: create, then GET every second until isReady."""
    network = SimulatedNetwork(fake.sync_transport(), clock)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(transport=network, base_url=BASE, headers=headers) as client:
        start = clock()
        created = client.post(
            f"/v2/servers/{fake.fixtures.mittwald_server}/projects", json={"description": "bench"}
        )
        project_id = created.json()["id"]
        while True:
            response = client.get(f"/v2/projects/{project_id}")
            if response.status_code == 200 and response.json().get("isReady"):
                break
            clock.advance(1.0)
        return clock() - (start + RTT / 2 + target), network.gets


def measure(targets: tuple[float, ...] = (0.5, 2.0, 10.0, 30.0), runs: int = 100) -> list[Row]:
    rows = []
    for target in targets:
        for strategy, run in (
            ("provisionkit", _provisionkit_run),
            ("fixed 1 s polling", _fixed_run),
        ):
            clock = ManualClock()
            rng = random.Random(f"{target}-{strategy}")
            late: list[float] = []
            polls: list[float] = []
            with Fake(seed=1, clock=clock) as fake:
                fake.set_readiness(polls=None, seconds=target)
                for _ in range(runs):
                    lateness, gets = run(fake, clock, rng, target)
                    late.append(lateness)
                    polls.append(gets)
            p95 = percentile(late, 95)
            goal = p95 < 0.05 * target + RTT if strategy == "provisionkit" else None
            rows.append(
                Row(
                    target,
                    strategy,
                    runs,
                    percentile(late, 50),
                    p95,
                    percentile(polls, 50),
                    percentile(polls, 95),
                    goal,
                )
            )
    return rows
