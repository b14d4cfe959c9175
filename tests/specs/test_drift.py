"""`make drift`: the committed state is clean, and a change seeded into our spec is reported."""

from __future__ import annotations

import copy
import functools
import http.server
import importlib
import json
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

from specs.drift import APIS, SPECS, Difference, DocumentError, Policy, drift, load_upstream
from specs.drift.__main__ import main
from specs.drift.accepted import Acceptance, policies
from specs.drift.compare import _SCALAR_KEYWORDS
from specs.drift.conjure_ir import to_openapi
from specs.drift.documents import load, pointer, referenced
from specs.drift.refresh import foundry_excerpt
from specs.drift.replay import replay

UPSTREAM = SPECS / "upstream"


@functools.cache
def _policies() -> dict[str, Policy]:
    return policies(yaml.safe_load((SPECS / "drift-accepted.yaml").read_text()))


@functools.cache
def _ours(api: str) -> dict[str, Any]:
    return load(str(SPECS / f"{api}.yaml"))


@functools.cache
def _upstream(api: str) -> dict[str, Any]:
    return load_upstream([str(UPSTREAM / f"{api}.json")], _policies()[api])


def ours(api: str) -> dict[str, Any]:
    """Our spec (a copy: tests change it)."""
    return copy.deepcopy(_ours(api))


def upstream(api: str) -> dict[str, Any]:
    """The committed upstream excerpt (a copy: tests change it)."""
    return copy.deepcopy(_upstream(api))


@pytest.mark.parametrize("api", APIS)
def test_the_committed_specs_have_no_unaccepted_drift_and_no_stale_acceptance(api: str) -> None:
    report = drift(api, ours(api), upstream(api), _policies()[api])
    assert report.unaccepted == []
    assert report.stale == []


