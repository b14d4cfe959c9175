"""`make mutants`: deployments that drift from the spec one way at a time, and whether the packaged
suite (`provisionkit conformance`) catches each.

A mutant is the fake with one drift layered over it (`Drift`: an ASGI layer that may rewrite a
request before the fake sees it, answer in its place, or rewrite its answer), the way a proxy or a
changed deployment would. `python -m contract_tests.mutants serve --port N` serves every mutant at
once, each with its own fake state under `/mutants/<name>` (and the unchanged fake under
`/mutants/none`); the harness runs `provisionkit conformance --allow-create` against each, on the
fake's designated server or space, and a mutant is caught when the run fails (exit 1: a check
failed; exit 6: something it created was not removed).

    python -m contract_tests.mutants            # the table: caught / total; exit 1 if one survives
    python -m contract_tests.mutants --only NAME --max-examples N
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, urlencode

from provisionkit.fake import create_app
from provisionkit.fake.app import FakeApp
from provisionkit.fake.knobs import Knobs
from provisionkit.fake.server import Served, serving
from starlette.types import Message, Receive, Scope, Send

TOKEN = "mutants-token"
PREFIX = "/mutants/"
# Few examples: the probes, links and the coverage phase do not depend on them, and each mutant
# is a whole run. `--max-examples` widens it.
MAX_EXAMPLES = 2
# Runs at once: each is a child process mostly busy on one core generating cases.
JOBS = 2
# What each kind of drift the suite must catch means (issue 23).
KINDS = {
    "shape": "an answer's shape drifts from the spec",
    "behaviour": "an answer is well-formed but says something else than was written or asked",
    "auth": "the deployment answers requests without a valid token",
    "validation": "the deployment accepts a create the spec says is invalid",
    "create not kept": "a create answers success but the project does not exist",
    "delete not effective": "a delete answers success but the project stays",
}


# --- one exchange, as a drift sees it -------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    operation: str | None  # the fake's operation id for it
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def with_json(self, data: Any) -> Request:
        return replace(self, body=json.dumps(data).encode())


@dataclass(frozen=True)
class Answer:
    status: int
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: bytes = b""

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def with_json(self, data: Any) -> Answer:
        return replace(self, body=json.dumps(data).encode())


Before = Callable[[FakeApp, Request], "Request | Answer"]
After = Callable[[FakeApp, Request, Answer], Answer]


@dataclass(frozen=True)
class Mutant:
    name: str
    api: str
    kind: str  # a key of KINDS
    what: str
    before: Before | None = None
    after: After | None = None


def drifting(fake: FakeApp, mutant: Mutant | None) -> Any:
    """The fake behind `mutant`'s drift (an ASGI app); the control API is left alone."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if mutant is None or scope["type"] != "http" or scope["path"].startswith("/__fake__"):
            await fake(scope, receive, send)
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"), True))
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        operation = fake.router.operation_id(scope["method"], scope["path"])
        request = Request(operation, scope["method"], scope["path"], query, headers, body)
        if mutant.before is not None:
            outcome = mutant.before(fake, request)
            if isinstance(outcome, Answer):
                await _answer(send, outcome)
                return
            request = outcome
        inner = _scope(scope, request)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": request.body, "more_body": False}

        if mutant.after is None:
            await fake(inner, replay, send)
            return
        captured: dict[str, Any] = {"body": b""}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
                captured["headers"] = list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                captured["body"] += message.get("body", b"")

        await fake(inner, replay, capture)
        answer = Answer(captured["status"], captured["headers"], captured["body"])
        await _answer(send, mutant.after(fake, request, answer))

    return app


def _scope(scope: Scope, request: Request) -> Scope:
    headers = [
        (k.encode("latin-1"), v.encode("latin-1"))
        for k, v in request.headers.items()
        if k != "content-length"
    ]
    if request.body:
        headers.append((b"content-length", str(len(request.body)).encode()))
    return {
        **scope,
        "path": request.path,
        "raw_path": request.path.encode(),
        "query_string": urlencode(request.query).encode(),
        "headers": headers,
    }


async def _answer(send: Send, answer: Answer) -> None:
    headers = [(k, v) for k, v in answer.headers if k.lower() != b"content-length"]
    headers.append((b"content-length", str(len(answer.body)).encode()))
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})


# --- the drifts -----------------------------------------------------------------------------------


def _on(operation: str, status: int, edit: Callable[[Any], Any]) -> After:
    """An `after` that edits the JSON answers of `operation` with `status`."""

    def after(fake: FakeApp, request: Request, answer: Answer) -> Answer:
        if request.operation != operation or answer.status != status:
            return answer
        return answer.with_json(edit(answer.json()))

    return after


