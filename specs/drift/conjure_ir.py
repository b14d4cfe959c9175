"""Palantir's API IR (the machine-readable description behind Foundry's docs and SDKs) as OpenAPI.

Palantir publishes no OpenAPI document for the platform API. Its SDK generators read an IR
(`irVersion: v2`: namespaces of resources, operations, components and errors; kept as
`packages/docs-spec-platform/src/generated/namespaces/*.ts` in palantir/foundry-platform-typescript).
This module turns the operations we cover into the OpenAPI shape `make drift` compares, with these
readings of Conjure's wire rules (each one is how the official SDKs behave):
- a field is required unless its type is optional, a list or a map, and those may also be JSON
  `null` (`nullable`): Conjure reads an absent or null optional as empty, and likewise a
  collection (the wire spec's "Empty or null optional, map, set and list deserialize without
  error"); a list keeps its `minItems` / `maxItems`;
- the builtin `rid` is a string (the IR states no pattern; the SDKs check none on responses);
- each thrown error becomes a response under its Conjure status (INVALID_ARGUMENT 400,
  PERMISSION_DENIED 403, NOT_FOUND 404, CONFLICT 409, ...), with the Conjure error envelope as
  schema and one example per `errorName`, whose `parameters` hold a value of each parameter's
  type (a placeholder: the IR states types, not values);
- paths gain the `/api` prefix the IR leaves to the server URL; `auth` becomes bearer, its scopes
  `x-scopes`; `releaseStage` becomes `x-release-stage`. The IR has no deprecation field: an
  operation whose documentation calls it deprecated is marked `deprecated`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .documents import Document, DocumentError

CONJURE_STATUS = {
    "INVALID_ARGUMENT": "400",
    "CUSTOM_CLIENT": "400",
    "UNAUTHORIZED": "401",
    "PERMISSION_DENIED": "403",
    "NOT_FOUND": "404",
    "CONFLICT": "409",
    "REQUEST_ENTITY_TOO_LARGE": "413",
    "FAILED_PRECONDITION": "500",
    "INTERNAL": "500",
    "TIMEOUT": "500",
    "CUSTOM_SERVER": "500",
}
_BUILTINS: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "rid": {"type": "string", "x-conjure-type": "rid"},
    "datetime": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"},
    "uuid": {"type": "string", "format": "uuid"},
    "integer": {"type": "integer", "format": "int32"},
    "long": {"type": "integer", "format": "int64"},
    "double": {"type": "number", "format": "double"},
    "decimal": {"type": "string", "x-conjure-type": "decimal"},
    "boolean": {"type": "boolean"},
    "any": {},
}
_NOT_REQUIRED_KINDS = {"optional", "list", "map"}
# Placeholder values of each builtin, for the error examples' parameters.
_PLACEHOLDERS: dict[str, Any] = {
    "string": "string",
    "rid": "ri.service.instance.type.locator",
    "datetime": "2000-01-01T00:00:00Z",
    "date": "2000-01-01",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "integer": 0,
    "long": 0,
    "double": 0.5,
    "decimal": "0.5",
    "boolean": True,
    "any": {},
}
_DEPRECATED = re.compile(r"\bdeprecated\b", re.IGNORECASE)
ERROR_SCHEMA = "Conjure.Error"
# Every example error carries this instance id: the real one is random per error.
_EXAMPLE_INSTANCE_ID = "00000000-0000-4000-8000-000000000000"


def namespaces_of(text: str) -> list[dict[str, Any]]:
    """The IR namespaces in `text`: an IR JSON (`{"irVersion", "namespaces"}`), one namespace's
    JSON, or the TypeScript module the typescript repository keeps each namespace in."""
    start = text.find("{") if text.lstrip().startswith("{") else text.find("= {")
    if start < 0:
        raise DocumentError("no IR object found")
    body = text[start:].lstrip("= ").rstrip().removesuffix(";")
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise DocumentError(f"the IR is not JSON: {exc}") from exc
    if "namespaces" in data:
        return list(data["namespaces"])
    if "resources" in data and "name" in data:
        return [data]
    raise DocumentError("not an IR document (no `namespaces`, no namespace `resources`)")


def is_ir(document: Document) -> bool:
    return "irVersion" in document or ("resources" in document and "components" in document)


def _schema_name(locator: dict[str, str]) -> str:
    return f"{locator['namespaceName']}.{locator['localName']}"


class _Converter:
    def __init__(self, namespaces: list[dict[str, Any]]) -> None:
        self.components = {
            _schema_name(component["locator"]): component
            for namespace in namespaces
            for component in namespace.get("components", [])
        }
        self.errors = {
            _schema_name(error["locator"]): error
            for namespace in namespaces
            for error in namespace.get("errors", [])
        }
        self.operations = {
            operation["name"]: operation
            for namespace in namespaces
            for resource in namespace.get("resources", [])
            for operation in resource.get("operations", [])
        }
        self.schemas: dict[str, Any] = {}
        self.pending: list[str] = []

    def ref(self, locator: dict[str, str]) -> dict[str, Any]:
        name = _schema_name(locator)
        if name not in self.components:
            raise DocumentError(
                f"the IR references {name}, which none of the given namespaces defines"
            )
        if name not in self.schemas and name not in self.pending:
            self.pending.append(name)
        return {"$ref": f"#/components/schemas/{name}"}

    def schema(self, node: dict[str, Any]) -> dict[str, Any]:  # noqa: PLR0911 (one answer per IR type kind)
        kind = node["type"]
        if kind == "builtin":
            return dict(_BUILTINS[node["builtin"]["type"]])
        if kind == "reference":
            return self.ref(node["reference"]["locator"])
        if kind == "optional":
            return self.schema(node["optional"]["subType"])
        if kind == "list":
            listed = node["list"]
            array: dict[str, Any] = {"type": "array", "items": self.schema(listed["subType"])}
            array.update({key: listed[key] for key in ("minItems", "maxItems") if key in listed})
            return array
        if kind == "map":
            return {"type": "object", "additionalProperties": self.schema(node["map"]["valueType"])}
        if kind == "enum":
            return {"type": "string", "enum": list(node["enum"]["values"])}
        if kind == "binary":
            return {"type": "string", "format": "binary"}
        if kind == "object":
            properties = node["object"]["properties"]
            schema: dict[str, Any] = {
                "type": "object",
                "properties": {name: self.field(spec["type"]) for name, spec in properties.items()},
            }
            required = [
                name
                for name, spec in properties.items()
                if spec["type"]["type"] not in _NOT_REQUIRED_KINDS
            ]
            if required:
                schema["required"] = required
            return schema
        if kind == "union":
            union = node["union"]
            mapping = {
                value: self.ref(sub["type"]["reference"]["locator"])
                for value, sub in union["subTypes"].items()
            }
            return {
                "oneOf": list(mapping.values()),
                "discriminator": {
                    "propertyName": union["discriminator"],
                    "mapping": {value: ref["$ref"] for value, ref in mapping.items()},
                },
            }
        if kind == "external":
            external = node["external"]
            return self.schema(external["baseType"]) if isinstance(external, dict) else {}
        raise DocumentError(f"IR type {kind!r} is not understood")

    def field(self, node: dict[str, Any]) -> dict[str, Any]:
        """An object field's schema: an optional or a collection may also be null."""
        schema = self.schema(node)
        if node["type"] not in _NOT_REQUIRED_KINDS:
            return schema
        if "$ref" in schema:
            # OpenAPI 3.0 ignores a $ref's siblings, and `nullable` counts only beside a `type`:
            # an alias of a builtin (most optionals: rids, page tokens) is written out in place.
            # An object stays a one-branch allOf, which drift compares as the object (a 3.0
            # validator will still refuse its null: the IR has no optional object we cover).
            target = self.components[schema["$ref"].rsplit("/", 1)[1]]["type"]
            if target["type"] in {"object", "union"}:
                return {"allOf": [schema], "nullable": True}
            schema = self.schema(target)
        return {**schema, "nullable": True}

    def placeholder(self, node: dict[str, Any]) -> Any:  # noqa: PLR0911 (one value per IR type kind)
        """A value of an IR type, for an example."""
        kind = node["type"]
        if kind == "builtin":
            return _PLACEHOLDERS[node["builtin"]["type"]]
        if kind == "reference":
            name = _schema_name(node["reference"]["locator"])
            if name not in self.components:
                raise DocumentError(f"the IR references {name}, which no namespace defines")
            return self.placeholder(self.components[name]["type"])
        if kind == "optional":
            return self.placeholder(node["optional"]["subType"])
        if kind == "list":
            return [self.placeholder(node["list"]["subType"])]
        if kind == "map":
            return {"key": self.placeholder(node["map"]["valueType"])}
        if kind == "enum":
            return node["enum"]["values"][0]
        if kind == "external" and isinstance(node["external"], dict):
            return self.placeholder(node["external"]["baseType"])
        return {}

    def component(self, name: str) -> dict[str, Any]:
        component = self.components[name]
        schema = self.schema(component["type"])
        description = (component.get("documentation") or {}).get("plainTextDescription")
        if description and "$ref" not in schema:
            schema["description"] = description
        return schema

    def operation(self, name: str, operation: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
        http = operation["http"]
        converted: dict[str, Any] = {"operationId": name}
        summary = (operation.get("documentation") or {}).get("plainTextDescription", "")
        if summary:
            converted["summary"] = summary.split("\n", 1)[0]
        converted["x-release-stage"] = operation.get("releaseStage")
        documentation = (operation.get("documentation") or {}).get("plainTextDescription", "")
        if _DEPRECATED.search(documentation):
            converted["deprecated"] = True
        parameters = []
        for parameter in http.get("parameters", []):
            where = {"PATH": "path", "QUERY": "query", "HEADER": "header"}[parameter["inputType"]]
            data_type = parameter["type"]["type"]
            parameters.append(
                {
                    "name": parameter["name"],
                    "in": where,
                    "required": where == "path" or data_type["type"] not in _NOT_REQUIRED_KINDS,
                    "schema": self.schema(data_type),
                }
            )
        if parameters:
            converted["parameters"] = parameters
        request = http.get("requestBody")
        if request:
            component = request["body"]["component"]
            converted["requestBody"] = {
                "required": True,
                "content": {
                    component["mediaType"]: {"schema": self.schema(component["type"]["type"])}
                },
            }
        response = http["response"]
        success: dict[str, Any] = {"description": "Success"}
        if response["body"]["type"] == "ok":
            component = response["body"]["ok"]["responseType"]["component"]
            success["content"] = {
                component["mediaType"]: {"schema": self.schema(component["type"]["type"])}
            }
        responses: dict[str, Any] = {response["code"]: success}
        for thrown in operation.get("throwableErrors", []):
            error_name = thrown["locator"]["localName"]
            status = CONJURE_STATUS[thrown["errorType"]]
            entry = responses.setdefault(
                status,
                {
                    "description": f"Conjure errors with status {status}",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": f"#/components/schemas/{ERROR_SCHEMA}"},
                            "examples": {},
                        }
                    },
                },
            )
            entry["content"]["application/json"]["examples"][error_name] = {
                "value": {
                    "errorCode": thrown["errorType"],
                    "errorName": error_name,
                    "errorInstanceId": _EXAMPLE_INSTANCE_ID,
                    "parameters": {
                        name: self.placeholder(parameter["type"])
                        for name, parameter in (thrown.get("parameters") or {}).items()
                    },
                }
            }
        converted["responses"] = responses
        auth = operation.get("auth") or {}
        converted["security"] = [{"bearerAuth": []}] if auth.get("includeAuthHeader", True) else []
        if auth.get("scopes"):
            converted["x-scopes"] = list(auth["scopes"])
        return http["httpMethod"].lower(), "/api" + http["path"], converted


