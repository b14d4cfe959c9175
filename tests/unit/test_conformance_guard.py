"""The conformance guard's verdicts and the plan's checks, without any network (the guard on the
wire and whole runs: tests/system/test_conformance_live.py)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from provisionkit.conformance import writes
from provisionkit.conformance.guard import Created, Guard
from provisionkit.conformance.plan import Plan, spec_path
from provisionkit.conformance.runner import suite_exit_code
from provisionkit.conformance.writes import own_writes
from provisionkit.errors import ConfigurationError
from provisionkit.mittwald.operations import OPERATIONS as MITTWALD_OPERATIONS
from provisionkit.operations import Kind, Operation

URL = "http://127.0.0.1:8080"
SERVER = "5e2a1c3b-8f7d-4e6a-9b0c-1d2e3f4a5b6c"
OTHER = "9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f"
SPACE = "ri.compass.main.folder.a86ad5f5-3db5-48e4-9fdd-00aa3e5731ca"
OTHER_SPACE = "ri.compass.main.folder.7e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"
FOUNDRY_CREATE = f"{URL}/api/v2/filesystem/projects/create"


def mittwald(*, allow: bool = True, budget: int = 5) -> Guard:
    return Guard(Plan("mittwald", URL, "t", allow, SERVER if allow else None, budget))


def foundry(*, budget: int = 5) -> Guard:
    return Guard(Plan("foundry", URL, "t", True, SPACE, budget))


def test_reads_pass_and_nothing_else_does_without_the_opt_in() -> None:
    guard = mittwald(allow=False)
    assert guard.verdict("GET", f"{URL}/v2/servers") is None
    assert guard.verdict("POST", f"{URL}/v2/servers/{SERVER}/projects") == (
        "creating is not allowed (--allow-create)"
    )
    for method in ("PUT", "PATCH", "DELETE", "POST"):
        assert guard.verdict(method, f"{URL}/v2/projects/p-1") is not None


def test_a_create_is_sent_only_to_the_designated_server_or_space() -> None:
    guard = mittwald()
    assert guard.verdict("POST", f"{URL}/v2/servers/{SERVER}/projects") is None
    assert guard.verdict("POST", f"{URL}/v2/placementgroups/{SERVER}/projects") is None
    for elsewhere in (OTHER, "s-4e7tz3", "..", ""):
        assert guard.verdict("POST", f"{URL}/v2/servers/{elsewhere}/projects") is not None
    # Percent-encoding cannot smuggle another server past the comparison.
    assert guard.verdict("POST", f"{URL}/v2/servers/{SERVER}%2F..%2F{OTHER}/projects")
    space = foundry()
    assert space.verdict("POST", FOUNDRY_CREATE, {"spaceRid": SPACE}) is None
    assert space.verdict("POST", FOUNDRY_CREATE, b'{"spaceRid": "%s"}' % SPACE.encode()) is None
    for body in ({"spaceRid": OTHER_SPACE}, {}, [SPACE], b"not json", None, {"spaceRid": 1}):
        assert space.verdict("POST", FOUNDRY_CREATE, body) is not None


def test_nothing_goes_to_another_host() -> None:
    guard = mittwald()
    assert guard.verdict("GET", "http://127.0.0.1:8081/v2/servers") is not None
    assert guard.verdict("GET", "https://127.0.0.1:8080/v2/servers") is not None
    assert guard.verdict("GET", "http://example.com/v2/servers") is not None


def test_the_budget_counts_what_may_have_applied_and_spares_auth_probes() -> None:
    guard = mittwald(budget=2)
    create = f"{URL}/v2/servers/{SERVER}/projects"
    guard.created += [Created(SERVER, "a", "p1"), Created(SERVER, "b", None)]  # one unknown
    assert guard.verdict("POST", create) == "the budget of 2 creates is spent"
    # Without the token (schemathesis's probe that auth is enforced) the budget does not apply:
    # an API that enforces auth creates nothing, one that does not is the finding.
    assert guard.verdict("POST", create, with_token=False) is None
    assert mittwald(budget=0).verdict("POST", create) is not None


def test_a_delete_is_sent_only_for_what_this_run_created() -> None:
    guard = mittwald()
    guard.created.append(Created(SERVER, "a", "p-mine"))
    assert guard.verdict("DELETE", f"{URL}/v2/projects/p-mine") is None
    assert guard.verdict("DELETE", f"{URL}/v2/projects/p-other") is not None
    guard.created[0].removed = True
    # Again (schemathesis probes a delete without the token): still only ours, still harmless.
    assert guard.verdict("DELETE", f"{URL}/v2/projects/p-mine") is None
    assert guard.leftovers() == []
    trash = foundry()
    trash.created.append(Created(SPACE, "a", "ri.compass.main.folder.mine"))
    ok = f"{URL}/api/v2/filesystem/resources/ri.compass.main.folder.mine"
    assert trash.verdict("DELETE", ok) is None
    assert trash.verdict("DELETE", f"{URL}/api/v2/filesystem/resources/ri.x.y.z.w") is not None


def test_a_run_whose_every_authenticated_answer_was_401_never_passes() -> None:
    guard = mittwald()
    assert not guard.token_never_accepted()  # nothing sent: the pre-flight decides that case
    guard.authenticated[401] += 30
    assert guard.token_never_accepted()
    guard.authenticated[200] += 1
    assert not guard.token_never_accepted()


def test_the_plan_refuses_unsafe_or_incomplete_combinations() -> None:
    env = {"MITTWALD_API_TOKEN": "t", "FOUNDRY_TOKEN": "t"}
    with pytest.raises(ConfigurationError, match="MITTWALD_API_TOKEN"):
        Plan.build("mittwald", {})
    with pytest.raises(ConfigurationError, match="--server-id"):
        Plan.build("mittwald", env, allow_create=True)
    with pytest.raises(ConfigurationError, match="only matters with --allow-create"):
        Plan.build("mittwald", env, designated=SERVER)
    with pytest.raises(ConfigurationError, match="does not look like one"):
        Plan.build("foundry", env, hostname="x.example.com", allow_create=True, designated="x")
    with pytest.raises(ConfigurationError, match="no default host"):
        Plan.build("foundry", env)
    with pytest.raises(ConfigurationError, match="plain http"):
        Plan.build("mittwald", env, base_url="http://api.example.com")
    plan = Plan.build("foundry", env, hostname="x.example.com", allow_create=True, designated=SPACE)
    assert plan.base_url == "https://x.example.com"
    assert "pk-secret" not in repr(Plan("mittwald", URL, "pk-secret"))


def test_once_interrupted_only_the_cleanup_is_sent() -> None:
    guard = mittwald()
    guard.created.append(Created(SERVER, "a", "p-mine"))
    guard.stop()
    assert guard.verdict("GET", f"{URL}/v2/servers") == "the run was interrupted"
    assert guard.verdict("POST", f"{URL}/v2/servers/{SERVER}/projects") is not None
    assert guard.verdict("DELETE", f"{URL}/v2/projects/p-mine") is None
    assert guard.verdict("DELETE", f"{URL}/v2/projects/p-other") is not None


def test_an_interrupt_whose_report_fails_inside_pytest_still_counts_as_an_interrupt(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Seen in a loaded run: Ctrl-C landed in pytest's plumbing and pytest's own interrupt report
    # raised TypeError out of pytest.main, so the command ended in a traceback with exit 1.
    def report_fails(args: list[str], plugins: list[object]) -> int:
        raise TypeError("unsupported operand type(s) for -: 'NoneType' and 'int'")

    monkeypatch.setattr(pytest, "main", report_fails)
    guard = mittwald()
    with pytest.raises(TypeError):  # without a signal it is a bug, and must not be hidden
        suite_exit_code([], object(), guard)
    guard.stop()  # what the SIGINT/SIGTERM handler does first
    assert suite_exit_code([], object(), guard) is None

    def interrupted(args: list[str], plugins: list[object]) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(pytest, "main", interrupted)
    assert suite_exit_code([], object(), mittwald()) is None
    monkeypatch.setattr(pytest, "main", lambda args, plugins: 1)
    assert suite_exit_code([], object(), mittwald()) == 1


def test_the_writes_allowed_on_own_projects_are_the_tables_updates_and_deletes() -> None:
    for api, operation, path in (
        ("mittwald", "project-delete-project", "/v2/projects/p-mine"),
        ("foundry", "deleteResource", "/api/v2/filesystem/resources/ri.compass.main.folder.x"),
    ):
        # Found among the table's writes: a new update or delete must not need this test edited.
        write = next(w for w in own_writes(api, spec_path(api)) if w.operation == operation)
        assert (write.operation, write.kind, write.method) == (operation, Kind.DELETE, "DELETE")
        assert write.project("DELETE", path) == path.rsplit("/", 1)[-1]
        assert write.project("GET", path) is None
        assert write.project("DELETE", path + "/members") is None


def test_an_update_added_to_a_table_is_allowed_on_own_projects_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No update exists yet: one table entry (and its spec path) is all the guard needs."""
    spec = yaml.safe_load(spec_path("mittwald").read_text())
    spec["paths"]["/v2/projects/{projectId}/description"] = {
        "patch": {"operationId": "project-update-project-description"}
    }
    (tmp_path / "mittwald.yaml").write_text(yaml.safe_dump(spec))
    update = Operation(
        id="project-update-project-description",
        kind=Kind.UPDATE,
        method="update_description",
        doc="",
        returns="None",
    )
    monkeypatch.setattr(writes, "_table", lambda api: (*MITTWALD_OPERATIONS, update))
    guard = mittwald()
    guard.own_writes = own_writes("mittwald", tmp_path / "mittwald.yaml")
    guard.created.append(Created(SERVER, "a", "p-mine"))
    assert guard.verdict("PATCH", f"{URL}/v2/projects/p-mine/description") is None
    assert guard.verdict("PATCH", f"{URL}/v2/projects/p-other/description") == (
        "an update of something this run did not create"
    )
    assert guard.verdict("PATCH", f"{URL}/v2/projects/p-mine") is not None  # not in the table


