"""What a create does when its outcome is unknown: ask the API, adopt, send once more, or say so.

A create whose request left without a readable answer (a dropped connection, a timeout after
sending, a 502/503/504, an unreadable or unexpected 2xx) may or may not have been applied. Repeating
it blindly could make a second project, so provisionkit first asks the API (`resolve` below):

- mittwald: list-projects on the server (`serverId`, `searchTerm` = the description), keeping the
  projects with exactly that description created since the request was sent.
- Foundry: getResourceByPath(`<space path>/<displayName>`) (the space's path from listSpaces,
  read once per client), kept if the calling user (getCurrentUser, read once per client) created
  it since the request was sent.

Exactly one match is adopted (and waited for, if asked; any error after that carries `created_id`).
None means the create was not applied: it is sent once more, and only once (a second unknown
outcome is looked up again; none again is reported as the failure it was, now known to have
created nothing). More than one match, a failed lookup, or no time left to look is
`OutcomeUnknown` carrying the candidates' ids; nothing is adopted or sent again then.

"Since the request was sent" is measured on the API's clock, never ours: the lookup's `Date`
header, minus the time our clock saw pass since the create left, minus `CLOCK_SKEW` (5 s). The
`Date` header is stamped before the answer reaches us and cut to whole seconds, so both errors make
the window larger, never smaller; the allowance covers API nodes whose clocks differ. A lookup
answer without a usable `Date` header keeps every match regardless of age (a larger candidate set
can cause an OutcomeUnknown, never a duplicate).

What the API cannot tell apart, and how that is handled:
- mittwald reads are eventually consistent: a project created a moment ago may not be listed yet.
  An empty lookup is therefore repeated once after `SETTLE` seconds before it counts as "not
  applied"; with less time than that left, it is an OutcomeUnknown.
- Two creates of the same project through one client (same server and description, or same
  space and name): one client remembers its creates in flight and the ids it handed out, so it
  never adopts another call's project. A match while another such create overlapped, or matches
  that are all projects already handed out, are an OutcomeUnknown (not a resend). Across processes the API cannot say which request made a
  project: a same-named project created by someone else in the few seconds of the window would be
  adopted. Give projects distinctive names (e.g. with a request id) where that matters.
- An answer that says the create succeeded (an unreadable 201/200, a 200/202/204) followed by an
  empty lookup is an OutcomeUnknown, never a resend: the API said it did it.
- Foundry's space path: real Foundry refuses getResource and getByPath on a space
  (`GetSpaceResourceNotSupported`), its getSpace is preview only, and a space's path need not be
  `/<displayName>`. So the client takes it from any project or resource it has read there (its
  first path segment), else from listSpaces (stable), paged under the create's deadline until the
  space shows up, at most `MAX_SPACE_LOOKUP_PAGES` pages; every space listed is remembered for
  the client's life. A listing that fails (an error, an unreadable page, the deadline) is an
  OutcomeUnknown like any failed lookup. Only a space the listing does not show (not visible,
  or past the page bound) leaves the lookup blind: the create is sent once more, which display
  names being unique per space makes safe (it creates the project the first attempt did not, or
  answers 409, which is then an OutcomeUnknown: whose it is cannot be checked). A blind lookup
  never resends twice, nor after an answer that said "created".
- When the answer held an id (e.g. a mittwald 200 `{"id": ...}`) and the lookup lists it, that one
  is adopted even among several.

The caller's own `reconcile` function, given to `create_project`, takes precedence: with one, the
lookup above is skipped and the function receives the `OutcomeUnknown` (whose `known` holds what
was asked: mittwald `server_id` and `description`, Foundry `displayName` and `spaceRid`) and
returns the id (mittwald) or RID (Foundry) of the project it can identify as this call's, or None.
provisionkit reads that project and accepts it only if it matches what was asked; otherwise, and
on None, the `OutcomeUnknown` is raised. It never makes provisionkit create again. On an async
client it may be a coroutine function; an exception it raises reaches the caller unchanged.

The module runs over 300 lines on purpose: a third of it is this docstring, the one place these
rules are written down, and the rest is the one procedure both APIs share.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Awaitable, Callable, Hashable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

from .effects import Ask, Flow, Sleep
from .errors import (
    ConfigurationError,
    OutcomeUnknown,
    ProvisionError,
    TransportError,
    after_create,
    api_error_class,
)
from .waiting import Deadline

__all__ = [
    "CLOCK_SKEW",
    "SETTLE",
    "Creates",
    "Reconcile",
    "Sighting",
    "as_utc",
    "ask",
    "just",
    "mismatch",
    "resolve",
    "since_sent",
]

R = TypeVar("R")

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


# See the module docstring: how far before the estimated send time a project still counts.
CLOCK_SKEW = timedelta(seconds=5)
# mittwald: how long after an empty lookup to look again before "not applied" is believed.
SETTLE = 3.0


def as_utc(moment: datetime) -> datetime:
    """A timestamp comparable with `since_sent`'s (one without a zone is taken as UTC)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def just(value: R) -> Flow[R]:
    """A flow that sends nothing and returns `value`."""
    yield from ()
    return value


