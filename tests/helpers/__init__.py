"""What test modules share, so no test module imports another (or a conftest).

- `specs`: the two specs, their operations and named examples, as the tests read them.
- `clients`: sync and async clients behind one blocking face, wired to the in-process fake.
- `capture`: the log capture the secrets scan reads.
- `hostile`: hostile HTTP servers on loopback sockets and the guard that bounds each call; the
  benchmarks measure with the same servers (benchmarks may import tests/helpers, never a test module).
"""

from __future__ import annotations

from typing import Any

# Distinctive, so the secrets scans can look for it in everything a test run produces.
TOKEN = "pk-test-SECRET-7f3a9c"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
# Foundry's create path, which the fake tests post to by hand.
FOUNDRY_CREATE = "/api/v2/filesystem/projects/create"


def foundry_create_body(fake: Any) -> dict[str, Any]:
    """A Foundry create the fake applies: "Flights" in its seeded space, its caller granted owner."""
    fx = fake.fixtures
    return {
        "displayName": "Flights",
        "spaceRid": fx.foundry_space,
        "roleGrants": {
            fx.foundry_owner_role: [{"principalId": fx.foundry_principal, "principalType": "USER"}]
        },
    }
