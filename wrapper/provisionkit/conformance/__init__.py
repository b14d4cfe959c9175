"""The contract suite any service can run against a deployment: `provisionkit conformance`.

Needs the `conformance` extra (schemathesis, hypothesis, pytest). The modules, by job: plan (what a
run may do, from flags and the environment), settings (schemathesis's config and every exception to
"all checks"), guard (every request's verdict, the pinning of creates, the ledger of what was
created) with marker (the run's name in every create) and secrecy (no token on the wire in clear
or in TRACE, none in any report), runner (the pytest session, exit codes), report (the summary),
junit (the JUnit file), remote (the pre-flight and the snapshot), cleanup (removing only what
bears the run's marker, confirmed by reads) with lookup (finding one whose create went
unanswered), suite (the tests pytest collects), command (the subcommand's arguments); behaviour
(checks of what the deployment does, beside schemathesis's of what shape it answers in) over
rules (those checks' table per API), probes (the run's own projects read back, listed and
deleted) with paging (a list walked page by page, judged), coverage (answers per operation).

```python
from provisionkit.conformance import Plan, run
exit_code = run(Plan.build("mittwald", os.environ, base_url="http://127.0.0.1:8080"))
```
"""

from __future__ import annotations

from .plan import Plan

__all__ = ["Plan", "run"]


def run(plan: Plan) -> int:
    """Run the suite against `plan`'s target (see runner.py); returns the exit code."""
    from .runner import run as run_plan  # noqa: PLC0415 - schemathesis loads only when running

    return run_plan(plan)
