"""Rewrite the committed upstream excerpts (specs/upstream/*.json) from the vendors' documents.

    python -m specs.drift.refresh mittwald --from openapi.json --source "mittwald/api-client-js@<commit> ..."
    python -m specs.drift.refresh foundry --from FilesystemV2.ts --from AdminV2.ts --from CoreV2.ts --source "..."

An excerpt keeps only the operations `specs/drift-accepted.yaml` says we cover and everything they
reference, so `make drift` and its tests run offline. The `x-provisionkit-excerpt` key says where
and which version it came from. For Foundry two files: the IR itself, cut to our operations
(`foundry-ir.json`, what the drift tests change one thing at a time), and its OpenAPI conversion
(`foundry.json`, what `make drift` and Prism read); the tests check the second is the first
converted.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from . import SPECS
from .accepted import Policy, policies
from .conjure_ir import ir_excerpt, namespaces_of, to_openapi
from .documents import Document, DocumentError, load, operations, pointer, read_text, referenced


def _header(source: str, kept: list[str], absent: list[str]) -> dict[str, Any]:
    return {
        "source": source,
        "cut": datetime.now(UTC).strftime("%Y-%m-%d"),
        "operations": kept,
        "absent upstream": absent,
        "how": "python -m specs.drift.refresh (see specs/upstream/README.md); do not edit by hand",
    }


def mittwald_excerpt(document: Document, policy: Policy, source: str) -> Document:
    """The covered operations of an OpenAPI document, with every component they reach."""
    found = operations(document)
    # Upstream's names: an operation we call by another name is cut under its upstream name, as
    # the Foundry half does (`renamed` in drift-accepted.yaml).
    wanted = {name: policy.renamed.get(name, name) for name in policy.covers}
    kept = [upstream for upstream in wanted.values() if upstream in found]
    paths: dict[str, dict[str, Any]] = {}
    for name in kept:
        method, path, operation, _ = found[name]
        paths.setdefault(path, {})[method] = operation
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    used_schemes = {
        scheme
        for name in kept
        for requirement in found[name][2].get("security", document.get("security")) or []
        for scheme in requirement
    }
    components: dict[str, dict[str, Any]] = {
        "securitySchemes": {k: v for k, v in schemes.items() if k in used_schemes}
    }
    for ref in sorted(referenced(document, list(paths.values()))):
        _, section, name = ref[2:].split("/", 2)
        components.setdefault(section, {})[name] = pointer(document, ref)
    absent = [name for name, upstream in wanted.items() if upstream not in found]
    excerpt: Document = {"x-provisionkit-excerpt": _header(source, kept, absent)}
    excerpt.update({key: document[key] for key in ("openapi", "info") if key in document})
    if "description" in excerpt.get("info", {}):
        excerpt["info"] = {k: v for k, v in excerpt["info"].items() if k != "description"}
    excerpt["servers"] = document.get("servers", [])
    excerpt["paths"] = dict(sorted(paths.items()))
    excerpt["components"] = {
        section: dict(sorted(entries.items())) for section, entries in sorted(components.items())
    }
    return excerpt


FOUNDRY_INFO = {"title": "Foundry platform API (from Palantir's IR)", "version": "2"}


def foundry_ir_excerpt(texts: list[str], policy: Policy, source: str) -> Document:
    """The IR namespaces cut to the covered operations (still IR: `irVersion`, `namespaces`)."""
    namespaces = [namespace for text in texts for namespace in namespaces_of(text)]
    wanted = [policy.renamed.get(name, name) for name in policy.covers]
    return {
        "x-provisionkit-excerpt": _header(source, wanted, []),
        "irVersion": "v2",
        "namespaces": ir_excerpt(namespaces, wanted),
    }


def foundry_excerpt(ir: Document, policy: Policy) -> Document:
    """The OpenAPI conversion of an IR excerpt, with the same header."""
    wanted = [policy.renamed.get(name, name) for name in policy.covers]
    converted = to_openapi(ir["namespaces"], wanted, dict(FOUNDRY_INFO))
    return {"x-provisionkit-excerpt": ir["x-provisionkit-excerpt"], **converted}


def _write(out: str, document: Document) -> None:
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=2, ensure_ascii=False)
        handle.write("\n")
    print(f"wrote {out}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m specs.drift.refresh", description=__doc__)
    parser.add_argument("api", choices=("mittwald", "foundry"))
    parser.add_argument(
        "--from", dest="sources", action="append", required=True, metavar="URL-OR-FILE"
    )
    parser.add_argument(
        "--source", required=True, help="where and which version, for the excerpt's header"
    )
    parser.add_argument("--out", help="the folder to write to (default specs/upstream)")
    arguments = parser.parse_args(argv)
    try:
        policy = policies(yaml.safe_load((SPECS / "drift-accepted.yaml").read_text()))[
            arguments.api
        ]
        out = Path(arguments.out) if arguments.out else SPECS / "upstream"
        if arguments.api == "mittwald":
            excerpt = mittwald_excerpt(load(arguments.sources[0]), policy, arguments.source)
            _write(str(out / "mittwald.json"), excerpt)
        else:
            ir = foundry_ir_excerpt(
                [read_text(source) for source in arguments.sources], policy, arguments.source
            )
            _write(str(out / "foundry-ir.json"), ir)
            _write(str(out / "foundry.json"), foundry_excerpt(ir, policy))
    except (DocumentError, OSError, KeyError) as exc:
        print(f"refresh: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
