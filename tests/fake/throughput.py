"""Measure the fake's create+get throughput over uvicorn (not a test; no timing is asserted anywhere).

    .venv/bin/python tests/fake/throughput.py [--pairs 500] [--api mittwald|foundry]

Starts `python -m provisionkit.fake` on a free port, sends `pairs` create-then-get pairs over one
keep-alive connection after a short warm-up, prints requests per second, and stops the server.
Bounded by `--pairs` and a 60 s wall-clock cap.
"""

from __future__ import annotations

import argparse
import signal
import socket
import subprocess
import sys
import time

import httpx

AUTH = {"Authorization": "Bearer throughput"}
CAP_SECONDS = 60.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pair(http: httpx.Client, api: str, fixtures: dict[str, str], n: int) -> None:
    if api == "mittwald":
        created = http.post(
            f"/v2/servers/{fixtures['mittwald_server']}/projects", json={"description": f"p{n}"}
        )
        assert created.status_code == 201, created.text
        assert http.get(f"/v2/projects/{created.json()['id']}").status_code == 200
        return
    owner = fixtures["foundry_owner_role"]
    created = http.post(
        "/api/v2/filesystem/projects/create",
        json={
            "displayName": f"project {n}",
            "spaceRid": fixtures["foundry_space"],
            "roleGrants": {
                owner: [{"principalId": fixtures["foundry_principal"], "principalType": "USER"}]
            },
        },
    )
    assert created.status_code == 200, created.text
    assert http.get(f"/api/v2/filesystem/projects/{created.json()['rid']}").status_code == 200


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=500)
    parser.add_argument("--api", choices=("mittwald", "foundry"), default="mittwald")
    args = parser.parse_args()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "provisionkit.fake", "--port", str(port), "--any-token"],
        stdout=subprocess.DEVNULL,
    )
    try:
        with httpx.Client(base_url=url, headers=AUTH, timeout=10) as http:
            deadline = time.monotonic() + 20
            while True:
                try:
                    fixtures = http.get("/__fake__/fixtures").json()
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
            for n in range(20):  # warm-up: first-call setup in Connexion and the connection
                _pair(http, args.api, fixtures, -n - 1)
            started = time.perf_counter()
            done = 0
            while done < args.pairs and time.perf_counter() - started < CAP_SECONDS:
                _pair(http, args.api, fixtures, done)
                done += 1
            elapsed = time.perf_counter() - started
        print(
            f"{args.api}: {done} create+get pairs in {elapsed:.2f}s = "
            f"{2 * done / elapsed:.0f} requests/s ({done / elapsed:.0f} pairs/s), one connection"
        )
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=15)


if __name__ == "__main__":
    main()
