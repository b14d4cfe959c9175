"""Reading a response at the one boundary where anything outside the spec becomes a typed error."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import httpx

from .errors import UnexpectedResponse

__all__ = [
    "Malformed",
    "decode_json",
    "flag",
    "parse_model",
    "request_id",
    "retry_after_seconds",
    "text",
    "unexpected",
    "unexpected_body",
]

T = TypeVar("T")

# What generated `from_dict` and our own field checks raise on a body that does not match its schema.
_SHAPE_ERRORS = (KeyError, ValueError, TypeError, AttributeError, IndexError)


class Malformed(Exception):
    """Internal: a body's field has the wrong type or is missing. Never leaves the adapters."""


def unexpected(
    api: str, operation: str, response: httpx.Response, reason: str
) -> UnexpectedResponse:
    return unexpected_body(
        api, operation, response.status_code, response.headers, response.content, reason=reason
    )


def unexpected_body(
    api: str, operation: str, status: int, headers: Mapping[str, str], body: bytes, *, reason: str
) -> UnexpectedResponse:
    """UnexpectedResponse from the raw parts, for the pure `error_from_response` functions."""
    return UnexpectedResponse(
        reason,
        api=api,
        operation=operation,
        status=status,
        content_type=headers.get("content-type"),
        body=body.decode("utf-8", "replace"),
    )


def decode_json(api: str, operation: str, response: httpx.Response) -> Any:
    """The JSON body, or UnexpectedResponse for a wrong content type or malformed JSON."""
    content_type = response.headers.get("content-type", "")
    if "json" not in content_type.lower():
        raise unexpected(
            api, operation, response, f"expected a JSON body, got {content_type or 'none'!r}"
        )
    try:
        return json.loads(response.content)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise unexpected(api, operation, response, f"malformed JSON ({error})") from None


def parse_model(api: str, operation: str, response: httpx.Response, parse: Callable[[Any], T]) -> T:
    """Decode the body and parse it; any mismatch with the schema becomes UnexpectedResponse."""
    data = decode_json(api, operation, response)
    try:
        return parse(data)
    except (*_SHAPE_ERRORS, Malformed) as error:
        reason = f"the body does not match the spec's schema ({type(error).__name__}: {error})"
        raise unexpected(api, operation, response, reason) from None


# Generated `from_dict` copies JSON values into typed attributes without checking their types
# (`short_id = d.pop("shortId")`), so a number where the spec says string would reach a value object.
# These take the attribute at its declared type, so a spec change that alters it (say, `shortId`
# becoming optional) fails mypy --strict in the adapter, and check the runtime value against it.


def text(value: str, name: str) -> str:
    """A generated model's `str` attribute, checked to really be one."""
    seen: object = value
    if not isinstance(seen, str):
        raise Malformed(f"{name!r} must be a string, got {seen!r:.80}")
    return value


def flag(value: bool, name: str) -> bool:
    """A generated model's `bool` attribute, checked to really be one."""
    seen: object = value
    if not isinstance(seen, bool):
        raise Malformed(f"{name!r} must be a boolean, got {seen!r:.80}")
    return value


def retry_after_seconds(headers: httpx.Headers | Mapping[str, str]) -> float | None:
    """`Retry-After` in seconds; None when absent, an HTTP date, garbage or absurd (a day or more)."""
    value = headers.get("retry-after")
    try:
        seconds = float(value) if value is not None else None
    except ValueError:
        return None
    return seconds if seconds is not None and 0 <= seconds < 86_400 else None


def request_id(headers: httpx.Headers | Mapping[str, str]) -> str | None:
    return headers.get("x-request-id")
