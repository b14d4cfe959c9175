"""OpenTelemetry spans for what observing.py watches (the `otel` extra: opentelemetry-api only).

Loaded only once the service has imported opentelemetry itself (observing.watch checks
`sys.modules`), and spans are made only while a tracer provider is set: a service without the
extra, or with it but no provider, pays nothing here.

Per public operation one span `provisionkit.<api>.<method>` (INTERNAL), current while the
operation runs, so a reconcile hook's own spans (or an httpx instrumentation's) nest under it.
Its attributes, set when it ends: `provisionkit.outcome` ("ok" or the error's class name),
`provisionkit.retries`, `provisionkit.polls`, `provisionkit.created_id` (a create's project) and
`error.type`; a retry is an event `provisionkit.retry`. Per HTTP request a CLIENT child span named
by its method, with OpenTelemetry's HTTP client attributes (semantic conventions 1.26):
`http.request.method`, `server.address`, `server.port`, `url.full`, `http.response.status_code`,
`http.request.resend_count`, `error.type` (the status of a 4xx or 5xx, else the exception's type).
No more than that: the SDK spends a few µs on each attribute, and the name already says the API
and method (benchmarks/RESULTS.md, section 10). An operation its sampler drops (`is_recording()`
false) makes no request spans and builds no attributes for them: the usual samplers would drop
those too. No attribute or event holds a header, so none holds a token; the URL never carries one
(config.check_base_url refuses user info).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from opentelemetry import context, trace
from opentelemetry.trace import SpanKind, Status, StatusCode

from .config import VERSION

if TYPE_CHECKING:
    import httpx
    from opentelemetry.util.types import AttributeValue

__all__ = ["OperationSpan", "tracer"]

# The HTTP attribute names above are the stable ones (semantic conventions 1.23 and later).
SCHEMA_URL = "https://opentelemetry.io/schemas/1.26.0"
_DEFAULT_PORTS = {"https": 443, "http": 80}
_ERROR = Status(StatusCode.ERROR)

_cached: tuple[trace.TracerProvider, trace.Tracer] | None = None


def tracer() -> trace.Tracer | None:
    """provisionkit's tracer from the provider the service set; None while none is set (the API's
    proxy or no-op provider: spans would be dropped anyway, so none are made)."""
    global _cached  # noqa: PLW0603 - one tracer per provider, looked up once
    provider = trace.get_tracer_provider()
    if isinstance(provider, trace.ProxyTracerProvider | trace.NoOpTracerProvider):
        return None
    cached = _cached
    if cached is None or cached[0] is not provider:
        cached = _cached = (
            provider,
            provider.get_tracer("provisionkit", VERSION, schema_url=SCHEMA_URL),
        )
    return cached[1]


class OperationSpan:
    """The span of one operation and the span of its request in flight."""

    __slots__ = ("_context", "_recording", "_request", "_span", "_token", "_tracer")

    def __init__(self, tracer: trace.Tracer, api: str, operation: str) -> None:
        self._tracer = tracer
        self._span = tracer.start_span(f"provisionkit.{api}.{operation}")
        self._context = trace.set_span_in_context(self._span)
        self._token = context.attach(self._context)
        self._request: trace.Span | None = None
        # A sampled-out operation makes no request spans: the usual samplers (parent-based, or
        # by trace id) would drop them too, and a service sampling 1 in 10 should not pay the
        # SDK's tens of µs per span, nor build their attributes, for the nine it drops.
        self._recording = self._span.is_recording()

    def sent(self, method: str, url: httpx.URL, text: str, resend: int) -> None:
        if not self._recording:
            return
        attributes: dict[str, AttributeValue] = {
            "http.request.method": method,
            "server.address": url.host,
            "server.port": url.port or _DEFAULT_PORTS.get(url.scheme, 443),
            "url.full": text,
        }
        if resend:
            attributes["http.request.resend_count"] = resend
        self._request = self._tracer.start_span(
            method, context=self._context, kind=SpanKind.CLIENT, attributes=attributes
        )

    def answered(self, status: int | None, failure: str | None) -> None:
        span, self._request = self._request, None
        if span is None:
            return
        if status is not None:
            span.set_attribute("http.response.status_code", status)
        if failure is not None:
            span.set_attribute("error.type", failure)
            span.set_status(_ERROR)
        span.end()

    def retry(self, attempt: int, reason: str, delay: float) -> None:
        self._span.add_event(
            "provisionkit.retry",
            {
                "provisionkit.attempt": attempt,
                "provisionkit.reason": reason,
                "provisionkit.delay": delay,
            },
        )

    def ended(
        self,
        outcome: str,
        error: BaseException | None,
        error_type: str | None,
        *,
        retries: int,
        polls: int,
        created_id: str | None,
    ) -> None:
        span = self._span
        attributes: dict[str, AttributeValue] = {
            "provisionkit.outcome": outcome,
            "provisionkit.retries": retries,
            "provisionkit.polls": polls,
        }
        if created_id is not None:
            attributes["provisionkit.created_id"] = created_id
        try:
            if error is not None and error_type is not None:
                attributes["error.type"] = error_type
                # The message is the error's sentence, which never holds a token (errors.py).
                span.record_exception(error)
                span.set_status(Status(StatusCode.ERROR, str(error)))
            span.set_attributes(attributes)
            span.end()
        finally:
            context.detach(self._token)
