"""Table 1b: where provisionkit's extra per-call time goes, step by step, each step timed against
its raw-httpx counterpart in the same process (what the pyinstrument profile pointed at)."""

from __future__ import annotations

import json
import timeit
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from provisionkit import Principal
from provisionkit.foundry import adapter as foundry
from provisionkit.mittwald import adapter as mittwald
from provisionkit.responses import parse_model

from . import overhead as o


@dataclass
class Row:
    step: str
    provisionkit_us: float
    raw_us: float


def _best(fn: Callable[[], Any], number: int = 3000, repeat: int = 7) -> float:
    """Microseconds per call: the minimum over repeats (the least disturbed run)."""
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1e6


def measure() -> list[Row]:
    http = httpx.Client(
        transport=httpx.MockTransport(o.Counter()),
        base_url=o.BASE,
        headers={"Authorization": f"Bearer {o.TOKEN}"},
        timeout=httpx.Timeout(30),
    )
    fd_get = foundry.get_call(o.RID).arguments()
    fd_url = f"/api/v2/filesystem/projects/{o.RID}"
    mw_get = mittwald.get_call(o.PROJECT).arguments()
    fd_response = http.get(fd_url)
    mw_response = http.get(f"/v2/projects/{o.PROJECT}")
    grants = {o.OWNER: [Principal.user(o.USER)]}
    rows = [
        Row(
            "build_request with the generated client's empty `params={}` vs without (Foundry get)",
            _best(lambda: http.build_request(**{**fd_get, "params": {}})),
            _best(lambda: http.build_request(**{k: v for k, v in fd_get.items() if k != "params"})),
        ),
        Row(
            f"mittwald get-project: build_request(**generated _get_kwargs) {sorted(mw_get)}",
            _best(lambda: http.build_request(**mw_get)),
            _best(lambda: http.build_request("GET", f"/v2/projects/{o.PROJECT}")),
        ),
        Row(
            "Foundry Project: parse into the value object vs json.loads",
            _best(lambda: parse_model("foundry", "getProject", fd_response, foundry.parse_project)),
            _best(lambda: json.loads(fd_response.content)),
        ),
        Row(
            "mittwald Project: parse into the value object vs json.loads",
            _best(
                lambda: parse_model(
                    "mittwald", "project-get-project", mw_response, mittwald.parse_project
                )
            ),
            _best(lambda: json.loads(mw_response.content)),
        ),
        Row(
            "mittwald create: request kwargs (generated model, to_dict) vs a dict literal",
            _best(lambda: mittwald.create_call(o.SERVER, "shop")),
            _best(lambda: {"json": {"description": "shop"}}),
        ),
    ]
    create_options: dict[str, Any] = {
        "role_grants": grants,
        "default_roles": None,
        "organization_rids": [o.ORG],
        "description": None,
        "resource_level_role_grants_allowed": None,
    }
    rows.append(
        Row(
            "Foundry create: checks + generated request model vs a dict literal",
            _best(lambda: foundry.create_call("My Project", o.SPACE, **create_options)),
            _best(lambda: dict(o.FD_CREATE)),
        )
    )
    http.close()
    return rows
