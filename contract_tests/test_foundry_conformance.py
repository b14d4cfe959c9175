"""foundry: every operation of specs/foundry.yaml, positive and negative data, all checks, and
stateful runs following the create → get link."""

from __future__ import annotations

from typing import Any

from contract_tests.schemas import load, record, reset_target, skip_unless_runnable
from contract_tests.settings import STATEFUL_SETTINGS

schema, TARGET = load("foundry")
stateful_schema, _ = load("foundry", stateful=True)


@schema.parametrize()
def test_foundry_operation_conforms_to_the_spec(case: Any) -> None:
    skip_unless_runnable(TARGET)
    record("foundry", case.operation.label)
    case.call_and_validate()


class FoundryWorkflow(stateful_schema.as_state_machine()):  # type: ignore[misc]
    """Create a project, follow the link to get it, and check every answer on the way."""

    def setup(self) -> None:
        # Each generated scenario starts from the seeded state, so replays are exact.
        reset_target(TARGET)

    def after_call(self, response: Any, case: Any) -> None:
        super().after_call(response, case)
        record("foundry", case.operation.label, "stateful")


class TestFoundryStateful(FoundryWorkflow.TestCase):  # type: ignore[misc,name-defined]
    settings = STATEFUL_SETTINGS

    def setUp(self) -> None:
        skip_unless_runnable(TARGET, creates=True)
