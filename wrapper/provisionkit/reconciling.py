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

"Since the request was sent" cannot rest on one clock: an API's `Date` header can come from a
gateway whose clock is not the one that stamps `createdAt`, can be missing, and this machine's clock
can be off too. Telling "the project this request made" from "an older one with the same name"
without any clock would take a listing before every create (one more request per create, paid
for the rare unknown outcome), so provisionkit asks two witnesses instead and lets neither alone
cause harm. Each says when the request left on the API's creation clock: the lookup answer's
`Date` minus the time this machine saw pass since the send (absent without a usable Date), and
this machine's own calendar clock at the send (`Runtime.wall`). A matching project is then
- *new* when either witness puts its creation no earlier than `CLOCK_SKEW` (5 s) before the
  send: it may be this request's, and only new projects are adopted;
- *foreign* when both witnesses exist and both put it more than `CLOCK_ALLOWANCE` (1 h) before
  the send: someone's earlier project, ignored;
- *unsure* otherwise (older than the skew, younger than the allowance, or no Date to cross-check
  this machine's clock): it is not adopted, and it forbids sending the create again, because it
  may be this request's project behind a clock that is off.
So a clock error can turn an adoption or a resend into an OutcomeUnknown naming the project, but
never make a second project: that takes both witnesses wrong by more than an hour. What it cannot
rule out: an older project with the same name is adopted only when the create was not applied,
it is the one match, and a witness is wrong by more than that project's age (e.g. made 5 minutes
earlier while one clock is 10 minutes behind). Foundry's names are unique per space, so there an
unsure or foreign match only means "not ours": sending again answers 409, never a second project.

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

Time and interruptions:
- Nothing starts after the create's deadline: not a lookup, not a resend, not the adoption's
  reads (sending.py refuses any request past it). A create settled as "not applied" with no time
  left is reported as the failure it was, never sent again; a blind one stays OutcomeUnknown.
- A create interrupted after its request may have left (a cancelled task, `asyncio.wait_for`'s
  timeout, KeyboardInterrupt) is noted before the interruption reaches the caller, since the
  drivers close the flow at once: `Unresolved`, with the project's id once known (interrupted in
  the wait or the adoption). The client lists them (`unresolved_creates`), and the next create of
  the same project on it settles the old one first: adopting the known id, or looking it up as
  an unknown outcome of the old send, and only then sending, if nothing was applied.
- A project read back after a create must be the one asked for (mittwald server and
  description, Foundry space and name): an answer taken off a connection another process shares
  (a client used across os.fork) names someone else's project, an OutcomeUnknown (`not_asked`).

The caller's own `reconcile` function, given to `create_project`, takes precedence: with one, the
lookup above is skipped and the function receives the `OutcomeUnknown` (whose `known` holds what
was asked: mittwald `server_id` and `description`, Foundry `displayName` and `spaceRid`) and
returns the id (mittwald) or RID (Foundry) of the project it can identify as this call's, or None.
provisionkit reads that project and accepts it only if it matches what was asked; otherwise, and
on None, the `OutcomeUnknown` is raised. On mittwald provisionkit never sends the create again. On
Foundry a create whose request got no answer (a dropped connection, a timeout, a gateway's 502,
503 or 504) is first sent once more, while time is left and unless the answer forbade it
(`QoS-Retry-Hint: do-not-retry`), and the function is asked only if that does not settle it: display names are unique per space, so the resend either creates the project
the first request did not (returned without asking) or does not (a 409, another error, no answer
again: then it is asked). Neither API ever makes a second project. On an async client the
function may be a coroutine function; an exception it raises reaches the caller unchanged.

The module runs over 300 lines on purpose: a third of it is this docstring, the one place these
rules are written down, and the rest is the one procedure both APIs share.
"""

from __future__ import annotations

import logging
import os
import threading
import weakref
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Hashable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from enum import Enum
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
    "CLOCK_ALLOWANCE",
    "CLOCK_SKEW",
    "SETTLE",
    "Age",
    "Creates",
    "Reconcile",
    "Sent",
    "Sighting",
    "ask",
    "just",
    "mismatch",
    "not_asked",
    "resolve",
    "witnesses",
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


def not_asked(
    operation: str, named: str, what: str, asked: Mapping[str, Any], look: str
) -> OutcomeUnknown:
    """An answer to a create named project `named`, which is `what`, not the project `asked`
    for: the answer was not this request's, so whether this create was applied is unknown."""
    return OutcomeUnknown(
        f"{operation}: the answer named project {named}, but that is {what}, not the project "
        "this call asked for: the answer was not this request's (a connection shared across "
        f"os.fork, say), so whether this create was applied is unknown. {look}",
        operation=operation,
        cause="the answer named another project",
        known={**asked, "named_id": named},
    )


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


