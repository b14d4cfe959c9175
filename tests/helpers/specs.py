"""Load the specs and walk their examples: shared by every test folder, nothing restated by hand."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

SPECS = Path(__file__).resolve().parents[2] / "specs"
APIS = ("mittwald", "foundry")


@cache
def load(api: str) -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load((SPECS / f"{api}.yaml").read_text())
    return spec


def resolve(spec: dict[str, Any], node: Any) -> Any:
    """Follow a local `$ref` (possibly chained) to the node it names."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


@dataclass(frozen=True)
class Example:
    api: str
    operation_id: str
    where: str  # "request" or the response status ("200", "default", ...)
    name: str
    schema: dict[str, Any]
    value: Any
    extensions: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.api}:{self.operation_id}:{self.where}:{self.name}"


def operations(api: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(method, path, operation) for every operation of a spec."""
    for path, item in load(api)["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield method, path, operation


def _media_examples(
    api: str, operation_id: str, where: str, content: dict[str, Any]
) -> Iterator[Example]:
    spec = load(api)
    for media in content.values():
        for name, raw in (media.get("examples") or {}).items():
            example = resolve(spec, raw)
            extensions = {k: v for k, v in example.items() if k.startswith("x-")}
            yield Example(
                api, operation_id, where, name, media["schema"], example["value"], extensions
            )


def examples(api: str) -> Iterator[Example]:
    """Every named request and response example of a spec, with the schema it illustrates."""
    spec = load(api)
    for _, _, operation in operations(api):
        operation_id = operation["operationId"]
        body = resolve(spec, operation.get("requestBody"))
        if body:
            yield from _media_examples(api, operation_id, "request", body["content"])
        for status, raw in operation["responses"].items():
            response = resolve(spec, raw)
            yield from _media_examples(
                api, operation_id, str(status), response.get("content") or {}
            )


def success_example(api: str, operation_id: str) -> Example:
    """The first 2xx response example of an operation that is not marked known-invalid."""
    for example in examples(api):
        if (
            example.operation_id == operation_id
            and example.where.startswith("2")
            and "x-provisionkit-known-invalid" not in example.extensions
        ):
            return example
    raise LookupError(f"{api} {operation_id} has no success example")


def request_example(api: str, operation_id: str, name: str) -> Example:
    for example in examples(api):
        if (
            example.operation_id == operation_id
            and example.where == "request"
            and example.name == name
        ):
            return example
    raise LookupError(f"{api} {operation_id} has no request example {name!r}")


# The Foundry errors the reference and Palantir's IR list: operation (or the sorted operations that
# declare it), errorCode, status, parameters.
FOUNDRY_ERRORS = {
    "InvalidDisplayName": ("createProject", "INVALID_ARGUMENT", "400", {"displayName"}),
    "SpaceNotFound": ("createProject", "NOT_FOUND", "404", {"spaceRid"}),
    "ProjectCreationNotSupported": ("createProject", "INVALID_ARGUMENT", "400", {"spaceRid"}),
    "OrganizationsNotFound": ("createProject", "NOT_FOUND", "404", {"organizationRids"}),
    "OrganizationMarkingNotOnSpace": (
        "createProject",
        "INVALID_ARGUMENT",
        "400",
        {"spaceRid", "organizationRids"},
    ),
    "InvalidRoleIds": ("createProject", "INVALID_ARGUMENT", "400", {"requestedRoleIds"}),
    "CreateProjectNoOwnerLikeRoleGrant": (
        "createProject",
        "INVALID_ARGUMENT",
        "400",
        {"grantedRoleIds", "roleSetOwnerLikeRoleIds"},
    ),
    "CreateProjectPermissionDenied": ("createProject", "PERMISSION_DENIED", "403", set()),
    # The seed prints 404 for this one; every other source says 409.
    "ProjectNameAlreadyExists": ("createProject", "CONFLICT", "409", {"displayName", "spaceRid"}),
    # Listed by Palantir's IR for create as well as get.
    "ProjectNotFound": (("createProject", "getProject"), "NOT_FOUND", "404", {"projectRid"}),
    # The resource and user operations' errors, as Palantir's IR lists them.
    "GetRootFolderNotSupported": (
        ("getResource", "getResourceByPath"),
        "INVALID_ARGUMENT",
        "400",
        set(),
    ),
    "GetSpaceResourceNotSupported": (
        ("getResource", "getResourceByPath"),
        "INVALID_ARGUMENT",
        "400",
        {"spaceRid"},
    ),
    "ResourceNotFound": (
        ("deleteResource", "getResource", "getResourceByPath"),
        "NOT_FOUND",
        "404",
        {"resourceRid"},
    ),
    "InvalidPath": ("getResourceByPath", "INVALID_ARGUMENT", "400", {"path"}),
    "PathNotFound": ("getResourceByPath", "NOT_FOUND", "404", {"path"}),
    "GetByPathPermissionDenied": ("getResourceByPath", "PERMISSION_DENIED", "403", set()),
    "TrashingSpaceNotSupported": ("deleteResource", "INVALID_ARGUMENT", "400", {"resourceRid"}),
    "TrashingAutosavedResourcesNotSupported": (
        "deleteResource",
        "INVALID_ARGUMENT",
        "400",
        {"resourceRid"},
    ),
    "TrashingHiddenResourcesNotSupported": (
        "deleteResource",
        "INVALID_ARGUMENT",
        "400",
        {"resourceRid"},
    ),
    "DeleteResourcePermissionDenied": (
        "deleteResource",
        "PERMISSION_DENIED",
        "403",
        {"resourceRid"},
    ),
    "GetCurrentUserPermissionDenied": ("getCurrentUser", "PERMISSION_DENIED", "403", set()),
}
