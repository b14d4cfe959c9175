"""The fake as one ASGI app: control API, gateway and faults around a Connexion app built from the specs.

Layers, outermost first: `/__fake__/...` control routes (outside the real paths); the gateway (auth,
scopes and body size, answered in each API's format; mittwald's rate-limit headers); faults (may
bypass the spec on purpose); Connexion (routing, strict request validation, optional response
validation, both specs); handlers; backends.
"""

from __future__ import annotations

import asyncio
import json
import warnings
from email.utils import format_datetime
from urllib.parse import parse_qsl, urlencode

with warnings.catch_warnings():
    # connexion 3.3 imports starlette.testclient and jsonschema.RefResolver, both deprecated by
    # their newer releases; neither is our use, and neither changes behaviour here.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    warnings.filterwarnings("ignore", message="jsonschema.*RefResol", category=DeprecationWarning)
    from connexion import AsyncApp
from connexion.exceptions import BadRequestProblem, ProblemException
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from connexion.options import SwaggerUIOptions
from connexion.resolver import Resolver
from starlette.exceptions import HTTPException
from starlette.types import Message, Receive, Scope, Send

from . import errors
from .control import PREFIX, Control, send_json
from .errors import FakeApiError
from .faults import apply_fault
from .handlers import PREVIEW_SCOPE_KEY, Handlers
from .knobs import Knobs
from .specs import SPEC_NAMES, load_spec
from .timing import ManualClock
from .validation import SECURITY_MAP, VALIDATORS

__all__ = ["FakeApp", "create_app"]

# Foundry does not publish its limit; 1 MiB is far above any real create body.
MAX_FOUNDRY_BODY = 1 << 20
NO_CONTENT_TYPE = "the request has a body but no Content-Type; send Content-Type: application/json"


def api_of(path: str) -> str | None:
    if path.startswith("/api/v2/"):
        return "foundry"
    if path.startswith("/v2/"):
        return "mittwald"
    return None


def _json_response(error: FakeApiError, headers: dict[str, str] | None = None) -> ConnexionResponse:
    body = error.body()
    return ConnexionResponse(
        status_code=error.status,
        body=json.dumps(body) if body is not None else b"",
        content_type="application/json" if body is not None else None,
        headers=headers or {},
    )


