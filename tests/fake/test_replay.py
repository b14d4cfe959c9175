"""Property: under one seed, the same sequence of calls gets byte-identical answers (ids, event ids,
error instance ids, timestamps), so any run of the fake can be replayed exactly."""

from __future__ import annotations

from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from provisionkit.fake import Fake, ManualClock

from tests.helpers import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("mittwald_create"), st.sampled_from(["ok", "failing", "forbidden"])),
        st.tuples(st.just("mittwald_get"), st.integers(0, 5)),
        st.tuples(st.just("foundry_create"), st.sampled_from(["A", "B", "a/b"])),
        st.tuples(st.just("foundry_get"), st.integers(0, 5)),
        st.tuples(st.just("advance"), st.integers(0, 30)),
    ),
    max_size=12,
)


def _run(fake: Fake, http: httpx.Client, steps: list[tuple[str, Any]]) -> list[tuple[int, bytes]]:
    fx = fake.fixtures
    servers = {
        "ok": fx.mittwald_server,
        "failing": fx.mittwald_failing_server,
        "forbidden": fx.mittwald_forbidden_server,
    }
    created: list[str] = []
    answers: list[tuple[int, bytes]] = []
    for kind, arg in steps:
        if kind == "advance":
            clock = fake.clock
            assert isinstance(clock, ManualClock)
            clock.advance(arg)
            continue
        if kind == "mittwald_create":
            response = http.post(f"/v2/servers/{servers[arg]}/projects", json={"description": "x"})
            created.extend([response.json()["id"]] if response.status_code == 201 else [])
        elif kind == "foundry_create":
            body = {
                "displayName": arg,
                "spaceRid": fx.foundry_space,
                "roleGrants": {
                    fx.foundry_owner_role: [
                        {"principalId": fx.foundry_principal, "principalType": "USER"}
                    ]
                },
            }
            response = http.post("/api/v2/filesystem/projects/create", json=body)
            created.extend([response.json()["rid"]] if response.status_code == 200 else [])
        else:
            target = created[arg % len(created)] if created else "p-zzzzzz"
            prefix = "/v2/projects" if kind == "mittwald_get" else "/api/v2/filesystem/projects"
            response = http.get(f"{prefix}/{target}")
        answers.append((response.status_code, response.content))
    return answers


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=STEPS, seed=st.integers(0, 2**32))
def test_same_seed_and_calls_replay_identical_answers(
    fake: Fake, steps: list[tuple[str, Any]], seed: int
) -> None:
    with httpx.Client(base_url="http://f", transport=fake.sync_transport(), headers=AUTH) as http:
        clock = fake.clock
        assert isinstance(clock, ManualClock)
        start = clock.now
        fake.reseed(seed)
        first = _run(fake, http, steps)
        fake.reseed(seed)
        clock.now = start  # the same calls at the same (fake) times
        assert _run(fake, http, steps) == first