def to_openapi(
    namespaces: list[dict[str, Any]], operation_names: list[str], info: dict[str, Any]
) -> Document:
    """An OpenAPI 3.0 document holding `operation_names` and every schema they reach."""
    converter = _Converter(namespaces)
    paths: dict[str, dict[str, Any]] = {}
    for name in operation_names:
        if name not in converter.operations:
            raise DocumentError(f"operation {name!r} is not in the IR")
        method, path, operation = converter.operation(name, converter.operations[name])
        paths.setdefault(path, {})[method] = operation
    while converter.pending:
        name = converter.pending.pop(0)
        converter.schemas[name] = converter.component(name)
    schemas = dict(sorted(converter.schemas.items()))
    schemas[ERROR_SCHEMA] = {
        "type": "object",
        "description": "The Conjure error envelope (SerializableError) every Foundry error uses.",
        "required": ["errorCode", "errorName", "errorInstanceId", "parameters"],
        "properties": {
            "errorCode": {"type": "string"},
            "errorName": {"type": "string"},
            "errorInstanceId": {"type": "string"},
            "parameters": {"type": "object", "additionalProperties": True},
        },
    }
    return {
        "openapi": "3.0.3",
        "info": info,
        "servers": [
            {
                "url": "https://{hostname}",
                "variables": {"hostname": {"default": "example.palantirfoundry.com"}},
            }
        ],
        "paths": dict(sorted(paths.items())),
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": schemas,
        },
    }


