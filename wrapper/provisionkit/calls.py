"""A table entry and the caller's arguments into a frozen `Call`, through the generated endpoint.

Each adapter binds what only it may touch (its generated package's endpoints and models) and its
own functions (checks, parsers, errors) into one `Binding`, which the generic flows use. The
rules are here once: a parameter's `check` runs before anything is sent, `None` leaves the
endpoint's default (unset), `convert` turns the value into what the generated code takes, BODY
parameters build the entry's body model, and the page arguments of a listing are added by the
list flow (`extra`). Names are resolved once each (a request from the table costs ~2 µs more
than a hand-written builder).
"""

from __future__ import annotations

import importlib
import uuid
from collections.abc import Callable, Mapping
from enum import Enum
from functools import cache
from types import ModuleType
from typing import Any, Protocol

from .effects import Call
from .errors import ProvisionError
from .operations import Operation, Param, Where
from .responses import Answer

__all__ = ["Binding", "Invalid", "build"]


class Invalid(Protocol):
    """The adapter's error for a value refused before sending (its API's own error class)."""

    def __call__(self, name: str, value: Any, why: str, operation: str, /) -> ProvisionError: ...


class Binding:
    """One API's table entries bound to its adapter: `call`, `parser` and `error` for the flows.

    `endpoints` and `models` are the generated package's `api` and `models` modules (the adapter
    imports them: only adapters import generated code); `adapter` is the adapter module, whose
    functions the entries name (`check_id`, `parse_project`)."""

    def __init__(
        self,
        api: str,
        *,
        endpoints: ModuleType,
        models: ModuleType,
        adapter: ModuleType,
        invalid: Invalid,
        error: Callable[[Answer, str], ProvisionError],
    ) -> None:
        self.api = api
        self.endpoints, self.models, self.adapter = endpoints, models, adapter
        self.invalid, self.error = invalid, error
        self._functions: dict[str, Any] = {}
        self._endpoint = cache(self._import)

    def _import(self, name: str) -> ModuleType:
        return importlib.import_module(f"{self.endpoints.__name__}.{name}")

    def function(self, name: str) -> Any:
        """The adapter's function a table entry names (looked up once)."""
        found = self._functions.get(name)
        if found is None:
            found = self._functions[name] = getattr(self.adapter, name)
        return found

    def call(
        self, op: Operation, args: Mapping[str, Any], extra: Mapping[str, Any] | None = None
    ) -> Call:
        """The request of a table entry."""
        assert op.endpoint is not None, op.id
        return build(
            self.api,
            op,
            args,
            endpoint=self._endpoint(op.endpoint),
            models=self.models,
            check=self.function,
            invalid=self.invalid,
            extra=extra,
        )

    def parser(self, op: Operation) -> Callable[[Any], Any]:
        """The parser a table entry names."""
        assert op.parse is not None, op.id
        parse: Callable[[Any], Any] = self.function(op.parse)
        return parse


def build(
    api: str,
    op: Operation,
    args: Mapping[str, Any],
    *,
    endpoint: ModuleType,
    models: ModuleType,
    check: Callable[[str], Callable[[Any, str, str], None]],
    invalid: Invalid,
    extra: Mapping[str, Any] | None = None,
) -> Call:
    """The request for `op` with `args` (the public method's arguments by name)."""
    kwargs: dict[str, Any] = dict(extra or {})
    body: dict[str, Any] = {}
    for param in op.sent:
        value = args[param.name]
        if param.check:
            check(param.check)(value, param.spec_name, op.id)
        if value is None:
            continue
        if param.convert:
            value = _convert(param, value, op, models, invalid)
        (body if param.where is Where.BODY else kwargs)[param.wire_name] = value
    if op.body:
        kwargs["body"] = getattr(models, op.body)(**body)
    return Call.of(api, op.id, endpoint._get_kwargs(**kwargs))


def _convert(param: Param, value: Any, op: Operation, models: ModuleType, invalid: Invalid) -> Any:
    kind, _, name = param.convert.partition(":") if param.convert else ("", "", "")
    if kind == "uuid":
        try:
            return uuid.UUID(value)
        except (ValueError, TypeError, AttributeError):
            raise invalid(
                param.spec_name,
                value,
                "is not a UUID (this filter takes the UUID, not a short id)",
                op.id,
            ) from None
    enum: type[Enum] = getattr(models, name)
    # By the members, not by calling the class: the generated enums take unknown values (a
    # response may carry a value added later), and a request must carry a known one.
    allowed = _members(enum)
    if value not in allowed:
        raise invalid(param.spec_name, value, f"must be one of {allowed}", op.id)
    return enum(value)


@cache
def _members(enum: type[Enum]) -> list[str]:
    return sorted(str(member.value) for member in enum)
