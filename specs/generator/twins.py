"""Write each API's client twins (`wrapper/provisionkit/<api>/client.py`) from its operation table.

Why generated code rather than a descriptor: services' IDEs and `mypy --strict` must see each
method's real signature, docstring and return type, and a descriptor built from data cannot give
them that (ParamSpec cannot be made from a table); generated source is plain code any tool reads,
costs nothing per call, and `make check-generated` proves it is what the table says. The twins
differ only in `def`/`async def` and `await`, so they cannot drift apart.

Run by `make generate` (`python specs/generator/twins.py <wrapper package dir>`); the output is
formatted by the pinned ruff with the project's settings, so it passes `make lint` as it is.
"""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from provisionkit.operations import REQUIRED, Operation, Param, Where

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent


@dataclass(frozen=True)
class Client:
    api: str
    name: str  # the sync twin's class name
    base: str  # the hand-written base class in <api>/base.py (constructor, from_env)
    doc: str


CLIENTS = (
    Client(
        "mittwald",
        "MittwaldClient",
        "MittwaldBase",
        "mittwald mStudio: create projects on servers and wait until they are ready.",
    ),
    Client(
        "foundry", "FoundryClient", "FoundryBase", "Palantir Foundry: create projects in spaces."
    ),
)

# Where each name an annotation or default uses comes from.
IMPORTS = {
    "Iterable": "collections.abc",
    "Reconcile": "provisionkit.reconciling",
    "RoleGrants": ".adapter",
}
VALUE_CLASSES = "provisionkit.values"
BUILTINS = {"str", "int", "float", "bool", "None", "list", "dict", "True", "False"}


def _names(text: str) -> set[str]:
    code = re.sub(r'"[^"]*"', "", text)  # a string default names nothing
    return set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", code)) - BUILTINS


def _module_of(name: str) -> str:
    if name.startswith("DEFAULT_"):
        return "provisionkit.config"
    return IMPORTS.get(name, VALUE_CLASSES)


def _params(op: Operation) -> list[Param]:
    params = list(op.params)
    if not any(p.name == "timeout" for p in params):
        params.append(Param("timeout", "float", op.timeout, Where.FLOW))
    return params


def _signature(op: Operation) -> str:
    parts = ["self"]
    star = False
    for p in _params(op):
        if p.keyword_only and not star:
            parts.append("*")
            star = True
        default = "" if p.default == REQUIRED else f" = {p.default}"
        parts.append(f"{p.name}: {p.annotation}{default}")
    return ", ".join(parts)


def _flow(op: Operation) -> str:
    if op.kind.is_simple:
        args = ", ".join(f"{p.name}={p.name}" for p in op.params)
        return f'self._flows.run(_OP["{op.method}"], timeout{", " if args else ""}{args})'
    args = ", ".join(p.name if not p.keyword_only else f"{p.name}={p.name}" for p in _params(op))
    return f"self._flows.{op.method}({args})"


def _method(op: Operation, *, is_async: bool) -> str:
    doc = "\n".join(
        f"        {line}".rstrip() if i else line
        for i, line in enumerate(inspect.cleandoc(op.doc).splitlines())
    )
    run = f"{'await ' if is_async else ''}self._run({_flow(op)})"
    if op.returns == "None":
        body = run
    elif op.kind.is_simple:  # the generic flow is typed Any: the table states the type
        body = f'return cast("{op.returns}", {run})'
    else:
        body = f"return {run}"
    return (
        f"    {'async ' if is_async else ''}def {op.method}({_signature(op)}) -> {op.returns}:\n"
        f'        """{doc}"""\n'
        f"        {body}\n"
    )


