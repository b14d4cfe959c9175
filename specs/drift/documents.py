"""Loading an API description (a file or a URL; JSON or YAML) and following its local `$ref`s."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

import yaml

Document = dict[str, Any]
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# A full vendor document is ~1 MB; anything far beyond is not an API description.
MAX_DOCUMENT_BYTES = 64 << 20
URL_TIMEOUT_SECONDS = 30.0


class DocumentError(Exception):
    """Raised when a document cannot be read, parsed, or does not look like an API description."""


def read_text(location: str) -> str:
    """The text at `location`: an http(s) URL or a file path."""
    if location.startswith(("http://", "https://")):
        try:
            with urllib.request.urlopen(location, timeout=URL_TIMEOUT_SECONDS) as answer:  # noqa: S310 (scheme checked above)
                raw: bytes = answer.read(MAX_DOCUMENT_BYTES + 1)
        except OSError as exc:
            raise DocumentError(f"cannot fetch {location}: {exc}") from exc
        if len(raw) > MAX_DOCUMENT_BYTES:
            raise DocumentError(f"{location} is larger than {MAX_DOCUMENT_BYTES} bytes")
        return raw.decode("utf-8")
    try:
        return Path(location).read_text(encoding="utf-8")
    except OSError as exc:
        raise DocumentError(f"cannot read {location}: {exc}") from exc


def parse(text: str, location: str) -> Document:
    """JSON when it parses as JSON (the vendors' format), else YAML (ours); a mapping either way."""
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise DocumentError(f"{location} is neither JSON nor YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise DocumentError(f"{location} does not hold a JSON object")
    return data


def load(location: str) -> Document:
    return parse(read_text(location), location)


def pointer(document: Document, ref: str) -> Any:
    """The node a local `$ref` (`#/a/b`) names; `~1` and `~0` unescaped as RFC 6901 says."""
    if not ref.startswith("#/"):
        raise DocumentError(f"only local references are supported, not {ref!r}")
    node: Any = document
    for raw in ref[2:].split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        try:
            node = node[int(part)] if isinstance(node, list) else node[part]
        except (KeyError, IndexError, ValueError, TypeError) as exc:
            raise DocumentError(f"dangling reference {ref!r}") from exc
    return node


def deref(document: Document, node: Any) -> Any:
    """Follow `$ref` (possibly chained) until a node without one; a cycle of bare refs is an error."""
    seen: set[str] = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if ref in seen:
            raise DocumentError(f"reference cycle through {ref!r}")
        seen.add(ref)
        node = pointer(document, ref)
    return node


def operations(document: Document) -> dict[str, tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """operationId -> (method, path, operation, path item) for every operation that has an id."""
    found: dict[str, tuple[str, str, dict[str, Any], dict[str, Any]]] = {}
    for path, raw_item in (document.get("paths") or {}).items():
        item = deref(document, raw_item)
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict) and "operationId" in operation:
                found[operation["operationId"]] = (method, path, operation, item)
    return found


def referenced(document: Document, roots: list[Any]) -> set[str]:
    """Every local `$ref` reachable from `roots`, transitively (for cutting excerpts)."""
    found: set[str] = set()
    stack: list[Any] = list(roots)
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref not in found:
                found.add(ref)
                stack.append(pointer(document, ref))
            stack.extend(value for key, value in node.items() if key != "$ref")
        elif isinstance(node, list):
            stack.extend(node)
    return found
