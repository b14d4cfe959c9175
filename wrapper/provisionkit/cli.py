"""`provisionkit`: create and inspect projects from the shell. Results are JSON on stdout;
progress and timing go to stderr; tokens come only from the environment."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from .clients import FoundryClient, MittwaldClient
from .errors import (
    BadRequest,
    ConfigurationError,
    Conflict,
    NotFound,
    OutcomeUnknown,
    PermissionDenied,
    ProjectFailed,
    ProvisionError,
    ReadinessTimeout,
    TransportError,
    Unauthorized,
    UnexpectedResponse,
)
from .values import Principal, PrincipalType

__all__ = ["EXIT_CODES", "main"]

# Most specific first: the first class an error is an instance of picks its exit code.
EXIT_CODES: list[tuple[type[ProvisionError], int, str]] = [
    (ConfigurationError, 3, "configuration: missing token, bad URL"),
    (BadRequest, 4, "the request was invalid (also caught before sending)"),
    (Unauthorized, 5, "the token was refused"),
    (PermissionDenied, 5, "not allowed, or not visible"),
    (NotFound, 6, "no such space, organization or project"),
    (Conflict, 7, "name already taken"),
    (ProjectFailed, 8, "the project ended in a failed state"),
    (ReadinessTimeout, 9, "not ready before the timeout"),
    (OutcomeUnknown, 11, "the create may or may not have happened: check before retrying"),
    (TransportError, 10, "network failure"),
    (UnexpectedResponse, 13, "the API answered outside its spec"),
    (ProvisionError, 12, "any other API error (rate limit, server error)"),
]


def exit_code(error: ProvisionError) -> int:
    return next(code for cls, code, _ in EXIT_CODES if isinstance(error, cls))


class Progress(logging.Handler):
    """Renders readiness polls as one live line on a terminal; silent when stderr is not one."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__(logging.DEBUG)
        self.stream = stream

    def emit(self, record: logging.LogRecord) -> None:
        poll = getattr(record, "poll", None)
        if poll is None:
            return
        line = f"\r  waiting: {record.elapsed:6.1f} s, poll {poll}, {record.state}"  # type: ignore[attr-defined]
        self.stream.write(line.ljust(70))
        self.stream.flush()


def _principal(text: str) -> tuple[str, Principal]:
    role, _, who = text.partition("=")
    kind, _, principal_id = who.rpartition(":")
    if not role or not principal_id:
        raise argparse.ArgumentTypeError(f"{text!r}: use ROLE=[USER|GROUP:]PRINCIPAL_UUID")
    return role, Principal(principal_id, PrincipalType(kind.upper() or "USER"))


