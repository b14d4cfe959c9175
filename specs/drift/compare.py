"""One operation reduced to comparable facts, and two sets of facts compared.

A fact is `(where, what) -> value`: `where` names a place in the operation (`route`,
`parameters.query.limit`, `responses.200.body.status`, ...), `what` the property compared there
(`presence`, `type`, `enum`, `maximum`, `default`, ...). Comparing two operations is comparing
two such mappings, so a difference is always one line a person can read and one entry the accepted
list can name. Bounds and defaults are compared (a new `maximum` on a page size breaks a client as
surely as a new required field); descriptions, summaries and examples are prose and left out,
except the wire error names and their parameters, which Foundry's examples are the only place of.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .documents import Document, deref

Facts = dict[tuple[str, str], str]
# Schema keywords compared as they stand (bounds and defaults included); everything else in a
# schema is documentation.
_SCALAR_KEYWORDS = (
    "type",
    "format",
    "pattern",
    "nullable",
    "deprecated",
    "readOnly",
    "writeOnly",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "default",
)
_COMBINATORS = ("oneOf", "anyOf", "allOf")


@dataclass(frozen=True, order=True)
class Difference:
    """One fact that differs between our spec and the upstream document (None: absent there)."""

    api: str
    operation: str
    where: str
    what: str
    ours: str | None
    upstream: str | None

    def __str__(self) -> str:
        def show(value: str | None) -> str:
            return "(absent)" if value is None else value

        return (
            f"{self.api} {self.operation} {self.where} {self.what}: "
            f"ours {show(self.ours)}, upstream {show(self.upstream)}"
        )


def _schema_facts(
    document: Document, schema: Any, where: str, facts: Facts, stack: tuple[str, ...]
) -> None:
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    if isinstance(ref, str):
        if ref in stack:  # a recursive schema: its shape is already being described above
            facts[(where, "recursive")] = "yes"
            return
        stack = (*stack, ref)
    schema = deref(document, schema)
    if not isinstance(schema, dict):
        return
    alone = schema.get("allOf")
    if isinstance(alone, list) and len(alone) == 1:
        # `allOf` of one schema is that schema with the siblings added (how OpenAPI 3.0 says
        # `nullable` of a `$ref`): compared as the one schema, so it matches the same written inline.
        _schema_facts(document, alone[0], where, facts, stack)
        schema = {key: value for key, value in schema.items() if key != "allOf"}
    for keyword in _SCALAR_KEYWORDS:
        if keyword in schema:
            facts[(where, keyword)] = _scalar(schema[keyword])
    if "enum" in schema:
        facts[(where, "enum")] = ", ".join(sorted(str(value) for value in schema["enum"]))
    for combinator in _COMBINATORS:
        if combinator in schema:
            # The branches are compared by position under one name, so switching oneOf for anyOf
            # is one difference (the combinator), not one per fact inside the branches.
            facts[(where, "combinator")] = f"{combinator} of {len(schema[combinator])}"
            for index, branch in enumerate(schema[combinator]):
                _schema_facts(document, branch, f"{where}|{index}", facts, stack)
    _structure_facts(document, schema, where, facts, stack)


def _scalar(value: Any) -> str:
    """A keyword's value as one comparable string: JSON, so `true`, `10000`, `["a"]` read alike on
    both sides whether the document was YAML or JSON."""
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


_JSON_TYPES = ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"))


def _value_type(value: Any) -> str:
    """The JSON type of an example value, lists by their first item (how error parameters are
    compared: the examples are the only place a document states them)."""
    if isinstance(value, list):
        return f"array of {_value_type(value[0])}" if value else "array"
    if isinstance(value, dict):
        return "object"
    return next((name for kind, name in _JSON_TYPES if isinstance(value, kind)), "null")


def _structure_facts(
    document: Document, schema: dict[str, Any], where: str, facts: Facts, stack: tuple[str, ...]
) -> None:
    """Properties (with their required-ness), array items and additionalProperties."""
    required = set(schema.get("required") or ())
    for name, child in (schema.get("properties") or {}).items():
        child_where = f"{where}.{name}"
        facts[(child_where, "presence")] = "required" if name in required else "optional"
        _schema_facts(document, child, child_where, facts, stack)
    for name in sorted(required - set(schema.get("properties") or {})):
        facts[(f"{where}.{name}", "presence")] = "required (undeclared property)"
    if "items" in schema:
        _schema_facts(document, schema["items"], f"{where}[]", facts, stack)
    extra = schema.get("additionalProperties")
    if isinstance(extra, bool):
        facts[(where, "additionalProperties")] = str(extra).lower()
    elif isinstance(extra, dict):
        facts[(where, "additionalProperties")] = "schema"
        _schema_facts(document, extra, f"{where}{{}}", facts, stack)


def _wire_errors(document: Document, media: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The wire errors a response's examples declare (Foundry's `errorName`): each example's
    value, whose `errorCode` and `parameters` are compared too."""
    examples = dict(media.get("examples") or {})
    if "example" in media:
        examples["example"] = {"value": media["example"]}
    for example in examples.values():
        value = deref(document, example).get("value")
        if isinstance(value, dict) and isinstance(value.get("errorName"), str):
            yield value["errorName"], value