def test_every_create_name_gets_the_runs_numbered_marker_and_only_it_counts() -> None:
    guard = foundry()
    marker = guard.marker
    first = SimpleNamespace(body={"displayName": "Flights", "spaceRid": SPACE})
    second = SimpleNamespace(body={"displayName": "Flights", "spaceRid": SPACE})
    marker.mark(first)
    marker.mark(second)
    assert first.body["displayName"] == f"Flights {marker}-1"
    assert second.body["displayName"] == f"Flights {marker}-2"  # unique in the space, too
    marker.mark(first)  # already marked: left as it is
    assert first.body["displayName"] == f"Flights {marker}-1"
    long = SimpleNamespace(body={"displayName": "x" * 700, "spaceRid": SPACE})
    marker.mark(long)
    assert len(long.body["displayName"]) == 700  # Foundry's limit
    assert marker.tag_in(long.body["displayName"]) == f"{marker}-3"
    invalid = SimpleNamespace(body={"displayName": 7, "spaceRid": SPACE})
    marker.mark(invalid)  # no string to carry it: the answer's id is all the cleanup has
    assert invalid.body["displayName"] == 7
    # Another run's marker, or a longer number, is never this create's.
    other = Guard(Plan("foundry", URL, "t", True, SPACE, 5, run_id="0badc0de")).marker
    assert marker.tag_in(f"Flights {other}-1") is None
    assert marker.tag_in(f"Flights {marker}-12") == f"{marker}-12"
    assert marker.tag_in(f"Flights x{marker}-1") is None


def test_a_create_whose_name_lacks_the_marker_is_not_sent() -> None:
    guard = mittwald()
    create = f"{URL}/v2/servers/{SERVER}/projects"
    refused = "a create whose name does not carry this run's marker"
    assert guard.verdict("POST", create, '{"description": "My first project"}') == refused
    assert guard.verdict("POST", create, {"description": f"p {guard.marker}-1"}) is None
    # Another run's marker is no marker of this run.
    assert guard.verdict("POST", create, {"description": "p pkc-0badc0de-1"}) == refused
    # An invalid body with no string name cannot carry one, and is judged as before.
    assert guard.verdict("POST", create, {"description": 5}) is None


def test_after_an_interrupt_the_cleanup_may_read_but_nothing_else_may() -> None:
    guard = mittwald()
    guard.created.append(Created(SERVER, "a", "p-mine"))
    guard.stop()
    assert guard.verdict("GET", f"{URL}/v2/projects/p-mine") == "the run was interrupted"
    guard.cleaning = True
    assert guard.verdict("GET", f"{URL}/v2/projects/p-mine") is None
    assert guard.verdict("POST", f"{URL}/v2/servers/{SERVER}/projects") is not None
