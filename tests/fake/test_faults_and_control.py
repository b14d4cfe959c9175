"""Faults behave as named on both transports, and the control API mirrors the Python methods."""

from __future__ import annotations

import httpx
import pytest
from provisionkit.fake import Fake, Fault, ManualClock

from tests.helpers import AUTH, foundry_create_body
from tests.helpers import FOUNDRY_CREATE as CREATE


def _mittwald_create(fake: Fake) -> tuple[str, dict[str, str]]:
    return f"/v2/servers/{fake.fixtures.mittwald_server}/projects", {"description": "x"}


@pytest.mark.asyncio
async def test_async_transport_drop_after_applies_the_create_without_answering(
    fake: Fake,
) -> None:
    fake.inject("createProject", Fault.DROP_AFTER)
    async with httpx.AsyncClient(
        base_url="http://fake", transport=fake.async_transport(), headers=AUTH
    ) as http:
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            await http.post(CREATE, json=foundry_create_body(fake))
        assert fake.applied_creates("foundry") == 1
        # The create really happened: the same name now conflicts.
        assert (await http.post(CREATE, json=foundry_create_body(fake))).status_code == 409


@pytest.mark.asyncio
async def test_async_transport_refuse_is_a_connect_error(fake: Fake) -> None:
    fake.inject("project-create-project", Fault.REFUSE)
    path, body = _mittwald_create(fake)
    async with httpx.AsyncClient(
        base_url="http://fake", transport=fake.async_transport(), headers=AUTH
    ) as http:
        with pytest.raises(httpx.ConnectError):
            await http.post(path, json=body)
    assert fake.applied_creates() == 0


def test_fault_applies_to_the_next_n_calls_only(http: httpx.Client, fake: Fake) -> None:
    fake.inject("project-list-servers", Fault.SERVER_ERROR, times=2)
    assert [http.get("/v2/servers").status_code for _ in range(3)] == [500, 500, 200]


def test_faults_queue_in_order(http: httpx.Client, fake: Fake) -> None:
    fake.inject("project-list-servers", Fault.RATE_LIMIT)
    fake.inject("project-list-servers", Fault.UNAVAILABLE)
    assert [http.get("/v2/servers").status_code for _ in range(3)] == [429, 503, 200]


def test_fault_on_one_operation_leaves_the_others_alone(http: httpx.Client, fake: Fake) -> None:
    fake.inject("project-get-project", Fault.SERVER_ERROR)
    assert http.get("/v2/servers").status_code == 200


def test_deprecated_create_path_has_its_own_operation_id(http: httpx.Client, fake: Fake) -> None:
    fake.inject("deprecated-project-create-subproject", Fault.RATE_LIMIT, retry_after=1)
    path, body = _mittwald_create(fake)
    assert http.post(path, json=body).status_code == 201
    seed_path = path.replace("/servers/", "/placementgroups/")
    assert http.post(seed_path, json=body).status_code == 429


def test_mittwald_rate_limit_body_is_the_documented_one(http: httpx.Client, fake: Fake) -> None:
    fake.inject("project-list-servers", Fault.RATE_LIMIT, retry_after=7)
    response = http.get("/v2/servers")
    assert response.json() == {"type": "RateLimitError", "message": "too many requests"}
    assert response.headers["retry-after"] == "7"


def test_foundry_429_may_forbid_retrying(http: httpx.Client, fake: Fake) -> None:
    fake.inject("createProject", Fault.RATE_LIMIT, do_not_retry=True)
    response = http.post(CREATE, json=foundry_create_body(fake))
    assert (response.status_code, response.headers["qos-retry-hint"], response.content) == (
        429,
        "do-not-retry",
        b"",
    )


def test_foundry_503_without_hint_may_be_retried(http: httpx.Client, fake: Fake) -> None:
    fake.inject("createProject", Fault.UNAVAILABLE)
    response = http.post(CREATE, json=foundry_create_body(fake))
    assert response.status_code == 503
    assert "qos-retry-hint" not in response.headers
    assert fake.applied_creates() == 0


