"""The schemathesis configuration of the suite: all checks, positive and negative data, deterministic.

Every exception to "all checks everywhere" is listed here with the reason it is not a finding.
"""

from __future__ import annotations

import os
import random
from typing import Any

import hypothesis
from schemathesis.config import SchemathesisConfig
from schemathesis.generation.stateful.state_machine import DEFAULT_STATE_MACHINE_SETTINGS

from contract_tests.target import Target, auth_config

SOAK = os.environ.get("PROVISIONKIT_SOAK") == "1"
MAX_EXAMPLES = int(os.environ.get("PROVISIONKIT_MAX_EXAMPLES", "200" if SOAK else "25"))
# A soak draws a fresh seed (printed in the summary) unless one is given to replay it.
SEED = int(os.environ.get("PROVISIONKIT_SEED") or (random.randrange(2**32) if SOAK else 20261123))
MAX_STEPS = 50 if SOAK else 12

# The pytest state machines do not read schemathesis's config (only its CLI engine does): without
# these settings they would run 100 unseeded scenarios, neither bounded nor replayable.
STATEFUL_SETTINGS = hypothesis.settings(
    DEFAULT_STATE_MACHINE_SETTINGS,
    max_examples=MAX_EXAMPLES,
    stateful_step_count=MAX_STEPS,
    derandomize=not SOAK,
    database=None,
)

# Checks that disagree with how the APIs document themselves, per operation.
EXCEPTIONS: list[dict[str, Any]] = [
    {
        # mittwald documents 412 for any well-formed `if-event-reached` whose event is not processed
        # within 10 s (reference/mittwald.md, "eventual consistency"; declared in the spec): a
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
]


# Where a create puts its project: mittwald's server (path), Foundry's space (body).
_CREATES = {
    "mittwald": [
        ("project-create-project", "path.serverId"),
        ("deprecated-project-create-subproject", "path.serverId"),
    ],
    "foundry": [("createProject", "body.spaceRid")],
}


def config(target: Target, *, pin: str | None = None) -> SchemathesisConfig:
    """The suite's config. `pin` fixes where creates go: the designated server or space of a live
    target, or a fake server for stateful runs, so creates succeed often enough to follow links."""
    operations = list(EXCEPTIONS)
    if pin is not None:
        operations += [
            {"include-operation-id": op, "parameters": {where: pin}}
            for op, where in _CREATES[target.api]
        ]
    data: dict[str, Any] = {
        "seed": SEED,
        "generation": {
            "mode": "all",  # positive and negative data
            "max-examples": MAX_EXAMPLES,
            "deterministic": not SOAK,
        },
        "checks": {"enabled": True},
        "phases": {"stateful": {"max-steps": MAX_STEPS}},
        "operations": operations,
    }
    if target.token:
        data["auth"] = auth_config(target.api, target.token)
    if target.base_url:
        data["base-url"] = target.base_url
    return SchemathesisConfig.from_dict(data)