def render(client: Client, operations: tuple[Operation, ...]) -> str:
    used: set[str] = set()
    for op in operations:
        used |= _names(op.returns)
        for p in _params(op):
            used |= _names(p.annotation) | (_names(p.default) if p.default != REQUIRED else set())
    by_module: dict[str, set[str]] = {}
    for name in used:
        by_module.setdefault(_module_of(name), set()).add(name)
    imports = "\n".join(
        f"from {module} import {', '.join(sorted(names))}"
        for module, names in sorted(by_module.items())
    )
    needs_cast = any(op.kind.is_simple and op.returns != "None" for op in operations)
    async_name = f"Async{client.name}"
    methods = [_method(op, is_async=False) for op in operations]
    async_methods = [_method(op, is_async=True) for op in operations]
    return (
        f'"""The {client.api} clients services import: `{client.name}` and its async twin.\n\n'
        f"Generated from {client.api}/operations.py by specs/generator/twins.py (`make generate`):\n"
        "do not edit; change the table (or the base class in base.py) and regenerate.\n"
        '`make check-generated` fails when this file differs from what the table generates.\n"""\n\n'
        "from __future__ import annotations\n\n"
        f"{'from typing import cast' if needs_cast else ''}\n\n"
        "import httpx\n\n"
        "from provisionkit.clientbase import AsyncClient, SyncClient\n"
        "from provisionkit.operations import by_method\n"
        f"{imports}\n\n"
        f"from .base import {client.base}\n"
        "from .operations import OPERATIONS\n\n"
        f'__all__ = ["{async_name}", "{client.name}"]\n\n'
        "_OP = by_method(OPERATIONS)\n\n\n"
        f"class {client.name}(SyncClient, {client.base}[httpx.BaseTransport]):\n"
        f'    """{client.doc}"""\n\n' + "\n".join(methods) + "\n\n"
        f"class {async_name}(AsyncClient, {client.base}[httpx.AsyncBaseTransport]):\n"
        f'    """The async twin of {client.name}: same arguments, same results."""\n\n'
        + "\n".join(async_methods)
    )


README_BEGIN = "<!-- the operations list, generated from the tables by specs/generator/twins.py -->"
README_END = "<!-- end of the generated operations list -->"


def readme_operations() -> str:
    """The README's operation list, from the tables (tests/specs/test_readme_blocks.py checks it)."""
    rows = [
        "| client method | kind | spec operation | CLI |",
        "| --- | --- | --- | --- |",
    ]
    for client in CLIENTS:
        module = __import__(f"provisionkit.{client.api}.operations", fromlist=["OPERATIONS"])
        for op in module.OPERATIONS:
            cli = f"`provisionkit {client.api} {op.cli.command}`" if op.cli else ""
            rows.append(f"| `{client.name}.{op.method}` | {op.kind} | `{op.id}` | {cli} |")
        for operation_id, reason in module.NOT_EXPOSED.items():
            rows.append(f"| (none) | | `{operation_id}` | {reason} |")
    return "\n".join([README_BEGIN, *rows, README_END])


def _write_readme(readme: Path) -> None:
    text = readme.read_text()
    start, end = text.index(README_BEGIN), text.index(README_END) + len(README_END)
    readme.write_text(text[:start] + readme_operations() + text[end:])


def _formatted(source: str, as_path: Path) -> str:
    """`source` as the pinned ruff fixes and formats it with the settings of the file it stands
    for (through stdin, so a copy written elsewhere, as check-generated does, comes out the same)."""
    ruff = Path(sys.executable).with_name("ruff")
    command = str(ruff) if ruff.exists() else "ruff"
    name = str(as_path.relative_to(REPO))
    for step in (["check", "--fix-only", "--select", "I,F401", "--exit-zero"], ["format"]):
        source = subprocess.run(  # noqa: S603 - the pinned ruff on our own output
            [command, *step, "--no-cache", "--quiet", "--stdin-filename", name, "-"],
            input=source,
            capture_output=True,
            text=True,
            cwd=REPO,
            check=True,
        ).stdout
    return source


def main(argv: list[str]) -> int:
    package = Path(argv[0]) if argv else REPO / "wrapper" / "provisionkit"
    for client in CLIENTS:
        module = __import__(f"provisionkit.{client.api}.operations", fromlist=["OPERATIONS"])
        target = package / client.api / "client.py"
        target.parent.mkdir(parents=True, exist_ok=True)
        home = REPO / "wrapper" / "provisionkit" / client.api / "client.py"
        target.write_text(_formatted(render(client, module.OPERATIONS), home))
    if not argv:  # writing the repo's own files: its README's operation list too
        _write_readme(REPO / "README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
