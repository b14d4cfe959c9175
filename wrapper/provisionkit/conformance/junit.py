"""The JUnit file CI reads: one testcase per API, operation id and check, written by the run itself.

pytest's own JUnit names every case `test_operation_conforms_to_the_spec`, so CI could not say
which operation failed, and it writes nothing when the run stops before pytest (the pre-flight).
Here a testcase is `classname="<api>.<operationId>" name="<check>"`, one per check that ran on
that operation's answers, failed if any answer failed it (with the first failures' messages);
the run's own steps are testcases too (`<api>.run`: the pre-flight, a test that raised outside
the checks, the cleanup of each project). The summary goes to `<system-out>`. Every text passes
`redact` first, so the token appears nowhere in the file, whatever a target echoed.

Anything the run records with `Verdicts.add` becomes a testcase, and `Verdicts.record` a testsuite
property (the coverage table's `answers <operationId>`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .plan import Plan
from .secrecy import redact

if TYPE_CHECKING:
    from .guard import Guard

__all__ = ["RUN", "Verdict", "Verdicts", "write"]

# Characters XML 1.0 cannot carry (an answer's body may hold any byte).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
KEPT_MESSAGES = 3  # per testcase: the first few failures say enough, and keep the file small
RUN = "run"  # the classname suffix of the run's own steps


@dataclass
class Verdict:
    passed: int = 0
    failed: int = 0
    messages: list[str] = field(default_factory=list)


@dataclass
class Verdicts:
    """(operation id or `run`, check or step) -> how it went, in the order first seen; fed by
    schemathesis's `after_validate` hook and the pytest hooks the run forwards."""

    table: dict[tuple[str, str], Verdict] = field(default_factory=dict)
    properties: dict[str, str] = field(default_factory=dict)
    operation: str | None = None  # the operation of the test's case judged last (None: no case)
    check_failed: bool = False  # a check failed in the pytest test now running

    def add(self, where: str, what: str, *, failure: str | None = None) -> None:
        verdict = self.table.setdefault((where, what), Verdict())
        if failure is None:
            verdict.passed += 1
            return
        verdict.failed += 1
        if len(verdict.messages) < KEPT_MESSAGES:
            verdict.messages.append(failure)

    def record(self, name: str, value: object) -> None:
        """A testsuite property (pytest's `record_testsuite_property`, for this file)."""
        self.properties[name] = str(value)

    def after_validate(self, context: Any, case: Any, response: Any, results: Any) -> None:
        """schemathesis's hook after each answer's checks: one verdict per check that ran."""
        from schemathesis.engine import Status  # noqa: PLC0415 - only inside the session

        from .guard import operation_id  # noqa: PLC0415

        where = operation_id(case) or case.operation.label
        for result in results:
            failure = result.failure
            if result.status == Status.SUCCESS or failure is None:
                self.add(where, result.name)
                continue
            self.check_failed = True
            self.add(where, result.name, failure=f"{failure.title}\n\n{failure.message}")

    def test_started(self) -> None:
        self.check_failed = False
        self.operation = None

    def test_finished(self, report: Any) -> None:
        """A pytest test's call phase: a test that judged no case (the coverage test) is a step of
        the run; a failure that no check explains (a refused request, a timeout, a bug) is an
        `error` testcase of the operation it was testing."""
        crash = getattr(report.longrepr, "reprcrash", None)
        message = getattr(crash, "message", None) or str(report.longrepr)[-2000:]
        if self.operation is None:
            name = report.nodeid.rsplit("::", 1)[-1]
            step = name.removeprefix("test_").replace("_", " ")
            self.add(RUN, step, failure=message if report.failed else None)
        elif report.failed and not self.check_failed:
            self.add(self.operation, "error", failure=message)


def run_steps(verdicts: Verdicts, guard: Guard) -> None:
    """The run's own steps as testcases: creates accepted, the token accepted, each cleanup."""
    plan = guard.plan
    if plan.allow_create and plan.budget:
        nothing = None if guard.accepted_creates() else "no create was accepted"
        verdicts.add(RUN, "creates accepted", failure=nothing)
    refused = "every request carrying the token was answered 401"
    verdicts.add(RUN, "token accepted", failure=refused if guard.token_never_accepted() else None)
    for created in guard.created:
        name = f"cleanup {created.id or created.tag or created.name}"
        verdicts.add(RUN, name, failure=None if created.removed else created.describe())


def _text(text: str, token: str) -> str:
    return _NOT_XML.sub("?", redact(text, token))


def write(
    plan: Plan, verdicts: Verdicts, *, outcome: str, exit_code: int, seconds: float, summary: str
) -> None:
    """Write `plan.junit` (nothing if the plan has none)."""
    if not plan.junit:
        return
    suite_name = f"provisionkit-conformance-{plan.api}"
    cases = list(verdicts.table.items())
    failures = sum(1 for _, verdict in cases if verdict.failed)
    suites = ET.Element("testsuites", name="provisionkit-conformance")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name=suite_name,
        tests=str(len(cases)),
        failures=str(failures),
        errors="0",
        skipped="0",
        time=f"{seconds:.3f}",
    )
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("base_url", plan.base_url),
        ("seed", str(plan.seed)),
        ("max_examples", str(plan.max_examples)),
        ("run", f"pkc-{plan.run_id}"),
        ("outcome", outcome),
        ("exit_code", str(exit_code)),
        *verdicts.properties.items(),
    ):
        ET.SubElement(properties, "property", name=name, value=_text(value, plan.token))
    for (where, what), verdict in cases:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"{plan.api}.{where}",
            name=what,
            time="0",
        )
        if verdict.failed:
            text = "\n\n".join(verdict.messages)
            first = text.strip().splitlines()[0] if text.strip() else what
            count = f"{verdict.failed} of {verdict.passed + verdict.failed}"
            failure = ET.SubElement(case, "failure", message=_text(f"{count}: {first}", plan.token))
            failure.text = _text(text, plan.token)
    ET.SubElement(suite, "system-out").text = _text(summary, plan.token)
    path = Path(plan.junit)
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(suites).write(path, encoding="utf-8", xml_declaration=True)
