"""Request building made cheaper (issue 15) must send exactly what it sent before."""

from __future__ import annotations

import sys
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from provisionkit import Principal
from provisionkit.effects import Send, _base, _build
from provisionkit.errors import BadRequest, InvalidArgument, ValidationFailed
from provisionkit.foundry import adapter as foundry
from provisionkit.mittwald import adapter as mittwald
from provisionkit.mittwald.operations import OPERATIONS
from provisionkit.operations import by_method
from provisionkit_foundry_client.models import CreateProjectRequest

OWNER = "8bf49052-dc37-4528-8bf0-b551cfb71268"
LIST_SERVERS = by_method(OPERATIONS)["list_servers"]
USER = "f05f8da4-b84c-4fca-9c77-8af0b13d11de"
SPACE = "ri.compass.main.folder.a86ad5f5-3db5-48e4-9fdd-00aa3e5731ca"
ORG = "ri.multipass..organization.c30ee6ad-b5e4-4afe-a74f-fe4a289f2faa"


def _create(**options: Any) -> dict[str, Any]:
    defaults: dict[str, Any] = {
        "role_grants": None,
        "default_roles": None,
        "organization_rids": None,
        "description": None,
        "resource_level_role_grants_allowed": None,
    }
    call = foundry.create_call("My Project", SPACE, **{**defaults, **options}).call
    assert call.json is not None
    return dict(call.json)


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"description": "d", "resource_level_role_grants_allowed": 0, "default_roles": [OWNER]},
        # A principal id in any form uuid.UUID accepts goes out canonical, as the generated
        # model's round trip (`from_dict` then `to_dict`) used to send it.
        {
            "role_grants": {
                OWNER: [
                    Principal.user(USER.upper()),
                    {"principalId": "{" + USER + "}", "principalType": "GROUP"},
                ]
            },
            "organization_rids": (rid for rid in [ORG]),
        },
    ],
)
def test_the_foundry_create_body_is_what_the_generated_model_round_trip_sends(
    options: dict[str, Any],
) -> None:
    body = _create(**options)
    assert CreateProjectRequest.from_dict(body).to_dict() == body
    assert list(body) == list(CreateProjectRequest.from_dict(body).to_dict())
    if "role_grants" in options:
        assert body["roleGrants"] == {
            OWNER: [
                {"principalId": USER, "principalType": "USER"},
                {"principalId": USER, "principalType": "GROUP"},
            ]
        }
        assert body["organizationRids"] == [ORG]
    if "resource_level_role_grants_allowed" in options:
        assert body["resourceLevelRoleGrantsAllowed"] is False


def test_a_foundry_create_checks_principals_before_organizations() -> None:
    with pytest.raises(InvalidArgument) as caught:
        _create(role_grants={OWNER: [Principal.user("nope")]}, organization_rids=["nope"])
    assert "roleGrants" in caught.value.parameters


def test_a_json_body_does_not_repeat_the_content_type_httpx_sets_itself() -> None:
    call = mittwald.create_call("5e2a1c3b-8f7d-4e6a-9b0c-1d2e3f4a5b6c", "shop")
    assert call.headers is None
    assert call.json == {"description": "shop"}


WHITESPACE = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]


@pytest.mark.parametrize("space", WHITESPACE, ids=[f"U+{ord(c):04X}" for c in WHITESPACE])
def test_check_id_refuses_every_whitespace_character(space: str) -> None:
    with pytest.raises(ValidationFailed):
        mittwald.check_id(f"p-{space}abc", "project_id", "project-get-project")


# The drivers join a call's URL to the client's base themselves and hand httpx an absolute URL with
# the timeouts as the request's extension (one URL parse instead of two); the request must be the
# one httpx's own `build_request` makes from the relative URL and a `Timeout`.
_BASES = [
    "https://api.example",
    "https://api.example/",
    "https://api.example/prefix/v",
    "http://127.0.0.1:8080/x/",
]


@settings(max_examples=150, deadline=None)
@given(
    base=st.sampled_from(_BASES),
    identifier=st.text(min_size=1, max_size=40),
    limit=st.floats(min_value=0.001, max_value=1e6),
    configured=st.one_of(st.none(), st.floats(min_value=0.001, max_value=1e6)),
    event=st.one_of(st.none(), st.text(alphabet="0123456789", min_size=1, max_size=20)),
)
def test_the_driver_builds_the_request_httpx_would(
    base: str, identifier: str, limit: float, configured: float | None, event: str | None
) -> None:
    call = mittwald.get_call(identifier, event)
    with httpx.Client(base_url=base, timeout=configured, headers={"x-access-token": "t"}) as http:
        try:
            ours = _build(http, _base(http), Send(call, limit))
        except BadRequest:
            with pytest.raises((httpx.InvalidURL, ValueError)):
                http.build_request(**call.arguments())
            return
        theirs = http.build_request(**call.arguments())
    assert ours.url == theirs.url
    assert str(ours.url) == str(theirs.url)
    assert ours.headers.multi_items() == theirs.headers.multi_items()
    assert ours.method == theirs.method
    assert ours.content == theirs.content
    capped = configured if configured is not None and configured <= limit else limit
    assert ours.extensions["timeout"] == dict.fromkeys(("connect", "read", "write", "pool"), capped)


def test_the_driver_builds_the_create_request_httpx_would() -> None:
    call = mittwald.create_call("5e2a1c3b-8f7d-4e6a-9b0c-1d2e3f4a5b6c", "shop ü")
    with httpx.Client(base_url="https://api.example/base") as http:
        ours = _build(http, _base(http), Send(call, 5.0))
        theirs = http.build_request(**call.arguments())
    assert (ours.method, ours.url, ours.content) == (theirs.method, theirs.url, theirs.content)
    assert ours.headers.multi_items() == theirs.headers.multi_items()


@settings(max_examples=60, deadline=None)
@given(
    search=st.one_of(st.none(), st.text(max_size=30)),
    skip=st.integers(min_value=0, max_value=10**6),
    cookie=st.one_of(st.none(), st.text(alphabet="abcdefXYZ0123456789", min_size=1, max_size=12)),
)
def test_query_parameters_and_a_clients_cookies_go_out_as_httpx_would_send_them(
    search: str | None, skip: int, cookie: str | None
) -> None:
    # A load balancer's sticky cookie, once set, must go back on every request.
    call = mittwald.BINDING.call(
        LIST_SERVERS,
        {"customer_id": None, "search_term": search, "sort": "createdAt", "order": "asc"},
        {"limit": 1000, "skip": skip},
    )
    with httpx.Client(base_url="https://api.example/v") as http:
        if cookie is not None:
            http.cookies.set("AWSALB", cookie, domain="api.example")
        try:
            ours = _build(http, _base(http), Send(call, 5.0))
        except BadRequest:
            with pytest.raises((httpx.InvalidURL, ValueError)):
                http.build_request(**call.arguments())
            return
        theirs = http.build_request(**call.arguments())
    assert str(ours.url) == str(theirs.url)
    assert ours.headers.multi_items() == theirs.headers.multi_items()
    assert ("cookie" in ours.headers) is (cookie is not None)
