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
from provisionkit.conformance.guard import operation_id
from provisionkit.conformance.remote import auth_headers
from provisionkit.conformance.runner import BudgetSpent, Run, current
from provisionkit.conformance.settings import stateful_settings

RUN = current()
schema = RUN.schema()


@pytest.mark.parametrize("name", list(probes.PROBES[RUN.plan.api]))
def test_the_runs_own_projects_behave(name: str) -> None:
    probe(RUN, name)


# The probes' glue to the run lives here, beside the test that runs them: probes.py then needs
# nothing of the runner, which imports it (no import cycle).
def probe(run: Run, name: str) -> None:
    """Run one probe of `run`'s own projects; skipped (saying why) if the guard withholds it."""
    run.skip_unless_creating()
    if run.probes is None:
        assert run.plan.designated is not None
        run.probes = probes.Probes(
            run.plan.api, run.plan.designated, lambda *a, **k: send(run, *a, **k)
        )
    try:
        run.probes.run(name)
    except probes.Withheld as withheld:
        pytest.skip(str(withheld))


def send(
    run: Run,
    operation: str,
    *,
    path: dict[str, Any] | None = None,
    query: dict[str, Any] | None = None,
    body: Any = None,
    headers: dict[str, str] | None = None,
) -> Any:
    """Send one probe as a schemathesis case, through the guard, validated by every check."""
    from requests.structures import CaseInsensitiveDict  # noqa: PLC0415
    from schemathesis.core import NOT_SET  # noqa: PLC0415

    case = run.loaded.find_operation_by_id(operation).Case(
        path_parameters=path,
        query=query,
        body=NOT_SET if body is None else body,
        # Explicit cases get no auth from the config; the pre-flight's headers carry the token.
        headers=CaseInsensitiveDict({**auth_headers(run.plan), **(headers or {})}),
    )
    if not run.admit(case, "probe"):
        reason = run.coverage.withheld[operation_id(case) or operation].most_common(1)[0][0]
        raise probes.Withheld(f"{operation} not sent: {reason}")
    return case.call_and_validate(additional_checks=run.own_checks())


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


def test_every_operation_got_a_success_answer() -> None:
    operations = coverage.spec_operations(schema.raw_schema, writes=RUN.plan.allow_create)
    # The run writes the JUnit file itself (junit.py): the table goes into its properties.
    coverage.require(
        RUN.coverage, operations, creating=RUN.plan.allow_create, record=RUN.verdicts.record
    )
