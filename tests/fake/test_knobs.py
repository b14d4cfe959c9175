"""One set of knobs: `Fake` inherits them and the control API only adapts them to JSON, so both
refuse the same bad input the same way (ValueError / 400 naming what is valid) and change nothing."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from provisionkit.fake import Fake, Fault
from provisionkit.fake.knobs import Knobs

KNOBS = [
    "reset",
    "reseed",
    "inject",
    "set_readiness",
    "set_visibility_window",
    "set_foundry_preview_only",
    "advance_clock",
    "applied_creates",
    "state",
]

# (control route, JSON body, the Python call with the same arguments, what the message names)
BAD: list[tuple[str, dict[str, Any], str]] = [
    ("faults", {"operation_id": "noSuchOperation", "fault": "server_error"}, "createProject"),
    ("faults", {"operation_id": "createProject", "fault": "not_a_fault"}, "drop_after"),
    ("faults", {"operation_id": "createProject", "fault": "delay", "times": 0}, "times"),
    ("faults", {"operation_id": "createProject", "fault": "delay", "times": "2"}, "times"),
    ("faults", {"operation_id": "createProject", "fault": "delay", "seconds": "5"}, "seconds"),
    ("faults", {"operation_id": "createProject", "fault": "delay", "nope": 1}, "retry_after"),
    ("faults", {"operation_id": "getProject", "fault": "rate_limit", "retry_after": -1}, "retry"),
    ("faults", {"operation_id": "getProject", "fault": "unavailable", "do_not_retry": 1}, "true"),
    ("readiness", {"polls": "abc"}, "polls"),
    ("readiness", {"polls": -1}, "polls"),
    ("readiness", {"polls": True}, "polls"),
    ("readiness", {"seconds": -0.5}, "seconds"),
    ("visibility", {"seconds": "soon"}, "seconds"),
    ("preview-only", {"enabled": "yes"}, "enabled"),
    ("seed", {"seed": "3"}, "seed"),
    ("clock", {"advance": "5"}, "advance"),
    ("clock", {"advance": -5}, "advance"),
]
ROUTE_TO_KNOB = {
    "faults": "inject",
    "readiness": "set_readiness",
    "visibility": "set_visibility_window",
    "preview-only": "set_foundry_preview_only",
    "seed": "reseed",
    "clock": "advance_clock",
}


def test_fake_has_no_knob_of_its_own() -> None:
    """Every knob `Fake` offers is the one `Knobs` implements, not a copy."""
    assert all(getattr(Fake, name) is getattr(Knobs, name) for name in KNOBS)


@pytest.mark.parametrize(("route", "body", "named"), BAD, ids=[f"{r}-{b}" for r, b, _ in BAD])
def test_python_and_control_api_refuse_the_same_input_and_change_nothing(
    fake: Fake, http: httpx.Client, route: str, body: dict[str, Any], named: str
) -> None:
    before = fake.state()
    knob = getattr(fake, ROUTE_TO_KNOB[route])
    # The control API's key for the clock is "advance"; the Python argument is positional.
    args, kwargs = ([body["advance"]], {}) if route == "clock" else ([], body)
    with pytest.raises(ValueError, match=named):
        knob(*args, **kwargs)
    response = http.post(f"/__fake__/{route}", json=body)
    assert (response.status_code, named in response.json()["error"]) == (400, True)
    assert fake.state() == before


def test_unknown_operation_id_lists_every_valid_one(fake: Fake) -> None:
    with pytest.raises(ValueError, match="getProject") as caught:
        fake.inject("get-project", Fault.SERVER_ERROR)
    for operation in ("createProject", "project-create-project", "project-list-servers"):
        assert operation in str(caught.value)


def test_unknown_fault_lists_every_valid_one(http: httpx.Client) -> None:
    body = {"operation_id": "createProject", "fault": "explode"}
    error = http.post("/__fake__/faults", json=body).json()["error"]
    assert all(fault.value in error for fault in Fault)


def test_a_refused_readiness_leaves_later_reads_working(fake: Fake, http: httpx.Client) -> None:
    """Before, `{"polls": "abc"}` was stored and broke every later get-project with a 500."""
    assert http.post("/__fake__/readiness", json={"polls": "abc"}).status_code == 400
    server = fake.fixtures.mittwald_server
    created = http.post(f"/v2/servers/{server}/projects", json={"description": "x"}).json()
    assert http.get(f"/v2/projects/{created['id']}").status_code == 200


@pytest.mark.parametrize(
    "body",
    [b"[1, 2]", b"{not json", b"[" * 10_000, b'{"polls": 1, "tries": 2}'],
    ids=["not-an-object", "not-json", "deep", "unknown-argument"],
)
def test_control_body_that_is_no_knob_call_is_a_400(http: httpx.Client, body: bytes) -> None:
    response = http.post(
        "/__fake__/readiness", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert "error" in response.json()


def test_a_good_knob_call_answers_with_the_state_it_made(http: httpx.Client) -> None:
    state = http.post("/__fake__/readiness", json={"polls": 4, "seconds": 1.5}).json()
    assert state["readiness"] == {"polls": 4, "seconds": 1.5}


def test_control_api_needs_a_configured_token_when_tokens_are_restricted() -> None:
    with (
        Fake(tokens={"right"}) as strict,
        httpx.Client(base_url="http://fake", transport=strict.sync_transport()) as http,
    ):
        assert http.post("/__fake__/reset").status_code == 401
        wrong = {"Authorization": "Bearer wrong"}
        assert http.post("/__fake__/readiness", json={"polls": 9}, headers=wrong).status_code == 401
        assert strict.mittwald.readiness.polls != 9  # refused before it changed anything
        right = {"Authorization": "Bearer right"}
        assert http.post("/__fake__/readiness", json={"polls": 9}, headers=right).status_code == 200
        assert http.get("/__fake__/state", headers={"x-access-token": "right"}).status_code == 200


def test_control_api_needs_no_token_when_any_is_accepted(http: httpx.Client) -> None:
    assert http.get("/__fake__/state", headers={"Authorization": ""}).status_code == 200