# See the module docstring: how far before the send a project still counts as new, and how far
# before it both witnesses must put a project for it to be someone's earlier one.
CLOCK_SKEW = timedelta(seconds=5)
CLOCK_ALLOWANCE = timedelta(hours=1)
# mittwald: how long after an empty lookup to look again before "not applied" is believed.
SETTLE = 3.0


def just(value: R) -> Flow[R]:
    """A flow that sends nothing and returns `value`."""
    yield from ()
    return value


@dataclass(frozen=True, slots=True)
class Sent:
    """When a create left: on the deadline's clock (`at`) and on this machine's calendar (`wall`)."""

    at: float
    wall: float


class Age(Enum):
    """What the witnesses say about a matching project (module docstring)."""

    NEW = "new"
    UNSURE = "unsure"
    FOREIGN = "foreign"


@dataclass(frozen=True, slots=True)
class Witnesses:
    """When the request left, as each witness puts it on the API's creation clock."""

    api: datetime | None  # the lookup's Date minus the time since the send
    local: datetime  # this machine's calendar at the send

    def age(self, created: datetime) -> Age:
        created = created if created.tzinfo is not None else created.replace(tzinfo=UTC)
        sent = [w for w in (self.api, self.local) if w is not None]
        if any(created >= w - CLOCK_SKEW for w in sent):
            return Age.NEW
        if self.api is not None and all(created < w - CLOCK_ALLOWANCE for w in sent):
            return Age.FOREIGN
        return Age.UNSURE


def witnesses(headers: Mapping[str, str], sent: Sent, now: float) -> Witnesses:
    """The two witnesses of when `sent` left, given a lookup answer's headers and the deadline
    clock's `now` (the API's one is None when its `Date` is missing or unreadable)."""
    local = datetime.fromtimestamp(sent.wall, UTC)
    value = headers.get("date")
    try:
        date = parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError, IndexError):
        date = None
    if date is None or date.tzinfo is None:
        return Witnesses(None, local)
    return Witnesses(date - timedelta(seconds=max(now - sent.at, 0.0)), local)


