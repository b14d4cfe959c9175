"""`make drift`: the committed state is clean, and a change seeded into our spec is reported."""

from __future__ import annotations

import copy
import functools
import http.server
import json
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
from specs.drift.conjure_ir import to_openapi
from specs.drift.documents import load, pointer, referenced

UPSTREAM = SPECS / "upstream"


@functools.cache
def _policies() -> dict[str, Policy]:
    return policies(yaml.safe_load((SPECS / "drift-accepted.yaml").read_text()))


def ours(api: str) -> dict[str, Any]:
    return load(str(SPECS / f"{api}.yaml"))


def upstream(api: str) -> dict[str, Any]:
    return load_upstream([str(UPSTREAM / f"{api}.json")], _policies()[api])


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