def test_the_command_exits_zero_on_the_committed_state(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--quiet"]) == 0
    assert "DRIFT" not in capsys.readouterr().out


def _schema(spec: dict[str, Any], name: str) -> dict[str, Any]:
    schema: dict[str, Any] = spec["components"]["schemas"][name]
    return schema


def _operation(spec: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    operation: dict[str, Any] = spec["paths"][path][method]
    return operation


def _add_enum_value(spec: dict[str, Any]) -> None:
    _schema(spec, "ProjectStatus")["enum"].append("archived")


def _drop_required_field(spec: dict[str, Any]) -> None:
    _schema(spec, "Project")["required"].remove("customerId")


def _retype_query_parameter(spec: dict[str, Any]) -> None:
    spec["components"]["parameters"]["limit"]["schema"]["type"] = "string"


def _drop_status(spec: dict[str, Any]) -> None:
    del _operation(spec, "/v2/servers/{serverId}/projects", "post")["responses"]["429"]


def _move_path(spec: dict[str, Any]) -> None:
    spec["paths"]["/v2/project/{projectId}"] = spec["paths"].pop("/v2/projects/{projectId}")


def _foundry_body_field_optional(spec: dict[str, Any]) -> None:
    _schema(spec, "CreateProjectRequest")["required"].remove("spaceRid")


def _foundry_trash_status(spec: dict[str, Any]) -> None:
    _schema(spec, "TrashStatus")["enum"].remove("ANCESTOR_TRASHED")


SEEDS = [
    pytest.param(
        "mittwald",
        _add_enum_value,
        Difference(
            "mittwald",
            "project-get-project",
            "responses.200.body.status",
            "enum",
            "archived, disabled, error, migratingVolume, pending, preparingForVolumeMigration, ready",
            "disabled, error, migratingVolume, pending, preparingForVolumeMigration, ready",
        ),
        id="mittwald-enum-value-added",
    ),
    pytest.param(
        "mittwald",
        _drop_required_field,
        Difference(
            "mittwald",
            "project-get-project",
            "responses.200.body.customerId",
            "presence",
            "optional",
            "required",
        ),
        id="mittwald-required-field-made-optional",
    ),
    pytest.param(
        "mittwald",
        _retype_query_parameter,
        Difference(
            "mittwald",
            "project-list-servers",
            "parameters.query.limit",
            "type",
            "string",
            "integer",
        ),
        id="mittwald-parameter-type",
    ),
    pytest.param(
        "mittwald",
        _drop_status,
        Difference(
            "mittwald", "project-create-project", "responses.429", "presence", None, "declared"
        ),
        id="mittwald-status-dropped",
    ),
    pytest.param(
        "mittwald",
        _move_path,
        Difference(
            "mittwald",
            "project-get-project",
            "route",
            "method path",
            "GET /v2/project/{projectId}",
            "GET /v2/projects/{projectId}",
        ),
        id="mittwald-path-moved",
    ),
    pytest.param(
        "foundry",
        _foundry_body_field_optional,
        Difference(
            "foundry",
            "createProject",
            "requestBody.body.spaceRid",
            "presence",
            "optional",
            "required",
        ),
        id="foundry-request-field-made-optional",
    ),
    pytest.param(
        "foundry",
        _foundry_trash_status,
        Difference(
            "foundry",
            "getProject",
            "responses.200.body.trashStatus",
            "enum",
            "DIRECTLY_TRASHED, NOT_TRASHED",
            "ANCESTOR_TRASHED, DIRECTLY_TRASHED, NOT_TRASHED",
        ),
        id="foundry-enum-value-removed",
    ),
]


@pytest.mark.parametrize(("api", "seed", "expected"), SEEDS)
def test_a_change_seeded_into_our_spec_is_reported_and_fails_the_run(
    api: str, seed: Callable[[dict[str, Any]], None], expected: Difference
) -> None:
    spec = copy.deepcopy(ours(api))
    seed(spec)
    report = drift(api, spec, upstream(api), _policies()[api])
    assert expected in report.unaccepted
    assert not report.clean


def test_the_command_prints_a_seeded_change_and_exits_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = copy.deepcopy(ours("mittwald"))
    _add_enum_value(spec)
    seeded = tmp_path / "mittwald.yaml"
    seeded.write_text(yaml.safe_dump(spec))
    assert main(["--api", "mittwald", "--ours", str(seeded), "--quiet"]) == 1
    out = capsys.readouterr().out
    assert "DRIFT     mittwald project-get-project responses.200.body.status enum" in out
    assert "FAILED" in out


def test_an_acceptance_that_matches_nothing_is_stale_and_fails_the_run() -> None:
    policy = _policies()["mittwald"]
    orphan = Acceptance("project-get-project", "responses.999", "presence", "no such status")
    with_orphan = Policy(policy.covers, policy.renamed, (*policy.accepted, orphan))
    report = drift("mittwald", ours("mittwald"), upstream("mittwald"), with_orphan)
    assert report.stale == [orphan]
    assert not report.clean


def test_an_accepted_difference_without_a_reason_is_refused() -> None:
    with pytest.raises(DocumentError, match="reason"):
        policies({"mittwald": {"accepted": [{"where": "security"}]}})


@pytest.fixture
def served_upstream() -> Iterator[str]:
    """The mittwald excerpt served on loopback, as a vendor's URL would serve the document."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(UPSTREAM))
    handler.log_message = lambda *_args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.timeout = 5
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/mittwald.json"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_the_upstream_can_be_a_url(served_upstream: str) -> None:
    policy = _policies()["mittwald"]
    report = drift("mittwald", ours("mittwald"), load_upstream([served_upstream], policy), policy)
    assert report.clean


@pytest.mark.parametrize("api", APIS)
def test_each_excerpt_says_where_and_which_version_it_came_from(api: str) -> None:
    header = json.loads((UPSTREAM / f"{api}.json").read_text())["x-provisionkit-excerpt"]
    assert " at " in header["source"]  # "<repository> <file> at <commit> (<version/date>)"
    assert header["operations"]


@pytest.mark.parametrize("api", APIS)
def test_each_excerpt_is_a_valid_self_contained_openapi_document(api: str) -> None:
    document = load(str(UPSTREAM / f"{api}.json"))
    validate(document)
    for ref in referenced(document, [document["paths"]]):
        pointer(document, ref)  # raises on a reference the excerpt cut off


def _ir_type(kind: str, **detail: Any) -> dict[str, Any]:
    return {"type": kind, kind: detail}


STRING = _ir_type("builtin", type="string", string={})
TINY_IR = {
    "name": "Demo",
    "version": "v2",
    "components": [
        {
            "locator": {"namespaceName": "Demo", "localName": "Thing"},
            "type": _ir_type(
                "object",
                properties={
                    "name": {"type": STRING},
                    "note": {"type": _ir_type("optional", subType=STRING)},
                    "tags": {"type": _ir_type("list", subType=STRING)},
                },
            ),
        }
    ],
    "resources": [
        {
            "operations": [
                {
                    "name": "getThing",
                    "releaseStage": "STABLE",
                    "auth": {"includeAuthHeader": True, "scopes": ["api:demo-read"]},
                    "http": {
                        "path": "/v2/demo/things/{thingRid}",
                        "httpMethod": "GET",
                        "parameters": [
                            {
                                "name": "thingRid",
                                "inputType": "PATH",
                                "type": {"type": _ir_type("builtin", type="rid", rid={})},
                            }
                        ],
                        "response": {
                            "code": "200",
                            "body": {
                                "type": "ok",
                                "ok": {
                                    "responseType": {
                                        "component": {
                                            "mediaType": "application/json",
                                            "type": {
                                                "type": _ir_type(
                                                    "reference",
                                                    locator={
                                                        "namespaceName": "Demo",
                                                        "localName": "Thing",
                                                    },
                                                )
                                            },
                                        }
                                    }
                                },
                            },
                        },
                    },
                    "throwableErrors": [
                        {"locator": {"localName": "ThingNotFound"}, "errorType": "NOT_FOUND"},
                        {"locator": {"localName": "ThingLocked"}, "errorType": "CONFLICT"},
                    ],
                }
            ]
        }
    ],
}


def test_the_ir_conversion_reads_conjures_wire_rules() -> None:
    """Required unless optional or a collection; errors under their Conjure status; /api prefix."""
    document = to_openapi([TINY_IR], ["getThing"], {"title": "demo", "version": "1"})
    operation = document["paths"]["/api/v2/demo/things/{thingRid}"]["get"]
    assert _schema(document, "Demo.Thing")["required"] == ["name"]
    assert set(operation["responses"]) == {"200", "404", "409"}
    examples = operation["responses"]["404"]["content"]["application/json"]["examples"]
    assert examples["ThingNotFound"]["value"]["errorCode"] == "NOT_FOUND"
    assert operation["security"] == [{"bearerAuth": []}]
    validate(document)


# --- upstream changes, one at a time, in a copy of the vendor's own document ----------------------
# Foundry's is Palantir's IR (the committed cut, converted as `make drift` converts it); mittwald's
# is its OpenAPI document (the committed verbatim excerpt). Each change must be reported, naming
# the operation, the place and the kind; nothing else about the run may change.


@functools.cache
def _ir_text() -> str:
    return (UPSTREAM / "foundry-ir.json").read_text()


def _ir() -> dict[str, Any]:
    return json.loads(_ir_text())  # type: ignore[no-any-return]


def _ir_operation(ir: dict[str, Any], name: str) -> dict[str, Any]:
    for namespace in ir["namespaces"]:
        for resource in namespace["resources"]:
            for operation in resource["operations"]:
                if operation["name"] == name:
                    found: dict[str, Any] = operation
                    return found
    raise KeyError(name)


def _ir_properties(ir: dict[str, Any], component: str) -> dict[str, Any]:
    for namespace in ir["namespaces"]:
        for candidate in namespace["components"]:
            if candidate["locator"]["localName"] == component:
                properties: dict[str, Any] = candidate["type"]["object"]["properties"]
                return properties
    raise KeyError(component)


def _thrown(ir: dict[str, Any], operation: str, error: str) -> dict[str, Any]:
    found: dict[str, Any] = next(
        e
        for e in _ir_operation(ir, operation)["throwableErrors"]
        if e["locator"]["localName"] == error
    )
    return found


STRING_PARAMETER = {"type": STRING, "safety": "SAFE", "documentation": {"example": []}}


def _leaves_stable(ir: dict[str, Any]) -> None:
    _ir_operation(ir, "createProject")["releaseStage"] = "PUBLIC_BETA"


def _error_gains_parameter(ir: dict[str, Any]) -> None:
    _thrown(ir, "getProject", "ProjectNotFound")["parameters"]["reason"] = STRING_PARAMETER


def _error_parameter_retyped(ir: dict[str, Any]) -> None:
    parameter = _thrown(ir, "createProject", "SpaceNotFound")["parameters"]["spaceRid"]
    parameter["type"] = _ir_type("list", subType=parameter["type"])


def _error_loses_parameter(ir: dict[str, Any]) -> None:
    del _thrown(ir, "createProject", "ProjectNameAlreadyExists")["parameters"]["spaceRid"]


def _error_code_changes(ir: dict[str, Any]) -> None:
    _thrown(ir, "createProject", "InvalidDisplayName")["errorType"] = "CUSTOM_CLIENT"  # still 400


def _scope_changes(ir: dict[str, Any]) -> None:
    _ir_operation(ir, "getProject")["auth"]["scopes"] = ["api:filesystem-read", "api:compass-read"]


def _needs_preview(ir: dict[str, Any]) -> None:
    preview = {
        "name": "preview",
        "documentation": {"example": []},
        "inputType": "QUERY",
        "type": {
            "type": _ir_type("builtin", type="boolean", boolean={}),
            "safety": "SAFE",
        },
    }
    _ir_operation(ir, "createProject")["http"]["parameters"].append(preview)


def _deprecated(ir: dict[str, Any]) -> None:
    _ir_operation(ir, "getCurrentUser")["documentation"]["plainTextDescription"] = (
        "Deprecated: use getUser instead."
    )


def _list_bounded(ir: dict[str, Any]) -> None:
    _ir_properties(ir, "CreateProjectRequest")["organizationRids"]["type"]["list"]["maxItems"] = 50


def _optional_becomes_required(ir: dict[str, Any]) -> None:
    field = _ir_properties(ir, "Project")["description"]
    field["type"] = field["type"]["optional"]["subType"]


IR_SEEDS = [
    pytest.param(
        _leaves_stable,
        Difference("foundry", "createProject", "route", "release stage", "STABLE", "PUBLIC_BETA"),
        id="operation-leaves-stable",
    ),
    pytest.param(
        _error_gains_parameter,
        Difference(
            "foundry",
            "getProject",
            "responses.404.errors.ProjectNotFound.parameters.reason",
            "presence",
            None,
            "declared",
        ),
        id="error-gains-parameter",
    ),
    pytest.param(
        _error_parameter_retyped,
        Difference(
            "foundry",
            "createProject",
            "responses.404.errors.SpaceNotFound.parameters.spaceRid",
            "type",
            "string",
            "array of string",
        ),
        id="error-parameter-retyped",
    ),
    pytest.param(
        _error_loses_parameter,
        Difference(
            "foundry",
            "createProject",
            "responses.409.errors.ProjectNameAlreadyExists.parameters.spaceRid",
            "presence",
            "declared",
            None,
        ),
        id="error-loses-parameter",
    ),
    pytest.param(
        _error_code_changes,
        Difference(
            "foundry",
            "createProject",
            "responses.400.errors.InvalidDisplayName",
            "errorCode",
            "INVALID_ARGUMENT",
            "CUSTOM_CLIENT",
        ),
        id="error-code-changes-within-its-status",
    ),
    pytest.param(
        _scope_changes,
        Difference(
            "foundry",
            "getProject",
            "security",
            "scopes",
            "api:filesystem-read",
            "api:compass-read, api:filesystem-read",
        ),
        id="scope-change",
    ),
    pytest.param(
        _needs_preview,
        Difference(
            "foundry", "createProject", "parameters.query.preview", "presence", None, "required"
        ),
        id="preview-flag-required",
    ),
    pytest.param(
        _deprecated,
        Difference("foundry", "getCurrentUser", "route", "deprecated", None, "true"),
        id="operation-deprecated",
    ),
    pytest.param(
        _list_bounded,
        Difference(
            "foundry", "createProject", "requestBody.body.organizationRids", "maxItems", None, "50"
        ),
        id="list-gains-max-items",
    ),
    pytest.param(
        _optional_becomes_required,
        Difference(
            "foundry",
            "getProject",
            "responses.200.body.description",
            "presence",
            "optional",
            "required",
        ),
        id="optional-field-becomes-required",
    ),
]


def _converted(ir: dict[str, Any]) -> dict[str, Any]:
    return foundry_excerpt(ir, _policies()["foundry"])


@pytest.mark.parametrize(("seed", "expected"), IR_SEEDS)
def test_a_change_to_palantirs_ir_is_reported(
    seed: Callable[[dict[str, Any]], None], expected: Difference
) -> None:
    ir = _ir()
    seed(ir)
    report = drift("foundry", ours("foundry"), _converted(ir), _policies()["foundry"])
    assert expected in report.unaccepted
    assert not report.clean


def test_the_committed_foundry_excerpt_is_the_committed_ir_cut_converted() -> None:
    """foundry.json (what `make drift` and Prism read) cannot drift from foundry-ir.json (what
    the tests change): one is the other converted."""
    assert upstream("foundry") == _converted(_ir())


def test_the_ir_cut_holds_what_drift_compares() -> None:
    """Release stage, scopes, the errors' parameters and optional fields survive the cut."""
    converted = _converted(_ir())
    create = converted["paths"]["/api/v2/filesystem/projects/create"]["post"]
    assert create["x-release-stage"] == "STABLE"
    assert create["x-scopes"] == ["api:filesystem-write"]
    examples = create["responses"]["400"]["content"]["application/json"]["examples"]
    assert set(examples["CreateProjectNoOwnerLikeRoleGrant"]["value"]["parameters"]) == {
        "grantedRoleIds",
        "roleSetOwnerLikeRoleIds",
    }
    project = _schema(converted, "Filesystem.Project")["properties"]
    assert project["description"] == {"type": "string", "nullable": True}


def _mittwald_parameter(document: dict[str, Any], operation: str, name: str) -> dict[str, Any]:
    parameters = _mittwald_operation(document, operation).get("parameters", [])
    found: dict[str, Any] = next(p for p in parameters if p.get("name") == name)
    return found


def _mittwald_operation(document: dict[str, Any], operation: str) -> dict[str, Any]:
    for item in document["paths"].values():
        for candidate in item.values():
            if isinstance(candidate, dict) and candidate.get("operationId") == operation:
                return candidate  # type: ignore[no-any-return]
    raise KeyError(operation)


def _limit_maximum(document: dict[str, Any]) -> None:
    _mittwald_parameter(document, "project-list-servers", "limit")["schema"]["maximum"] = 1000


def _page_minimum(document: dict[str, Any]) -> None:
    _mittwald_parameter(document, "project-list-projects", "page")["schema"]["minimum"] = 1


def _description_max_length(document: dict[str, Any]) -> None:
    body = _mittwald_operation(document, "project-create-project")["requestBody"]
    body["content"]["application/json"]["schema"]["properties"]["description"]["maxLength"] = 255


def _default_changes(document: dict[str, Any]) -> None:
    _mittwald_parameter(document, "project-list-projects", "limit")["schema"]["default"] = 100


def _sort_default_changes(document: dict[str, Any]) -> None:
    _mittwald_parameter(document, "project-list-servers", "sort")["schema"]["default"] = (
        "description"
    )


def _operation_deprecated(document: dict[str, Any]) -> None:
    _mittwald_operation(document, "project-get-project")["deprecated"] = True


def _parameter_deprecated(document: dict[str, Any]) -> None:
    _mittwald_parameter(document, "project-list-projects", "skip")["deprecated"] = True


def _mittwald_scope(document: dict[str, Any]) -> None:
    _mittwald_operation(document, "project-delete-project")["security"] = [
        {"de.mittwald.v1.commons.AccessToken": ["project:write"]}
    ]


MITTWALD_SEEDS = [
    pytest.param(
        _limit_maximum,
        Difference(
            "mittwald", "project-list-servers", "parameters.query.limit", "maximum", None, "1000"
        ),
        id="limit-gains-maximum",
    ),
    pytest.param(
        _page_minimum,
        Difference(
            "mittwald", "project-list-projects", "parameters.query.page", "minimum", "0", "1"
        ),
        id="page-minimum-changes",
    ),
    pytest.param(
        _description_max_length,
        Difference(
            "mittwald",
            "project-create-project",
            "requestBody.body.description",
            "maxLength",
            None,
            "255",
        ),
        id="description-gains-max-length",
    ),
    pytest.param(
        _default_changes,
        Difference(
            "mittwald", "project-list-projects", "parameters.query.limit", "default", "10000", "100"
        ),
        id="limit-default-changes",
    ),
    pytest.param(
        _sort_default_changes,
        Difference(
            "mittwald",
            "project-list-servers",
            "parameters.query.sort",
            "default",
            "createdAt",
            "description",
        ),
        id="enum-default-changes",
    ),
    pytest.param(
        _operation_deprecated,
        Difference("mittwald", "project-get-project", "route", "deprecated", None, "true"),
        id="operation-deprecated",
    ),
    pytest.param(
        _parameter_deprecated,
        Difference(
            "mittwald", "project-list-projects", "parameters.query.skip", "deprecated", None, "true"
        ),
        id="parameter-deprecated",
    ),
    pytest.param(
        _mittwald_scope,
        Difference(
            "mittwald", "project-delete-project", "security", "scopes", None, "project:write"
        ),
        id="scope-added",
    ),
]


@pytest.mark.parametrize(("seed", "expected"), MITTWALD_SEEDS)
def test_a_change_to_mittwalds_document_is_reported(
    seed: Callable[[dict[str, Any]], None], expected: Difference
) -> None:
    document = copy.deepcopy(upstream("mittwald"))
    seed(document)
    report = drift("mittwald", ours("mittwald"), document, _policies()["mittwald"])
    assert expected in report.unaccepted
    assert not report.clean


BOUNDS = [k for k in _SCALAR_KEYWORDS if k not in {"type", "format", "pattern", "nullable"}]


@pytest.mark.parametrize("keyword", BOUNDS)
def test_every_bound_default_and_flag_keyword_is_compared(keyword: str) -> None:
    """Each keyword drift compares, set on the vendor's `limit`, is one reported difference."""
    document = copy.deepcopy(upstream("mittwald"))
    schema = _mittwald_parameter(document, "project-list-servers", "limit")["schema"]
    schema[keyword] = 7 if schema.get(keyword) != 7 else 8
    report = drift("mittwald", ours("mittwald"), document, _policies()["mittwald"])
    assert [(d.where, d.what) for d in report.unaccepted] == [("parameters.query.limit", keyword)]


def _commit(repository: Path, document: dict[str, Any], message: str) -> None:
    (repository / "openapi.json").write_text(json.dumps(document))
    git = ["git", "-C", str(repository), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "add", "openapi.json"], check=True, capture_output=True)
    subprocess.run([*git, "commit", "-q", "-m", message], check=True, capture_output=True)


def test_the_history_replay_sees_each_published_change_and_names_any_it_cannot(
    tmp_path: Path,
) -> None:
    """Three versions, two changes (a new maximum, a new maxLength): both seen. A fourth with a
    change to a keyword drift does not compare (`xml`) is named as unseen."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, capture_output=True)
    document = upstream("mittwald")
    _commit(tmp_path, document, "v0")
    _limit_maximum(document)
    _commit(tmp_path, document, "v1")
    _description_max_length(document)
    _commit(tmp_path, document, "v2")
    versions, seen, unseen, kinds = replay("mittwald", str(tmp_path / ".git"), "openapi.json")
    assert (versions, seen, unseen) == (3, 2, [])
    assert kinds == {"maximum": 1, "maxLength": 1}
    _mittwald_parameter(document, "project-list-servers", "limit")["schema"]["xml"] = {"name": "x"}
    _commit(tmp_path, document, "v3")
    _, _, unseen, _ = replay("mittwald", str(tmp_path / ".git"), "openapi.json")
    assert len(unseen) == 1
    assert "project-list-servers" in unseen[0]


@pytest.mark.parametrize("api", APIS)
def test_drift_covers_every_operation_the_clients_use(api: str) -> None:
    """A new entry in an operation table is compared with the vendor's document, or this fails."""
    tables = importlib.import_module(f"provisionkit.{api}.operations")
    used = {operation.id for operation in tables.OPERATIONS} | set(tables.NOT_EXPOSED)
    assert used <= set(_policies()[api].covers)
