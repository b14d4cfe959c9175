"""The fake's package stays readable: no import cycle among its modules, and no module past about
300 lines unless its docstring says why."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import provisionkit.fake

PACKAGE = Path(provisionkit.fake.__file__).parent
MAX_LINES = 300


def _imports_within_the_package(path: Path) -> set[str]:
    """The sibling modules one module imports (relative imports and absolute ones alike)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module:
                found.add(node.module.split(".")[0])
            elif node.level == 1:  # `from . import errors`
                found.update(alias.name for alias in node.names)
            elif node.module and node.module.startswith("provisionkit.fake."):
                found.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            found.update(
                alias.name.split(".")[2]
                for alias in node.names
                if alias.name.startswith("provisionkit.fake.")
            )
    return found


def _graph() -> dict[str, set[str]]:
    modules = {p.stem: p for p in PACKAGE.glob("*.py")}
    return {
        name: _imports_within_the_package(path) & set(modules) for name, path in modules.items()
    }


def test_the_fake_package_import_graph_has_no_cycle() -> None:
    graph = _graph()
    # A cycle is a CycleError; the order itself is only proof the sort ran over every module.
    order = list(graphlib.TopologicalSorter(graph).static_order())
    assert set(order) == set(graph)


def test_the_cycle_check_sees_a_cycle() -> None:
    """The check above can fail: the same sort over a graph with a cycle raises."""
    graph = _graph()
    graph["world"] = {*graph["world"], "knobs"}  # knobs imports world, transitively or directly
    try:
        list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError:
        return
    raise AssertionError("a cycle went unnoticed")


def test_no_module_is_long_without_saying_why() -> None:
    long = {}
    for path in PACKAGE.glob("*.py"):
        lines = len(path.read_text().splitlines())
        docstring = ast.get_docstring(ast.parse(path.read_text())) or ""
        if lines > MAX_LINES and "lines" not in docstring:
            long[path.name] = lines
    assert not long, f"modules over {MAX_LINES} lines with no reason in their docstring: {long}"
