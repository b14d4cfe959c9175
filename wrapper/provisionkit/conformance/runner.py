"""One conformance run, start to end: pre-flight, the suite under the guard, cleanup, summary.

guard installed → pre-flight (one authenticated read; 401/403 ends the run, exit 5)
→ pytest runs suite.py (schemathesis; every request decided by the guard)
→ cleanup in `finally` (and on SIGTERM, and at exit as a backstop): delete or trash every
  project the run created; what could not be removed is listed
→ summary on stderr, the JUnit file (junit.py); the exit code CI reads.

A little over 300 lines: `Run` is the one object pytest, schemathesis's hooks, the guard and the
report all meet at (its hooks forward to behaviour, coverage and junit, which hold the logic).
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from . import junit
from .behaviour import Behaviour
from .cleanup import cleanup_however_it_ends
from .coverage import Coverage
from .guard import Guard, operation_id, pin
from .plan import Plan, spec_path
from .probes import Probes
from .remote import Preflight, preflight, projects_before
from .report import summary

__all__ = ["EXIT", "Run", "current", "run"]

# What CI reads. 2 (usage) is argparse's; 3 covers a missing token or extra, a bad URL or flag.
EXIT = {
    "passed": 0,
    "failed": 1,
    "usage": 2,
    "configuration": 3,
    "token refused": 5,
    "not cleaned": 6,
    "unreachable": 10,
    "interrupted": 130,
}

_CURRENT: Run | None = None


def current() -> Run:
    """The run suite.py belongs to (set by `run()` for the duration of its pytest session)."""
    if _CURRENT is None:
        raise RuntimeError("suite.py is collected by `provisionkit conformance`, not on its own")
    return _CURRENT


class BudgetSpent(Exception):
    """A scenario step would create with no budget left: the stateful run ends there."""


@dataclass
class Run:
    plan: Plan
    guard: Guard
    cases: Counter[str] = field(default_factory=Counter)  # "generated" / "stateful" -> sent
    withheld: Counter[str] = field(default_factory=Counter)  # why a generated case was not sent
    operations: set[str] = field(default_factory=set)
    results: Counter[str] = field(default_factory=Counter)  # pytest outcomes
    failures: list[str] = field(default_factory=list)
    checks: int = 0
    interrupted: bool = False
    session: Any = None
    stateful_failed: bool = False  # a check failed in a scenario (suite.py)
    notes: list[str] = field(default_factory=list)
    behaviour: Behaviour = field(init=False)  # the behavioural checks
    coverage: Coverage = field(init=False)  # the answers they saw, per operation
    probes: Probes | None = None
    loaded: Any = None  # the schema, once pytest collected suite.py
    verdicts: junit.Verdicts = field(default_factory=junit.Verdicts)  # the JUnit testcases

    def __post_init__(self) -> None:
        self.behaviour = Behaviour(self.plan.api, operation_id)
        self.coverage = self.behaviour.coverage

    def schema(self) -> Any:
        import schemathesis  # noqa: PLC0415 - only inside the pytest session

        from .settings import config, enabled_checks  # noqa: PLC0415

        loaded: Any = schemathesis.openapi.from_path(
            spec_path(self.plan.api), config=config(self.plan)
        )
        self.checks = len(enabled_checks())
        if not self.plan.allow_create:
            # Read-only: nothing that could change anything is even generated (the guard refuses
            # it anyway if something is).
            loaded = loaded.exclude(method=["POST", "PUT", "PATCH", "DELETE"])
        loaded.hooks.register_hook_with_name(self.verdicts.after_validate, "after_validate")
        self.loaded = loaded
        return loaded

    def own_checks(self) -> list[Any]:
        """The run's own checks, beside schemathesis's, on every answer it validates."""
        return [self.token_accepted, self.behaviour.check]

    def admit(self, case: Any, where: str) -> bool:
        """Pin a create, then ask the guard; False (counted as withheld) if it would refuse."""
        self.verdicts.operation = operation_id(case) or case.operation.label
        reason: str | None = "a create that names no server or space to pin"
        if pin(case, self.plan):
            if _is_create(case, self.plan.api):
                self.guard.marker.mark(case)
            url = case.as_transport_kwargs(base_url=self.plan.base_url)["url"]
            with self.sending(case):
                reason = self.guard.verdict(case.method, url, case.body)
        if reason is not None:
            self.withheld[reason] += 1
            self.coverage.held_back(operation_id(case) or case.operation.label, reason)
            return False
        self.cases[where] += 1
        self.operations.add(case.operation.label)
        return True

    @contextlib.contextmanager
    def sending(self, case: Any) -> Iterator[None]:
        """While `case` is judged and sent, the guard knows whether it is an invalid create
        (negative data, on its own small budget)."""
        meta = case.meta
        negative = meta is not None and meta.generation.mode.is_negative
        invalid = negative and _is_create(case, self.plan.api)
        self.guard.invalid = invalid
        try:
            yield
        finally:
            self.guard.invalid = False

    def admit_step(self, case: Any) -> None:
        """`admit` for a stateful step. A refused step cannot be skipped inside a scenario (it
        would change what the scenario draws, which hypothesis reports as flaky), so it ends the
        scenario: `reject()`; with the budget spent, BudgetSpent ends the stateful run."""
        if self.admit(case, "stateful"):
            return
        import hypothesis  # noqa: PLC0415

        if (
            self.plan.allow_create
            and self.guard.budget_left() == 0
            and _is_create(case, self.plan.api)
        ):
            raise BudgetSpent
        hypothesis.reject()

    def note(self, text: str) -> None:
        self.notes.append(text)

    def token_accepted(self, ctx: Any, response: Any, case: Any) -> bool | None:
        """A check: the pre-flight proved the token good, so a 401 to a request carrying it is a
        failure (an expiring token, or an API refusing what it accepted a moment ago)."""
        request = response.request
        token = self.plan.token
        carried = request.headers.get("Authorization") == f"Bearer {token}" or (
            request.headers.get("x-access-token") == token
        )
        if carried and response.status_code == 401:
            raise AssertionError(
                f"401 to a request carrying the token from {self.plan.token_variable}, which "
                "the pre-flight accepted"
            )
        return None

    def skip_unless_creating(self) -> None:
        if not self.plan.allow_create:
            import pytest  # noqa: PLC0415

            pytest.skip("create → get scenarios need --allow-create and a designated target")

    # pytest hooks (this object is passed to pytest as a plugin)
    def pytest_keyboard_interrupt(self, excinfo: Any) -> None:
        # pytest's exit code 2 also means "errors during collection": only this says Ctrl-C.
        self.interrupted = True

    def pytest_sessionstart(self, session: Any) -> None:
        self.session = session

    def pytest_runtest_logfinish(self, nodeid: str, location: Any) -> None:
        # An interrupt that a test took for its own failure still ends the session here.
        if self.guard.interrupted:
            self.session.shouldstop = "interrupted"

    def pytest_runtest_logstart(self, nodeid: str, location: Any) -> None:
        self.verdicts.test_started()

    def pytest_runtest_logreport(self, report: Any) -> None:
        if report.when != "call" and report.outcome == "passed":
            return
        if report.when == "call" or report.failed:
            self.verdicts.test_finished(report)
        self.results[report.outcome] += 1
        if report.outcome == "failed":
            self.failures.append(report.nodeid.rsplit("::", 1)[-1])


def _is_create(case: Any, api: str) -> bool:
    from .guard import operation_id  # noqa: PLC0415
    from .settings import CREATES  # noqa: PLC0415

    return operation_id(case) in {op for op, _ in CREATES[api]}


# --- the run -------------------------------------------------------------------------------------


@contextlib.contextmanager
def _isolated_pytest() -> Iterator[list[str]]:
    """pytest arguments that ignore the caller's ini files, conftest and auto-loaded plugins, and
    write no cache: the suite behaves the same in any service's checkout."""
    saved = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    with tempfile.TemporaryDirectory(prefix="provisionkit-conformance-") as folder:
        ini = Path(folder) / "pytest.ini"
        ini.write_text("[pytest]\n")
        try:
            yield [
                "-c",
                str(ini),
                "--rootdir",
                folder,
                "-p",
                "no:cacheprovider",
                "-p",
                "schemathesis.pytest.plugin",
                "--import-mode=importlib",
                "-q",
                "--no-header",
                "-o",
                "console_output_style=classic",
            ]
        finally:
            if saved is None:
                os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
            else:
                os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = saved


