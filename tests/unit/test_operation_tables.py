"""Each API's operation table agrees with its spec, the generated client, the adapter and the twins."""

from __future__ import annotations

import importlib
import inspect
from typing import Any

import pytest
from provisionkit import AsyncFoundryClient, AsyncMittwaldClient, FoundryClient, MittwaldClient
from provisionkit.foundry import operations as foundry_table
from provisionkit.mittwald import operations as mittwald_table
from provisionkit.operations import Kind, Operation, Where

from tests.helpers.specs import load, resolve

TABLES = {"mittwald": mittwald_table, "foundry": foundry_table}
CLIENTS = {
    "mittwald": (MittwaldClient, AsyncMittwaldClient),
    "foundry": (FoundryClient, AsyncFoundryClient),
}
METHODS = {
    Kind.READ: {"get"},
    Kind.LIST: {"get"},
    Kind.WAIT: {"get"},
    Kind.DELETE: {"delete"},
    Kind.UPDATE: {"patch", "put"},
    Kind.CREATE: {"post"},
}
ENTRIES = [
    pytest.param(api, op, id=f"{api}.{op.method}")
    for api, table in TABLES.items()
    for op in table.OPERATIONS
]


def spec_operations(api: str) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """operationId -> (HTTP method, path, operation) in the spec."""
    found = {}
    for path, item in load(api)["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                found.setdefault(operation["operationId"], (method, path, operation))
    return found


@pytest.mark.parametrize("api", TABLES)
def test_every_spec_operation_has_an_entry_or_a_stated_reason(api: str) -> None:
    table = TABLES[api]
    in_table = {op.id for op in table.OPERATIONS}
    assert set(spec_operations(api)) - in_table == set(table.NOT_EXPOSED)
    assert all(reason.strip() for reason in table.NOT_EXPOSED.values())


@pytest.mark.parametrize("api", TABLES)
def test_no_entry_names_an_operation_the_spec_lacks(api: str) -> None:
    assert {op.id for op in TABLES[api].OPERATIONS} <= set(spec_operations(api))


@pytest.mark.parametrize(("api", "op"), ENTRIES)
def test_each_entry_matches_its_spec_operations_method_and_success_status(
    api: str, op: Operation
) -> None:
    method, _, operation = spec_operations(api)[op.id]
    assert method in METHODS[op.kind], (op.id, method)
    declared = {str(status) for status in operation["responses"]}
    assert {str(status) for status in op.success} & declared, (op.success, declared)
    required = {
        param["name"]
        for param in (resolve(load(api), p) for p in operation.get("parameters", []))
        if param.get("required") and param["in"] in ("path", "query")
    }
    # Every parameter the spec requires is one the entry sends (by its generated name).
    sent = {p.wire_name for p in op.sent}
    assert {_snake(name) for name in required} <= sent, (op.id, required, sent)


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


@pytest.mark.parametrize(("api", "op"), ENTRIES)
def test_each_entry_names_a_generated_endpoint_that_takes_its_arguments(
    api: str, op: Operation
) -> None:
    assert op.endpoint, op.id
    module = importlib.import_module(f"provisionkit_{api}_client.api.{op.endpoint}")
    accepted = set(inspect.signature(module._get_kwargs).parameters)
    wanted = {p.wire_name for p in op.sent if p.where is not Where.BODY}
    if op.paging:
        wanted |= {op.paging.size, op.paging.cursor}
    if op.body:
        wanted.add("body")
    assert wanted <= accepted, (op.id, wanted - accepted)


@pytest.mark.parametrize(("api", "op"), ENTRIES)
def test_each_entrys_parser_and_checks_are_the_adapters(api: str, op: Operation) -> None:
    adapter = importlib.import_module(f"provisionkit.{api}.adapter")
    for name in [op.parse, *(p.check for p in op.params)]:
        if name:
            assert callable(getattr(adapter, name, None)), (op.id, name)
    if op.kind.is_simple and op.returns != "None":
        assert op.parse, f"{op.id} returns {op.returns} but names no parser"


@pytest.mark.parametrize("api", TABLES)
def test_the_twins_offer_exactly_the_tables_methods_with_its_docstrings(api: str) -> None:
    table = TABLES[api]
    for client in CLIENTS[api]:
        public = {
            name
            for name, _ in inspect.getmembers(client, inspect.isfunction)
            if not name.startswith("_") and name not in {"close", "aclose"}
        }
        assert public == {op.method for op in table.OPERATIONS}
        for op in table.OPERATIONS:
            assert inspect.getdoc(getattr(client, op.method)) == inspect.cleandoc(op.doc)