def _locators(node: Any) -> set[str]:
    """Every component or error a node of the IR names (`namespace.localName`)."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            locator = item.get("locator")
            if isinstance(locator, dict) and {"namespaceName", "localName"} <= locator.keys():
                found.add(_schema_name(locator))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def ir_excerpt(
    namespaces: list[dict[str, Any]], operation_names: list[str]
) -> list[dict[str, Any]]:
    """The IR namespaces cut to `operation_names`, the components they reach and the errors they
    throw, otherwise verbatim: what `make drift` and its tests convert, offline."""
    converter = _Converter(namespaces)
    missing = [name for name in operation_names if name not in converter.operations]
    if missing:
        raise DocumentError(f"operations {missing} are not in the IR")
    wanted = set(operation_names)
    reached: set[str] = set()
    pending = set().union(*(_locators(converter.operations[name]) for name in operation_names))
    while pending:
        name = pending.pop()
        reached.add(name)
        if name in converter.components:
            pending |= _locators(converter.components[name]["type"]) - reached
    cut = []
    for namespace in namespaces:
        resources = [
            {**resource, "operations": kept}
            for resource in namespace.get("resources", [])
            if (kept := [op for op in resource.get("operations", []) if op["name"] in wanted])
        ]
        components = [
            c for c in namespace.get("components", []) if _schema_name(c["locator"]) in reached
        ]
        errors = [e for e in namespace.get("errors", []) if _schema_name(e["locator"]) in reached]
        if resources or components or errors:
            cut.append(
                {
                    **{
                        k: v
                        for k, v in namespace.items()
                        if k not in {"resources", "components", "errors"}
                    },
                    "resources": resources,
                    "components": components,
                    "errors": errors,
                }
            )
    return cut
