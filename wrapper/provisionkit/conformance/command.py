"""`provisionkit conformance`: the contract suite against a deployment, from the installed package.

Tokens come only from the environment (MITTWALD_API_TOKEN, FOUNDRY_TOKEN). Read-only unless
--allow-create; with it, every create goes to --server-id / --space-rid, at most --budget of them,
each named with the run's random marker, and everything created is deleted (mittwald) or trashed
(Foundry) at the end; the cleanup touches only projects bearing the marker."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from provisionkit.extras import missing_extra

from .plan import APIS, DEFAULT_BUDGET, DEFAULT_MAX_EXAMPLES, DEFAULT_SEED

__all__ = ["main", "parser"]

EPILOG = """exit codes:
  0    passed, and everything created was removed
  1    conformance failures (the summary names the failed tests), or a creating
       run in which no create was accepted
  2    usage error
  3    configuration: missing token or extra, bad URL or flag combination
  5    the token was refused at pre-flight (401/403), or every request with it got 401
  6    something created could not be confirmed removed (listed in the summary)
  10   the target did not answer the pre-flight, redirected it, or answered it
       outside the spec
  130  interrupted (the cleanup still ran to its end)

environment:
  MITTWALD_API_TOKEN, MITTWALD_BASE_URL (default https://api.mittwald.de)
  FOUNDRY_TOKEN, FOUNDRY_HOSTNAME or FOUNDRY_BASE_URL
  tokens are never accepted as flags."""


def _whole(least: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < least:
            raise argparse.ArgumentTypeError(f"{text!r}: must be at least {least}")
        return value

    return parse


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="provisionkit conformance",
        description=__doc__,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--api", choices=APIS, required=True)
    where = p.add_mutually_exclusive_group()
    where.add_argument("--base-url", help="e.g. http://127.0.0.1:8080 (a local fake)")
    where.add_argument("--hostname", help="Foundry: your stack's host; https://HOSTNAME")
    p.add_argument(
        "--allow-create",
        action="store_true",
        help="also run checks that create projects, only on the designated server or space",
    )
    target = p.add_mutually_exclusive_group()
    target.add_argument("--server-id", help="mittwald: the only server projects may be created on")
    target.add_argument("--space-rid", help="Foundry: the only space projects may be created in")
    p.add_argument(
        "--budget",
        type=_whole(0),
        default=DEFAULT_BUDGET,
        help=f"at most this many projects created per run (default {DEFAULT_BUDGET})",
    )
    p.add_argument("--junit", metavar="FILE", help="write a JUnit XML report")
    p.add_argument("--seed", type=_whole(0), default=DEFAULT_SEED, help="replay a run's seed")
    p.add_argument(
        "--max-examples",
        type=_whole(1),
        default=DEFAULT_MAX_EXAMPLES,
        help=f"examples per operation (default {DEFAULT_MAX_EXAMPLES})",
    )
    return p


def main(argv: Sequence[str], *, stderr: TextIO | None = None) -> int:
    err = stderr or sys.stderr
    args = parser().parse_args(argv)
    try:
        from .plan import Plan  # noqa: PLC0415 - imports provisionkit's config (httpx)
        from .runner import EXIT, run  # noqa: PLC0415 - imports requests (the extra)
    except ImportError as missing:
        return missing_extra("conformance", "conformance", missing, err)
    from provisionkit.errors import ConfigurationError  # noqa: PLC0415

    designated = args.server_id if args.api == "mittwald" else args.space_rid
    if (args.server_id if args.api == "foundry" else args.space_rid) is not None:
        other = "--server-id" if args.api == "foundry" else "--space-rid"
        err.write(f"error: {other} is not for --api {args.api}\n")
        return EXIT["configuration"]
    try:
        plan = Plan.build(
            args.api,
            os.environ,
            base_url=args.base_url,
            hostname=args.hostname,
            allow_create=args.allow_create,
            designated=designated,
            budget=args.budget,
            seed=args.seed,
            max_examples=args.max_examples,
            junit=args.junit,
        )
    except ConfigurationError as error:
        err.write(f"error: {error}\n")
        return EXIT["configuration"]
    return run(plan, err=err)
