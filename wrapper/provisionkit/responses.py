"""Reading a response at the one boundary where anything outside the spec becomes a typed error.

The module runs over 300 lines for now: reading bodies, checking them against the spec and starting
the adapters' error mapping are one boundary; the next addition splits it (the error side, from
`retry_after_seconds` down, is the seam)."""

from __future__ import annotations

import contextlib
import datetime
import email.utils
import json
import time
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from .errors import ErrorFields, OutcomeUnknown, UnexpectedResponse

__all__ = [
    "Answer",
    "BodyReader",
    "Malformed",
    "asked_for",
    "decode_json",
    "error_start",
    "flag",
    "load_json",
    "parse_model",
    "request_id",
    "retry_after_seconds",
    "text",
    "unexpected",
    "unexpected_body",
    "unexpected_success",
]

T = TypeVar("T")

# What generated `from_dict` and our own field checks raise on a body that does not match its schema.
_SHAPE_ERRORS = (KeyError, ValueError, TypeError, AttributeError, IndexError)


class Malformed(Exception):
    """Internal: a body's field has the wrong type or is missing. Never leaves the adapters."""


def unexpected_success(
    api: str,
    operation: str,
    response: Answer,
    *,
    expected: int,
    known: Mapping[str, Any],
    read_id: Callable[[Any], str] | None = None,
) -> OutcomeUnknown:
    """A create answered with a success other than the API's own (`expected`) may have created
    the project: OutcomeUnknown, never a refusal the caller would retry into a duplicate. The id
    goes along (`known["id"]`) when `read_id` can read one from the body."""
    seen: dict[str, Any] = {**known, "status": response.status_code}
    if read_id is not None:
        with contextlib.suppress(UnexpectedResponse):
            seen["id"] = parse_model(api, operation, response, read_id)
    named = f" (the answer names {seen['id']})" if "id" in seen else ""
    return OutcomeUnknown(
        f"{operation}: the server answered {response.status_code} where {api} answers "
        f"{expected}, so the project may or may not exist{named}. Look it up before creating "
        "again.",
        operation=operation,
        cause=f"unexpected {response.status_code}",
        known=seen,
    )


def unexpected(api: str, operation: str, response: Answer, reason: str) -> UnexpectedResponse:
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


# How much one inflate step may produce, so a compression bomb never gets far past the limit
# (httpx's decoders inflate a whole chunk at once: 64 KiB of gzip can become 64 MiB).
_INFLATE_STEP = 64 * 1024


@dataclass(frozen=True, slots=True)
class Answer:
    """A response as flows and adapters see it: the status, the headers as received and the whole
    body, decoded (so a `content-encoding` header describes the wire, not `content`).

    The drivers hand this back instead of a second `httpx.Response` holding the decoded body:
    building one costs about 40 µs per request, the largest share of provisionkit's per-call cost
    (benchmarks/RESULTS.md, section 1). It has the `httpx.Response` attributes the flows read, so a
    test may still hand a flow an `httpx.Response`."""

    status_code: int
    headers: httpx.Headers
    content: bytes


class BodyReader:
    """A response's body read from raw chunks with a limit on its decoded size.

    gzip and deflate (the encodings httpx asks for) are inflated here in bounded steps and the total
    is checked after each, so memory stays near the limit whatever the server sends. Past the limit,
    or in an encoding we do not read, the body is UnexpectedResponse (a create's caller then gets
    OutcomeUnknown: see sending.send).
    """

    def __init__(self, api: str, operation: str, response: httpx.Response, limit: int) -> None:
        self._api, self._operation, self._response, self._limit = api, operation, response, limit
        self._body = bytearray()
        encoding = response.headers.get("content-encoding", "").strip().lower()
        self._inflate: Any = None
        self._raw_fallback = encoding == "deflate"
        if encoding in ("gzip", "x-gzip"):
            self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._inflate = zlib.decompressobj()
        elif encoding not in ("", "identity"):
            raise self._refuse(f"a body in an encoding provisionkit does not read ({encoding!r})")

    def feed(self, chunk: bytes) -> None:
        if self._inflate is None:
            self._add(chunk)
            return
        data = chunk
        while data:
            try:
                out = self._inflate.decompress(data, _INFLATE_STEP)
            except zlib.error as error:
                if self._raw_fallback and not self._body:
                    # Servers send deflate without its zlib wrapper too (httpx reads both).
                    self._inflate, self._raw_fallback = zlib.decompressobj(-zlib.MAX_WBITS), False
                    continue
                raise self._refuse(f"a body that does not inflate ({error})") from None
            self._add(out)
            data = self._inflate.unconsumed_tail

    def read(self, chunks: Iterable[bytes]) -> Answer:
        """The whole body: the response as a transport handed it back already read (`taken`), or
        else read from `chunks`."""
        answer = self.taken()
        if answer is None:
            for chunk in chunks:
                self.feed(chunk)
            answer = self.answer()
        return answer

    def taken(self) -> Answer | None:
        """A response a transport handed back already read (the fake's in-process one) as it is,
        decoded, with only its size checked; None when its body is still to be read."""
        try:
            content = self._response.content
        except httpx.ResponseNotRead:
            return None
        self._check_size(len(content))
        return Answer(self._response.status_code, self._response.headers, content)

    def answer(self) -> Answer:
        """The status, the headers as received and the body fed so far, decoded."""
        if self._inflate is not None:
            self._add(self._inflate.flush())
        return Answer(self._response.status_code, self._response.headers, bytes(self._body))

    def _add(self, data: bytes) -> None:
        self._check_size(len(self._body) + len(data))
        self._body += data

    def _check_size(self, size: int) -> None:
        if size > self._limit:
            raise self._refuse(f"a body of more than {self._limit:,} bytes decoded")

    def _refuse(self, reason: str) -> UnexpectedResponse:
        head = bytes(self._body[:EXCERPT_BYTES])
        return unexpected_body(
            self._api,
            self._operation,
            self._response.status_code,
            self._response.headers,
            head,
            reason=f"{reason}; max_response_bytes sets the limit",
        )


