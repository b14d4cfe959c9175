"""`provisionkit`: create and inspect projects from the shell. Results are JSON on stdout;
progress and timing go to stderr; tokens come only from the environment.

The module runs over 300 lines on purpose: `--help` must import one small module and argparse, so
the whole command tree, its exit codes and the lazy runners stay here together."""

# Imports stay inside the functions that need them: `provisionkit --help` should cost about what
# Python starting argparse costs, not the clients' import (httpx, both generated clients).
from __future__ import annotations

import argparse
import logging
import math
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from provisionkit.foundry.operations import OPERATIONS as FOUNDRY
from provisionkit.mittwald.operations import OPERATIONS as MITTWALD
from provisionkit.operations import Operation

if TYPE_CHECKING:
    from provisionkit import FoundryClient, MittwaldClient, ProvisionError

# The subcommands of simple operations come from the tables (data only: no httpx for --help);
# create and wait carry real logic (progress, Ctrl-C) and are written out below.
SIMPLE = {
    api: {op.cli.command: op for op in table if op.cli is not None and op.kind.is_simple}
    for api, table in (("mittwald", MITTWALD), ("foundry", FOUNDRY))
}

__all__ = ["EXIT_CODES", "EXIT_INTERRUPTED", "main"]

# Most specific first: the first class an error is an instance of picks its exit code. By name,
# so the help text needs no import of the error classes (a test checks every name resolves).
EXIT_CODES: list[tuple[str, int, str]] = [
    ("ConfigurationError", 3, "configuration: missing token, bad URL, missing extra, busy port"),
    ("BadRequest", 4, "the request was invalid (also caught before sending)"),
    ("Unauthorized", 5, "the token was refused"),
    ("PermissionDenied", 5, "not allowed, or not visible"),
    ("NotFound", 6, "no such space, organization or project"),
    ("Conflict", 7, "name already taken"),
    ("ProjectFailed", 8, "the project ended in a failed state"),
    ("ReadinessTimeout", 9, "not ready before the timeout"),
    ("OutcomeUnknown", 11, "the create may or may not have happened: check before retrying"),
    ("TransportError", 10, "network failure"),
    ("UnexpectedResponse", 13, "the API answered outside its spec"),
    ("ProvisionError", 12, "any other API error (rate limit, server error)"),
]
EXIT_INTERRUPTED = 130  # what a shell reports for a command ended by Ctrl-C (128 + SIGINT)
PROGRESS_EVERY = 5.0  # seconds between progress lines when stderr is not a terminal (CI logs)


def exit_code(error: ProvisionError) -> int:
    import provisionkit  # noqa: PLC0415 - only once there is an error to classify

    return next(
        code for name, code, _ in EXIT_CODES if isinstance(error, getattr(provisionkit, name))
    )


class Progress(logging.Handler):
    """Readiness polls on stderr: one line rewritten in place on a terminal; elsewhere (a CI log)
    a full line at each wait's first poll and then every `every` seconds of waiting."""

    def __init__(self, stream: TextIO, *, tty: bool, every: float = PROGRESS_EVERY) -> None:
        super().__init__(logging.DEBUG)
        self.stream, self.tty, self.every = stream, tty, every
        self._last: float | None = None

    def emit(self, record: logging.LogRecord) -> None:
        poll = getattr(record, "poll", None)
        if poll is None:
            return
        elapsed: float = getattr(record, "elapsed", 0.0)
        text = f"waiting: {elapsed:6.1f} s, poll {poll}, {getattr(record, 'state', '')}"
        if self.tty:
            self.stream.write(f"\r  {text}".ljust(70))
        elif self._last is None or poll == 1 or elapsed - self._last >= self.every:
            self._last = elapsed
            self.stream.write(f"  {text}\n")
        else:
            return
        self.stream.flush()


class _Version(argparse.Action):
    """`--version`, reading the installed version only when asked (importlib.metadata is slow)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from importlib.metadata import version  # noqa: PLC0415 - see the class docstring

        sys.stdout.write(f"provisionkit {version('provisionkit')}\n")  # where argparse's own goes
        parser.exit()


def _seconds(text: str) -> float:
    """A timeout: a positive, finite number of seconds (NaN, inf, 0 and negatives are refused)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(
            f"{text!r}: a timeout must be a positive number of seconds"
        )
    return value


