"""The contract suite itself, collected by pytest for the run `runner.run()` set up: every operation
of the spec with positive and negative data and all checks, then create → get scenarios following
the spec's links. Each case passes `pin()` and the guard's verdict first; a case the guard would
refuse is withheld (counted, not sent).

The stateful scenarios come first, so a small create budget is spent on the create → get links."""

from __future__ import annotations

from typing import Any

from hypothesis.errors import Flaky

from provisionkit.conformance.runner import BudgetSpent, current

RUN = current()
schema = RUN.schema()


class Workflow(schema.as_state_machine()):  # type: ignore[misc]
    """Create a project, follow the spec's links (get it, and delete it where the spec says how),
    checking every answer on the way."""

    def call(self, case: Any, **kwargs: Any) -> Any:
        RUN.admit_step(case)  # BudgetSpent ends the scenarios; other refusals end this one
        return case.call(**kwargs)

    def validate_response(
        self, response: Any, case: Any, additional_checks: Any = None, **kwargs: Any
    ) -> None:
        checks = [*(additional_checks or []), RUN.token_accepted]
        try:
            super().validate_response(response, case, additional_checks=checks, **kwargs)
        except Exception:
            RUN.stateful_failed = True
            raise


class TestStateful(Workflow.TestCase):  # type: ignore[misc,name-defined]
    settings = RUN.stateful_settings()

    def setUp(self) -> None:
        RUN.skip_unless_creating()

    def runTest(self) -> None:
        try:
            super().runTest()
        except BudgetSpent:
            # Every scenario until the budget ran and was checked; no more may create.
            RUN.note("stateful scenarios stopped: the create budget is spent")
        except Flaky:
            # A live target's state moves on (names taken, projects created), so a scenario can
            # draw differently from an earlier one with the same start, which hypothesis calls
            # flaky. Only a check that failed is a finding (schemathesis's own engine does the same).
            if RUN.guard.interrupted:
                raise KeyboardInterrupt from None
            if RUN.stateful_failed:
                raise
            RUN.note(
                "stateful scenarios stopped early: the target answered a repeated start differently"
            )


@schema.parametrize()  # type: ignore[untyped-decorator]
def test_operation_conforms_to_the_spec(case: Any) -> None:
    if RUN.admit(case, "generated"):
        case.call_and_validate(additional_checks=[RUN.token_accepted])
