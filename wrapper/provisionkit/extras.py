"""What a command says when an optional extra (`fake`, `conformance`) is not installed.

A module of its own because both `provisionkit` (cli.py) and `provisionkit conformance`
(conformance/command.py) say it, and the CLI hands `conformance ...` to that command: kept in
either, it would make the two import each other."""

from __future__ import annotations

from typing import TextIO

__all__ = ["EXIT_CONFIGURATION", "missing_extra"]

EXIT_CONFIGURATION = 3  # the CLI's exit code for configuration errors (cli.EXIT_CODES)


def missing_extra(command: str, extra: str, missing: ImportError, err: TextIO) -> int:
    """Say which extra `provisionkit <command>` needs and how to install it; the exit code to return.

    Only a dependency's absence is a missing extra: an ImportError from provisionkit itself is a
    bug, and is raised again with its traceback."""
    if (missing.name or "").startswith("provisionkit"):
        raise missing
    err.write(
        f"error: `provisionkit {command}` needs the '{extra}' extra ({missing.name} is not "
        f"installed): pip install 'provisionkit[{extra}]'\n"
    )
    return EXIT_CONFIGURATION