@dataclass(frozen=True, slots=True)
class Sighting:
    """What a lookup found: the ids that could be the request's project (new ones), and matches
    that may be it behind an off clock (`unsure`: they forbid a resend). `blind` when the API
    could not be asked (Foundry, a space listSpaces does not show): only an API whose names are
    unique may say so, because then sending once more is itself the lookup (201 or 409, never a
    second)."""

    ids: tuple[str, ...]
    blind: bool = False
    unsure: tuple[str, ...] = ()  # matches too old to adopt, too young to rule out (docstring)


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


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A create this client started and that was interrupted (a cancelled task, a timeout around
    the call, KeyboardInterrupt) after its request may have left: what it asked for (`known`),
    and the project's id when the call had already learnt it. The next create of the same project
    on the same client settles it first (module docstring); `unresolved_creates()` lists them."""

    api: str
    operation: str
    known: Mapping[str, Any]
    project_id: str | None
    sent: Sent | None = field(default=None, repr=False)


class Creates:
    """One client's creates: which are in flight, which ids were handed out, and which were
    interrupted unresolved, per project key (mittwald server and description, Foundry space and
    name), so reconciling one create never adopts what another call of the same client made.
    Thread-safe (a sync client may be shared) and fork-safe (a child starts with a fresh lock).

    Bounded: ids handed out for at most `KEYS` projects keys (the least recently used key with
    nothing in flight is forgotten first; its projects are long made, older than any new
    create's send), `REMEMBERED` ids per key, and `UNRESOLVED` interrupted creates (the oldest
    dropped with a warning)."""

    REMEMBERED = 256
    KEYS = 1024
    UNRESOLVED = 256

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: OrderedDict[Hashable, _Key] = OrderedDict()
        self._unresolved: OrderedDict[Hashable, Unresolved] = OrderedDict()
        _LIVE.add(self)

    def _after_fork(self) -> None:
        # A lock held by another thread at fork time would stay held forever in the child.
        self._lock = threading.Lock()

    def start(self, key: Hashable) -> _Ticket:
        with self._lock:
            entry = self._entry(key)
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
            entry = self._entry(key)
            if entry.handed_out is None:
                entry.handed_out = deque(maxlen=self.REMEMBERED)
            entry.handed_out.append(project_id)

    def handed_out(self, key: Hashable) -> frozenset[str]:
        with self._lock:
            entry = self._keys.get(key)
            return frozenset(entry.handed_out or ()) if entry else frozenset()

    def interrupted(self, key: Hashable, unresolved: Unresolved) -> None:
        with self._lock:
            self._unresolved[key] = unresolved
            self._unresolved.move_to_end(key)
            while len(self._unresolved) > self.UNRESOLVED:
                _, dropped = self._unresolved.popitem(last=False)
                log.warning(
                    "%s: forgetting an interrupted create (%s) after %d more",
                    dropped.operation,
                    dropped.project_id or "id unknown",
                    self.UNRESOLVED,
                )

    def take_unresolved(self, key: Hashable) -> Unresolved | None:
        with self._lock:
            return self._unresolved.pop(key, None)

    def unresolved(self) -> tuple[Unresolved, ...]:
        with self._lock:
            return tuple(self._unresolved.values())

    def _entry(self, key: Hashable) -> _Key:
        entry = self._keys.get(key)
        if entry is None:
            entry = self._keys[key] = _Key()
            if len(self._keys) > self.KEYS:
                # The least recently used idle key (nearly always the first: busy keys are few).
                old = next((k for k, e in self._keys.items() if not e.in_flight), key)
                if old != key:
                    del self._keys[old]
        self._keys.move_to_end(key)
        return entry


_LIVE: weakref.WeakSet[Creates] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    for creates in list(_LIVE):
        creates._after_fork()


if hasattr(os, "register_at_fork"):  # not on Windows
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _says_created(unknown: OutcomeUnknown) -> bool:
    status = unknown.known.get("status")
    return isinstance(status, int) and 200 <= status < 300


def resolve(
    create: Callable[[], Flow[R]],
    look: Callable[[OutcomeUnknown, Sent], Flow[Sighting]],
    adopt: Callable[[str], Flow[R]],
    *,
    id_of: Callable[[R], str],
    key: Hashable,
    known: Mapping[str, Any],
    creates: Creates,
    deadline: Deadline,
    wall: Callable[[], float],
    api: str,
    operation: str,
    settle: float = 0.0,
) -> Flow[R]:
    """Send the create; when its outcome is unknown, settle it with the API (module docstring).

    `create` sends it once (its result, or OutcomeUnknown); `look(unknown, sent)` lists what
    could be its project (`sent` read from the deadline's clock and from `wall`); `adopt(id)`
    turns an adopted id into the result. Raises OutcomeUnknown with the candidates when the API
    cannot settle it. An earlier create of the same `key` that was interrupted is settled first:
    its project adopted when its id is known, else looked up as an unknown outcome of its send.
    """
    pending = creates.take_unresolved(key)
    if pending is not None and pending.project_id is not None:
        log.info("%s: adopting %s, made by an interrupted call", operation, pending.project_id)
        return (
            yield from _adopt(pending.project_id, adopt, key, known, creates, api=api, op=operation)
        )
    last: OutcomeUnknown | None = None
    blind = False
    for attempt in (1, 2):
        if last is not None and deadline.remaining() <= 0:
            _no_time_to_resend(last, blind=blind)
            break
        ticket = creates.start(key)
        sent = pending.sent if pending and pending.sent else Sent(deadline.clock(), wall())
        send = create if pending is None else _interrupted(pending)
        pending = None
        try:
            try:
                result = yield from send()
            except OutcomeUnknown as unknown:
                last = unknown
                chosen = yield from _settle(
                    unknown,
                    look,
                    sent,
                    deadline,
                    ticket,
                    creates=creates,
                    settle=settle,
                    blind=blind,
                    attempt=attempt,
                )
                blind = chosen is _BLIND
            except ProvisionError as refused:
                if blind and last is not None:
                    raise _refused_resend(refused, last) from None
                raise
            else:
                creates.hand_out(key, id_of(result))
                return result
        except GeneratorExit:
            creates.interrupted(key, Unresolved(api, operation, known, None, sent))
            raise
        finally:
            creates.end(ticket)
        if isinstance(chosen, str):
            _verdict("adopted", last, chosen)
            return (yield from _adopt(chosen, adopt, key, known, creates, api=api, op=operation))
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


_BLIND = object()


def _settle(
    unknown: OutcomeUnknown,
    look: Callable[[OutcomeUnknown, Sent], Flow[Sighting]],
    sent: Sent,
    deadline: Deadline,
    ticket: _Ticket,
    *,
    creates: Creates,
    settle: float,
    blind: bool,
    attempt: int,
) -> Flow[str | object | None]:
    """One unknown outcome looked up: the id to adopt, None to send again, `_BLIND` to send again
    blind; OutcomeUnknown (logged) when it cannot be settled."""
    try:
        found = yield from _sight(unknown, look, sent, deadline, settle)
        if found.blind and (blind or attempt == 2 or _says_created(unknown)):
            raise _unsure(unknown, (), "the project cannot be looked up by name here")
        if found.blind:
            return _BLIND
        return _choose(unknown, found, creates.handed_out(ticket.key), creates.overlapped(ticket))
    except OutcomeUnknown as unsure:
        _verdict("unknown", unsure, ", ".join(unsure.candidates) or "no candidates")
        raise


def _refused_resend(refused: ProvisionError, last: OutcomeUnknown) -> OutcomeUnknown:
    """The blind resend was refused (a 409: the name is taken, maybe by the first attempt; or
    any other error): whether the first attempt applied stays open."""
    status = getattr(refused, "status", None)
    refusal = _unsure(
        last,
        (),
        f"sending it again was refused ({refused.message})",
        known={"resend_status": status} if status else {},
    )
    _verdict("unknown", refusal, "refused resend, first attempt unknown")
    return refusal


def _adopt(
    chosen: str,
    adopt: Callable[[str], Flow[R]],
    key: Hashable,
    known: Mapping[str, Any],
    creates: Creates,
    *,
    api: str,
    op: str,
) -> Flow[R]:
    """The adopted project as the result; any error after this carries its id, and an
    interruption leaves it for the next create of the same project (`Unresolved`)."""
    creates.hand_out(key, chosen)
    try:
        return (yield from adopt(chosen))
    except ProvisionError as error:
        raise after_create(error, chosen) from None
    except GeneratorExit:
        creates.interrupted(key, Unresolved(api, op, known, chosen))
        raise


def _interrupted(pending: Unresolved) -> Callable[[], Flow[Any]]:
    """The interrupted create's outcome, as the unknown it is (nothing is sent)."""

    def unknown() -> Flow[Any]:
        yield from ()
        raise OutcomeUnknown(
            f"{pending.operation}: an earlier call creating this project on this client was "
            "interrupted after its request may have left; it may or may not have been applied.",
            operation=pending.operation,
            cause="interrupted",
            known=dict(pending.known),
        )

    return unknown


def _no_time_to_resend(last: OutcomeUnknown, *, blind: bool) -> None:
    """Settled as "not applied" (or blind), but a resend would start at or after the deadline:
    nothing does. Blind, that is still an unknown outcome (raised); else the caller reports the
    failure as not applied."""
    if blind:
        refusal = _unsure(last, (), "no time was left to send it again")
        _verdict("unknown", refusal, "blind, and the deadline passed")
        raise refusal
    _verdict("not_applied", last, "not applied; no time left to send it again")


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
    look: Callable[[OutcomeUnknown, Sent], Flow[Sighting]],
    sent_at: Sent,
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
        if not found.ids and not found.unsure and settle and not _says_created(unknown):
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
    unsure = tuple(i for i in found.unsure if i not in handed_out)
    if unsure:
        raise _unsure(
            unknown,
            unsure,
            "the only matches are older than the request by the API's clocks, which may be off, "
            "so one of them may still be this request's project and it is not sent again",
        )
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
