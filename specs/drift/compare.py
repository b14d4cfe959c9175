"""One operation reduced to comparable facts, and two sets of facts compared.

A fact is `(where, what) -> value`: `where` names a place in the operation (`route`,
`parameters.query.limit`, `responses.200.body.status`, ...), `what` the property compared there
(`presence`, `type`, `enum`, ...). Comparing two operations is comparing two such mappings, so a
difference is always one line a person can read and one entry the accepted list can name.
Descriptions, examples, defaults and bounds are documentation, not shape, and are left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .documents import Document, deref

Facts = dict[tuple[str, str], str]
# Schema keywords compared as they stand; everything else in a schema is documentation.
_SCALAR_KEYWORDS = ("type", "format", "pattern", "nullable", "deprecated")
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
    for keyword in _SCALAR_KEYWORDS:
        if keyword in schema:
            value = schema[keyword]
            facts[(where, keyword)] = str(value).lower() if isinstance(value, bool) else str(value)
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


def _error_names(document: Document, media: dict[str, Any]) -> Iterator[str]:
    """The wire error names a response's examples declare (Foundry's `errorName`)."""
    examples = dict(media.get("examples") or {})
    if "example" in media:
        examples["example"] = {"value": media["example"]}
    for example in examples.values():
        value = deref(document, example).get("value")
        if isinstance(value, dict) and isinstance(value.get("errorName"), str):
            yield value["errorName"]


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


def operation_facts(
    document: Document, method: str, path: str, operation: dict[str, Any], item: dict[str, Any]
) -> Facts:
    """Everything about one operation that `make drift` compares."""
    facts: Facts = {("route", "method path"): f"{method.upper()} {path}"}
    if operation.get("deprecated"):
        facts[("route", "deprecated")] = "true"
    facts[("security", "schemes")] = _security(document, operation)
    parameters = {}
    for raw in [*(item.get("parameters") or []), *(operation.get("parameters") or [])]:
        parameter = deref(document, raw)
        name = parameter["name"].lower() if parameter["in"] == "header" else parameter["name"]
        parameters[(parameter["in"], name)] = parameter  # an operation's own wins over the path's
    for (location, name), parameter in parameters.items():
        where = f"parameters.{location}.{name}"
        facts[(where, "presence")] = "required" if parameter.get("required") else "optional"
        _schema_facts(document, parameter.get("schema") or {}, where, facts, ())
    if "requestBody" in operation:
        body = deref(document, operation["requestBody"])
        facts[("requestBody", "presence")] = "required" if body.get("required") else "optional"
        for media_type, media in (body.get("content") or {}).items():
            facts[("requestBody", f"content {media_type}")] = "declared"
            _schema_facts(document, media.get("schema") or {}, "requestBody.body", facts, ())
    for status, raw_response in (operation.get("responses") or {}).items():
        response = deref(document, raw_response)
        where = f"responses.{status}"
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
            for name in _error_names(document, media):
                facts[(f"{where}.errors.{name}", "presence")] = "declared"
    return facts


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
