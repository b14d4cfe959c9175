"""The contract suite itself, collected by pytest for the run `runner.run()` set up: probes of the
run's own projects (probes.py), create → get scenarios following the spec's links, every operation
of the spec with positive and negative data, and last whether every operation got a success
answer (coverage.py). Every answer passes all of schemathesis's checks and the behavioural ones
(behaviour.py). Each case passes `pin()` and the guard's verdict first; a case the guard would
refuse is withheld (counted, not sent).

The probes come first, then the stateful scenarios, so a small create budget is spent on creates
that must succeed and be read back before generated ones."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis.errors import Flaky

from provisionkit.conformance import coverage, probes
from provisionkit.conformance.runner import BudgetSpent, current
from provisionkit.conformance.settings import stateful_settings

RUN = current()
schema = RUN.schema()


@pytest.mark.parametrize("probe", list(probes.PROBES[RUN.plan.api]))
def test_the_runs_own_projects_behave(probe: str) -> None:
    probes.probe(RUN, probe)


class Workflow(schema.as_state_machine()):  # type: ignore[misc]
    """Create a project, follow the spec's links (get it, and delete it where the spec says how),
    checking every answer on the way."""

    def call(self, case: Any, **kwargs: Any) -> Any:
        RUN.admit_step(case)  # BudgetSpent ends the scenarios; other refusals end this one
        return case.call(**kwargs)

    def validate_response(
        self, response: Any, case: Any, additional_checks: Any = None, **kwargs: Any
    ) -> None:
        checks = [*(additional_checks or []), *RUN.own_checks()]
        try:
            super().validate_response(response, case, additional_checks=checks, **kwargs)
        except Exception:
            RUN.stateful_failed = True
            raise


class TestStateful(Workflow.TestCase):  # type: ignore[misc,name-defined]
    settings = stateful_settings(RUN.plan)

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
        with RUN.sending(case):
            case.call_and_validate(additional_checks=RUN.own_checks())


def test_every_operation_got_a_success_answer(record_testsuite_property: Any) -> None:
    operations = coverage.spec_operations(schema.raw_schema, writes=RUN.plan.allow_create)
    coverage.require(
        RUN.coverage, operations, creating=RUN.plan.allow_create, record=record_testsuite_property
    )