def _principal(text: str) -> tuple[str, str, str]:
    role, _, who = text.partition("=")
    kind, _, principal_id = who.rpartition(":")
    if not role or not principal_id or kind.upper() not in {"", "USER", "GROUP"}:
        raise argparse.ArgumentTypeError(f"{text!r}: use ROLE=[USER|GROUP:]PRINCIPAL_UUID")
    return role, principal_id, kind.upper() or "USER"


def _parser() -> argparse.ArgumentParser:
    epilog = "exit codes:\n  0  success\n  2  usage error\n" + "\n".join(
        f"  {code:<3} {name}: {text}" for name, code, text in EXIT_CODES
    )
    epilog += (
        f"\n  {EXIT_INTERRUPTED} interrupted (Ctrl-C); a created project's id is printed first"
    )
    epilog += (
        "\n\nenvironment:\n  MITTWALD_API_TOKEN, MITTWALD_BASE_URL (default https://api.mittwald.de)\n"
        "  FOUNDRY_TOKEN, FOUNDRY_HOSTNAME or FOUNDRY_BASE_URL\n  tokens are never accepted as flags."
    )
    # Global options are accepted before and after the subcommand. SUPPRESS keeps a subcommand's
    # unset copy from overwriting what was given before it (so `verbose` may be absent: getattr).
    # No set_defaults for it: parents share their action objects, so it would reach every copy.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS,
        help="log every request to stderr",
    )
    common.add_argument("--version", action=_Version)
    parser = argparse.ArgumentParser(
        prog="provisionkit",
        # The first paragraph only: the rest of the docstring is a note for maintainers.
        description=(__doc__ or "").split("\n\n")[0],
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    apis = parser.add_subparsers(dest="api", required=True)

    def command(group: Any, name: str, help: str) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = group.add_parser(name, help=help, parents=[common])
        sub.set_defaults(parser=sub)  # errors found after parsing are labelled with the command
        return sub

    mw = apis.add_parser("mittwald", help="mittwald mStudio projects", parents=[common])
    mw_commands = mw.add_subparsers(dest="command", required=True)
    create = command(mw_commands, "create", "create a project on a server and wait until ready")
    create.add_argument("--server-id", required=True)
    create.add_argument("--description", required=True, help="the project's name in mStudio")
    create.add_argument(
        "--wait",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="wait until the project is ready (the default; --no-wait returns at once)",
    )
    create.add_argument(
        "--timeout", type=_seconds, default=300.0, help="seconds for create + wait (default 300)"
    )
    wait = command(mw_commands, "wait", "wait until a project is ready")
    wait.add_argument("project_id")
    wait.add_argument("--timeout", type=_seconds, default=300.0, help="seconds (default 300)")
    _simple_commands(command, mw_commands, "mittwald")

    fd = apis.add_parser("foundry", help="Foundry projects", parents=[common])
    fd_commands = fd.add_subparsers(dest="command", required=True)
    fcreate = command(fd_commands, "create", "create a project in a space")
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
    fcreate.add_argument(
        "--timeout", type=_seconds, default=60.0, help="seconds for the create (default 60)"
    )
    _simple_commands(command, fd_commands, "foundry")

    # Listed here for --help only: main() hands `conformance ...` to its own parser untouched.
    command(apis, "conformance", "check a deployment against the specs (the 'conformance' extra)")
    mock = command(
        apis,
        "mock",
        "run the stateful fake of both APIs over HTTP (needs the 'fake' extra; also `python -m "
        "provisionkit.fake`)",
    )
    mock.description = (
        "The stateful fake of mittwald (/v2) and Foundry (/api/v2) on one port, until Ctrl-C. "
        "It prints the exports a client needs (MITTWALD_BASE_URL, FOUNDRY_BASE_URL, and a token: "
        "by default one made up for this run and the only one it accepts, besides the seeded "
        "users' tokens). PROVISIONKIT_FAKE_TOKENS=a,b accepts those instead; either way the "
        "control API (/__fake__) wants one too."
    )
    mock.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: loopback)"
    )
    mock.add_argument("--port", type=int, default=8080, help="port to listen on (default 8080)")
    mock.add_argument("--seed", type=int, default=0, help="seed of the generated ids (default 0)")
    mock.add_argument(
        "--allow-remote",
        action="store_true",
        default=None,
        help="allow a --host beyond loopback (or PROVISIONKIT_FAKE_ALLOW_REMOTE=1); prints a warning",
    )
    mock.add_argument(
        "--read-timeout",
        type=_seconds,
        help="seconds a request may take to arrive before its connection is closed (default 10)",
    )
    mock.add_argument(
        "--any-token",
        action="store_true",
        help="accept any non-empty token (a contract check that a wrong token is refused then fails)",
    )
    return parser