def _another(ids: list[str], asked: str) -> str | None:
    return next((other for other in ids if other != asked), None)


def _mittwald_read_another(fake: FakeApp, request: Request) -> Request:
    if request.operation != "project-get-project":
        return request
    asked = request.path.rsplit("/", 1)[-1]
    other = _another(list(fake.knobs.mittwald.projects), asked)
    return replace(request, path=f"/v2/projects/{other}") if other else request


def _foundry_read_another(fake: FakeApp, request: Request) -> Request:
    if request.operation != "getProject":
        return request
    asked = request.path.rsplit("/", 1)[-1]
    other = _another(list(fake.knobs.foundry.projects), asked)
    return replace(request, path=f"/api/v2/filesystem/projects/{other}") if other else request


def _foundry_path_another(fake: FakeApp, request: Request) -> Request:
    if request.operation != "getResourceByPath":
        return request
    paths = [p["path"] for p in fake.knobs.foundry.projects.values()]
    other = _another(paths, "/" + request.query.get("path", "").removeprefix("/"))
    return replace(request, query={**request.query, "path": other}) if other else request


def _mittwald_store_other(fake: FakeApp, request: Request) -> Request:
    body = request.json()
    if request.operation not in _MITTWALD_CREATES or not isinstance(body, dict):
        return request
    if isinstance(body.get("description"), str):
        return request.with_json({**body, "description": body["description"] + " (edited)"})
    return request


def _foundry_store_other(fake: FakeApp, request: Request) -> Request:
    body = request.json()
    if request.operation != "createProject" or not isinstance(body, dict):
        return request
    if isinstance(body.get("description"), str):
        return request.with_json({**body, "description": body["description"].upper() + "!"})
    return request


def _mittwald_search_ignored(fake: FakeApp, request: Request) -> Request:
    if request.operation != "project-list-projects":
        return request
    return replace(request, query={k: v for k, v in request.query.items() if k != "searchTerm"})


def _auth_ignored(fake: FakeApp, request: Request) -> Request:
    # A gateway that lets anything through: the fake behind it sees the accepted token.
    headers = {k: v for k, v in request.headers.items() if k not in {"authorization"}}
    headers["authorization"] = f"Bearer {TOKEN}"
    headers.pop("x-access-token", None)
    return replace(request, headers=headers)


# A create refused as invalid input (a body or parameter outside the spec).
_REFUSED_AS_INVALID = {400, 415, 422}


def _mittwald_accept_invalid(fake: FakeApp, request: Request, answer: Answer) -> Answer:
    if request.operation not in _MITTWALD_CREATES or answer.status not in _REFUSED_AS_INVALID:
        return answer
    server = fake.knobs.fixtures.names["mittwald_server"]
    project_id, event = fake.knobs.mittwald.create_project(server, "accepted anyway")
    return Answer(
        201, [(b"etag", event.encode()), (b"content-type", b"application/json")]
    ).with_json({"id": project_id})


def _foundry_accept_invalid(fake: FakeApp, request: Request, answer: Answer) -> Answer:
    if request.operation != "createProject" or answer.status not in _REFUSED_AS_INVALID:
        return answer
    fixtures = fake.knobs.fixtures
    owner = [{"principalId": fixtures.caller, "principalType": "USER"}]
    project = fake.knobs.foundry.create_project(
        {
            "displayName": f"accepted anyway {fake.knobs.world.new_uuid()}",
            "spaceRid": fixtures.names["foundry_space"],
            "roleGrants": {"compass:manage": owner},
        }
    )
    return Answer(200, [(b"content-type", b"application/json")]).with_json(project)


def _mittwald_not_kept(fake: FakeApp, request: Request, answer: Answer) -> Answer:
    if request.operation in _MITTWALD_CREATES and answer.status == 201:
        fake.knobs.mittwald.projects.pop(answer.json()["id"], None)
    return answer


def _foundry_not_kept(fake: FakeApp, request: Request, answer: Answer) -> Answer:
    if request.operation == "createProject" and answer.status == 200:
        fake.knobs.foundry.projects.pop(answer.json()["rid"], None)
    return answer


def _delete_ignored(operation: str, event: bool) -> Before:
    def before(fake: FakeApp, request: Request) -> Request | Answer:
        if request.operation != operation:
            return request
        # The event a later read may wait for is one the fake has already processed.
        headers = [(b"etag", str(fake.knobs.mittwald.event).encode())] if event else []
        return Answer(204, headers)

    return before


def _drop(field_name: str) -> Callable[[Any], Any]:
    return lambda body: {k: v for k, v in body.items() if k != field_name}


_MITTWALD_CREATES = {"project-create-project", "deprecated-project-create-subproject"}

