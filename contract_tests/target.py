"""Which API the contract suite checks: the in-process fake (default), the fake over a socket, or live.

PROVISIONKIT_TARGET=fake (default)   in-process, through the ASGI app
PROVISIONKIT_TARGET=live             MITTWALD_BASE_URL + MITTWALD_API_TOKEN and/or
                                     FOUNDRY_BASE_URL (or FOUNDRY_HOSTNAME) + FOUNDRY_TOKEN
PROVISIONKIT_ALLOW_CREATE=1          live only: also run checks that create real projects, on
                                     PROVISIONKIT_MITTWALD_SERVER_ID / PROVISIONKIT_FOUNDRY_SPACE_RID
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "specs"
# The fake accepts only this token in the contract suite, so "ignored auth" checks can fail it.
FAKE_TOKEN = "contract-suite-token"


@dataclass(frozen=True)
class Target:
    api: str
    kind: str  # "fake" or "live"
    base_url: str | None
    token: str | None
    allow_create: bool
    skip_reason: str | None = None
    designated: str | None = None  # live: the only server or space creates may use


def _live(api: str, env: dict[str, str]) -> Target:
    if api == "mittwald":
        base_url, token = env.get("MITTWALD_BASE_URL"), env.get("MITTWALD_API_TOKEN")
        designated = env.get("PROVISIONKIT_MITTWALD_SERVER_ID")
    else:
        hostname = env.get("FOUNDRY_HOSTNAME")
        base_url = env.get("FOUNDRY_BASE_URL") or (f"https://{hostname}" if hostname else None)
        token, designated = env.get("FOUNDRY_TOKEN"), env.get("PROVISIONKIT_FOUNDRY_SPACE_RID")
    allow = env.get("PROVISIONKIT_ALLOW_CREATE") == "1" and bool(designated)
    missing = (
        None if base_url and token else f"live {api}: set its base URL and token in the environment"
    )
    return Target(api, "live", base_url, token, allow, missing, designated if allow else None)


def target(api: str, env: dict[str, str] | None = None) -> Target:
    env = dict(os.environ if env is None else env)
    if env.get("PROVISIONKIT_TARGET", "fake") == "live":
        return _live(api, env)
    return Target(api, "fake", None, FAKE_TOKEN, allow_create=True)


def auth_config(api: str, token: str) -> dict[str, Any]:
    schemes: dict[str, Any] = {"bearerAuth": {"bearer": token}}
    if api == "mittwald":
        schemes["accessToken"] = {"api_key": token}
    return {"openapi": schemes}
