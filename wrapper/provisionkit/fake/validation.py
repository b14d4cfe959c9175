"""What Connexion checks, and how: request validators that keep the schema error, and auth made a
formality (the app's gateway has checked the token already).

Connexion's validators flatten a jsonschema error into one string. Ours keep the error, so errors.py
can give mittwald's answer ajv-style items (`message`, `path`, `type` keyword, `context`) and
Foundry's its `Default:InvalidArgument` envelope. Routing and schemas stay Connexion's, read from the
specs.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from connexion.datastructures import MediaTypeDict
from connexion.exceptions import BadRequestProblem
from connexion.security import ApiKeySecurityHandler, BearerSecurityHandler
from connexion.validators import VALIDATOR_MAP, JSONRequestBodyValidator, ParameterValidator
from jsonschema import (  # type: ignore[import-untyped]
    Draft4Validator,
    FormatChecker,
    ValidationError,
)
from starlette.types import Scope

__all__ = ["SECURITY_MAP", "VALIDATORS", "BodyUndecodable", "SchemaProblem"]


TOO_DEEP = "the body is not JSON this API reads: it is nested too deeply"


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
        except RecursionError:
            raise BodyUndecodable(detail=TOO_DEEP) from None

    def _validate(self, body: Any) -> dict[str, Any] | None:
        if body is None:
            return super()._validate(body)  # type: ignore[no-any-return]
        try:
            return self._validator.validate(body)  # type: ignore[no-any-return]
        except ValidationError as error:
            raise SchemaProblem(error, ()) from None
        except RecursionError:  # parsed, but too deep for the schema walk
            raise BodyUndecodable(detail=TOO_DEEP) from None


# Every format jsonschema knows: draft 4's own checker lacks `uuid`, which OpenAPI 3.0 specs use
# (mittwald's list-projects `serverId`), so a non-uuid would pass unchecked.
_FORMATS = FormatChecker()


class _ParameterValidator(ParameterValidator):  # type: ignore[misc]
    @staticmethod
    def validate_parameter(
        parameter_type: str, value: Any, param: dict[str, Any], param_name: str | None = None
    ) -> str | None:
        if value is not None and not param.get("nullable"):
            try:
                Draft4Validator(param.get("schema", param), format_checker=_FORMATS).validate(value)
            except ValidationError as error:
                raise SchemaProblem(error, (param_name or param["name"],)) from None
            return None
        return ParameterValidator.validate_parameter(parameter_type, value, param, param_name)  # type: ignore[no-any-return]


VALIDATORS: dict[str, Any] = {
    "parameter": _ParameterValidator,
    "body": MediaTypeDict({**VALIDATOR_MAP["body"], "*/*json": _BodyValidator}),
}


def _dotted(location: tuple[str | int, ...]) -> str:
    return ".".join(str(part) for part in location)


def _accept(*_args: Any, **_kwargs: Any) -> dict[str, str]:
    return {"sub": "fake-caller"}


class _AlreadyChecked:
    """Connexion's security step, made a formality: the outer auth layer has checked the token
    already and answers 401 in each API's own format, which Connexion's handlers cannot.

    Every scheme accepts every request, whatever header it carries: mittwald's spec lists only
    `x-access-token`, but the gateway also takes `Authorization: Bearer` (mittwald's docs say the
    API still does), and Connexion's own apiKey check would refuse a request without the header.
    Nothing here reads the token, so no token text can reach a log or an error from this step."""

    def get_fn(self, security_scheme: dict[str, Any], required_scopes: Any) -> Any:
        return _accept


class _Bearer(_AlreadyChecked, BearerSecurityHandler):  # type: ignore[misc]
    pass


class _ApiKey(_AlreadyChecked, ApiKeySecurityHandler):  # type: ignore[misc]
    pass


SECURITY_MAP = {"bearer": _Bearer, "apiKey": _ApiKey}
