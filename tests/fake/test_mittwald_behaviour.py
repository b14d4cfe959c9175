"""The fake's mittwald: readiness over polls and seconds, the visibility window after create and
`if-event-reached`, rate-limit and pagination headers, ajv-style validation errors."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from provisionkit.fake import Fake, ManualClock

from tests.helpers import AUTH


def _create(http: httpx.Client, server_id: str) -> httpx.Response:
    response = http.post(f"/v2/servers/{server_id}/projects", json={"description": "shop"})
    assert response.status_code == 201
    return response


def _get(http: httpx.Client, project_id: str, **headers: str) -> httpx.Response:
    return http.get(f"/v2/projects/{project_id}", headers=headers)


def test_new_project_is_pending_and_not_ready(http: httpx.Client, fake: Fake) -> None:
    fake.set_readiness(polls=5)
    project = _get(http, _create(http, fake.fixtures.mittwald_server).json()["id"]).json()
    assert (project["status"], project["readiness"], project["isReady"]) == (
        "pending",
        "creating",
        False,
    )


def test_readiness_after_seconds_follows_the_fake_clock(
    http: httpx.Client, fake: Fake, clock: ManualClock
) -> None:
    fake.set_readiness(polls=None, seconds=30)
    project_id = _create(http, fake.fixtures.mittwald_server).json()["id"]
    clock.advance(29)
    assert _get(http, project_id).json()["status"] == "pending"
    clock.advance(1)
    assert _get(http, project_id).json()["status"] == "ready"


def test_failing_server_projects_end_in_terminal_error(http: httpx.Client, fake: Fake) -> None:
    fake.set_readiness(polls=1)
    project_id = _create(http, fake.fixtures.mittwald_failing_server).json()["id"]
    project = _get(http, project_id).json()
    assert (project["status"], project["isReady"]) == ("error", False)
    assert _get(http, project_id).json()["status"] == "error"  # terminal: stays failed


def test_visibility_window_answers_403_for_the_given_polls(http: httpx.Client, fake: Fake) -> None:
    fake.set_visibility_window(polls=2)
    project_id = _create(http, fake.fixtures.mittwald_server).json()["id"]
    statuses = [_get(http, project_id).status_code for _ in range(3)]
    assert statuses == [403, 403, 200]


def test_visibility_window_in_seconds(http: httpx.Client, fake: Fake, clock: ManualClock) -> None:
    fake.set_visibility_window(seconds=5)
    project_id = _create(http, fake.fixtures.mittwald_server).json()["id"]
    assert _get(http, project_id).json()["type"] == "PermissionDenied"
    clock.advance(5)
    assert _get(http, project_id).status_code == 200


def test_if_event_reached_with_creates_etag_closes_the_window(
    http: httpx.Client, fake: Fake
) -> None:
    fake.set_visibility_window(polls=100)
    created = _create(http, fake.fixtures.mittwald_server)
    project_id = created.json()["id"]
    assert (
        _get(http, project_id, **{"if-event-reached": created.headers["etag"]}).status_code == 200
    )
    assert _get(http, project_id).status_code == 200  # once seen, it stays visible


def test_if_event_reached_for_an_older_event_does_not_close_the_window(
    http: httpx.Client, fake: Fake
) -> None:
    fake.set_visibility_window(polls=100)
    earlier = _create(http, fake.fixtures.mittwald_server).headers["etag"]
    later = _create(http, fake.fixtures.mittwald_server).json()["id"]
    assert _get(http, later, **{"if-event-reached": earlier}).status_code == 403


def test_if_event_reached_for_an_unissued_event_is_412(http: httpx.Client, fake: Fake) -> None:
    etag = _create(http, fake.fixtures.mittwald_server).headers["etag"]
    response = _get(http, "p-abcdef", **{"if-event-reached": str(int(etag) + 1)})
    assert (response.status_code, response.json()["type"]) == (412, "PreconditionFailed")


def test_etags_are_increasing_numeric_event_ids(http: httpx.Client, fake: Fake) -> None:
    etags = [int(_create(http, fake.fixtures.mittwald_server).headers["etag"]) for _ in range(3)]
    assert etags == sorted(set(etags))


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        pytest.param("GET", "/v2/servers", AUTH, id="ok"),
        pytest.param("GET", "/v2/projects/p-abcdef", AUTH, id="error"),
        pytest.param("GET", "/v2/servers", {}, id="unauthorized"),
    ],
)
def test_every_mittwald_answer_carries_rate_limit_headers(
    fake: Fake, method: str, path: str, headers: dict[str, str]
) -> None:
    with httpx.Client(base_url="http://fake", transport=fake.sync_transport()) as http:
        response = http.request(method, path, headers=headers)
    assert {"x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"} <= set(
        response.headers
    )


def test_rate_limit_remaining_counts_down_and_resets_with_the_window(
    http: httpx.Client, clock: ManualClock
) -> None:
    first = http.get("/v2/servers").headers
    second = http.get("/v2/servers").headers
    assert int(second["x-ratelimit-remaining"]) == int(first["x-ratelimit-remaining"]) - 1
    clock.advance(int(second["x-ratelimit-reset"]))
    assert (
        http.get("/v2/servers").headers["x-ratelimit-remaining"] == first["x-ratelimit-remaining"]
    )


def test_foundry_answers_carry_no_mittwald_rate_limit_headers(http: httpx.Client) -> None:
    response = http.get("/api/v2/filesystem/projects/ri.compass.main.folder.x")
    assert "x-ratelimit-limit" not in response.headers


def test_list_servers_page_counts_when_skip_is_absent(http: httpx.Client) -> None:
    response = http.get("/v2/servers", params={"limit": 1, "page": 1})
    assert (response.headers["x-pagination-skip"], response.headers["x-pagination-page"]) == (
        "1",
        "1",
    )
    assert len(response.json()) == 1


def test_list_servers_hides_the_forbidden_server(http: httpx.Client, fake: Fake) -> None:
    ids = {s["id"] for s in http.get("/v2/servers").json()}
    assert fake.fixtures.mittwald_forbidden_server not in ids
    assert fake.fixtures.mittwald_server in ids


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            {},
            {
                "message": "must have required property 'description'",
                "path": "",
                "type": "required",
                "context": {"missingProperty": "description"},
            },
            id="required",
        ),
        pytest.param(
            {"description": 5},
            {
                "message": "must be string",
                "path": ".description",
                "type": "type",
                "context": {"type": "string"},
            },
            id="type",
        ),
    ],
)
def test_validation_errors_are_ajv_style_items(
    http: httpx.Client, fake: Fake, body: dict[str, Any], expected: dict[str, Any]
) -> None:
    response = http.post(f"/v2/servers/{fake.fixtures.mittwald_server}/projects", json=body)
    assert response.status_code == 400
    assert response.json() == {
        "type": "ValidationError",
        "message": "Validation failed",
        "validationErrors": [expected],
    }


def test_invalid_query_parameter_names_the_parameter(http: httpx.Client) -> None:
    response = http.get("/v2/servers", params={"limit": -1})
    item = response.json()["validationErrors"][0]
    assert (response.status_code, item["path"], item["type"]) == (400, ".limit", "minimum")


def test_unknown_query_parameter_is_refused_in_mittwald_format(http: httpx.Client) -> None:
    response = http.get("/v2/servers", params={"bogus": 1})
    assert (response.status_code, response.json()["type"]) == (400, "ValidationError")


def test_unknown_route_is_a_mittwald_common_error(http: httpx.Client) -> None:
    response = http.get("/v2/nothing-here")
    assert response.status_code == 404
    assert set(response.json()) == {"type", "message"}


@pytest.mark.parametrize("left", [0.4, 0.5, 0.6, 59.9])
def test_waiting_the_reset_seconds_always_reaches_the_next_window(left: float) -> None:
    """Whatever the fraction of a second left in the window (the session clock is anywhere)."""
    from provisionkit.fake.timing import RateLimitWindow

    window = RateLimitWindow()
    now = window.period - left
    _, before, reset = window.count(now)
    _, after, _ = window.count(now + reset)
    assert (reset >= 1, after) == (True, window.limit - 1)
    assert before == window.limit - 1


def test_waiting_the_reset_seconds_reaches_the_next_window_despite_float_rounding() -> None:
    """Seen in the 3.12 matrix: a window started at 124.39749999999994 on the session clock and
    asked again 60 s later (184.39749999999992) was 2e-14 s short of its end."""
    from provisionkit.fake.timing import RateLimitWindow

    window = RateLimitWindow(started=124.39749999999994)
    _, _, reset = window.count(124.39749999999994)
    _, after, _ = window.count(124.39749999999994 + reset)
    assert after == window.limit - 1
    _, next_one, _ = window.count(124.39749999999994 + reset)  # the new window counts on
    assert next_one == window.limit - 2
