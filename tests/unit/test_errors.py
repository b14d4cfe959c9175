"""Error mapping: every error the specs declare has its class; nothing else ever escapes."""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx
import provisionkit
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from provisionkit import (
    ApiError,
    FoundryClient,
    MittwaldClient,
    ProvisionError,
    Runtime,
    UnexpectedResponse,
)
from provisionkit import errors as errors_module
from provisionkit.fake import ManualClock
from provisionkit.foundry import adapter as foundry
from provisionkit.mittwald import adapter as mittwald

from tests.helpers import TOKEN
from tests.helpers.specs import examples

FOUNDRY_ERROR_EXAMPLES = [
    e for e in examples("foundry") if not e.where.startswith("2") and e.where != "request"
]
MITTWALD_ERROR_EXAMPLES = [
    e for e in examples("mittwald") if not e.where.startswith("2") and e.where != "request"
]


@pytest.mark.parametrize("example", [pytest.param(e, id=e.id) for e in FOUNDRY_ERROR_EXAMPLES])
def test_every_foundry_error_in_the_spec_maps_to_its_own_class_with_all_fields(
    example: Any,
) -> None:
    body = example.value
    error = foundry.error_from_response(
        int(example.where), {}, json.dumps(body).encode(), operation="op"
    )
    assert isinstance(error, ApiError)
    expected = errors_module.declared_error_names()[("foundry", body["errorName"])]
    assert type(error) is expected
    assert (error.status, error.error_name, error.error_code) == (
        int(example.where),
        body["errorName"],
        body["errorCode"],
    )
    assert error.parameters == body["parameters"]
    assert error.instance_id == body["errorInstanceId"]
    assert body["errorName"] in str(error)
    assert "op" in str(error)


def test_every_foundry_error_name_in_the_spec_has_a_leaf_class() -> None:
    declared = {e.value["errorName"] for e in FOUNDRY_ERROR_EXAMPLES}
    table = {name for api, name in errors_module.declared_error_names() if api == "foundry"}
    assert declared == table


# The class each status picks, written out here (not read from the code under test): a leaf for a
# wire error name must sit under the class of the status the spec declares that error with.
STATUS_BASES: dict[int, type[ApiError]] = {
    400: provisionkit.BadRequest,
    401: provisionkit.Unauthorized,
    403: provisionkit.PermissionDenied,
    404: provisionkit.NotFound,
    409: provisionkit.Conflict,
    412: provisionkit.PreconditionFailed,
    413: provisionkit.RequestEntityTooLarge,
    415: provisionkit.UnsupportedMediaType,
    422: provisionkit.UnprocessableEntity,
    429: provisionkit.RateLimited,
    500: provisionkit.ServerError,
    503: provisionkit.ServiceUnavailable,
}


def _foundry_spec_errors() -> dict[str, set[int]]:
    """Every errorName the Foundry spec declares, with the statuses it is declared under."""
    declared: dict[str, set[int]] = {}
    for example in FOUNDRY_ERROR_EXAMPLES:
        declared.setdefault(example.value["errorName"], set()).add(int(example.where))
    return declared


@pytest.mark.parametrize("name", sorted(_foundry_spec_errors()))
def test_every_foundry_spec_error_has_a_leaf_under_its_status_base(name: str) -> None:
    """Checked rather than generated: each leaf keeps a hand-written, actionable status_hint that
    the spec's one-line summaries cannot supply; this test keeps the classes and the spec in step."""
    leaf = errors_module.declared_error_names()[("foundry", name)]
    for status in _foundry_spec_errors()[name]:
        assert issubclass(leaf, STATUS_BASES[status]), (name, status, leaf)


def test_no_error_leaf_without_an_error_the_specs_declare() -> None:
    """Every ApiError class below the status bases answers some wire error name of a spec."""
    declared = {
        errors_module.declared_error_names()[("foundry", name)] for name in _foundry_spec_errors()
    }
    declared |= set(MITTWALD_TYPES.values())
    leaves = {
        cls
        for cls in vars(errors_module).values()
        if isinstance(cls, type) and issubclass(cls, ApiError)
    } - {ApiError, *STATUS_BASES.values()}
    assert leaves <= declared, sorted(c.__name__ for c in leaves - declared)


# Written out here, not derived from the code under test: mittwald's `type` and status pick these.
MITTWALD_TYPES: dict[str, type[ApiError]] = {
    "InternalServerError": provisionkit.ServerError,
    "PermissionDenied": provisionkit.PermissionDenied,
    "PreconditionFailed": provisionkit.PreconditionFailed,
    "RateLimitError": provisionkit.RateLimited,
    "Unauthorized": provisionkit.Unauthorized,
    "ValidationError": provisionkit.ValidationFailed,
}


