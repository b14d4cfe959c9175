"""Replay a vendor document's published history through drift: does it see every change?

    python -m specs.drift.replay --git-dir <mirror of mittwald/api-client-js>
        [--path packages/mittwald/spec/openapi.json] [--api mittwald]

For each pair of consecutive versions of the document in the repository's history, each covered
operation is reduced twice: to drift's facts, and to its raw definition (every `$ref` resolved,
prose dropped: descriptions, summaries, examples, titles, tags; security as the schemes its
requirements use, by content). Where the raw definition changed, drift's facts must change too;
a change drift did not see is printed with its diff and fails the run (exit 1).
"""

from __future__ import annotations

import argparse
import difflib
import json
import subprocess
import sys
from collections import Counter
from typing import Any

import yaml

from . import SPECS
from .accepted import policies
from .compare import Facts, compare, operation_facts
from .documents import Document, deref, operations

_PROSE = frozenset(
    {"description", "summary", "example", "examples", "title", "externalDocs", "tags"}
)
Seen = tuple[Facts, Any] | None


def _raw(document: Document, node: Any, stack: tuple[str, ...] = (), names: bool = False) -> Any:
    """`node` with references resolved and prose dropped (a `properties` mapping keeps every
    name: a field may be called `description`)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            if ref in stack:
                return {"recursive": ref}
            return _raw(document, deref(document, node), (*stack, ref), names)
        return {
            key: _raw(document, value, stack, key == "properties")
            for key, value in sorted(node.items())
            if names or key not in _PROSE
        }
    if isinstance(node, list):
        return [_raw(document, value, stack) for value in node]
    return node


def _security(document: Document, operation: dict[str, Any]) -> list[str]:
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    requirements = operation.get("security", document.get("security")) or []
    return sorted(
        json.dumps([[schemes.get(name), sorted(scopes)] for name, scopes in sorted(r.items())])
        for r in requirements
    )


def _state(document: Document, covered: list[str]) -> dict[str, Seen]:
    found = operations(document)
    state: dict[str, Seen] = {}
    for name in covered:
        if name not in found:
            state[name] = None
            continue
        method, path, operation, item = found[name]
        raw = {
            "route": f"{method} {path}",
            "operation": {k: v for k, v in operation.items() if k != "security"},
            "path parameters": item.get("parameters"),
            "security": _security(document, operation),
        }
        state[name] = (
            operation_facts(document, method, path, operation, item),
            _raw(document, raw),
        )
    return state


def _git(git: list[str], *arguments: str, check: bool) -> str:
    """git's output (the command is ours; only the repository and path come from the caller)."""
    done = subprocess.run([*git, *arguments], capture_output=True, text=True, check=check)  # noqa: S603
    return done.stdout


def _versions(git: list[str], path: str) -> list[tuple[str, str]]:
    log = _git(git, "log", "--reverse", "--format=%h %ad", "--date=short", "--", path, check=True)
    return [(line.split()[0], line.split()[1]) for line in log.splitlines() if line.strip()]


def replay(api: str, git_dir: str, path: str) -> tuple[int, int, list[str], Counter[str]]:
    """(versions read, operation changes drift saw, the changes it did not see, kinds seen)."""
    git = ["git", f"--git-dir={git_dir}"]
    covered = list(
        policies(yaml.safe_load((SPECS / "drift-accepted.yaml").read_text()))[api].covers
    )
    previous: tuple[str, dict[str, Seen]] | None = None
    versions, seen, unseen, kinds = 0, 0, [], Counter[str]()
    for commit, date in _versions(git, path):
        try:
            document = json.loads(_git(git, "show", f"{commit}:{path}", check=False))
        except ValueError:
            continue  # a version that is not JSON (a broken commit): nothing to compare
        versions += 1
        state = _state(document, covered)
        if previous is not None:
            for name in covered:
                before, after = previous[1][name], state[name]
                if before is None or after is None:
                    seen += before is not after
                    continue
                if before[1] == after[1]:
                    continue
                differences = compare(api, name, after[0], before[0])
                if differences:
                    seen += 1
                    kinds.update(d.what for d in differences)
                    continue
                diff = difflib.unified_diff(
                    json.dumps(before[1], indent=1, sort_keys=True).splitlines(),
                    json.dumps(after[1], indent=1, sort_keys=True).splitlines(),
                    lineterm="",
                    n=1,
                )
                unseen.append(
                    f"{previous[0]} -> {commit} ({date}) {name}:\n" + "\n".join(list(diff)[2:40])
                )
        previous = (commit, state)
    return versions, seen, unseen, kinds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m specs.drift.replay", description=__doc__)
    parser.add_argument("--git-dir", required=True, help="a clone or mirror holding the history")
    parser.add_argument("--path", default="packages/mittwald/spec/openapi.json")
    parser.add_argument("--api", default="mittwald", choices=("mittwald",))
    arguments = parser.parse_args(argv)
    try:
        versions, seen, unseen, kinds = replay(arguments.api, arguments.git_dir, arguments.path)
    except (subprocess.CalledProcessError, OSError) as exc:
        print(f"replay: {exc}", file=sys.stderr)
        return 2
    for change in unseen:
        print(f"UNSEEN    {change}")
    print(
        f"{versions} version(s); {seen} operation change(s) seen, {len(unseen)} not seen; "
        f"kinds of difference seen: {dict(sorted(kinds.items()))}"
    )
    return 1 if unseen else 0


if __name__ == "__main__":
    sys.exit(main())
