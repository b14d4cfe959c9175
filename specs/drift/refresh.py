"""Rewrite the committed upstream excerpts (specs/upstream/*.json) from the vendors' documents.

    python -m specs.drift.refresh mittwald --from openapi.json --source "mittwald/api-client-js@<commit> ..."
    python -m specs.drift.refresh foundry --from FilesystemV2.ts --from AdminV2.ts --from CoreV2.ts --source "..."

An excerpt keeps only the operations `specs/drift-accepted.yaml` says we cover and everything they
reference, so `make drift` and its tests run offline. The `x-provisionkit-excerpt` key says where
and which version it came from.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import Any

import yaml

from . import SPECS
from .accepted import Policy, policies
from .conjure_ir import namespaces_of, to_openapi
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


def foundry_excerpt(texts: list[str], policy: Policy, source: str) -> Document:
    namespaces = [namespace for text in texts for namespace in namespaces_of(text)]
    wanted = [policy.renamed.get(name, name) for name in policy.covers]
    converted = to_openapi(
        namespaces, wanted, {"title": "Foundry platform API (from Palantir's IR)", "version": "2"}
    )
    return {"x-provisionkit-excerpt": _header(source, wanted, []), **converted}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m specs.drift.refresh", description=__doc__)
    parser.add_argument("api", choices=("mittwald", "foundry"))
    parser.add_argument(
        "--from", dest="sources", action="append", required=True, metavar="URL-OR-FILE"
    )
    parser.add_argument(
        "--source", required=True, help="where and which version, for the excerpt's header"
    )
    parser.add_argument("--out", help="default specs/upstream/<api>.json")
    arguments = parser.parse_args(argv)
    try:
        policy = policies(yaml.safe_load((SPECS / "drift-accepted.yaml").read_text()))[
            arguments.api
        ]
        if arguments.api == "mittwald":
            excerpt = mittwald_excerpt(load(arguments.sources[0]), policy, arguments.source)
        else:
            excerpt = foundry_excerpt(
                [read_text(source) for source in arguments.sources], policy, arguments.source
            )
    except (DocumentError, OSError, KeyError) as exc:
        print(f"refresh: {exc}", file=sys.stderr)
        return 2
    out = arguments.out or str(SPECS / "upstream" / f"{arguments.api}.json")
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(excerpt, handle, indent=2, ensure_ascii=False)
        handle.write("\n")
    print(f"wrote {out}: {len(excerpt['paths'])} path(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
