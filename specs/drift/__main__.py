"""`python -m specs.drift`: print every difference; exit 1 on one not accepted (or a stale acceptance)."""

from __future__ import annotations

import argparse
import sys

import yaml

from . import APIS, SPECS, DocumentError, Report, drift, load_upstream
from .accepted import policies
from .documents import load


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m specs.drift", description=__doc__)
    parser.add_argument(
        "--api", choices=APIS, action="append", help="only this API (repeatable; default: both)"
    )
    parser.add_argument(
        "--upstream",
        action="append",
        metavar="URL-OR-FILE",
        help="the vendor's document (OpenAPI JSON/YAML, or for Foundry Palantir's IR); "
        "default: the excerpt committed as specs/upstream/<api>.json. Needs exactly one --api; "
        "repeat it to give several IR namespaces.",
    )
    parser.add_argument(
        "--ours",
        metavar="FILE",
        help="our spec (default specs/<api>.yaml). Needs exactly one --api.",
    )
    parser.add_argument("--accepted", metavar="FILE", default=str(SPECS / "drift-accepted.yaml"))
    parser.add_argument("--quiet", action="store_true", help="print only what fails the run")
    arguments = parser.parse_args(argv)
    arguments.api = arguments.api or list(APIS)
    if (arguments.upstream or arguments.ours) and len(arguments.api) != 1:
        parser.error("--upstream and --ours need exactly one --api")
    return arguments


def _print(report: Report, *, quiet: bool) -> None:
    """Unaccepted differences first; accepted ones tagged with their entry, each reason said once."""
    numbers: dict[int, int] = {}
    for difference in report.unaccepted:
        print(f"DRIFT     {difference}")
    for difference, acceptance in report.differences:
        if acceptance is not None and not quiet:
            number = numbers.setdefault(id(acceptance), len(numbers) + 1)
            print(f"accepted  {difference}  [{number}]")
    for entry in report.stale:
        print(
            f"STALE     {report.api} accepted difference no longer found: {entry} ({entry.reason})"
        )
    if numbers and not quiet:
        print(f"{report.api}: the reasons")
        used = {id(a): a for _, a in report.differences if a is not None}
        for key, number in numbers.items():
            print(f"  [{number}] {used[key].reason}")
    accepted = len(report.differences) - len(report.unaccepted)
    verdict = "clean" if report.clean else "FAILED"
    print(
        f"{report.api}: {len(report.differences)} difference(s), {accepted} accepted, "
        f"{len(report.unaccepted)} not accepted, {len(report.stale)} stale acceptance(s): {verdict}"
    )


def main(argv: list[str] | None = None) -> int:
    arguments = _arguments(argv)
    try:
        with open(arguments.accepted, encoding="utf-8") as handle:
            all_policies = policies(yaml.safe_load(handle))
        clean = True
        for api in arguments.api:
            policy = all_policies.get(api)
            if policy is None:
                raise DocumentError(f"{arguments.accepted} has no entry for {api}")
            ours = load(arguments.ours or str(SPECS / f"{api}.yaml"))
            upstream = load_upstream(
                arguments.upstream or [str(SPECS / "upstream" / f"{api}.json")], policy
            )
            report = drift(api, ours, upstream, policy)
            _print(report, quiet=arguments.quiet)
            clean = clean and report.clean
    except (DocumentError, OSError, yaml.YAMLError) as exc:
        print(f"drift: {exc}", file=sys.stderr)
        return 2
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
