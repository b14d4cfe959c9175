"""`make drift`: our specs compared with the vendors' published descriptions, operation by operation.

For each operation we cover (by operationId) it compares:
- the route (method and path), deprecation, and Foundry's release stage (`x-release-stage`, the
  IR's STABLE / PUBLIC_BETA / PRIVATE_BETA);
- security: the schemes by what they send, and the OAuth scopes (requirement lists, and
  Foundry's `x-scopes`, the IR's `auth.scopes`);
- parameters (name, place, required, deprecated) and every schema below them, the request body
  and each response's headers and bodies: required fields, type, format, enum, pattern,
  nullable, deprecated, readOnly/writeOnly, numeric and length bounds (minimum, maximum, their
  exclusive forms, multipleOf, minLength, maxLength, minItems, maxItems, uniqueItems,
  min/maxProperties), defaults, combinators, additionalProperties, `$ref`s resolved;
- the wire error names each response's examples declare (Foundry's `errorName`), each error's
  Conjure `errorCode` (several share a status) and its parameters: names and JSON types (the
  IR's parameter types, through its conversion).
Every difference is printed; the run fails on any that `specs/drift-accepted.yaml` does not list
with a reason, and on any listed one that has gone away.

    python -m specs.drift                       # both APIs, against the committed excerpts
    python -m specs.drift --api mittwald --upstream https://api.mittwald.de/v2/openapi.json
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .accepted import Acceptance, Policy
from .compare import Difference, compare, operation_facts
from .conjure_ir import is_ir, namespaces_of, to_openapi
from .documents import Document, DocumentError, operations, parse, read_text

__all__ = [
    "APIS",
    "SPECS",
    "Acceptance",
    "Difference",
    "DocumentError",
    "Policy",
    "Report",
    "drift",
    "load_upstream",
]

SPECS = Path(__file__).resolve().parents[1]
APIS = ("mittwald", "foundry")


@dataclass
class Report:
    """The outcome for one API: each difference with the entry accepting it (or None)."""

    api: str
    differences: list[tuple[Difference, Acceptance | None]] = field(default_factory=list)
    stale: list[Acceptance] = field(default_factory=list)

    @property
    def unaccepted(self) -> list[Difference]:
        return [difference for difference, acceptance in self.differences if acceptance is None]

    @property
    def clean(self) -> bool:
        return not self.unaccepted and not self.stale


def load_upstream(locations: list[str], policy: Policy) -> Document:
    """The upstream description: one OpenAPI document (JSON or YAML), or Palantir's IR (an IR JSON,
    or the TypeScript modules the typescript SDK keeps its namespaces in), converted on the way in.
    """
    texts = [read_text(location) for location in locations]
    try:
        document: Document | None = parse(texts[0], locations[0])
    except DocumentError:
        document = None  # not JSON or YAML: perhaps an IR namespace's TypeScript module
    if document is not None and not is_ir(document):
        if len(locations) > 1:
            raise DocumentError("several upstream locations are only for IR namespaces")
        return document
    wanted = [policy.renamed.get(name, name) for name in policy.covers]
    namespaces = [namespace for text in texts for namespace in namespaces_of(text)]
    info = {"title": f"converted from the IR at {', '.join(locations)}", "version": "ir"}
    return to_openapi(namespaces, wanted, info)


def drift(api: str, ours: Document, upstream: Document, policy: Policy) -> Report:
    """Compare every operation in `ours` or `policy.covers` with upstream's of the same id."""
    report = Report(api)
    our_operations = operations(ours)
    upstream_operations = operations(upstream)
    for name in sorted(our_operations.keys() | set(policy.covers)):
        upstream_name = policy.renamed.get(name, name)
        mine = our_operations.get(name)
        theirs = upstream_operations.get(upstream_name)
        if mine is None or theirs is None:
            found = mine or theirs  # neither: a `covers` entry naming no operation, reported too
            route = f"{found[0].upper()} {found[1]}" if found else None
            difference = Difference(
                api,
                name,
                "operation",
                "presence",
                ours=route if mine is not None else None,
                upstream=route if theirs is not None else None,
            )
            report.differences.append((difference, policy.acceptance_for(difference)))
            continue
        for difference in compare(
            api, name, operation_facts(ours, *mine), operation_facts(upstream, *theirs)
        ):
            report.differences.append((difference, policy.acceptance_for(difference)))
    used = {id(acceptance) for _, acceptance in report.differences if acceptance is not None}
    report.stale = [entry for entry in policy.accepted if id(entry) not in used]
    return report
