"""What a create does when its outcome is unknown, and the caller's part in resolving it.

A create whose request left without an answer may or may not have been applied. Repeating it
blindly could make a second project, so provisionkit never does that where the API cannot rule it
out, and says what it can prove:

- Foundry: display names are unique per space, so resending the same create cannot duplicate. If
  the resend creates the project, the first attempt was not applied and the result is returned. If
  it answers 409 `ProjectNameAlreadyExists`, a project of that name exists, most likely the one our
  first attempt made, but the API has no way to prove it (the 409 carries no RID, and there is no
  lookup by name in the API): that is `OutcomeUnknown` unless the caller resolves it.
- mittwald: there is no idempotency key and nothing in the create request marks the project as
  ours, so any create without an answer is `OutcomeUnknown` unless the caller resolves it.

The caller resolves it with a `reconcile` function given to `create_project`: it receives the
`OutcomeUnknown` (whose `known` holds what was asked: mittwald `server_id` and `description`,
Foundry `displayName` and `spaceRid`) and returns the id (mittwald) or RID (Foundry) of the project
it can identify as this call's, from its own records (e.g. a unique description it generated and
looked up in mStudio, or a RID its audit log shows), or None when it cannot. provisionkit then
reads that project and accepts it only if it matches what was asked (mittwald: description and
server; Foundry: display name and space); otherwise, and on None, the `OutcomeUnknown` is raised.
reconcile never makes provisionkit create again, so a wrong answer can misattribute a project but
never duplicate one. On an async client it may be a coroutine function; an exception it raises
reaches the caller unchanged (it is the caller's code, not the API's answer).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from .effects import Ask, Flow
from .errors import ConfigurationError, OutcomeUnknown

__all__ = ["Reconcile", "ask", "mismatch"]

log = logging.getLogger("provisionkit")

Reconcile = Callable[[OutcomeUnknown], str | Awaitable[str | None] | None]


def ask(
    unknown: OutcomeUnknown, reconcile: Reconcile, *, what: str, check: Callable[[str], None]
) -> Flow[str]:
    """The id the caller's hint names, checked like any id argument; re-raises `unknown` on None."""
    found = yield Ask(reconcile, unknown)
    if found is None:
        raise unknown
    if not isinstance(found, str):
        raise ConfigurationError(f"reconcile must return a {what} or None, got {found!r:.80}")
    check(found)
    log.info(
        "%s: outcome unknown (%s); reconcile names %s", unknown.operation, unknown.cause, found
    )
    return found


def mismatch(
    unknown: OutcomeUnknown, found: str, expected: Mapping[str, Any], actual: Mapping[str, Any]
) -> OutcomeUnknown | None:
    """None when `actual` matches `expected` on every key, else the OutcomeUnknown to raise."""
    differing = {k: actual.get(k) for k, v in expected.items() if actual.get(k) != v}
    if not differing:
        return None
    return OutcomeUnknown(
        f"{unknown.message} reconcile named {found}, but it does not match the request "
        f"(it has {differing!r}), so it is not taken as this call's project.",
        operation=unknown.operation,
        cause=unknown.cause,
        known={**unknown.known, "reconciled_id": found},
    )