def test_status_faults_apply_nothing(http: httpx.Client, fake: Fake) -> None:
    for fault in (Fault.RATE_LIMIT, Fault.UNAVAILABLE, Fault.SERVER_ERROR):
        fake.inject("project-create-project", fault)
        path, body = _mittwald_create(fake)
        http.post(path, json=body)
    assert fake.applied_creates() == 0


def test_delay_moves_the_manual_clock_then_answers(
    http: httpx.Client, fake: Fake, clock: ManualClock
) -> None:
    before = clock()
    fake.inject("project-list-servers", Fault.DELAY, seconds=12.5)
    assert http.get("/v2/servers").status_code == 200
    # approx: the session's manual clock carries earlier tests' time, and 5.76 + 12.5 - 5.76 is
    # not 12.5 in floating point.
    assert clock() - before == pytest.approx(12.5)


def test_unknown_enum_fault_reaches_get_project(http: httpx.Client, fake: Fake) -> None:
    path, body = _mittwald_create(fake)
    project_id = http.post(path, json=body).json()["id"]
    fake.inject("project-get-project", Fault.UNKNOWN_ENUM)
    assert http.get(f"/v2/projects/{project_id}").json()["status"] == "quantumFlux"


def test_inject_refuses_an_unknown_fault(fake: Fake) -> None:
    with pytest.raises(ValueError, match="not_a_fault"):
        fake.inject("createProject", "not_a_fault")


def test_control_seed_gives_the_ids_of_a_fake_built_with_that_seed(
    http: httpx.Client, fake: Fake
) -> None:
    path, body = _mittwald_create(fake)
    assert http.post("/__fake__/seed", json={"seed": 99}).status_code == 200
    reseeded = http.post(path, json=body).json()["id"]
    with (
        Fake(seed=99, clock=ManualClock()) as fresh,
        httpx.Client(base_url="http://f", transport=fresh.sync_transport(), headers=AUTH) as h,
    ):
        assert h.post(path, json=body).json()["id"] == reseeded


def test_control_applied_creates_mirrors_the_method(http: httpx.Client, fake: Fake) -> None:
    path, body = _mittwald_create(fake)
    http.post(path, json=body)
    assert http.get("/__fake__/applied-creates").json() == {"applied_creates": 1}
    assert http.get("/__fake__/applied-creates", params={"api": "foundry"}).json() == {
        "applied_creates": 0
    }
    assert http.get("/__fake__/applied-creates", params={"api": "x"}).status_code == 400
    state = http.get("/__fake__/state").json()
    assert state["applied_per_target"] == {fake.fixtures.mittwald_server: 1}


def test_control_visibility_and_preview_only_mirror_the_methods(
    http: httpx.Client, fake: Fake
) -> None:
    http.post("/__fake__/visibility", json={"seconds": 3})
    http.post("/__fake__/preview-only", json={"enabled": True})
    assert (fake.mittwald.visibility.seconds, fake.foundry.preview_only) == (3, True)


def test_control_clock_needs_a_manual_clock() -> None:
    with (
        Fake() as real_time,
        httpx.Client(base_url="http://f", transport=real_time.sync_transport()) as http,
    ):
        assert http.post("/__fake__/clock", json={"advance": 1}).status_code == 409


def test_control_rejects_a_bad_payload(http: httpx.Client) -> None:
    response = http.post("/__fake__/faults", json={"operation_id": "getProject", "fault": "nope"})
    assert response.status_code == 400


def test_reset_forgets_projects_faults_and_timing(http: httpx.Client, fake: Fake) -> None:
    fake.set_readiness(polls=9)
    fake.inject("getProject", Fault.SERVER_ERROR)
    path, body = _mittwald_create(fake)
    project_id = http.post(path, json=body).json()["id"]
    fake.reset()
    assert (fake.applied_creates(), fake.state()["faults"]) == (0, {})
    assert fake.mittwald.readiness.polls != 9
    assert http.get(f"/v2/projects/{project_id}").status_code == 403
