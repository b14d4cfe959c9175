"""`python -m provisionkit.fake --port N`: the fake as a server, the same command as
`provisionkit mock` (one parser, one set of options, errors labelled `provisionkit mock`)."""

from __future__ import annotations

import sys

from provisionkit.cli import main

if __name__ == "__main__":
    sys.exit(main(["mock", *sys.argv[1:]]))
