"""Palantir's API IR (the machine-readable description behind Foundry's docs and SDKs) as OpenAPI.

Palantir publishes no OpenAPI document for the platform API. Its SDK generators read an IR
(`irVersion: v2`: namespaces of resources, operations, components and errors; kept as
`packages/docs-spec-platform/src/generated/namespaces/*.ts` in palantir/foundry-platform-typescript).
This module turns the operations we cover into the OpenAPI shape `make drift` compares, with these
readings of Conjure's wire rules (each one is how the official SDKs behave):
- a field is required unless its type is optional, a list or a map (Conjure reads an absent
  collection as empty);
- the builtin `rid` is a string (the IR states no pattern; the SDKs check none on responses);
- each thrown error becomes a response under its Conjure status (INVALID_ARGUMENT 400,
  PERMISSION_DENIED 403, NOT_FOUND 404, CONFLICT 409, ...), with the Conjure error envelope as
  schema and one example per `errorName`;
- paths gain the `/api` prefix the IR leaves to the server URL; `auth` becomes bearer.
"""

from __future__ import annotations

import json
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
            return {"type": "array", "items": self.schema(node["list"]["subType"])}
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
                "properties": {
                    name: self.schema(spec["type"]) for name, spec in properties.items()
                },
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
                    "parameters": {},
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
