"""The fake as one ASGI app: control API, auth and faults around a Connexion app built from the specs.

Layers, outermost first: `/__fake__/...` control routes (outside the real paths); auth (401 in each
API's format); faults (may bypass the spec on purpose); Connexion (routing, strict request
validation, optional response validation, both specs); handlers; backend.
"""

from __future__ import annotations

import asyncio
import json
import warnings
from pathlib import Path
from typing import Any

import yaml

with warnings.catch_warnings():
    # connexion 3.3 imports starlette.testclient and jsonschema.RefResolver, both deprecated by
    # their newer releases; neither is our use, and neither changes behaviour here.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    warnings.filterwarnings("ignore", message="jsonschema.*RefResol", category=DeprecationWarning)
    from connexion import AsyncApp
from connexion.exceptions import ProblemException
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from connexion.options import SwaggerUIOptions
from connexion.resolver import Resolver
from connexion.security import ApiKeySecurityHandler, BearerSecurityHandler
from starlette.exceptions import HTTPException
from starlette.types import Message, Receive, Scope, Send

from .control import Control
from .errors import FakeApiError, FoundryWireError, MittwaldWireError
from .faults import FaultPlan, OperationRouter, apply_fault
from .handlers import Handlers
from .state import FakeBackend
from .timing import ManualClock
from .wire import WIRE_VALIDATORS, render_problem

__all__ = ["FakeApp", "create_app", "load_spec"]

SPECS = Path(__file__).resolve().parents[3] / "specs"
_SPEC_NAMES = ("mittwald", "foundry")
# Foundry does not publish its limit; 1 MiB is far above any real create body.
MAX_FOUNDRY_BODY = 1 << 20


def load_spec(api: str) -> dict[str, Any]:
    """A spec as a dict; from the source tree, or the copy shipped inside the package."""
    for folder in (SPECS, Path(__file__).resolve().parent / "specs"):
        path = folder / f"{api}.yaml"
        if path.exists():
            spec: dict[str, Any] = yaml.safe_load(path.read_text())
            return spec
    raise FileNotFoundError(f"spec {api}.yaml not found next to the package or in {SPECS}")


class _AlreadyChecked:
    """Connexion's security step, made a formality: the outer auth layer has checked the token
    already and answers 401 in each API's own format, which Connexion's handlers cannot."""

    def _resolve_func(self, security_scheme: dict[str, Any]) -> Any:
        return lambda *_args, **_kwargs: {"sub": "fake-caller"}


class _Bearer(_AlreadyChecked, BearerSecurityHandler):  # type: ignore[misc]
    pass


class _ApiKey(_AlreadyChecked, ApiKeySecurityHandler):  # type: ignore[misc]
    pass


SECURITY_MAP = {"bearer": _Bearer, "apiKey": _ApiKey}


def api_of(path: str) -> str | None:
    if path.startswith("/api/v2/"):
        return "foundry"
    if path.startswith("/v2/"):
        return "mittwald"
    return None


def _json_response(
    status: int, body: Any, headers: dict[str, str] | None = None
) -> ConnexionResponse:
    return ConnexionResponse(
        status_code=status,
        body=json.dumps(body) if body is not None else b"",
        content_type="application/json" if body is not None else None,
        headers=headers or {},
    )


