"""Table 1b: where provisionkit's extra per-call time goes, step by step, each step timed against
its raw-httpx counterpart in the same process (what the pyinstrument profile pointed at)."""

from __future__ import annotations

import itertools
import json
import timeit
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from provisionkit import Principal
from provisionkit.effects import Runtime, Send, _base, _build
from provisionkit.foundry import adapter as foundry
from provisionkit.mittwald import adapter as mittwald
from provisionkit.mittwald.flows import MittwaldFlows
from provisionkit.responses import Answer, BodyReader, parse_model

from . import overhead as o


@dataclass
class Row:
    step: str
    provisionkit_us: float
    raw_us: float


def _best(fn: Callable[[], Any], number: int = 3000, repeat: int = 7) -> float:
    """Microseconds per call: the minimum over repeats (the least disturbed run)."""
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number * 1e6


def _no_io(flow: Any, answers: dict[str, Answer]) -> Any:
    """Run a flow, answering each request with the canned answer for its method (no httpx), and
    any other effect (a readiness poll's note) with None."""
    answer: Any = None
    while True:
        try:
            effect = flow.send(answer)
        except StopIteration as done:
            return done.value
        answer = answers[effect.call.method.upper()] if isinstance(effect, Send) else None


def measure() -> list[Row]:
    http = httpx.Client(
        transport=httpx.MockTransport(o.Counter()),
        base_url=o.BASE,
        headers={"Authorization": f"Bearer {o.TOKEN}"},
        timeout=httpx.Timeout(30),
    )
    base = _base(http)
    mw_get = Send(mittwald.get_call(o.PROJECT), 30.0)
    fd_response = http.get(f"/api/v2/filesystem/projects/{o.RID}")
    mw_response = http.get(f"/v2/projects/{o.PROJECT}")
    mw_created = http.post(f"/v2/servers/{o.SERVER}/projects", json={"description": "shop"})
    answers = {
        # The create names the project the canned get answers with (the mock's ids move on).
        "POST": Answer(201, mw_created.headers, json.dumps(o.MW_CREATED).encode()),
        "GET": Answer(mw_response.status_code, mw_response.headers, mw_response.content),
    }
    flows = MittwaldFlows(Runtime())
    ours = (str(uuid.UUID(int=n)) for n in itertools.count(1))
    theirs = (str(uuid.UUID(int=n)) for n in itertools.count(1))
    grants = {o.OWNER: [Principal.user(o.USER)]}

    def read() -> Answer:
        return BodyReader("mittwald", "project-get-project", mw_response, 1 << 24).read(())

    rows = [
        Row(
            "mittwald get-project request, a URL sent before (every poll after the first): the "
            "driver's build (remembered URL, timeouts as the request's extension) vs "
            "`build_request` with the relative URL",
            _best(lambda: _build(http, base, mw_get)),
            _best(lambda: http.build_request("GET", f"/v2/projects/{o.PROJECT}")),
        ),
        Row(
            "mittwald get-project request, a project id never sent before: call building "
            "(generated `_get_kwargs`) + the driver's build vs `build_request` (a fresh id each "
            "time on both sides)",
            _best(lambda: _build(http, base, Send(mittwald.get_call(next(ours)), 30.0))),
            _best(lambda: http.build_request("GET", f"/v2/projects/{next(theirs)}")),
        ),
        Row(
            "mittwald get-project answer: the driver's read into an `Answer` (size limit) vs "
            "`response.content`",
            _best(read),
            _best(lambda: mw_response.content),
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
        Row(
            "mittwald create + one get as flows with no I/O (both calls built, both answers "
            "parsed, deadline, reconciliation bookkeeping) vs json.loads of both bodies",
            _best(
                lambda: _no_io(
                    flows.create_project(
                        o.SERVER, "shop", wait=False, timeout=300.0, visibility_grace=30.0
                    ),
                    answers,
                )
            ),
            _best(lambda: (json.loads(answers["POST"].content), json.loads(mw_response.content))),
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