def since_sent(headers: Mapping[str, str], seconds_since_sent: float) -> datetime | None:
    """The earliest creation time, on the API's clock, that could be the request's (or None
    when the answer's `Date` header is missing or unreadable)."""
    value = headers.get("date")
    try:
        now = parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError, IndexError):
        return None
    if now is None or now.tzinfo is None:
        return None
    return now - timedelta(seconds=max(seconds_since_sent, 0.0)) - CLOCK_SKEW


@dataclass(frozen=True, slots=True)
class Sighting:
    """What a lookup found: the ids that could be the request's project. `blind` when the API
    could not be asked (Foundry, a space listSpaces does not show): only an API whose names are
    unique may say so, because then sending once more is itself the lookup (201 or 409, never a
    second)."""

    ids: tuple[str, ...]
    blind: bool = False


@dataclass(slots=True)
class _Key:
    in_flight: int = 0
    started: int = 0
    handed_out: deque[str] | None = None


@dataclass(frozen=True, slots=True)
class _Ticket:
    key: Hashable
    started_before: int
    others_in_flight: bool


class Creates:
    """One client's creates: which are in flight and which ids were handed out, per project key
    (mittwald server and description, Foundry space and name), so reconciling one create never
    adopts what another call of the same client made. Thread-safe (a sync client may be shared)."""

    REMEMBERED = 256

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: dict[Hashable, _Key] = {}

    def start(self, key: Hashable) -> _Ticket:
        with self._lock:
            entry = self._keys.setdefault(key, _Key())
            ticket = _Ticket(key, entry.started, entry.in_flight > 0)
            entry.in_flight += 1
            entry.started += 1
            return ticket

    def end(self, ticket: _Ticket) -> None:
        with self._lock:
            entry = self._keys[ticket.key]
            entry.in_flight -= 1
            if not entry.in_flight and not entry.handed_out:
                del self._keys[ticket.key]

    def overlapped(self, ticket: _Ticket) -> bool:
        """Whether another create of the same key was in flight at any time since this one left."""
        with self._lock:
            entry = self._keys[ticket.key]
            return ticket.others_in_flight or entry.started - ticket.started_before > 1

    def hand_out(self, key: Hashable, project_id: str) -> None:
        with self._lock:
            entry = self._keys.setdefault(key, _Key())
            if entry.handed_out is None:
                entry.handed_out = deque(maxlen=self.REMEMBERED)
            entry.handed_out.append(project_id)

    def handed_out(self, key: Hashable) -> frozenset[str]:
        with self._lock:
            entry = self._keys.get(key)
            return frozenset(entry.handed_out or ()) if entry else frozenset()


def _says_created(unknown: OutcomeUnknown) -> bool:
    status = unknown.known.get("status")
    return isinstance(status, int) and 200 <= status < 300


def resolve(
    create: Callable[[], Flow[R]],
    look: Callable[[OutcomeUnknown, float], Flow[Sighting]],
    adopt: Callable[[str], Flow[R]],
    *,
    id_of: Callable[[R], str],
    key: Hashable,
    creates: Creates,
    deadline: Deadline,
    api: str,
    settle: float = 0.0,
) -> Flow[R]:
    """Send the create; when its outcome is unknown, settle it with the API (module docstring).

    `create` sends it once (its result, or OutcomeUnknown); `look(unknown, sent_at)` lists what
    could be its project (`sent_at` on the deadline's clock); `adopt(id)` turns an adopted id into
    the result. Raises OutcomeUnknown with the candidates when the API cannot settle it.
    """
    last: OutcomeUnknown | None = None
    blind = False
    for attempt in (1, 2):
        ticket = creates.start(key)
        sent_at = deadline.clock()
        try:
            try:
                result = yield from create()
            except OutcomeUnknown as unknown:
                last = unknown
                try:
                    found = yield from _sight(unknown, look, sent_at, deadline, settle)
                    if found.blind and (blind or attempt == 2 or _says_created(unknown)):
                        raise _unsure(unknown, (), "the project cannot be looked up by name here")
                    blind = found.blind
                    chosen = _choose(
                        unknown, found, creates.handed_out(key), creates.overlapped(ticket)
                    )
                except OutcomeUnknown as unsure:
                    _verdict("unknown", unsure, ", ".join(unsure.candidates) or "no candidates")
                    raise
            except ProvisionError as refused:
                if not blind or last is None:
                    raise
                # The blind resend was refused (a 409: the name is taken, maybe by the first
                # attempt; or any other error): whether the first attempt applied stays open.
                status = getattr(refused, "status", None)
                refusal = _unsure(
                    last,
                    (),
                    f"sending it again was refused ({refused.message})",
                    known={"resend_status": status} if status else {},
                )
                _verdict("unknown", refusal, "refused resend, first attempt unknown")
                raise refusal from None
            else:
                creates.hand_out(key, id_of(result))
                return result
        finally:
            creates.end(ticket)
        if chosen is not None:
            _verdict("adopted", last, chosen)
            creates.hand_out(key, chosen)
            try:
                return (yield from adopt(chosen))
            except ProvisionError as error:
                raise after_create(error, chosen) from None
        if last.known.get("do_not_retry"):
            if blind:
                refusal = _unsure(last, (), "it cannot be looked up here, nor sent again")
                _verdict("unknown", refusal, "blind, and the answer forbade sending it again")
                raise refusal
            _verdict("not_applied", last, "not applied; the answer forbade sending it again")
            break
        _verdict(
            "resent" if attempt == 1 else "not_applied",
            last,
            "cannot look it up; names are unique, so sending it again is safe"
            if blind
            else "not applied",
        )
    assert last is not None
    raise _not_applied(last, api)


