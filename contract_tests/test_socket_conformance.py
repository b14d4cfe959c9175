"""The same checks over a real socket: the fake served by uvicorn in a subprocess, as in production."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from provisionkit.fake import free_port, serving
from schemathesis.config import SchemathesisConfig

from contract_tests.schemas import record
from contract_tests.settings import EXCEPTIONS, SEED
from contract_tests.target import FAKE_TOKEN, SPECS, auth_config, target

PORT = free_port()
URL = f"http://127.0.0.1:{PORT}"
RUNS = target("mittwald").kind == "fake"  # against a live target this module has nothing to add


def _schema(api: str) -> Any:
    config = SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "base-url": URL,
            "auth": auth_config(api, FAKE_TOKEN),
            # Fewer examples than in-process: this layer checks the wire, the logic is covered there.
            "generation": {"mode": "all", "max-examples": 8, "deterministic": True},
            "checks": {"enabled": True},
            "operations": EXCEPTIONS,
            "request-timeout": 10,
        }
    )
    return schemathesis.openapi.from_path(SPECS / f"{api}.yaml", config=config)


@pytest.fixture(scope="module", autouse=True)
def server() -> Iterator[None]:
    if not RUNS:
        pytest.skip(
            "PROVISIONKIT_TARGET=live: the socket fake is only checked when the target is the fake"
        )
    with serving(port=PORT, tokens=[FAKE_TOKEN]):
        yield


mittwald = _schema("mittwald")
foundry = _schema("foundry")


@mittwald.parametrize()
def test_mittwald_over_a_socket_conforms(case: Any) -> None:
    record("mittwald", case.operation.label, "socket")
    case.call_and_validate()


@foundry.parametrize()
def test_foundry_over_a_socket_conforms(case: Any) -> None:
    record("foundry", case.operation.label, "socket")
    case.call_and_validate()
