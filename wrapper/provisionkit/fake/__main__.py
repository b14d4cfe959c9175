"""`python -m provisionkit.fake --port N`: the fake as a server (the same as `provisionkit mock`)."""

from __future__ import annotations

import argparse
import os

from .facade import serve


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m provisionkit.fake", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    # Accepted tokens come from the environment like every token here (default: any non-empty one).
    tokens = {t for t in os.environ.get("PROVISIONKIT_FAKE_TOKENS", "").split(",") if t} or None
    serve(args.host, args.port, seed=args.seed, tokens=tokens)


if __name__ == "__main__":
    main()
