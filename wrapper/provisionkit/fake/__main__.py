"""`python -m provisionkit.fake --port N`: the fake as a server (the same as `provisionkit mock`)."""

from __future__ import annotations

from .server import main

__all__ = ["main"]  # `provisionkit mock` runs this same entry point

if __name__ == "__main__":
    main()
