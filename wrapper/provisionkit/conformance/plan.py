"""What one conformance run is allowed to do, decided once before anything is sent.

A `Plan` is built from the command line and the environment (tokens only from there) and checked
here, so a bad combination is a configuration error before any request: creating needs the
designated server or space, the designated id must look like one, the budget is a small number.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from provisionkit import config
from provisionkit.errors import ConfigurationError

__all__ = [
    "APIS",
    "DEFAULT_BUDGET",
    "DEFAULT_MAX_EXAMPLES",
    "DEFAULT_SEED",
    "TOKEN_VARIABLES",
    "ConfigurationError",
    "Plan",
    "spec_path",
]

APIS = ("mittwald", "foundry")
TOKEN_VARIABLES = {"mittwald": "MITTWALD_API_TOKEN", "foundry": "FOUNDRY_TOKEN"}
DESIGNATED_FLAG = {"mittwald": "--server-id", "foundry": "--space-rid"}
DEFAULT_BASE_URL = {"mittwald": "https://api.mittwald.de"}
DEFAULT_SEED = 20261123
DEFAULT_MAX_EXAMPLES = 25
# Projects one run may create at most. Small: every one is real on a live target until deleted.
DEFAULT_BUDGET = 5
# Invalid creates (negative data) one run may send, apart from the budget: a deployment that
# accepts one has created a project (recorded and removed), so this bounds them too.
DEFAULT_INVALID_BUDGET = 3
MAX_STEPS = 12  # steps per stateful scenario

# A mittwald server is a UUID or a short id (s-xxxxxx); a Foundry space a compass folder RID.
_DESIGNATED = {
    "mittwald": re.compile(r"[0-9a-fA-F-]{36}|s-[a-z0-9]+"),
    "foundry": re.compile(r"ri\.compass\.[a-z0-9-]*\.folder\.[A-Za-z0-9._-]+"),
}


@dataclass(frozen=True)
class Plan:
    api: str
    base_url: str
    token: str
    allow_create: bool = False
    designated: str | None = None  # the only server (mittwald) or space (Foundry) creates may use
    budget: int = DEFAULT_BUDGET
    seed: int = DEFAULT_SEED
    max_examples: int = DEFAULT_MAX_EXAMPLES
    max_steps: int = MAX_STEPS
    junit: str | None = None
    invalid_budget: int = DEFAULT_INVALID_BUDGET
    # Random per run: the marker in every create's name, the only projects the cleanup touches.
    run_id: str = field(default_factory=lambda: secrets.token_hex(4))

    def __repr__(self) -> str:
        # Never the token, whatever prints a plan (a traceback, a debugger, a log line).
        return (
            f"Plan(api={self.api!r}, base_url={self.base_url!r}, allow_create={self.allow_create}, "
            f"designated={self.designated!r}, budget={self.budget}, seed={self.seed}, "
            f"max_examples={self.max_examples}, run_id={self.run_id!r})"
        )

    @property
    def token_variable(self) -> str:
        return TOKEN_VARIABLES[self.api]

    @classmethod
    def build(
        cls,
        api: str,
        env: Mapping[str, str],
        *,
        base_url: str | None = None,
        hostname: str | None = None,
        allow_create: bool = False,
        designated: str | None = None,
        budget: int = DEFAULT_BUDGET,
        seed: int = DEFAULT_SEED,
        max_examples: int = DEFAULT_MAX_EXAMPLES,
        max_steps: int = MAX_STEPS,
        junit: str | None = None,
    ) -> Plan:
        """Check everything a run needs; ConfigurationError says what is missing or wrong."""
        if api not in APIS:
            raise ConfigurationError(f"--api must be one of {', '.join(APIS)}, got {api!r}")
        url = _base_url(api, env, base_url, hostname)
        variable = TOKEN_VARIABLES[api]
        token = config.safe_token(
            config.Secret(env.get(variable) or ""), api=api, variable=variable
        ).reveal()
        flag = DESIGNATED_FLAG[api]
        if designated is not None and not _DESIGNATED[api].fullmatch(designated):
            raise ConfigurationError(f"{flag} {designated!r} does not look like one")
        if allow_create and designated is None:
            raise ConfigurationError(
                f"--allow-create needs {flag}: every project this run creates goes there"
            )
        if designated is not None and not allow_create:
            raise ConfigurationError(f"{flag} only matters with --allow-create")
        for name, value, least in (
            ("--budget", budget, 0),
            ("--max-examples", max_examples, 1),
            ("--seed", seed, 0),
        ):
            if value < least:
                raise ConfigurationError(f"{name} must be at least {least}, got {value}")
        return cls(
            api,
            url,
            token,
            allow_create,
            designated,
            budget,
            seed,
            max_examples,
            max_steps,
            junit,
        )


def _base_url(api: str, env: Mapping[str, str], base_url: str | None, hostname: str | None) -> str:
    if base_url and hostname:
        raise ConfigurationError("give --base-url or --hostname, not both")
    if hostname:
        base_url = f"https://{hostname}"
    if not base_url:
        prefix = "MITTWALD" if api == "mittwald" else "FOUNDRY"
        base_url = env.get(f"{prefix}_BASE_URL") or (
            f"https://{env[f'{prefix}_HOSTNAME']}" if env.get(f"{prefix}_HOSTNAME") else None
        )
        base_url = base_url or DEFAULT_BASE_URL.get(api)
    if not base_url:
        raise ConfigurationError(
            "foundry has no default host: give --hostname or --base-url "
            "(or set FOUNDRY_HOSTNAME / FOUNDRY_BASE_URL)"
        )
    # Plain http only to loopback (a local fake): no token goes out in clear.
    return config.check_base_url(base_url, api=api)


def spec_path(api: str) -> Path:
    """The spec: the source tree's when run from a checkout, else the copy inside the package."""
    package = Path(__file__).resolve().parents[1]
    for folder in (package.parents[1] / "specs", package / "fake" / "specs"):
        if (folder / f"{api}.yaml").exists():
            return folder / f"{api}.yaml"
    raise FileNotFoundError(f"{api}.yaml is neither in the package nor next to it")
