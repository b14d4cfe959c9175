"""Every error the fake answers with, in its API's wire format: the one place that builds them.

mittwald: the common error `{type, message}`, or the validation error with ajv-style items.
Foundry: the Conjure envelope `{errorCode, errorName, errorInstanceId, parameters}`, and no body at
all on its QoS answers (429, 503). Backends raise these (moto's exceptions.py); the app, the
validators' problems, crashes and faults are all rendered here.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

from starlette.exceptions import HTTPException

from .validation import BodyUndecodable, SchemaProblem

__all__ = [
    "FakeApiError",
    "FoundryError",
    "MittwaldError",
    "crash",
    "fault_error",
    "method_not_allowed",
    "problem",
    "unauthorized",
]

NewUuid = Callable[[], str]
# A fault's Foundry 500 names a fixed instance unless told otherwise: tests compare it.
FAULT_INSTANCE_ID = "00000000-0000-4000-8000-000000000000"


class FakeApiError(Exception):
    """An error the fake answers with; `body()` is its API's wire format (None: no body)."""

    status: int

    def body(self) -> dict[str, Any] | None:
        raise NotImplementedError

    def content(self) -> bytes:
        body = self.body()
        return b"" if body is None else json.dumps(body).encode()


class MittwaldError(FakeApiError):
    """mittwald's common error `{type, message}`, or its validation error with items."""

    def __init__(
        self,
        status: int,
        type_: str,
        message: str,
        validation_errors: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(f"{status} {type_}: {message}")
        self.status = status
        self.type = type_
        self.message = message
        self.validation_errors = validation_errors

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"type": self.type, "message": self.message}
        if self.validation_errors is not None:
            body["validationErrors"] = self.validation_errors
        return body

    @classmethod
    def validation(cls, message: str, path: str, keyword: str, **context: str) -> MittwaldError:
        item: dict[str, Any] = {"message": message, "path": path, "type": keyword}
        if context:
            item["context"] = context
        return cls(400, "ValidationError", "Validation failed", [item])

    @classmethod
    def forbidden(cls, message: str = "permission denied") -> MittwaldError:
        return cls(403, "PermissionDenied", message)


class FoundryError(FakeApiError):
    """Foundry's Conjure error envelope; `code=None` is a QoS answer without a body."""

    def __init__(
        self,
        status: int,
        code: str | None,
        name: str,
        parameters: dict[str, Any] | None = None,
        instance_id: str | None = None,
    ) -> None:
        super().__init__(f"{status} {name}")
        self.status = status
        self.code = code
        self.name = name
        self.parameters = parameters or {}
        self.instance_id = instance_id or str(uuid.uuid4())

    def body(self) -> dict[str, Any] | None:
        if self.code is None:
            return None
        return {
            "errorCode": self.code,
            "errorName": self.name,
            "errorInstanceId": self.instance_id,
            "parameters": self.parameters,
        }


def unauthorized(api: str, new_uuid: NewUuid) -> FakeApiError:
    """A missing or refused token, answered by the gateway before routing."""
    if api == "foundry":
        return FoundryError(401, "UNAUTHORIZED", "Default:Unauthorized", instance_id=new_uuid())
    return MittwaldError(401, "Unauthorized", "access token missing or invalid")


def undecodable(api: str | None, detail: str, new_uuid: NewUuid) -> FakeApiError:
    """A request body that is not JSON at all (bad UTF-8, bad syntax, nesting too deep)."""
    if api == "foundry":
        return FoundryError(
            422, "INVALID_ARGUMENT", "Conjure:UnprocessableEntity", instance_id=new_uuid()
        )
    return MittwaldError.validation(detail, "", "type")


def _js_path(location: tuple[str | int, ...]) -> str:
    # ajv's instancePath as mittwald prints it: JavaScript property access, e.g. `.address.street`.
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in location)


def _mittwald_item(problem: SchemaProblem) -> dict[str, Any]:
    """One ajv-style validation item, phrased as ajv phrases it."""
    error, keyword = problem.error, str(problem.error.validator)
    item: dict[str, Any] = {"message": error.message, "path": _js_path(problem.location)}
    if keyword == "required" and isinstance(error.instance, dict):
        missing = next((p for p in error.validator_value if p not in error.instance), "")
        item["message"] = f"must have required property '{missing}'"
        item["context"] = {"missingProperty": str(missing)}
    elif keyword == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        extra = next((str(p) for p in error.instance if p not in allowed), "")
        item["message"] = "must NOT have additional properties"
        item["context"] = {"additionalProperty": extra}
    elif keyword == "type":
        item["message"] = f"must be {error.validator_value}"
        item["context"] = {"type": str(error.validator_value)}
    item["type"] = keyword
    return item


_FOUNDRY_NAMED = {
    404: ("NOT_FOUND", "Default:NotFound"),
    405: ("INVALID_ARGUMENT", "Default:MethodNotAllowed"),
    415: ("INVALID_ARGUMENT", "Conjure:UnsupportedMediaType"),
}


def problem(api: str | None, exc: HTTPException, new_uuid: NewUuid) -> FakeApiError:
    """Connexion's and Starlette's 4xx problems (validation, routing) as the real API words them."""
    status = exc.status_code
    detail = str(exc.detail or "invalid request")
    if isinstance(exc, BodyUndecodable):
        return undecodable(api, detail, new_uuid)
    if api == "foundry":
        if status not in _FOUNDRY_NAMED:
            status = 400
        code, name = _FOUNDRY_NAMED.get(status, ("INVALID_ARGUMENT", "Default:InvalidArgument"))
        return FoundryError(status, code, name, {"message": detail}, instance_id=new_uuid())
    if isinstance(exc, SchemaProblem):
        return MittwaldError(400, "ValidationError", "Validation failed", [_mittwald_item(exc)])
    if status in (400, 415):
        return MittwaldError.validation(detail, "", "request")
    return MittwaldError(status, "NotFound" if status in (404, 405) else "Error", detail)


def method_not_allowed(api: str | None, method: str, new_uuid: NewUuid) -> FakeApiError:
    """A method the spec does not give the path (the caller adds the `Allow` header)."""
    return problem(api, HTTPException(405, f"{method} is not allowed here"), new_uuid)


def crash(api: str | None, exc: Exception, new_uuid: NewUuid) -> FakeApiError:
    """An exception no handler expected: a body Connexion could not decode (a ValueError, or a
    RecursionError from nesting), else
    the fake's own bug, answered as the API's 500 naming only the exception's type."""
    if isinstance(exc, ValueError | RecursionError):
        return undecodable(api, f"the body could not be decoded: {type(exc).__name__}", new_uuid)
    if api == "foundry":
        return FoundryError(500, "INTERNAL", "Default:Internal", instance_id=new_uuid())
    return MittwaldError(500, "InternalServerError", f"the fake failed: {type(exc).__name__}")


def fault_error(api: str, status: int, instance_id: str | None = None) -> FakeApiError:
    """The answer of a status fault (429, 500, 502, 503, 504) as each API's gateway gives it."""
    if api == "foundry":
        # QoS answers (429, 503) carry no Conjure body, nor do a proxy's 502 and 504.
        if status in (429, 502, 503, 504):
            return FoundryError(status, None, "QoS")
        return FoundryError(
            status, "INTERNAL", "Default:Internal", instance_id=instance_id or FAULT_INSTANCE_ID
        )
    if status == 429:
        return MittwaldError(429, "RateLimitError", "too many requests")
    return MittwaldError(status, "InternalServerError", "Something went wrong")