class FakeApp:
    """The ASGI callable. Build it with `create_app`."""

    def __init__(self, knobs: Knobs, *, validate_responses: bool, tokens: set[str] | None) -> None:
        self.knobs = knobs
        self.tokens = tokens
        # Which operationId a request is (provisionkit.testing reads its routes as `app.router`).
        self.router = knobs.router
        self.control = Control(knobs)
        handlers = Handlers(knobs.mittwald, knobs.foundry)
        self.connexion = AsyncApp(__name__)
        for name in SPEC_NAMES:
            self.connexion.add_api(
                load_spec(name),
                resolver=Resolver(function_resolver=handlers.resolve),
                strict_validation=True,
                pythonic_params=True,
                validate_responses=validate_responses,
                swagger_ui_options=SwaggerUIOptions(swagger_ui=False, serve_spec=False),
                security_map=SECURITY_MAP,
                validator_map=VALIDATORS,
            )
        self.connexion.add_error_handler(FakeApiError, self._render_fake_error)
        # Connexion's problems (validation) and Starlette's (no such route, method) alike; both
        # registered, because handlers are found by the exception's MRO and Connexion has its own.
        self.connexion.add_error_handler(ProblemException, self._render_problem)
        self.connexion.add_error_handler(HTTPException, self._render_problem)
        self.connexion.add_error_handler(Exception, self._render_crash)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.connexion(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith(PREFIX):
            # Whoever may call the APIs may turn the knobs; with tokens restricted, nobody else.
            if self.tokens is not None and _token(_headers(scope), "control") not in self.tokens:
                await send_json(send, 401, {"error": "the control API needs a configured token"})
                return
            await self.control(scope, receive, send)
            return
        api = api_of(path)
        if api is not None:
            send = self._with_date_header(send)
        if api == "mittwald":
            send = self._with_rate_limit_headers(send)
        if api is not None:
            refusal = self._gateway_refusal(api, scope)
            if refusal is not None:
                await _send_error(send, refusal)
                return
        if api == "foundry":
            scope = _without_preview(scope)
        allowed = self.router.allowed_methods(path)
        # HEAD rides on GET, as every HTTP framework (Starlette's included) does.
        method = "GET" if scope["method"] == "HEAD" else scope["method"]
        if allowed is not None and method not in allowed:
            # Before Connexion, whose router would take DELETE /resources/getByPath for
            # deleteResource on the rid "getByPath", and lists only one route's methods.
            refusal = errors.method_not_allowed(api, scope["method"], self.knobs.world.new_uuid)
            await _send_error(send, refusal, {"allow": ", ".join(allowed)})
            return
        operation = self.router.operation_id(scope["method"], path)
        queued = self.knobs.faults.take(operation) if operation else None
        if queued is not None and api is not None:
            await apply_fault(queued, api, self.connexion, scope, receive, send, sleep=self._sleep)
            return
        await self.connexion(scope, receive, send)

    async def _sleep(self, seconds: float) -> None:
        """The `delay` fault's wait: on a manual clock it moves the clock (tests never really wait)."""
        clock = self.knobs.clock
        if isinstance(clock, ManualClock):
            clock.advance(seconds)
        else:
            await asyncio.sleep(seconds)

    # --- the gateway in front of both APIs: auth, scopes, body size, rate-limit headers ----------

    def _gateway_refusal(self, api: str, scope: Scope) -> FakeApiError | None:
        """401, 403 `ApiUsageDenied` or 413, answered before routing as the real gateways do."""
        headers = _headers(scope)
        token = _token(headers, api)
        if not token or (self.tokens is not None and token not in self.tokens):
            return errors.unauthorized(api, self.knobs.world.new_uuid)
        has_body = int(headers.get("content-length") or 0) > 0 or "transfer-encoding" in headers
        if has_body and "content-type" not in headers:
            # Connexion would hand the handler raw bytes (a 500); both APIs answer a client error.
            missing = BadRequestProblem(detail=NO_CONTENT_TYPE)
            return errors.problem(api, missing, self.knobs.world.new_uuid)
        if api != "foundry":
            return None
        foundry = self.knobs.foundry
        if (
            token == self.knobs.fixtures.names["foundry_read_only_token"]
            and scope["method"] != "GET"
        ):
            return foundry.error(
                403, "PERMISSION_DENIED", "ApiUsageDenied", missingScope="api:filesystem-write"
            )
        # A declared length is enough: the fake's clients all send one (chunked bodies pass).
        if int(headers.get("content-length") or 0) > MAX_FOUNDRY_BODY:
            return foundry.error(413, "REQUEST_ENTITY_TOO_LARGE", "Default:RequestEntityTooLarge")
        return None

    def _with_date_header(self, send: Send) -> Send:
        """`Date` from the fake's own clock, as every origin server sends it (RFC 9110): clients
        that settle an unknown create compare it with `createdAt`, so both must be one clock
        (uvicorn's own real-time Date is turned off in server.py)."""
        date = format_datetime(self.knobs.world.now(), usegmt=True).encode("latin-1")

        async def send_with_date(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"date"]
                message = {**message, "headers": [*headers, (b"date", date)]}
            await send(message)

        return send_with_date

    def _with_rate_limit_headers(self, send: Send) -> Send:
        """mittwald sends X-RateLimit-* on every response (reported, not enforced; see timing.py)."""
        limit, remaining, reset = self.knobs.mittwald.count_request()
        extra = [
            (b"x-ratelimit-limit", str(limit).encode()),
            (b"x-ratelimit-remaining", str(remaining).encode()),
            (b"x-ratelimit-reset", str(reset).encode()),
        ]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        return send_with_headers

    # --- errors, rendered by errors.py in each API's wire format --------------------------------

    async def _render_fake_error(
        self, request: ConnexionRequest, exc: Exception
    ) -> ConnexionResponse:
        assert isinstance(exc, FakeApiError)
        return _json_response(exc)

    async def _render_problem(self, request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
        """Connexion's and Starlette's HTTP problems, re-rendered as the real API would answer them."""
        assert isinstance(exc, HTTPException)
        if exc.status_code >= 500:  # e.g. a response that failed validation: the fake's own bug
            return await self._render_crash(request, exc)
        error = errors.problem(api_of(request.url.path), exc, self.knobs.world.new_uuid)
        # Starlette's 405 carries the `Allow` header RFC 9110 requires; keep it.
        return _json_response(error, dict(exc.headers or {}))

    async def _render_crash(self, request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
        return _json_response(
            errors.crash(api_of(request.url.path), exc, self.knobs.world.new_uuid)
        )


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


def _token(headers: dict[str, str], api: str) -> str:
    """The Bearer token, or mittwald's own `x-access-token` (not Foundry's); "" if none."""
    scheme, _, token = headers.get("authorization", "").partition(" ")
    token = token.strip() if scheme.lower() == "bearer" else ""
    if not token and api != "foundry":
        token = headers.get("x-access-token", "").strip()
    return token


def _without_preview(scope: Scope) -> Scope:
    """Take Foundry's legacy `preview` out of the query string, keeping its value for the legacy
    preview-only switch: the specs no longer declare it (the endpoints are stable), so Connexion's
    strict validation would refuse what old callers still send and the real API ignores."""
    query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    previews = [value for name, value in query if name == "preview"]
    if not previews:
        return scope
    kept = urlencode([(name, value) for name, value in query if name != "preview"])
    return {
        **scope,
        "query_string": kept.encode("latin-1"),
        PREVIEW_SCOPE_KEY: previews[-1].lower() == "true",
    }


async def _send_error(send: Send, error: FakeApiError, extra: dict[str, str] | None = None) -> None:
    """An error answer on a raw ASGI `send`, with `extra` headers (a 405's `Allow`)."""
    added = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in (extra or {}).items()]

    async def with_extra(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message["headers"], *added]}
        await send(message)

    await send_json(with_extra, error.status, error.content())


def create_app(
    knobs: Knobs | None = None,
    *,
    validate_responses: bool = False,
    tokens: set[str] | None = None,
) -> FakeApp:
    """The fake of both APIs as an ASGI app (run it with uvicorn, or in-process with httpx)."""
    return FakeApp(knobs or Knobs(), validate_responses=validate_responses, tokens=tokens)