def _security(document: Document, operation: dict[str, Any]) -> str:
    """The operation's effective security, by what each scheme sends (scheme names differ)."""
    requirements = operation.get("security", document.get("security")) or []
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    alternatives = []
    for requirement in requirements:
        parts = []
        for name in sorted(requirement):
            scheme = deref(document, schemes.get(name, {}))
            kind = scheme.get("type", "?")
            if kind == "apiKey":
                parts.append(f"apiKey {scheme.get('in')} {str(scheme.get('name')).lower()}")
            elif kind == "http":
                parts.append(f"http {str(scheme.get('scheme')).lower()}")
            else:
                parts.append(str(kind))
        alternatives.append(" + ".join(parts) or "none")
    return " | ".join(sorted(alternatives)) or "none"


def _scopes(document: Document, operation: dict[str, Any]) -> str | None:
    """The OAuth scopes an operation needs: those its security requirements list, and Foundry's
    `x-scopes` (the IR's `auth.scopes`; a bearer scheme has no place for them in OpenAPI 3.0)."""
    requirements = operation.get("security", document.get("security")) or []
    scopes = {
        scope for requirement in requirements for names in requirement.values() for scope in names
    }
    scopes.update(operation.get("x-scopes") or ())
    return ", ".join(sorted(scopes)) if scopes else None


def operation_facts(
    document: Document, method: str, path: str, operation: dict[str, Any], item: dict[str, Any]
) -> Facts:
    """Everything about one operation that `make drift` compares."""
    facts: Facts = {("route", "method path"): f"{method.upper()} {path}"}
    if operation.get("deprecated"):
        facts[("route", "deprecated")] = "true"
    if "x-release-stage" in operation:  # Foundry's STABLE / PUBLIC_BETA / PRIVATE_BETA
        facts[("route", "release stage")] = str(operation["x-release-stage"])
    facts[("security", "schemes")] = _security(document, operation)
    scopes = _scopes(document, operation)
    if scopes is not None:
        facts[("security", "scopes")] = scopes
    parameters = {}
    for raw in [*(item.get("parameters") or []), *(operation.get("parameters") or [])]:
        parameter = deref(document, raw)
        name = parameter["name"].lower() if parameter["in"] == "header" else parameter["name"]
        parameters[(parameter["in"], name)] = parameter  # an operation's own wins over the path's
    for (location, name), parameter in parameters.items():
        where = f"parameters.{location}.{name}"
        facts[(where, "presence")] = "required" if parameter.get("required") else "optional"
        if parameter.get("deprecated"):
            facts[(where, "deprecated")] = "true"
        _schema_facts(document, parameter.get("schema") or {}, where, facts, ())
    if "requestBody" in operation:
        body = deref(document, operation["requestBody"])
        facts[("requestBody", "presence")] = "required" if body.get("required") else "optional"
        for media_type, media in (body.get("content") or {}).items():
            facts[("requestBody", f"content {media_type}")] = "declared"
            _schema_facts(document, media.get("schema") or {}, "requestBody.body", facts, ())
    for status, raw_response in (operation.get("responses") or {}).items():
        _response_facts(document, f"responses.{status}", deref(document, raw_response), facts)
    return facts


def _response_facts(document: Document, where: str, response: dict[str, Any], facts: Facts) -> None:
    """One response: its headers, bodies, and the wire errors (with parameters) it declares."""
    facts[(where, "presence")] = "declared"
    for header, raw_header in (response.get("headers") or {}).items():
        header_where = f"{where}.headers.{header.lower()}"
        facts[(header_where, "presence")] = "declared"
        _schema_facts(
            document, deref(document, raw_header).get("schema") or {}, header_where, facts, ()
        )
    for media_type, media in (response.get("content") or {}).items():
        facts[(where, f"content {media_type}")] = "declared"
        _schema_facts(document, media.get("schema") or {}, f"{where}.body", facts, ())
        for name, error in _wire_errors(document, media):
            facts[(f"{where}.errors.{name}", "presence")] = "declared"
            if isinstance(error.get("errorCode"), str):  # Conjure's code: several share a status
                facts[(f"{where}.errors.{name}", "errorCode")] = error["errorCode"]
            parameters = error.get("parameters")
            for parameter, value in (parameters if isinstance(parameters, dict) else {}).items():
                place = f"{where}.errors.{name}.parameters.{parameter}"
                facts[(place, "presence")] = "declared"
                facts[(place, "type")] = _value_type(value)


def compare(api: str, operation: str, ours: Facts, upstream: Facts) -> list[Difference]:
    """The differing facts; below a place present on one side only, just that place is reported."""
    differences = [
        Difference(
            api, operation, where, what, ours.get((where, what)), upstream.get((where, what))
        )
        for where, what in sorted(ours.keys() | upstream.keys())
        if ours.get((where, what)) != upstream.get((where, what))
    ]
    one_sided = {
        d.where
        for d in differences
        if d.what == "presence" and (d.ours is None or d.upstream is None)
    }

    def shadowed(difference: Difference) -> bool:
        """Said already by a one-sided place at or above it."""
        for place in one_sided:
            if difference.where == place and difference.what != "presence":
                return True
            if any(difference.where.startswith(place + sep) for sep in ".[{|"):
                return True
        return False

    return [d for d in differences if not shadowed(d)]