def _mittwald_status(example: Any) -> int:
    if example.where != "default":
        return int(example.where)
    return 401 if example.value["type"] == "Unauthorized" else 500


def test_every_mittwald_error_type_in_the_spec_has_an_expected_class() -> None:
    assert {e.value["type"] for e in MITTWALD_ERROR_EXAMPLES} == set(MITTWALD_TYPES)


@pytest.mark.parametrize("example", [pytest.param(e, id=e.id) for e in MITTWALD_ERROR_EXAMPLES])
def test_every_mittwald_error_in_the_spec_maps_by_status_and_type_with_all_fields(
    example: Any,
) -> None:
    status = _mittwald_status(example)
    headers = {"x-request-id": "req-1", "retry-after": "2"}
    error = mittwald.error_from_response(
        status, headers, json.dumps(example.value).encode(), operation="op"
    )
    assert type(error) is MITTWALD_TYPES[example.value["type"]]
    assert isinstance(error, ApiError)
    assert (error.api, error.operation, error.status, error.error_name) == (
        "mittwald",
        "op",
        status,
        example.value["type"],
    )
    assert (error.request_id, error.retry_after) == ("req-1", 2.0)
    assert example.value["message"] in str(error)


@pytest.mark.parametrize(
    "adapter", [pytest.param(mittwald, id="mittwald"), pytest.param(foundry, id="foundry")]
)
@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b'{"type": "Unknown", "errorName": "Unknown", "message": "x"}', id="envelope"),
        pytest.param(b"<html>bad gateway</html>", id="not-json"),
        pytest.param(b"[" * 100_000, id="too-deep"),
    ],
)
def test_both_adapters_keep_the_request_id_retry_after_and_body_of_any_error(
    adapter: Any, body: bytes
) -> None:
    headers = {"x-request-id": "req-9", "retry-after": "7"}
    error = adapter.error_from_response(503, headers, body, operation="op")
    assert isinstance(error, ApiError)
    assert (error.api, error.operation, error.status) == (adapter.API, "op", 503)
    assert (error.request_id, error.retry_after) == ("req-9", 7.0)
    assert error.body == body.decode()


def test_mittwald_validation_error_keeps_its_items() -> None:
    body = {
        "type": "ValidationError",
        "message": "Validation failed",
        "validationErrors": [
            {"message": "must have required property 'description'", "path": "", "type": "required"}
        ],
    }
    error = mittwald.error_from_response(400, {}, json.dumps(body).encode())
    assert isinstance(error, provisionkit.ValidationFailed)
    assert error.parameters["validationErrors"] == body["validationErrors"]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (400, provisionkit.BadRequest),
        (401, provisionkit.Unauthorized),
        (403, provisionkit.PermissionDenied),
        (404, provisionkit.NotFound),
        (409, provisionkit.Conflict),
        (429, provisionkit.RateLimited),
        (500, provisionkit.ServerError),
        (503, provisionkit.ServiceUnavailable),
        (418, ApiError),
    ],
)
def test_unknown_error_names_fall_back_to_the_status_class_keeping_every_field(
    status: int, expected: type
) -> None:
    body = {
        "errorCode": "SOMETHING_NEW",
        "errorName": "Brand:NewError",
        "errorInstanceId": "i-1",
        "parameters": {"k": "v"},
    }
    error = foundry.error_from_response(status, {"retry-after": "3"}, json.dumps(body).encode())
    assert type(error) is expected
    assert isinstance(error, ApiError)
    assert (
        error.error_name,
        error.error_code,
        error.parameters,
        error.instance_id,
        error.retry_after,
    ) == ("Brand:NewError", "SOMETHING_NEW", {"k": "v"}, "i-1", 3.0)


def test_qos_answer_without_body_is_typed_by_status() -> None:
    error = foundry.error_from_response(503, {"qos-retry-hint": "do-not-retry"}, b"")
    assert isinstance(error, provisionkit.ServiceUnavailable)
    assert "not to retry" in str(error)


def test_unexpected_response_keeps_a_truncated_copy_of_the_body() -> None:
    error = foundry.error_from_response(
        404, {"content-type": "text/html"}, b"<html>" + b"x" * 10_000
    )
    assert isinstance(error, UnexpectedResponse)
    assert error.body_excerpt.startswith("<html>")
    assert len(error.body_excerpt) < 600
    assert len(str(error)) < 600


