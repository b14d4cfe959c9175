"""The package's shape: no import cycle, only the adapters import generated code, modules stay small."""

from __future__ import annotations

import ast
from pathlib import Path

import provisionkit

PACKAGE = Path(provisionkit.__file__).parent
# Over ~300 lines needs a reason in the module's docstring (STYLE.md): these have one.
LONG_LINES = 300


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's own modules `name` imports at module level (TYPE_CHECKING blocks excluded)."""
    tree = ast.parse(path.read_text())
    is_package = path.name == "__init__.py"
    out: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            candidates = [target] + [f"{target}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        else:
            continue
        out |= {c for c in candidates if c in known and c != name}
    return out


def test_the_import_graph_of_the_wrapper_has_no_cycle() -> None:
    modules = _modules()
    graph = {name: _imports(name, path, set(modules)) for name, path in modules.items()}
    # A package's __init__ re-exporting its submodules is not a cycle of behaviour: skip the
    # edges from a package to its own children.
    graph = {n: {m for m in deps if not m.startswith(n + ".")} for n, deps in graph.items()}
    visiting: list[str] = []
    done: set[str] = set()

    def visit(node: str) -> None:
        if node in done:
            return
        assert node not in visiting, f"import cycle: {' -> '.join([*visiting, node])}"
        visiting.append(node)
        for dep in sorted(graph[node]):
            visit(dep)
        visiting.pop()
        done.add(node)

    for node in sorted(graph):
        visit(node)


GENERATED = ("provisionkit_mittwald_client", "provisionkit_foundry_client")


def _imported_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and not node.level:
            names.add(node.module or "")
        elif isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
    return names


def test_only_the_adapters_import_the_generated_clients() -> None:
    importers = {
        name
        for name, path in _modules().items()
        if any(n.split(".")[0] in GENERATED for n in _imported_names(path))
    }
    assert importers == {"provisionkit.mittwald.adapter", "provisionkit.foundry.adapter"}


def test_no_module_is_over_300_lines_without_saying_why_in_its_docstring() -> None:
    long = {
        name: len(path.read_text().splitlines())
        for name, path in _modules().items()
        if len(path.read_text().splitlines()) > LONG_LINES
        and "over 300 lines" not in (ast.get_docstring(ast.parse(path.read_text())) or "")
    }
    assert long == {}


def test_benchmarks_take_from_tests_only_the_shared_helpers() -> None:
    """benchmarks/ measures with the tests' equipment (tests/helpers: the hostile servers, the
    conformance runner), never by importing a test module or a conftest."""
    root = Path(__file__).resolve().parents[2]
    reaching = {
        f"{path.relative_to(root)}: {name}"
        for path in sorted((root / "benchmarks").glob("*.py"))
        for name in _imported_names(path)
        if name.split(".")[0] == "tests" and not name.startswith("tests.helpers")
    }
    assert reaching == set()