def _parser() -> argparse.ArgumentParser:
    epilog = "exit codes:\n  0  success\n  2  usage error\n" + "\n".join(
        f"  {code:<2} {cls.__name__}: {text}" for cls, code, text in EXIT_CODES
    )
    epilog += (
        "\n\nenvironment:\n  MITTWALD_API_TOKEN, MITTWALD_BASE_URL (default https://api.mittwald.de)\n"
        "  FOUNDRY_TOKEN, FOUNDRY_HOSTNAME or FOUNDRY_BASE_URL\n  tokens are never accepted as flags."
    )
    parser = argparse.ArgumentParser(
        prog="provisionkit",
        description=__doc__,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log every request to stderr")
    apis = parser.add_subparsers(dest="api", required=True)

    mw = apis.add_parser("mittwald", help="mittwald mStudio projects").add_subparsers(
        dest="command", required=True
    )
    create = mw.add_parser(
        "create", help="create a project on a server (waits until ready by default)"
    )
    create.add_argument("--server-id", required=True)
    create.add_argument("--description", required=True, help="the project's name in mStudio")
    create.add_argument(
        "--no-wait", dest="wait", action="store_false", help="return without waiting for readiness"
    )
    create.add_argument(
        "--timeout", type=float, default=300.0, help="seconds for create + wait (default 300)"
    )
    get = mw.add_parser("get", help="show a project")
    get.add_argument("project_id")
    wait = mw.add_parser("wait", help="wait until a project is ready")
    wait.add_argument("project_id")
    wait.add_argument("--timeout", type=float, default=300.0)
    servers = mw.add_parser("servers", help="list the servers you can create projects on")
    servers.add_argument("--search", dest="search_term")
    servers.add_argument("--customer-id")

    fd = apis.add_parser("foundry", help="Foundry projects").add_subparsers(
        dest="command", required=True
    )
    fcreate = fd.add_parser("create", help="create a project in a space")
    fcreate.add_argument("--display-name", required=True)
    fcreate.add_argument("--space-rid", required=True)
    fcreate.add_argument("--description")
    fcreate.add_argument(
        "--grant",
        action="append",
        type=_principal,
        default=[],
        metavar="ROLE=[USER|GROUP:]UUID",
        help="grant a role (repeatable); at least one owner-like role such as compass:manage is required",
    )
    fcreate.add_argument("--default-role", action="append", default=None)
    fcreate.add_argument("--organization-rid", action="append", default=None)
    fcreate.add_argument("--wait", action="store_true", help="also confirm the project is readable")
    fget = fd.add_parser("get", help="show a project")
    fget.add_argument("project_rid")

    mock = apis.add_parser(
        "mock", help="run the stateful fake of both APIs (needs the 'fake' extra)"
    )
    mock.add_argument("--host", default="127.0.0.1")
    mock.add_argument("--port", type=int, default=8080)
    mock.add_argument("--seed", type=int, default=0)
    return parser


def _run_mittwald(args: argparse.Namespace) -> Any:
    with MittwaldClient.from_env() as client:
        if args.command == "create":
            return client.create_project(
                args.server_id, args.description, wait=args.wait, timeout=args.timeout
            )
        if args.command == "get":
            return client.get_project(args.project_id)
        if args.command == "wait":
            return client.wait_until_ready(args.project_id, timeout=args.timeout)
        return client.list_servers(customer_id=args.customer_id, search_term=args.search_term)


def _run_foundry(args: argparse.Namespace) -> Any:
    with FoundryClient.from_env() as client:
        if args.command == "get":
            return client.get_project(args.project_rid)
        grants: dict[str, list[Principal]] = {}
        for role, principal in args.grant:
            grants.setdefault(role, []).append(principal)
        return client.create_project(
            args.display_name,
            args.space_rid,
            role_grants=grants or None,
            default_roles=args.default_role,
            organization_rids=args.organization_rid,
            description=args.description,
            wait=args.wait,
        )


def _to_json(result: Any) -> Any:
    if isinstance(result, list):
        return [item.to_dict() for item in result]
    return result.to_dict()


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    out, err = stdout or sys.stdout, stderr or sys.stderr
    args = _parser().parse_args(argv)
    if args.api == "mock":
        from .fake import serve  # noqa: PLC0415 - the fake's dependencies are an optional extra

        serve(args.host, args.port, seed=args.seed)
        return 0
    logger = logging.getLogger("provisionkit")
    handlers: list[logging.Handler] = []
    if err.isatty():
        handlers.append(Progress(err))
    if args.verbose:
        verbose = logging.StreamHandler(err)
        verbose.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        handlers.append(verbose)
    for handler in handlers:
        logger.addHandler(handler)
    if handlers:
        logger.setLevel(logging.DEBUG)
    run: Callable[[argparse.Namespace], Any] = (
        _run_mittwald if args.api == "mittwald" else _run_foundry
    )
    started = time.monotonic()
    # On a terminal the progress line is rewritten in place; end it before printing anything else.
    end_line = "\n" if err.isatty() else ""
    try:
        result = run(args)
    except ProvisionError as error:
        err.write(f"{end_line}error: {error}\n")
        if isinstance(error, OutcomeUnknown):
            err.write(f"known: {json.dumps(error.known, default=str)}\n")
        return exit_code(error)
    finally:
        for handler in handlers:
            logger.removeHandler(handler)
    err.write(f"{end_line}done in {time.monotonic() - started:.1f} s\n")
    try:
        json.dump(_to_json(result), out, indent=2)
        out.write("\n")
        out.flush()
    except BrokenPipeError:  # e.g. piped into `head`: the reader has what it wanted
        sys.stdout = None
    return 0


def console() -> None:
    """The console script's entry point."""
    sys.exit(main())


if __name__ == "__main__":
    console()
