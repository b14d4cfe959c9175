"""The specs are valid OpenAPI 3.0, and every example in them is what its schema says."""

from __future__ import annotations

import jsonschema
import pytest
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

from tests.helpers.specs import (
    APIS,
    FOUNDRY_ERRORS,
    SPECS,
    Example,
    examples,
    load,
    operations,
    resolve,
)

ALL_EXAMPLES = [e for api in APIS for e in examples(api)]


def schema_errors(example: Example) -> list[jsonschema.ValidationError]:
    # A root holding the components lets the example's schema resolve `#/components/...` refs.
    root = {**example.schema, "components": load(example.api)["components"]}
    validator = OAS30Validator(root, format_checker=oas30_format_checker)
    return list(validator.iter_errors(example.value))


@pytest.mark.parametrize("api", APIS)
def test_spec_is_valid_openapi_3_0(api: str) -> None:
    spec, base_uri = read_from_filename(str(SPECS / f"{api}.yaml"))
    validate(spec, base_uri=base_uri)
    assert spec["openapi"].startswith("3.0.")


@pytest.mark.parametrize(
    "example",
    [
        pytest.param(e, id=e.id)
        for e in ALL_EXAMPLES
        if "x-provisionkit-known-invalid" not in e.extensions
    ],
)
def test_example_validates_against_its_schema(example: Example) -> None:
    assert [e.message for e in schema_errors(example)] == []


@pytest.mark.parametrize(
    "example",
    [
        pytest.param(e, id=e.id)
        for e in ALL_EXAMPLES
        if "x-provisionkit-known-invalid" in e.extensions
    ],
)
def test_known_invalid_example_fails_only_for_the_fields_it_names(example: Example) -> None:
    """A verbatim seed example that predates a required field is kept; its one gap is checked."""
    missing = example.extensions["x-provisionkit-known-invalid"]["missing"]
    errors = schema_errors(example)
    assert sorted(e.message for e in errors) == sorted(
        f"{name!r} is a required property" for name in missing
    )


def test_every_operation_with_a_success_body_has_a_success_example() -> None:
    with_success = {(e.api, e.operation_id) for e in ALL_EXAMPLES if e.where.startswith("2")}
    declared = {
        (api, op["operationId"])
        for api in APIS
        for _, _, op in operations(api)
        if any(
            "content" in resolve(load(api), response)
            for status, response in op["responses"].items()
            if str(status).startswith("2")
        )
    }
    assert declared == with_success


def test_seed_foundry_request_is_in_the_spec_verbatim() -> None:
    seed_body = {
        "organizationRids": ["ri.multipass..organization.c30ee6ad-b5e4-4afe-a74f-fe4a289f2faa"],
        "displayName": "My Important Project",
        "defaultRoles": ["8bf49052-dc37-4528-8bf0-b551cfb71268"],
        "description": "project description",
        "roleGrants": {
            "8bf49052-dc37-4528-8bf0-b551cfb71268": [
                {"principalId": "f05f8da4-b84c-4fca-9c77-8af0b13d11de", "principalType": "USER"}
            ]
        },
        "spaceRid": "ri.compass.main.folder.a86ad5f5-3db5-48e4-9fdd-00aa3e5731ca",
    }
    seeds = [
        e.value
        for e in ALL_EXAMPLES
        if e.api == "foundry" and e.where == "request" and e.name == "seed"
    ]
    assert seeds == [seed_body]


# The reference's table of create's and get's errors: name -> (errorCode, status, parameters).


@pytest.mark.parametrize("error_name", sorted(FOUNDRY_ERRORS))
def test_foundry_documented_error_is_a_named_example_under_its_real_status(error_name: str) -> None:
    operation_ids, code, status, parameters = FOUNDRY_ERRORS[error_name]
    if isinstance(operation_ids, str):
        operation_ids = (operation_ids,)
    found = [
        e
        for e in ALL_EXAMPLES
        if e.api == "foundry" and e.name == error_name and e.value.get("errorName") == error_name
    ]
    assert sorted((e.operation_id, e.where) for e in found) == [(o, status) for o in operation_ids]
    assert found[0].value["errorCode"] == code
    assert set(found[0].value["parameters"]) == parameters


@pytest.mark.parametrize(
    ("api", "operation_id", "link_parameter", "expression"),
    [
        pytest.param(
            "mittwald", "project-create-project", "projectId", "$response.body#/id", id="mittwald"
        ),
        pytest.param("foundry", "createProject", "projectRid", "$response.body#/rid", id="foundry"),
    ],
)
def test_create_links_to_get(
    api: str, operation_id: str, link_parameter: str, expression: str
) -> None:
    spec = load(api)
    (operation,) = [op for _, _, op in operations(api) if op["operationId"] == operation_id]
    success = next(
        resolve(spec, r) for s, r in operation["responses"].items() if str(s).startswith("2")
    )
    (link,) = success["links"].values()
    assert link["parameters"] == {link_parameter: expression}
    get_ids = {op["operationId"] for _, _, op in operations(api)}
    assert link["operationId"] in get_ids


def test_mittwald_seed_path_is_kept_as_a_deprecated_twin_of_create() -> None:
    spec = load("mittwald")
    current = spec["paths"]["/v2/servers/{serverId}/projects"]["post"]
    legacy = spec["paths"]["/v2/placementgroups/{serverId}/projects"]["post"]
    assert legacy["operationId"] == "deprecated-project-create-subproject"
    assert legacy["deprecated"] is True
    same = ("parameters", "requestBody", "responses")
    assert {k: legacy[k] for k in same} == {k: current[k] for k in same}


@pytest.mark.parametrize(
    ("api", "schemes"),
    [
        # x-access-token only, as mittwald's spec requires; Bearer stays defined (the API and the
        # fake accept it) but no operation lists it.
        pytest.param("mittwald", [{"accessToken": []}], id="mittwald"),
        pytest.param("foundry", [{"bearerAuth": []}], id="foundry"),
    ],
)
def test_spec_declares_the_real_auth_schemes(api: str, schemes: list[dict[str, list[str]]]) -> None:
    assert load(api)["security"] == schemes
