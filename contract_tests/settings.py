"""The schemathesis configuration of the suite: all checks, positive and negative data, deterministic.

Every exception to "all checks everywhere" is listed here with the reason it is not a finding.
"""

from __future__ import annotations

import os
from typing import Any

from schemathesis.config import SchemathesisConfig

from contract_tests.target import Target, auth_config

SOAK = os.environ.get("PROVISIONKIT_SOAK") == "1"
MAX_EXAMPLES = int(os.environ.get("PROVISIONKIT_MAX_EXAMPLES", "200" if SOAK else "25"))
SEED = int(os.environ.get("PROVISIONKIT_SEED", "20261123"))

# Checks that disagree with how the APIs document themselves, per operation.
EXCEPTIONS: list[dict[str, Any]] = [
    {
        # GET /api/v2/filesystem/projects/create is GET /projects/{projectRid} with projectRid
        # "create": a path the spec itself declares for GET. The answer is get's 400 for a malformed
        # RID, which is right; 405 would be wrong.
        "include-operation-id": "createProject",
        "checks": {
            "unsupported_method": {"enabled": False},
            # A schema-valid create can still break Foundry's documented rules (unknown space or
            # roles, a name with '/', no owner-like grant...), which the spec declares as 400s.
            "positive_data_acceptance": {
                "expected-statuses": ["2XX", 400, 401, 403, 404, 409, 429, "5XX"]
            },
        },
    },
]


def config(target: Target) -> SchemathesisConfig:
    data: dict[str, Any] = {
        "generation": {
            "mode": "all",  # positive and negative data
            "max-examples": MAX_EXAMPLES,
            "deterministic": not SOAK,
        },
        "checks": {"enabled": True},
        "phases": {"stateful": {"max-steps": 12 if not SOAK else 50}},
        "operations": EXCEPTIONS,
    }
    if not SOAK:
        data["seed"] = SEED
    if target.token:
        data["auth"] = auth_config(target.api, target.token)
    if target.base_url:
        data["base-url"] = target.base_url
    return SchemathesisConfig.from_dict(data)