def _client(api: str, handler: Any) -> Any:
    # A manual clock that sleeping moves: a retried answer ends at the 5 s deadline after a few
    # (virtual) retries, where a real clock with sleep disabled spun through tens of thousands.
    clock = ManualClock()
    runtime = Runtime(clock=clock, sleep=clock.advance, rand=lambda: 0.0)
    transport = httpx.MockTransport(handler)
    if api == "mittwald":
        return MittwaldClient(TOKEN, transport=transport, runtime=runtime)
    return FoundryClient(
        TOKEN, hostname="example.palantirfoundry.com", transport=transport, runtime=runtime
    )


CALLS = {
    "mittwald-create": ("mittwald", lambda c: c.create_project("s-4e7tz3", "shop", timeout=5)),
    "mittwald-get": ("mittwald", lambda c: c.get_project("p-abcdef", timeout=5)),
    "mittwald-servers": ("mittwald", lambda c: c.list_servers(timeout=5)),
    "foundry-create": (
        "foundry",
        lambda c: c.create_project("n", "ri.compass.main.folder.x", wait=True, timeout=5),
    ),
    "foundry-get": ("foundry", lambda c: c.get_project("ri.compass.main.folder.x", timeout=5)),
}

bodies = st.one_of(
    st.binary(max_size=200),
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False)
        | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "id",
                        "type",
                        "message",
                        "errorName",
                        "errorCode",
                        "parameters",
                        "status",
                        "rid",
                        "isReady",
                        "validationErrors",
                        "x",
                    ]
                ),
                inner,
                max_size=6,
            )
        ),
        max_leaves=20,
    ).map(lambda v: json.dumps(v).encode()),
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    call=st.sampled_from(sorted(CALLS)),
    status=st.sampled_from(
        [200, 201, 204, 301, 400, 401, 403, 404, 409, 412, 418, 429, 500, 502, 503, 599]
    ),
    content_type=st.sampled_from(
        ["application/json", "text/html", "", "application/json; charset=utf-8"]
    ),
    retry_after=st.sampled_from([None, "1", "garbage", "-5", "1e9"]),
    body=bodies,
)
def test_arbitrary_responses_only_ever_raise_provision_errors(
    call: str, status: int, content_type: str, retry_after: str | None, body: bytes
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    if retry_after is not None:
        headers["retry-after"] = retry_after

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers=headers, content=body)

    api, operation = CALLS[call]
    client = _client(api, handler)
    try:
        operation(client)
    except ProvisionError as error:
        assert TOKEN not in str(error)  # noqa: PT017 - any error is fine; what matters is its type and text
        assert TOKEN not in repr(error)  # noqa: PT017


def test_no_token_in_client_repr_errors_or_debug_logs(caplog: pytest.LogCaptureFixture) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["x-access-token"] == TOKEN
        assert "authorization" not in request.headers
        return httpx.Response(401, json={"type": "Unauthorized", "message": "bad token"})

    client = _client("mittwald", handler)
    with (
        caplog.at_level(logging.DEBUG, logger="provisionkit"),
        pytest.raises(provisionkit.Unauthorized) as caught,
    ):
        client.get_project("p-abcdef")
    assert caplog.records
    for text in (repr(client), str(caught.value), repr(caught.value), caplog.text):
        assert TOKEN not in text


def test_outcome_unknown_is_its_own_branch_not_a_transport_error() -> None:
    assert not issubclass(provisionkit.OutcomeUnknown, provisionkit.TransportError)
    assert issubclass(provisionkit.OutcomeUnknown, ProvisionError)


@pytest.mark.parametrize("api", ["mittwald", "foundry"])
def test_a_caller_retrying_on_transport_error_never_repeats_an_unknown_create(api: str) -> None:
    """The create's request leaves and no answer comes: a caller's retry-on-TransportError loop
    must not call create again (it did while OutcomeUnknown was a TransportError). Foundry's
    own single resend (display names are unique per space) is not the caller's."""

    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadError("connection dropped after the request was sent", request=request)

    client = _client(api, handler)
    attempts = 0

    def create() -> Any:
        nonlocal attempts
        attempts += 1
        if api == "mittwald":
            return client.create_project(
                "5e2a1c3b-8f7d-4e6a-9b0c-1d2e3f4a5b6c", "shop", wait=False, reconcile=lambda u: None
            )
        return client.create_project(
            "Flights",
            "ri.compass.main.folder.00000000-0000-0000-0000-000000000001",
            reconcile=lambda u: None,
        )

    def retrying_on_network_failures() -> Any:
        for _ in range(3):
            try:
                return create()
            except provisionkit.TransportError:
                continue
        return None

    with pytest.raises(provisionkit.OutcomeUnknown):
        retrying_on_network_failures()
    assert attempts == 1
