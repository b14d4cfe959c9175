"""The mutants: one drift of a deployment each (drift.py serves them), at least one of every kind
the conformance suite must catch, on both APIs where the kind applies. mutation.py runs the suite
against each (`make mutants`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from provisionkit.fake.app import FakeApp

from contract_tests.drift import After, Answer, Before, Request

__all__ = ["BY_NAME", "KINDS", "MUTANTS", "TOKEN", "Mutant"]

TOKEN = "mutants-token"  # the only token the served fakes accept

# What each kind of drift the suite must catch means (issue 23).
KINDS = {
    "shape": "an answer's shape drifts from the spec",
    "behaviour": "an answer is well-formed but says something else than was written or asked",
    "auth": "the deployment answers requests without a valid token",
    "validation": "the deployment accepts a create the spec says is invalid",
    "create not kept": "a create answers success but the project does not exist",
    "delete not effective": "a delete answers success but the project stays",
    "paging": "a list's pages run longer than asked, overlap, leave items out or miscount the list",
}


@dataclass(frozen=True)
class Mutant:
    name: str
    api: str
    kind: str  # a key of KINDS
    what: str
    before: Before | None = None
    after: After | None = None


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


def _mittwald_limit_ignored(fake: FakeApp, request: Request) -> Request:
    if request.operation != "project-list-projects":
        return request
    # Without `limit` the fake answers up to its default, 10000: every item from `skip` on.
    return replace(request, query={k: v for k, v in request.query.items() if k != "limit"})


def _mittwald_skip_one_more(fake: FakeApp, request: Request) -> Request:
    skip = request.query.get("skip", "0")
    if request.operation != "project-list-projects" or not skip.isdigit() or skip == "0":
        return request
    # Every page after the first starts one item late: the item between two pages is never listed.
    return replace(request, query={**request.query, "skip": str(int(skip) + 1)})


def _mittwald_miscount(fake: FakeApp, request: Request, answer: Answer) -> Answer:
    if request.operation != "project-list-projects" or answer.status != 200:
        return answer
    headers = [
        (k, str(int(v) + 1).encode() if k.lower() == b"x-pagination-totalcount" else v)
        for k, v in answer.headers
    ]
    return replace(answer, headers=headers)


def _foundry_token_ignored(fake: FakeApp, request: Request) -> Request:
    if request.operation != "listSpaces":
        return request
    # Every "next" page is the first again, with its nextPageToken: a walk would never end.
    return replace(request, query={k: v for k, v in request.query.items() if k != "pageToken"})


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
    Mutant(
        "mittwald-list-ignores-limit",
        "mittwald",
        "paging",
        "list-projects answers every item from `skip` on, whatever the `limit`",
        before=_mittwald_limit_ignored,
    ),
    Mutant(
        "mittwald-list-skips-between-pages",
        "mittwald",
        "paging",
        "list-projects starts every page after the first one item late, so one item is never listed",
        before=_mittwald_skip_one_more,
    ),
    Mutant(
        "mittwald-list-miscounts",
        "mittwald",
        "paging",
        "list-projects answers X-Pagination-TotalCount one more than the list holds",
        after=_mittwald_miscount,
    ),
    Mutant(
        "foundry-list-repeats-page",
        "foundry",
        "paging",
        "listSpaces ignores pageToken: the first page again, with a nextPageToken",
        before=_foundry_token_ignored,
    ),
    Mutant(
        "foundry-list-ends-early",
        "foundry",
        "paging",
        "listSpaces answers its first page without nextPageToken, as if nothing followed",
        after=_on("listSpaces", 200, _drop("nextPageToken")),
    ),
]
BY_NAME = {m.name: m for m in MUTANTS}