def _verdict(verdict: str, unknown: OutcomeUnknown, what: str) -> None:
    """One INFO record per settled (or unsettled) outcome; `extra["reconciled"]` says which, for
    whoever counts them (the fault matrix's resolved share)."""
    log.info(
        "%s: outcome unknown (%s); looked it up: %s (%s)",
        unknown.operation,
        unknown.cause,
        verdict,
        what,
        extra={"reconciled": verdict},
    )


def _sight(
    unknown: OutcomeUnknown,
    look: Callable[[OutcomeUnknown, float], Flow[Sighting]],
    sent_at: float,
    deadline: Deadline,
    settle: float,
) -> Flow[Sighting]:
    """The lookup's matches; an empty one repeated after `settle` seconds; any failure to look
    (an API error, no time left) is the OutcomeUnknown, saying why."""
    if deadline.remaining() <= 0:
        # Nothing starts past the deadline: not a lookup, and so not a resend either.
        raise _unsure(unknown, (), "the deadline had passed, so there was no time to look")
    try:
        found = yield from look(unknown, sent_at)
        if not found.ids and settle and not _says_created(unknown):
            if deadline.remaining() < settle:
                raise _unsure(
                    unknown,
                    (),
                    f"no time was left to confirm ({settle:g} s) that the empty lookup was not just slow to show it",
                )
            yield Sleep(settle)
            found = yield from look(unknown, sent_at)
    except OutcomeUnknown:
        raise
    except ProvisionError as failed:
        raise _unsure(
            unknown, (), f"looking it up failed ({type(failed).__name__}: {failed.message})"
        ) from None
    return found


def _choose(
    unknown: OutcomeUnknown, found: Sighting, handed_out: frozenset[str], overlapped: bool
) -> str | None:
    """The id to adopt; None when nothing was applied (resend); raises when it cannot tell."""
    told = unknown.known.get("id")
    if isinstance(told, str) and told in found.ids and told not in handed_out:
        return told
    candidates = tuple(i for i in found.ids if i not in handed_out)
    if len(candidates) > 1:
        raise _unsure(unknown, candidates, f"{len(candidates)} projects match it")
    if candidates and overlapped:
        raise _unsure(
            unknown,
            candidates,
            "another create of the same project by this client overlapped it, so the match may be that one's",
        )
    if candidates:
        return candidates[0]
    if found.ids:
        # Only projects this client already returned to other calls match: most likely this
        # create was not applied, but an id seen again (a fake reset between tests replays its
        # seeded ids) must never turn into a resend, so say so rather than guess.
        raise _unsure(
            unknown, found.ids, "the only matches are projects this client already returned"
        )
    if _says_created(unknown):
        raise _unsure(
            unknown, (), "the API answered as if it had created it, yet the lookup does not show it"
        )
    return None


def _unsure(
    unknown: OutcomeUnknown,
    candidates: tuple[str, ...],
    why: str,
    *,
    known: Mapping[str, Any] | None = None,
) -> OutcomeUnknown:
    named = f" Candidates: {', '.join(candidates)}." if candidates else ""
    return OutcomeUnknown(
        f"{unknown.message} Looking it up did not settle it: {why}.{named}",
        operation=unknown.operation,
        cause=unknown.cause,
        known={**unknown.known, **(known or {})},
        candidates=candidates,
    )


def _not_applied(unknown: OutcomeUnknown, api: str) -> ProvisionError:
    """The failure a create met, now known to have created nothing: the API's own error class
    for a status (e.g. ServiceUnavailable for a 503: retry later), else a TransportError."""
    message = (
        f"{unknown.operation}: not created. The API gave no usable answer ({unknown.cause}) and "
        "a lookup showed nothing was applied, so nothing exists; it was sent again at most once. "
        "Retry later."
    )
    status = unknown.known.get("status")
    if isinstance(status, int) and status >= 500:
        return api_error_class(api, status, None)(
            api=api, operation=unknown.operation, status=status, detail=message
        )
    return TransportError(message, operation=unknown.operation, cause=unknown.cause)