class FakeApp:
    """The ASGI callable. Build it with `create_app`."""

    def __init__(
        self, backend: FakeBackend, *, validate_responses: bool, tokens: set[str] | None
    ) -> None:
        self.backend = backend
        self.tokens = tokens
        self.faults = FaultPlan()
        specs = [load_spec(name) for name in _SPEC_NAMES]
        self.router = OperationRouter(specs)
        self.control = Control(self)
        handlers = Handlers(backend)
        self.connexion = AsyncApp(__name__)
        for spec in specs:
            self.connexion.add_api(
                spec,
                resolver=Resolver(function_resolver=handlers.resolve),
                strict_validation=True,
                pythonic_params=True,
                validate_responses=validate_responses,
                swagger_ui_options=SwaggerUIOptions(swagger_ui=False, serve_spec=False),
                security_map=SECURITY_MAP,
                validator_map=WIRE_VALIDATORS,
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
        if path.startswith("/__fake__/"):
            await self.control(scope, receive, send)
            return
        api = api_of(path)
        if api == "mittwald":
            send = self._with_rate_limit_headers(send)
        if api is not None:
            refusal = self._gateway_refusal(api, scope)
            if refusal is not None:
                await self._send_error(send, refusal)
                return
        operation = self.router.operation_id(scope["method"], path)
        queued = self.faults.take(operation) if operation else None
        if queued is not None and api is not None:
            await apply_fault(queued, api, self.connexion, scope, receive, send, sleep=self._sleep)
            return
        await self.connexion(scope, receive, send)

    async def _sleep(self, seconds: float) -> None:
        """The `delay` fault's wait: on a manual clock it moves the clock (tests never really wait)."""
        clock = self.backend.clock
        if isinstance(clock, ManualClock):
            clock.advance(seconds)
        else:
            await asyncio.sleep(seconds)

    # --- the gateway in front of both APIs: auth, scopes, body size, rate-limit headers ----------

    def _gateway_refusal(self, api: str, scope: Scope) -> FakeApiError | None:
        """401, 403 `ApiUsageDenied` or 413, answered before routing as the real gateways do."""
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        scheme, _, token = headers.get("authorization", "").partition(" ")
        token = token.strip() if scheme.lower() == "bearer" else ""
        if not token and api == "mittwald":
            token = headers.get("x-access-token", "").strip()  # mittwald's own scheme
        if not token or (self.tokens is not None and token not in self.tokens):
            if api == "foundry":
                return self.backend.foundry_error(401, "UNAUTHORIZED", "Default:Unauthorized")
            return MittwaldWireError(401, "Unauthorized", "access token missing or invalid")
        if api != "foundry":
            return None
        if (
            token == self.backend.fixtures.names["foundry_read_only_token"]
            and scope["method"] != "GET"
        ):
            return self.backend.foundry_error(
                403, "PERMISSION_DENIED", "ApiUsageDenied", missingScope="api:filesystem-write"
            )
        # A declared length is enough: the fake's clients all send one (chunked bodies pass).
        if int(headers.get("content-length") or 0) > MAX_FOUNDRY_BODY:
            return self.backend.foundry_error(
                413, "REQUEST_ENTITY_TOO_LARGE", "Default:RequestEntityTooLarge"
            )
        return None

    def _with_rate_limit_headers(self, send: Send) -> Send:
        """mittwald sends X-RateLimit-* on every response (reported, not enforced; see timing.py)."""
        limit, remaining, reset = self.backend.rate_limit.count(self.backend.clock())
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

    @staticmethod
    async def _send_error(send: Send, error: FakeApiError) -> None:
        body = json.dumps(error.body()).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": error.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    # --- errors in each API's wire format -------------------------------------------------------

    async def _render_fake_error(
        self, request: ConnexionRequest, exc: Exception
    ) -> ConnexionResponse:
        assert isinstance(exc, FakeApiError)
        return _json_response(exc.status, exc.body())

    async def _render_problem(self, request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
        """Connexion's and Starlette's HTTP problems, re-rendered as the real API would answer them."""
        assert isinstance(exc, HTTPException)
        if exc.status_code >= 500:  # e.g. a response that failed validation: the fake's own bug
            return await self._render_crash(request, exc)
        error = render_problem(api_of(request.url.path), exc, self.backend.new_uuid)
        # Starlette's 405 carries the `Allow` header RFC 9110 requires; keep it.
        return _json_response(error.status, error.body(), dict(exc.headers or {}))

    async def _render_crash(self, request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
        api = api_of(request.url.path)
        if isinstance(
            exc, ValueError
        ):  # a body Connexion could not even decode (bad UTF-8, bad JSON)
            undecodable: FakeApiError = (
                FoundryWireError(
                    422,
                    "INVALID_ARGUMENT",
                    "Conjure:UnprocessableEntity",
                    {},
                    self.backend.new_uuid(),
                )
                if api == "foundry"
                else MittwaldWireError.validation(
                    f"the body could not be decoded: {type(exc).__name__}", "", "type"
                )
            )
            return _json_response(undecodable.status, undecodable.body())
        if api == "foundry":
            error: FakeApiError = FoundryWireError(
                500, "INTERNAL", "Default:Internal", instance_id=self.backend.new_uuid()
            )
        else:
            error = MittwaldWireError(
                500, "InternalServerError", f"the fake failed: {type(exc).__name__}"
            )
        return _json_response(500, error.body())


def create_app(
    backend: FakeBackend | None = None,
    *,
    validate_responses: bool = False,
    tokens: set[str] | None = None,
) -> FakeApp:
    """The fake of both APIs as an ASGI app (run it with uvicorn, or in-process with httpx)."""
    return FakeApp(backend or FakeBackend(), validate_responses=validate_responses, tokens=tokens)