def suite_exit_code(args: list[str], plugin: object, guard: Guard) -> int | None:
    """pytest's exit code for the suite; None when the run was interrupted.

    pytest's own report of a Ctrl-C can fail and escape `pytest.main` (a TypeError from a
    traceback entry without a line number, seen under CPython 3.11 when the signal lands in
    pytest's plumbing): once the guard has seen the signal, that is the interrupt too, and the run
    must still end in its summary with exit 130 rather than a traceback and exit 1."""
    import pytest  # noqa: PLC0415

    try:
        return int(pytest.main(args, plugins=[plugin]))
    except KeyboardInterrupt:
        return None
    except Exception:
        if guard.interrupted:
            return None
        raise


def run(plan: Plan, *, err: TextIO | None = None) -> int:
    """Run the suite against `plan`'s target; the summary goes to `err`; returns the exit code."""
    global _CURRENT  # noqa: PLW0603 - suite.py, imported by pytest, finds its run here

    err = err or sys.stderr
    guard = Guard(plan)
    this = Run(plan, guard)
    started = time.monotonic()
    outcome = "passed"
    preflight_note = ""
    with guard.installed():
        try:
            preflight_note = preflight(plan)
            guard.before = projects_before(plan)
        except Preflight as failed:
            err.write(f"error: {failed.message}\n")
            return _stopped_early(this, failed.outcome, failed.message, started)
        except KeyboardInterrupt:  # nothing was created yet: nothing to clean
            message = "interrupted during the pre-flight; nothing was sent but that read"
            err.write(message + "\n")
            return _stopped_early(this, "interrupted", message, started)
        this.verdicts.add(junit.RUN, "pre-flight")
        _CURRENT = this
        try:
            with cleanup_however_it_ends(guard, err), _isolated_pytest() as options:
                suite = str(Path(__file__).with_name("suite.py"))
                code = suite_exit_code([*options, suite], this, guard)
                outcome = "interrupted" if code is None else "passed" if code == 0 else "failed"
        except KeyboardInterrupt:
            outcome = "interrupted"
        finally:
            _CURRENT = None
    # Also when a test took the interrupt for its own failure, or it came during the cleanup.
    if this.interrupted or guard.interrupted:
        outcome = "interrupted"
    if outcome == "passed" and guard.token_never_accepted():
        outcome = "token refused"
    if plan.allow_create and plan.budget and not guard.accepted_creates():
        # Nothing created means no create → get scenario checked anything (a name taken by an
        # earlier run once made every Foundry create a 409, and the run still passed).
        this.note("creating was allowed, yet no create was accepted: nothing was checked after one")
        outcome = "failed" if outcome == "passed" else outcome
    if guard.leftovers() and outcome in {"passed", "failed"}:
        outcome = "not cleaned"
    junit.run_steps(this.verdicts, guard)
    seconds = time.monotonic() - started
    text = summary(this, preflight_note, outcome, exit_code=EXIT[outcome], seconds=seconds, err=err)
    junit.write(
        plan, this.verdicts, outcome=outcome, exit_code=EXIT[outcome], seconds=seconds, summary=text
    )
    return EXIT[outcome]


def _stopped_early(this: Run, outcome: str, message: str, started: float) -> int:
    """The run ends before the suite: the JUnit file still says why (CI shows that, not nothing)."""
    this.verdicts.add(junit.RUN, "pre-flight", failure=message)
    seconds = time.monotonic() - started
    exit_code = EXIT[outcome]
    junit.write(
        this.plan,
        this.verdicts,
        outcome=outcome,
        exit_code=exit_code,
        seconds=seconds,
        summary=message,
    )
    return exit_code