MUTANTS = [
    Mutant(
        "mittwald-get-drops-shortId",
        "mittwald",
        "shape",
        "get-project answers without the required shortId",
        after=_on("project-get-project", 200, _drop("shortId")),
    ),
    Mutant(
        "foundry-getResource-retypes-path",
        "foundry",
        "shape",
        "getResource answers `path` as a list",
        after=_on("getResource", 200, lambda body: {**body, "path": [body["path"]]}),
    ),
    Mutant(
        "mittwald-get-answers-another-project",
        "mittwald",
        "behaviour",
        "get-project answers another project than the one asked for",
        before=_mittwald_read_another,
    ),
    Mutant(
        "foundry-get-answers-another-project",
        "foundry",
        "behaviour",
        "getProject answers another project than the one asked for",
        before=_foundry_read_another,
    ),
    Mutant(
        "mittwald-create-stores-other-description",
        "mittwald",
        "behaviour",
        "a create stores another description than the one sent",
        before=_mittwald_store_other,
    ),
    Mutant(
        "foundry-create-stores-other-description",
        "foundry",
        "behaviour",
        "createProject stores another description than the one sent",
        before=_foundry_store_other,
    ),
    Mutant(
        "foundry-path-answers-another-resource",
        "foundry",
        "behaviour",
        "getResourceByPath answers another project than the one at that path",
        before=_foundry_path_another,
    ),
    Mutant(
        "mittwald-list-ignores-searchTerm",
        "mittwald",
        "behaviour",
        "list-projects ignores its searchTerm filter",
        before=_mittwald_search_ignored,
    ),
    Mutant(
        "mittwald-auth-ignored",
        "mittwald",
        "auth",
        "requests without a valid token are served",
        before=_auth_ignored,
    ),
    Mutant(
        "foundry-auth-ignored",
        "foundry",
        "auth",
        "requests without a valid token are served",
        before=_auth_ignored,
    ),
    Mutant(
        "mittwald-create-accepts-invalid",
        "mittwald",
        "validation",
        "a create refused as invalid (400) is answered 201 and applied",
        after=_mittwald_accept_invalid,
    ),
    Mutant(
        "foundry-create-accepts-invalid",
        "foundry",
        "validation",
        "createProject refused as invalid (400) is answered 200 and applied",
        after=_foundry_accept_invalid,
    ),
    Mutant(
        "mittwald-create-not-kept",
        "mittwald",
        "create not kept",
        "a create answers 201 and the project is gone at once",
        after=_mittwald_not_kept,
    ),
    Mutant(
        "foundry-create-not-kept",
        "foundry",
        "create not kept",
        "createProject answers 200 and the project is gone at once",
        after=_foundry_not_kept,
    ),
    Mutant(
        "mittwald-delete-not-effective",
        "mittwald",
        "delete not effective",
        "delete answers 204 and deletes nothing",
        before=_delete_ignored("project-delete-project", event=True),
    ),
    Mutant(
        "foundry-delete-not-effective",
        "foundry",
        "delete not effective",
        "deleteResource answers 204 and trashes nothing",
        before=_delete_ignored("deleteResource", event=False),
    ),
]
BY_NAME = {m.name: m for m in MUTANTS}


# --- serving them all -----------------------------------------------------------------------------


class Mutants:
    """One ASGI app: each mutant (and `none`, the unchanged fake) under /mutants/<name>, each with
    its own fake, built on first use."""

    def __init__(self, tokens: set[str]) -> None:
        self.tokens = tokens
        self.apps: dict[str, Any] = {}

    def app_for(self, name: str) -> Any:
        if name not in self.apps:
            fake = create_app(Knobs(0), tokens=self.tokens)
            self.apps[name] = drifting(fake, BY_NAME.get(name))
        return self.apps[name]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return  # lifespan: nothing to start
        name, _, rest = scope["path"].removeprefix(PREFIX).partition("/")
        if not scope["path"].startswith(PREFIX) or (name not in BY_NAME and name != "none"):
            await _answer(send, Answer(404, [], b"no such mutant"))
            return
        inner = {**scope, "path": "/" + rest, "raw_path": ("/" + rest).encode()}
        await self.app_for(name)(inner, receive, send)


def serve(port: int) -> None:
    import uvicorn

    uvicorn.run(Mutants({TOKEN}), host="127.0.0.1", port=port, log_level="warning", lifespan="off")


@contextmanager
def served() -> Iterator[Served]:
    with serving(tokens=[TOKEN], command=("-m", "contract_tests.mutants", "serve")) as mutants:
        yield mutants


# --- the harness ----------------------------------------------------------------------------------


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
    parser = argparse.ArgumentParser(prog="python -m contract_tests.mutants", description=__doc__)
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