EXCERPT_BYTES = 4096


def decode_json(api: str, operation: str, response: Answer) -> Any:
    """The JSON body, or UnexpectedResponse for a wrong content type or malformed JSON."""
    content_type = response.headers.get("content-type", "")
    if "json" not in content_type.lower():
        raise unexpected(
            api, operation, response, f"expected a JSON body, got {content_type or 'none'!r}"
        )
    try:
        return load_json(response.content)
    except ValueError as error:
        raise unexpected(api, operation, response, f"malformed JSON ({error})") from None


def load_json(body: bytes) -> Any:
    """`json.loads`, with every way a hostile body can make it fail raised as ValueError.

    The standard decoder raises RecursionError on deep nesting ([[[[... ) and ValueError on an
    integer of more than 4300 digits; both would otherwise escape untyped (even from a create's
    answer, leaving the caller without the id of a project that exists).
    """
    try:
        return json.loads(body)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


def asked_for(parse: Callable[[Any], T], wanted: str, *, by: tuple[str, ...]) -> Callable[[Any], T]:
    """`parse`, refusing a resource other than the one asked for (`wanted` must be one of its `by`
    attributes: id or short id, rid), so a confused cache or proxy can never make a wait return
    someone else's project."""

    def checked(data: Any) -> T:
        found = parse(data)
        names = tuple(getattr(found, key) for key in by)
        if wanted not in names:
            raise Malformed(f"asked for {wanted!r:.80}, the answer is {names!r:.160}")
        return found

    return checked


def parse_model(api: str, operation: str, response: Answer, parse: Callable[[Any], T]) -> T:
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


def retry_after_seconds(
    headers: httpx.Headers | Mapping[str, str], *, now: float | None = None
) -> float | None:
    """`Retry-After` in seconds, given as seconds or as an HTTP date (RFC 9110), counted from `now`
    (epoch seconds); None when absent, garbage or absurd (a day or more). A date is counted from
    the answer's own `Date` by default, the server's clock that wrote both (a server a minute
    behind this machine would otherwise be retried at once), else from this machine's clock."""
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        when = _http_date(value)
        if when is None:
            return None
        if now is None:
            said = _http_date(headers.get("date"))
            now = said if said is not None else time.time()
        seconds = max(0.0, when - now)
    return seconds if 0 <= seconds < 86_400 else None


def _http_date(value: str | None) -> float | None:
    """An HTTP date as epoch seconds (a missing zone is GMT, as HTTP dates always are)."""
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return when.timestamp()


def request_id(headers: httpx.Headers | Mapping[str, str]) -> str | None:
    return headers.get("x-request-id")


def error_start(
    api: str, operation: str, status: int, headers: Mapping[str, str], body: bytes
) -> tuple[Any, ErrorFields]:
    """How each adapter's `error_from_response` starts: the body as JSON (None when empty or not
    JSON: malformed, too deep, or a number too long, see load_json), and the fields its error
    carries whatever the envelope says. The envelope itself is the adapter's to read."""
    try:
        data = load_json(body) if body else None
    except ValueError:
        data = None
    fields = ErrorFields(
        api=api,
        operation=operation,
        status=status,
        request_id=request_id(headers),
        retry_after=retry_after_seconds(headers),
        body=body.decode("utf-8", "replace"),
    )
    return data, fields
