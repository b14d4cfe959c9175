"""The two specs the fake is built from, read once, and each request's operationId found in them."""

from __future__ import annotations

import copy
import functools
import re
from pathlib import Path
from typing import Any

import yaml

__all__ = ["SPEC_NAMES", "OperationRouter", "load_spec"]

SPECS = Path(__file__).resolve().parents[3] / "specs"
SPEC_NAMES = ("mittwald", "foundry")


@functools.cache
def _read(api: str) -> dict[str, Any]:
    for folder in (SPECS, Path(__file__).resolve().parent / "specs"):
        path = folder / f"{api}.yaml"
        if path.exists():
            spec: dict[str, Any] = yaml.safe_load(path.read_text())
            return spec
    raise FileNotFoundError(f"spec {api}.yaml not found next to the package or in {SPECS}")


def load_spec(api: str) -> dict[str, Any]:
    """A spec as a dict (a copy: callers may change it); from the source tree, or the copy
    shipped inside the package. Parsed once per process: every Fake reads the same files."""
    return copy.deepcopy(_read(api))


class OperationRouter:
    """Finds the operationId of a request from the specs' own paths (nothing restated).

    A request names the first spec path that matches it, concrete paths before templated ones
    (as OpenAPI says: `/resources/getByPath` is never the rid `getByPath`), and then one of that
    path's methods; a method the path does not declare is a 405 listing the ones it does.
    """

    def __init__(self) -> None:
        self.paths: list[tuple[re.Pattern[str], dict[str, str]]] = []
        for api in SPEC_NAMES:
            for path, item in _read(api)["paths"].items():
                pattern = re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$")
                methods = {
                    method.upper(): operation["operationId"]
                    for method, operation in item.items()
                    if isinstance(operation, dict) and "operationId" in operation
                }
                self.paths.append((pattern, methods))
        self.paths.sort(key=lambda entry: entry[0].pattern.count("[^/]+"))  # stable: spec order
        # (method, path pattern, operationId), in matching order (provisionkit.testing reads it).
        self.routes = [
            (method, pattern, operation)
            for pattern, methods in self.paths
            for method, operation in methods.items()
        ]
        self.operation_ids = frozenset(op for _, _, op in self.routes)

    def allowed_methods(self, path: str) -> list[str] | None:
        """The methods the spec gives the path a request names (None: no spec path matches)."""
        for pattern, methods in self.paths:
            if pattern.fullmatch(path):
                return list(methods)
        return None

    def operation_id(self, method: str, path: str) -> str | None:
        for pattern, methods in self.paths:
            if pattern.fullmatch(path):
                return methods.get(method)
        return None