def _simple_commands(command: Callable[..., argparse.ArgumentParser], group: Any, api: str) -> None:
    """A subcommand for each simple operation the table exposes, its arguments from the entry."""
    for name, op in SIMPLE[api].items():
        assert op.cli is not None
        sub = command(group, name, op.cli.help)
        for param in op.params:
            if param.cli == "positional":
                sub.add_argument(param.name, help=param.help)
            elif param.cli:
                sub.add_argument(param.cli, dest=param.name, help=param.help)


def _run_simple(client: Any, op: Operation, args: argparse.Namespace) -> Any:
    """Call the entry's method with the arguments its subcommand took (the rest default)."""
    given = {p.name: getattr(args, p.name) for p in op.params if p.cli}
    result = getattr(client, op.method)(**given)
    if result is None and op.cli is not None and op.cli.done:
        first = next(p.name for p in op.params if p.cli == "positional")
        return {op.cli.done: given[first]}
    return result


class _Interrupted(Exception):
    """Ctrl-C, with what the user needs to know about what was already done."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _run_mittwald(args: argparse.Namespace, err: TextIO) -> Any:
    from provisionkit import MittwaldClient  # noqa: PLC0415 - lazy, see the module's top

    client: MittwaldClient
    with MittwaldClient.from_env() as client:
        if args.command in SIMPLE["mittwald"]:
            return _run_simple(client, SIMPLE["mittwald"][args.command], args)
        if args.command == "create":
            return _create_mittwald(client, args, err)
        # `wait`. No grace for "not visible yet": that window follows a create, and an id typed
        # by hand that the API does not know should fail at once, not after half a minute.
        return client.wait_until_ready(args.project_id, timeout=args.timeout, visibility_grace=0.0)


def _create_mittwald(client: MittwaldClient, args: argparse.Namespace, err: TextIO) -> Any:
    """Create, say the new id at once, then wait: a Ctrl-C or a CI timeout never loses the id."""
    import time  # noqa: PLC0415

    started = time.monotonic()
    project = None
    try:
        project = client.create_project(
            args.server_id, args.description, wait=False, timeout=args.timeout
        )
        if not args.wait:
            return project
        err.write(f"created project {project.id} ({project.short_id}); waiting until it is ready\n")
        err.flush()
        remaining = max(args.timeout - (time.monotonic() - started), 1.0)
        return client.wait_until_ready(project.id, timeout=remaining)
    except KeyboardInterrupt:
        # One handler from the create's answer on: no instant in which the id could be lost.
        if project is None:
            raise _Interrupted(
                f"interrupted before the create was answered: a project {args.description!r} "
                f"may exist on server {args.server_id}; check before creating it again"
            ) from None
        raise _Interrupted(
            f"interrupted while waiting: project {project.id} was created; "
            f"`provisionkit mittwald wait {project.id}` waits again"
        ) from None


def _run_foundry(args: argparse.Namespace, err: TextIO) -> Any:
    from provisionkit import FoundryClient, Principal, PrincipalType  # noqa: PLC0415 - lazy

    client: FoundryClient
    with FoundryClient.from_env() as client:
        if args.command in SIMPLE["foundry"]:
            return _run_simple(client, SIMPLE["foundry"][args.command], args)
        grants: dict[str, list[Principal]] = {}
        for role, principal_id, kind in args.grant:
            grants.setdefault(role, []).append(Principal(principal_id, PrincipalType(kind)))
        try:
            return client.create_project(
                args.display_name,
                args.space_rid,
                role_grants=grants or None,
                default_roles=args.default_role,
                organization_rids=args.organization_rid,
                description=args.description,
                wait=args.wait,
                timeout=args.timeout,
            )
        except KeyboardInterrupt:
            raise _Interrupted(
                f"interrupted before the create was answered: {args.display_name!r} may exist "
                f"in {args.space_rid}; check before creating it again"
            ) from None


def _run_mock(args: argparse.Namespace, err: TextIO) -> int:
    """The fake over HTTP: `provisionkit mock` and `python -m provisionkit.fake` both end here."""
    import errno  # noqa: PLC0415
    import socket  # noqa: PLC0415

    from provisionkit.extras import EXIT_CONFIGURATION, missing_extra  # noqa: PLC0415

    try:
        from provisionkit.fake import server  # noqa: PLC0415 - an optional extra
    except ImportError as missing:
        return missing_extra("mock", "fake", missing, err)
    # Checked before the banner: uvicorn would print it, then fail to bind and exit.
    with socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET) as probe:
        try:
            probe.bind((args.host, args.port))
        except OSError as error:
            reason = (
                "is in use" if error.errno == errno.EADDRINUSE else f"cannot be bound ({error})"
            )
            err.write(
                f"error: port {args.port} on {args.host} {reason}; choose another with --port\n"
            )
            return EXIT_CONFIGURATION
    options: dict[str, Any] = {}
    if args.read_timeout is not None:
        options["read_timeout"] = args.read_timeout
    try:
        server.serve(
            args.host,
            args.port,
            seed=args.seed,
            allow_remote=args.allow_remote,
            tokens=server.Tokens.chosen(any_token=args.any_token),
            **options,
        )
    except server.RemoteBindRefused as refused:
        args.parser.error(str(refused))
    return 0


def _to_json(result: Any) -> Any:
    if isinstance(result, dict):  # what a command without a value object reports
        return result
    if isinstance(result, list):
        return [item.to_dict() for item in result]
    return result.to_dict()


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    out, err = stdout or sys.stdout, stderr or sys.stderr
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["conformance"]:
        from provisionkit.conformance.command import main as conformance  # noqa: PLC0415 - lazy

        return conformance(argv[1:], stderr=err)
    parser = _parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # labelled with the command that was given them (`provisionkit mock: error: ...`)
        getattr(args, "parser", parser).error(f"unrecognized arguments: {' '.join(extra)}")
    if args.api == "conformance":  # reached only with options before it, e.g. `-v conformance`
        parser.error("`conformance` takes no global options; put it first")
    if args.api == "mock":
        return _run_mock(args, err)
    import json  # noqa: PLC0415
    import time  # noqa: PLC0415

    from provisionkit import OutcomeUnknown, ProvisionError  # noqa: PLC0415

    logger = logging.getLogger("provisionkit")
    tty = err.isatty()
    # Progress only for a command that waits: `create --no-wait` still reads the project once
    # (read-after-create), and that is no wait to report.
    waits = getattr(args, "wait", True)
    handlers: list[logging.Handler] = [Progress(err, tty=tty)] if waits else []
    if getattr(args, "verbose", False):
        verbose = logging.StreamHandler(err)
        verbose.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        handlers.append(verbose)
    for handler in handlers:
        logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.DEBUG)  # the polls are DEBUG records; the handlers choose what shows
    run: Callable[[argparse.Namespace, TextIO], Any] = (
        _run_mittwald if args.api == "mittwald" else _run_foundry
    )
    started = time.monotonic()
    # On a terminal the progress line is rewritten in place; end it before printing anything else.
    end_line = "\n" if tty else ""
    try:
        result = run(args, err)
    except ProvisionError as error:
        err.write(f"{end_line}error: {error}\n")
        if isinstance(error, OutcomeUnknown):
            err.write(f"known: {json.dumps(error.known, default=str)}\n")
            err.write("".join(f"candidate: {c}\n" for c in error.candidates))
        return exit_code(error)
    except (_Interrupted, KeyboardInterrupt) as interrupted:
        message = getattr(interrupted, "message", "interrupted")
        err.write(f"{end_line}{message}\n")
        return EXIT_INTERRUPTED
    finally:
        for handler in handlers:
            logger.removeHandler(handler)
        logger.setLevel(level)
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
