"""The package's shape: no import cycle, only the adapters import generated code, modules stay small."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import provisionkit

PACKAGE = Path(provisionkit.__file__).parent
# Over ~300 lines needs a reason in the module's docstring (CONTRIBUTING.md): these have one.
LONG_LINES = 300


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


# The project's own modules, as (folder the import names start from, folder of the modules): the
# package, and everything in the repository that imports it or is imported as a module.
REPO = Path(__file__).resolve().parents[2]
SOURCES = [
    (PACKAGE.parent, "provisionkit"),
    (REPO, "benchmarks"),
    (REPO, "contract_tests"),
    (REPO, "specs/drift"),
    (REPO, "specs/generator"),
    (REPO, "tests/helpers"),
]


def _project_modules() -> dict[str, Path]:
    found = {}
    for base, folder in SOURCES:
        for path in (base / folder).rglob("*.py"):
            parts = path.relative_to(base).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The project's own modules `name` imports anywhere: at module level, inside functions (lazy)
    and under TYPE_CHECKING, since each of those still ties the two modules together."""
    is_package = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
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


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every group of modules that import each other, directly or round about (Tarjan's strongly
    connected components of more than one module)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for dep in sorted(graph[node]):
            if dep not in index:
                visit(dep)
                low[node] = min(low[node], low[dep])
            elif dep in stack:
                low[node] = min(low[node], index[dep])
        if low[node] == index[node]:
            group = []
            while not group or group[-1] != node:
                group.append(stack.pop())
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_no_import_cycle_in_the_project_lazy_and_type_checking_imports_counted() -> None:
    modules = _project_modules()
    graph = {name: _imports(name, path, set(modules)) for name, path in modules.items()}
    # A package's __init__ re-exporting its submodules is not a cycle of behaviour (importing a
    # module imports its package first anyway): skip the edges from a package to its own children.
    graph = {n: {m for m in deps if not m.startswith(n + ".")} for n, deps in graph.items()}
    assert _cycles(graph) == []


# The rooms of the package and what each may import besides itself, the core and the package's
# __init__ (docs/architecture.md draws the same table). A module is in the first room whose
# prefix it starts with; the core is every top-level module but the CLI.
ROOMS = {
    "provisionkit.cli": None,  # everything, lazily
    "provisionkit.mittwald": (),
    "provisionkit.foundry": (),
    # `python -m provisionkit.fake` is `provisionkit mock`: one parser, the CLI's. An entry point
    # that nothing imports, so no room depends on the CLI through it.
    "provisionkit.fake.__main__": ("provisionkit.cli",),
    "provisionkit.fake": ("provisionkit.mittwald.operations", "provisionkit.foundry.operations"),
    "provisionkit.conformance": (
        "provisionkit.mittwald.operations",
        "provisionkit.foundry.operations",
    ),
    "provisionkit.testing": ("provisionkit.fake",),
}


def _room(module: str) -> str:
    return next((r for r in ROOMS if module == r or module.startswith(r + ".")), "core")


def test_each_room_imports_only_what_the_architecture_allows() -> None:
    modules = {n: p for n, p in _project_modules().items() if n.startswith("provisionkit")}
    crossing = set()
    for name, path in modules.items():
        room = _room(name)
        allowed = ROOMS.get(room, ())
        if allowed is None or name == "provisionkit":  # the CLI; the package's re-exports
            continue
        for dep in _imports(name, path, set(modules)):
            if dep == "provisionkit" or _room(dep) in ("core", room):
                continue
            if not any(dep == a or dep.startswith(a + ".") for a in allowed):
                crossing.add(f"{name} -> {dep}")
    assert crossing == set()


def test_lazy_and_type_checking_imports_count_and_close_a_cycle(tmp_path: Path) -> None:
    """The finder itself (the old layout test skipped both kinds, and missed three cycles)."""
    module = tmp_path / "m.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from .a import A\n"
        "def f():\n    from pkg import b\n"
    )
    assert _imports("pkg.m", module, {"pkg.a", "pkg.b", "pkg.c"}) == {"pkg.a", "pkg.b"}
    graph = {"pkg.m": {"pkg.a"}, "pkg.a": {"pkg.c"}, "pkg.c": {"pkg.m"}, "pkg.b": {"pkg.m"}}
    assert _cycles(graph) == [["pkg.a", "pkg.c", "pkg.m"]]


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


def test_code_and_tests_cite_only_documents_in_the_repo() -> None:
    """A document named in a comment or docstring (`*.md`) is one a reader of this repository can
    open: a path from the root, or the name of a tracked document."""
    documents = {
        p.relative_to(REPO).as_posix() for p in REPO.glob("**/*.md") if ".venv" not in p.parts
    }
    names = {d.rsplit("/", 1)[-1] for d in documents}
    cited = {
        f"{path.relative_to(REPO)}: {name}"
        for folder in ("wrapper", "tests", "contract_tests", "benchmarks", "specs")
        for path in (REPO / folder).rglob("*.py")
        for name in re.findall(r"[\w./-]+\.md\b", path.read_text())
        if name not in documents and name not in names
    }
    assert cited == set()
