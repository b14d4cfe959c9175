"""The behavioural checks and the coverage table of `provisionkit conformance`, on exchanges built
by hand (no network). Whole runs against deployments that drift: contract_tests/test_mutants.py."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from provisionkit.conformance.behaviour import Behaviour, Exchange, Mismatch
from provisionkit.conformance.coverage import Coverage
from provisionkit.conformance.rules import APIS, Api, Read, Write

from tests.helpers.specs import load

SERVER = "5e2a1c3b-8f7d-4e6a-9b0c-1d2e3f4a5b6c"
SPACE = "ri.compass.main.folder.a86ad5f5-3db5-48e4-9fdd-00aa3e5731ca"
RID = "ri.compass.main.folder.01a79a9d-e293-48db-a585-9ffe221536e8"
OTHER_RID = "ri.compass.main.folder.7e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"


def seen(operation: str, status: int, answer: Any = None, **parts: Any) -> Exchange:
    return Exchange(
        operation,
        parts.get("path", {}),
        parts.get("query", {}),
        parts.get("headers", {}),
        parts.get("body"),
        status,
        answer,
        parts.get("answer_headers", {}),
    )


def mittwald_with_project(description: str = "shop") -> Behaviour:
    behaviour = Behaviour("mittwald", lambda case: None)
    behaviour.observe(
        seen(
            "project-create-project",
            201,
            {"id": "p1"},
            path={"serverId": SERVER},
            body={"description": description},
            answer_headers={"etag": "100"},
        )
    )
    return behaviour


def project(**fields: Any) -> dict[str, Any]:
    return {"id": "p1", "shortId": "p-abc", "description": "shop", "serverId": SERVER, **fields}


def get(answer: Any, status: int = 200, asked: str = "p1", event: str | None = None) -> Exchange:
    headers = {"if-event-reached": event} if event else {}
    return seen("project-get-project", status, answer, path={"projectId": asked}, headers=headers)


def test_a_read_of_a_created_project_must_answer_what_the_create_sent() -> None:
    behaviour = mittwald_with_project()
    behaviour.observe(get(project()))
    with pytest.raises(Mismatch, match="answered description 'shop!'; this run sent 'shop'"):
        behaviour.observe(get(project(description="shop!")))
    with pytest.raises(Mismatch, match="serverId"):
        behaviour.observe(get(project(serverId="9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f")))
    # A designated server named by its short id is the project's serverShortId.
    by_short = Behaviour("mittwald", lambda case: None)
    by_short.observe(
        seen(
            "project-create-project",
            201,
            {"id": "p1"},
            path={"serverId": "s-abc"},
            body={"description": "shop"},
        )
    )
    by_short.observe(get(project(serverShortId="s-abc")))


def test_a_read_answers_the_id_it_was_asked_for_by_id_or_short_id() -> None:
    behaviour = Behaviour("mittwald", lambda case: None)
    behaviour.observe(get(project(), asked="p-abc"))
    with pytest.raises(Mismatch, match=r"asked for 'p2'.*another resource"):
        behaviour.observe(get(project(), asked="p2"))


def test_a_lookup_by_path_answers_that_path_with_or_without_the_leading_slash() -> None:
    behaviour = Behaviour("foundry", lambda case: None)
    answer = {"rid": RID, "path": "/Space/Shop"}
    for path in ("/Space/Shop", "Space/Shop"):
        behaviour.observe(seen("getResourceByPath", 200, answer, query={"path": path}))
    with pytest.raises(Mismatch, match="another resource"):
        behaviour.observe(seen("getResourceByPath", 200, answer, query={"path": "/Space/Other"}))


def test_foundry_create_answer_and_every_later_read_hold_what_was_sent() -> None:
    behaviour = Behaviour("foundry", lambda case: None)
    body = {"displayName": "Shop", "spaceRid": SPACE, "description": "d"}
    created = {**body, "rid": RID, "path": "/Space/Shop"}
    with pytest.raises(Mismatch, match="the answer to createProject answered displayName"):
        behaviour.observe(
            seen("createProject", 200, {**created, "displayName": "Shop2"}, body=body)
        )
    behaviour = Behaviour("foundry", lambda case: None)
    behaviour.observe(seen("createProject", 200, created, body=body))
    rid = {"path": {"resourceRid": RID}}
    behaviour.observe(seen("getResource", 200, created, **rid))
    # By rid and by path agree: the path the create answered is the path every read answers.
    with pytest.raises(Mismatch, match="path"):
        behaviour.observe(seen("getResource", 200, {**created, "path": "/Space/Moved"}, **rid))
    with pytest.raises(Mismatch, match="spaceRid"):
        behaviour.observe(seen("getResource", 200, {**created, "spaceRid": OTHER_RID}, **rid))


def test_a_create_not_kept_is_seen_only_by_a_read_sure_to_see_it() -> None:
    """mittwald is eventually consistent: a 403 right after a create is no finding, unless the
    read waited for the create's event; Foundry's create is synchronous, so a 404 always is."""
    behaviour = mittwald_with_project()
    behaviour.observe(get({"type": "PermissionDenied"}, 403))
    behaviour.observe(get({"type": "PermissionDenied"}, 403, event="99"))  # an earlier event
    with pytest.raises(Mismatch, match="the create was not kept"):
        behaviour.observe(get({"type": "PermissionDenied"}, 403, event="100"))
    foundry = Behaviour("foundry", lambda case: None)
    foundry.observe(
        seen("createProject", 200, {"rid": RID, "displayName": "a"}, body={"displayName": "a"})
    )
    with pytest.raises(Mismatch, match="the create was not kept"):
        foundry.observe(seen("getProject", 404, {}, path={"projectRid": RID}))


def test_after_a_delete_reads_say_gone_and_lists_drop_it() -> None:
    behaviour = mittwald_with_project()
    delete = seen(
        "project-delete-project", 204, path={"projectId": "p1"}, answer_headers={"etag": "200"}
    )
    behaviour.observe(delete)
    behaviour.observe(get(project(), event="150"))  # not sure to see the delete yet
    with pytest.raises(Mismatch, match="the delete was not effective"):
        behaviour.observe(get(project(), event="200"))
    behaviour.observe(get(project(deletionRequested=True), event="200"))  # being deleted: fine
    listing = seen("project-list-projects", 200, [project()], query={"serverId": SERVER})
    with pytest.raises(Mismatch, match="still lists p1"):
        behaviour.observe(listing)
    foundry = Behaviour("foundry", lambda case: None)
    foundry.observe(
        seen("createProject", 200, {"rid": RID, "displayName": "a"}, body={"displayName": "a"})
    )
    foundry.observe(seen("deleteResource", 204, path={"resourceRid": RID}))
    read = seen(
        "getResource", 200, {"rid": RID, "trashStatus": "NOT_TRASHED"}, path={"resourceRid": RID}
    )
    with pytest.raises(Mismatch, match="not effective"):
        foundry.observe(read)
    foundry.observe(replace(read, answer={"rid": RID, "trashStatus": "DIRECTLY_TRASHED"}))


def test_every_listed_item_matches_the_lists_filters() -> None:
    behaviour = Behaviour("mittwald", lambda case: None)
    by_server = {"serverId": SERVER}
    behaviour.observe(seen("project-list-projects", 200, [project()], query=by_server))
    other = project(id="p2", serverId="9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f")
    with pytest.raises(Mismatch, match="filtered by serverId"):
        behaviour.observe(seen("project-list-projects", 200, [project(), other], query=by_server))
    search = {"searchTerm": "SHO"}  # id, shortId or description, ignoring case
    behaviour.observe(seen("project-list-projects", 200, [project()], query=search))
    with pytest.raises(Mismatch, match="searched for searchTerm='SHO'"):
        behaviour.observe(
            seen("project-list-projects", 200, [project(description="blog")], query=search)
        )


def test_an_update_is_read_back_once_an_api_declares_one() -> None:
    """No update operation exists yet: the mechanism is the table, so one entry makes every later
    read hold the updated value."""
    mittwald = APIS["mittwald"]
    update = Write("update", "path.projectId", {"description": "body.description"})
    api = replace(mittwald, writes={**mittwald.writes, "project-update-description": update})
    behaviour = mittwald_with_project()
    behaviour.api = api
    behaviour.observe(
        seen(
            "project-update-description",
            204,
            path={"projectId": "p1"},
            body={"description": "blog"},
        )
    )
    behaviour.observe(get(project(description="blog")))
    with pytest.raises(Mismatch, match="answered description 'shop'; this run sent 'blog'"):
        behaviour.observe(get(project()))


def test_the_rules_name_only_operations_of_their_spec() -> None:
    for name, api in APIS.items():
        spec = load(name)
        declared = {
            operation["operationId"]
            for item in spec["paths"].values()
            for operation in item.values()
            if isinstance(operation, dict) and "operationId" in operation
        }
        named = {*api.writes, *api.reads, *api.lists, *api.deletes}
        assert named <= declared, named - declared
        assert isinstance(api, Api)
        assert all(isinstance(r, Read) for r in api.reads.values())


def test_coverage_says_which_operation_never_succeeded_and_why() -> None:
    coverage = Coverage()
    coverage.answered("get", 200)
    coverage.answered("get", 404)
    coverage.answered("delete", 403)
    coverage.held_back("create", "the budget of 5 creates is spent")
    missing = coverage.unanswered(["get", "delete", "create", "list"])
    assert missing == {
        "delete": "answered only 403x1",
        "create": "never sent (the guard withheld 1: 1 the budget of 5 creates is spent)",
        "list": "never sent",
    }
    header, *rows = coverage.table(["get", "delete"])
    assert header.split() == ["operation", "2xx", "4xx", "5xx", "answers"]
    assert rows[1].split() == ["get", "1", "1", "0", "200x1", "404x1"]
