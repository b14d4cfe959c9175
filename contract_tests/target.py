"""Which target `make conformance` checks: the fake served over a socket (default), or live.

PROVISIONKIT_TARGET=fake (default)   `python -m provisionkit.fake` on a free port, strict about its token
PROVISIONKIT_TARGET=live             MITTWALD_BASE_URL + MITTWALD_API_TOKEN and/or
                                     FOUNDRY_BASE_URL (or FOUNDRY_HOSTNAME) + FOUNDRY_TOKEN
PROVISIONKIT_ALLOW_CREATE=1          live only: also create, on PROVISIONKIT_MITTWALD_SERVER_ID /
                                     PROVISIONKIT_FOUNDRY_SPACE_RID (budget: PROVISIONKIT_BUDGET)
PROVISIONKIT_SEED, PROVISIONKIT_MAX_EXAMPLES   replay a seed, widen a run
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "specs"
# The fake accepts only this token in the contract suite, so "ignored auth" checks can fail it.
FAKE_TOKEN = "contract-suite-token"
# Against the fake every create is removed again: the budget only bounds the run's length.
FAKE_BUDGET = 30
SUMMARIES: list[str] = []  # each packaged run's summary; conftest.py prints them at the end
LIVE = os.environ.get("PROVISIONKIT_TARGET", "fake") == "live"


def tuning(env: dict[str, str] | None = None) -> list[str]:
    env = dict(os.environ if env is None else env)
    args = []
    if env.get("PROVISIONKIT_SEED"):
        args += ["--seed", env["PROVISIONKIT_SEED"]]
    if env.get("PROVISIONKIT_MAX_EXAMPLES"):
        args += ["--max-examples", env["PROVISIONKIT_MAX_EXAMPLES"]]
    return args


def live_args(api: str, env: dict[str, str] | None = None) -> list[str] | None:
    """The live run's arguments from the environment, or None if its variables are missing."""
    env = dict(os.environ if env is None else env)
    prefix, token = (
        ("MITTWALD", "MITTWALD_API_TOKEN") if api == "mittwald" else ("FOUNDRY", "FOUNDRY_TOKEN")
    )
    base_url = env.get(f"{prefix}_BASE_URL")
    hostname = env.get(f"{prefix}_HOSTNAME")
    if not env.get(token) or not (base_url or hostname or api == "mittwald"):
        return None
    args = ["--base-url", base_url] if base_url else (["--hostname", hostname] if hostname else [])
    designated = env.get(
        "PROVISIONKIT_MITTWALD_SERVER_ID" if api == "mittwald" else "PROVISIONKIT_FOUNDRY_SPACE_RID"
    )
    if env.get("PROVISIONKIT_ALLOW_CREATE") == "1" and designated:
        flag = "--server-id" if api == "mittwald" else "--space-rid"
        args += ["--allow-create", flag, designated]
        if env.get("PROVISIONKIT_BUDGET"):
            args += ["--budget", env["PROVISIONKIT_BUDGET"]]
    return args
