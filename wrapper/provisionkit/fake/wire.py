"""Spec validation failures, re-rendered in each API's own wire format (never problem+json).

Connexion's validators flatten a jsonschema error into one string. Ours keep the error, so mittwald's
answer can carry ajv-style items (`message`, `path`, `type` keyword, `context`) and Foundry's its
`Default:InvalidArgument` envelope. Routing and schemas stay Connexion's, read from the specs.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from typing import Any

from connexion.datastructures import MediaTypeDict
from connexion.exceptions import BadRequestProblem
from connexion.validators import VALIDATOR_MAP, JSONRequestBodyValidator, ParameterValidator
from jsonschema import Draft4Validator, ValidationError  # type: ignore[import-untyped]
from starlette.exceptions import HTTPException
from starlette.types import Scope

from .errors import FakeApiError, FoundryWireError, MittwaldWireError

__all__ = ["WIRE_VALIDATORS", "render_problem"]


class SchemaProblem(BadRequestProblem):  # type: ignore[misc]
    """A body or parameter outside the spec's schema, with the schema error kept for rendering."""

    def __init__(self, error: ValidationError, location: tuple[str | int, ...]) -> None:
        self.error = error
        self.location = location + tuple(error.absolute_path)
        super().__init__(detail=f"{_dotted(self.location)}: {error.message}".lstrip(": "))


class BodyUndecodable(BadRequestProblem):  # type: ignore[misc]
    """A request body that is not JSON at all (bad UTF-8 or bad syntax)."""


class _BodyValidator(JSONRequestBodyValidator):  # type: ignore[misc]
    async def _parse(self, stream: AsyncIterator[bytes], scope: Scope) -> Any:
        raw = b"".join([chunk async for chunk in stream])
        try:
            text = raw.decode(self._encoding)
            return json.loads(text) if text else None
        except ValueError as error:  # UnicodeDecodeError and JSONDecodeError alike
            raise BodyUndecodable(detail=f"the body is not JSON: {error}") from None

    def _validate(self, body: Any) -> dict[str, Any] | None:
        if body is None:
            return super()._validate(body)  # type: ignore[no-any-return]
        try:
            return self._validator.validate(body)  # type: ignore[no-any-return]
        except ValidationError as error:
            raise SchemaProblem(error, ()) from None


class _ParameterValidator(ParameterValidator):  # type: ignore[misc]
    @staticmethod
    def validate_parameter(
        parameter_type: str, value: Any, param: dict[str, Any], param_name: str | None = None
    ) -> str | None:
        if value is not None and not param.get("nullable"):
            try:
                Draft4Validator(
                    param.get("schema", param), format_checker=Draft4Validator.FORMAT_CHECKER
                ).validate(value)
            except ValidationError as error:
                raise SchemaProblem(error, (param_name or param["name"],)) from None
            return None
        return ParameterValidator.validate_parameter(parameter_type, value, param, param_name)  # type: ignore[no-any-return]


WIRE_VALIDATORS: dict[str, Any] = {
    "parameter": _ParameterValidator,
    "body": MediaTypeDict({**VALIDATOR_MAP["body"], "*/*json": _BodyValidator}),
}


def _dotted(location: tuple[str | int, ...]) -> str:
    return ".".join(str(part) for part in location)


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


def render_problem(
    api: str | None, exc: HTTPException, new_uuid: Callable[[], str]
) -> FakeApiError:
    """Connexion's and Starlette's 4xx problems as the real API words them."""
    status = exc.status_code
    detail = str(exc.detail or "invalid request")
    if api == "foundry" and isinstance(exc, BodyUndecodable):
        return FoundryWireError(
            422, "INVALID_ARGUMENT", "Conjure:UnprocessableEntity", instance_id=new_uuid()
        )
    if isinstance(exc, BodyUndecodable):
        return MittwaldWireError.validation(detail, "", "type")
    if api == "foundry":
        named = {
            404: ("NOT_FOUND", "Default:NotFound"),
            405: ("INVALID_ARGUMENT", "Default:MethodNotAllowed"),
            415: ("INVALID_ARGUMENT", "Conjure:UnsupportedMediaType"),
        }
        if status not in named:
            status = 400
        code, name = named.get(status, ("INVALID_ARGUMENT", "Default:InvalidArgument"))
        return FoundryWireError(status, code, name, {"message": detail}, instance_id=new_uuid())
    if isinstance(exc, SchemaProblem):
        return MittwaldWireError(400, "ValidationError", "Validation failed", [_mittwald_item(exc)])
    if status in (400, 415):
        return MittwaldWireError.validation(detail, "", "request")
    return MittwaldWireError(status, "NotFound" if status in (404, 405) else "Error", detail)
