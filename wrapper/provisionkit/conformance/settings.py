"""The schemathesis configuration of a run: all checks, positive and negative data, seeded.

Every exception to "all checks everywhere" is listed here with the reason it is not a finding
(contract_tests/schemathesis-*.toml mirror them for the plain schemathesis command line).
"""

from __future__ import annotations

from typing import Any

from schemathesis.config import SchemathesisConfig
from schemathesis.config._output import DEFAULT_KEYS_TO_SANITIZE

from .plan import Plan

__all__ = [
    "CREATES",
    "EXCEPTIONS",
    "auth_config",
    "config",
    "enabled_checks",
    "stateful_settings",
]

# Checks that disagree with how the APIs document themselves, per operation.
EXCEPTIONS: list[dict[str, Any]] = [
    {
        # mittwald documents 412 for any well-formed `if-event-reached` whose event is not processed
        # within 10 s (specs/mittwald.yaml: its description and the if-event-reached header): a
        # schema-valid event id that was never emitted is rightly answered 412, not accepted.
        "include-operation-id": "project-get-project",
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2XX", "3XX", 401, 403, 404, 409, 412, 429, "5XX"]
            },
        },
    },
    {
        "include-operation-id": "createProject",
        "checks": {
            # A schema-valid create can still break Foundry's documented rules (unknown space or
            # roles, a name with '/', no owner-like grant...), which the spec declares as 400s.
            "positive_data_acceptance": {
                "expected-statuses": ["2XX", 400, 401, 403, 404, 409, 429, "5XX"]
            },
        },
    },
    *(
        {
            # A schema-valid path or rid can still name what Foundry refuses to read or trash as a
            # resource (the root folder `/` or an empty path, a space, `a//b`), which the spec
            # declares as 400s (GetRootFolderNotSupported, InvalidPath, TrashingSpaceNotSupported...).
            "include-operation-id": operation,
            "checks": {
                "positive_data_acceptance": {
                    "expected-statuses": ["2XX", 400, 401, 403, 404, 429, "5XX"]
                },
            },
        }
        for operation in ("getResource", "getResourceByPath", "deleteResource")
    ),
    {
        # A schema-valid `pageToken` the server never handed out (the spec types it as any
        # string), or a `pageSize` it does not serve, is rightly refused with the declared 400.
        "include-operation-id": "listSpaces",
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2XX", 400, 401, 403, 429, "5XX"]},
        },
    },
]

# Where a create puts its project: mittwald's server (path), Foundry's space (body).
CREATES: dict[str, list[tuple[str, str]]] = {
    "mittwald": [
        ("project-create-project", "path.serverId"),
        ("deprecated-project-create-subproject", "path.serverId"),
    ],
    "foundry": [("createProject", "body.spaceRid")],
}

# The only methods the coverage phase may try on a path that does not declare them: ones that
# cannot change anything (a PUT, PATCH or DELETE "to see the 405" could, on a live API).
SAFE_UNEXPECTED_METHODS = ["GET", "OPTIONS", "TRACE"]


def auth_config(api: str, token: str) -> dict[str, Any]:
    schemes: dict[str, Any] = {"bearerAuth": {"bearer": token}}
    if api == "mittwald":
        schemes["accessToken"] = {"api_key": token}
    return {"openapi": schemes}


def config(plan: Plan) -> SchemathesisConfig:
    """The run's config. With creating allowed, generation already aims every create at the
    designated server or space (the guard enforces it on the wire whatever is generated)."""
    operations = list(EXCEPTIONS)
    if plan.designated is not None:
        operations += [
            {"include-operation-id": op, "parameters": {where: plan.designated}}
            for op, where in CREATES[plan.api]
        ]
    data: dict[str, Any] = {
        "seed": plan.seed,
        "base-url": plan.base_url,
        "auth": auth_config(plan.api, plan.token),
        "generation": {
            "mode": "all",  # positive and negative data
            "max-examples": plan.max_examples,
            "deterministic": True,
            "database": "none",
        },
        "checks": {"enabled": True},
        "phases": {
            "coverage": {"unexpected-methods": SAFE_UNEXPECTED_METHODS},
            "stateful": {"max-steps": plan.max_steps},
        },
        "operations": operations,
        "request-timeout": 30,
        # mittwald's own header carries the token too; filter it from every printed request.
        "output": {
            "sanitization": {"keys-to-sanitize": [*DEFAULT_KEYS_TO_SANITIZE, "x-access-token"]}
        },
    }
    return SchemathesisConfig.from_dict(data)


def stateful_settings(plan: Plan) -> Any:
    """The hypothesis settings of the stateful scenarios."""
    import hypothesis  # noqa: PLC0415
    from schemathesis.generation.stateful.state_machine import (  # noqa: PLC0415
        DEFAULT_STATE_MACHINE_SETTINGS,
    )

    # The pytest state machines do not read schemathesis's config: without these they would
    # run 100 unseeded scenarios. Steps the guard withholds make a scenario invalid, which
    # hypothesis's health checks would report as a problem of the test itself. No shrinking:
    # it replays scenarios, and against a live API a replayed create is a new project.
    return hypothesis.settings(
        DEFAULT_STATE_MACHINE_SETTINGS,
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        max_examples=plan.max_examples,
        stateful_step_count=plan.max_steps,
        derandomize=True,
        database=None,
        suppress_health_check=list(hypothesis.HealthCheck),
    )


def enabled_checks() -> list[Any]:
    """Every check schemathesis runs on an answer (the summary counts them)."""
    import schemathesis.specs.openapi.checks  # noqa: F401, PLC0415 - registers the OpenAPI checks
    from schemathesis.checks import CHECKS  # noqa: PLC0415

    return list(CHECKS.get_all())
