"""`make mutants`: the packaged suite (`provisionkit conformance`) against deployments that drift
from the spec one way at a time (mutants.py), and whether it catches each.

`python -m contract_tests.mutation serve --port N` serves every mutant at once, each with its own
fake state under `/mutants/<name>` (and the unchanged fake under `/mutants/none`); the harness runs
`provisionkit conformance --allow-create` against each, on the fake's designated server or space,
and a mutant is caught when the run fails (exit 1: a check failed; exit 6: something it created
was not removed). The unchanged fake, served the same way, must pass.

    python -m contract_tests.mutation            # the table: caught / total; exit 1 if one survives
    python -m contract_tests.mutation --only NAME --max-examples N
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from provisionkit.fake import create_app
from provisionkit.fake.knobs import Knobs
from provisionkit.fake.server import Served, serving
from starlette.types import Receive, Scope, Send

from contract_tests.drift import Answer, drifting, send_answer
from contract_tests.mutants import BY_NAME, MUTANTS, TOKEN, Mutant

__all__ = ["JOBS", "MAX_EXAMPLES", "Verdict", "main", "run_against", "run_all", "served", "table"]

PREFIX = "/mutants/"
# Few examples: the probes, links and the coverage phase do not depend on them, and each mutant
# is a whole run. `--max-examples` widens it.
MAX_EXAMPLES = 2
# Runs at once: each is a child process mostly busy on one core generating cases.
JOBS = 2


class Mutants:
    """One ASGI app: each mutant (and `none`, the unchanged fake) under /mutants/<name>, each with
    its own fake, built on first use."""

    def __init__(self, tokens: set[str]) -> None:
        self.tokens = tokens
        self.apps: dict[str, Any] = {}

    def app_for(self, name: str) -> Any:
        if name not in self.apps:
            fake = create_app(Knobs(0), tokens=self.tokens)
            mutant = BY_NAME.get(name)
            self.apps[name] = drifting(fake, mutant.before, mutant.after) if mutant else fake
        return self.apps[name]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return  # lifespan: nothing to start
        name, _, rest = scope["path"].removeprefix(PREFIX).partition("/")
        if not scope["path"].startswith(PREFIX) or (name not in BY_NAME and name != "none"):
            await send_answer(send, Answer(404, [], b"no such mutant"))
            return
        inner = {**scope, "path": "/" + rest, "raw_path": ("/" + rest).encode()}
        await self.app_for(name)(inner, receive, send)


def serve(port: int) -> None:
    import uvicorn

    uvicorn.run(Mutants({TOKEN}), host="127.0.0.1", port=port, log_level="warning", lifespan="off")


@contextmanager
def served() -> Iterator[Served]:
    with serving(tokens=[TOKEN], command=("-m", "contract_tests.mutation", "serve")) as mutants:
        yield mutants


@dataclass(frozen=True)
class Verdict:
    name: str
    api: str
    exit_code: int
    failed: list[str]  # the suite's failed tests
    seconds: float

    @property
    def caught(self) -> bool:
        return self.exit_code in {1, 6}

    @property
    def as_required(self) -> bool:
        """A mutant caught; the unchanged fake passed."""
        return self.caught if self.name in BY_NAME else self.exit_code == 0


def run_against(base: str, name: str, api: str, *args: str) -> Verdict:
    """`provisionkit conformance` against mutant `name` (`none`: the unchanged fake)."""
    from tests.helpers.conformance import creating_on_the_fake, run_conformance

    url = f"{base}{PREFIX}{name}"
    started = time.perf_counter()
    result = run_conformance(api, *creating_on_the_fake(api, url, TOKEN), *args, token=TOKEN)
    failed = re.findall(r"^    failed: (.+)$", result.stderr, re.MULTILINE)
    return Verdict(name, api, result.returncode, failed, time.perf_counter() - started)


def run_all(
    chosen: list[Mutant], *, max_examples: int = MAX_EXAMPLES, jobs: int = JOBS
) -> list[Verdict]:
    """The unchanged fake of each API, then every chosen mutant, `jobs` runs at a time (each run
    is a child process; the mutants' server answers them all)."""
    examples = ("--max-examples", str(max_examples))
    runs = [("none", api) for api in sorted({m.api for m in chosen})]
    runs += [(m.name, m.api) for m in chosen]
    with served() as mutants, ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(lambda run: run_against(mutants.url, *run, *examples), runs))


def table(verdicts: list[Verdict]) -> list[str]:
    caught = sum(v.caught for v in verdicts if v.name in BY_NAME)
    total = sum(v.name in BY_NAME for v in verdicts)
    lines = [
        f"mutants caught: {caught} of {total}",
        "",
        "| mutant | kind | caught | exit | failed tests | seconds |",
        "|---|---|---|---:|---|---:|",
    ]
    for v in verdicts:
        mutant = BY_NAME.get(v.name)
        kind = mutant.kind if mutant else f"unchanged {v.api} fake: must pass"
        verdict = (
            ("yes" if v.caught else "**no**")
            if mutant
            else ("passed" if v.exit_code == 0 else "**failed**")
        )
        failed = ", ".join(f.replace("test_", "") for f in v.failed) or "-"
        lines.append(
            f"| {v.name} | {kind} | {verdict} | {v.exit_code} | {failed} | {v.seconds:.1f} |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m contract_tests.mutation", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    serving_parser = sub.add_parser("serve")
    serving_parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--only", action="append", choices=sorted(BY_NAME), help="these mutants")
    parser.add_argument("--max-examples", type=int, default=MAX_EXAMPLES)
    parser.add_argument("--jobs", type=int, default=JOBS, help="runs at once (default %(default)s)")
    args = parser.parse_args(argv)
    if args.command == "serve":
        serve(args.port)
        return 0
    chosen = [BY_NAME[n] for n in args.only] if args.only else MUTANTS
    verdicts = run_all(chosen, max_examples=args.max_examples, jobs=args.jobs)
    sys.stdout.write("\n".join(table(verdicts)) + "\n")
    return 0 if all(v.as_required for v in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
