"""The cleanup of what a run created, built so that it cannot hurt anyone else's project.

- It touches only projects bearing this run's marker (`Guard.marker`, a random run id every
  create carries in its description or display name). A project the create's answer named is
  read first, and left alone if it does not bear it. A create whose answer never came (a gateway's
  502, a dropped connection) is looked up by its own numbered tag: among every page of the
  designated server's projects (mittwald), or at its path in the designated space (Foundry). No
  project bears it: nothing is touched, and it is listed, since it may exist unseen.
- "Cleaned" is counted only when a read confirms it: mittwald reads the project as not there
  (403/404) and the server's list no longer holds it; Foundry reads it `trashStatus` trashed.
  A delete answered 204 is not proof (a deployment may answer it and delete nothing).
- Anything else is listed with its reason; the run then exits 6.

It runs in `finally`, on SIGTERM, and at exit as a backstop; a second Ctrl-C or SIGTERM while it
runs is noted, not obeyed, so it always finishes (each request is bounded in time and tries).
"""

from __future__ import annotations

import atexit
import contextlib
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TextIO

import requests

from .guard import Created, Guard, Refused
from .lookup import find, get, json_body
from .marker import NAME_FIELD
from .plan import Plan
from .remote import PREFLIGHT_TIMEOUT, auth_headers, list_projects

__all__ = ["CLEANUP_ATTEMPTS", "cleanup", "cleanup_however_it_ends"]

# Cleanup retries what may pass later: mittwald's "not visible yet" 403 right after a create, 429s
# and 5xx. Bounded per project; the rest is listed for a human.
CLEANUP_ATTEMPTS = 4
# What may pass on a later try (besides 5xx): mittwald hides a fresh project (403) until it has
# propagated and may answer 412 for an event it has not processed yet; both may rate-limit.
RETRY_DELETE = {"mittwald": {403, 404, 412, 429}, "foundry": {429}}
CLEANUP_PAUSE = 2.0
TRASHED = {"DIRECTLY_TRASHED", "ANCESTOR_TRASHED"}


def _url(plan: Plan, rid: str) -> str:
    if plan.api == "mittwald":
        return f"{plan.base_url}/v2/projects/{rid}"
    return f"{plan.base_url}/api/v2/filesystem/resources/{rid}"


class _Read:
    """One read of a project: is it there (and bearing what name), gone, or unknown?"""

    def __init__(self, plan: Plan, created: Created) -> None:
        headers = auth_headers(plan)
        if created.event:
            headers["if-event-reached"] = created.event  # mittwald: once its create is visible
        assert created.id is not None
        response = get(plan, _url(plan, created.id), headers=headers)
        self.status = response.status_code if response is not None else None
        data = json_body(response) if response is not None and response.ok else None
        self.name = data.get(NAME_FIELD[plan.api]) if isinstance(data, dict) else None
        trash = data.get("trashStatus") if isinstance(data, dict) else None
        there = isinstance(data, dict)
        if plan.api == "mittwald":
            self.gone = self.status in {403, 404}  # mittwald answers 403 for what is not there
            self.present = there
        else:
            self.gone = there and trash in TRASHED
            self.present = there and trash not in TRASHED

    def describe(self) -> str:
        return f"answered {self.status}" if self.status is not None else "got no answer"


def cleanup(guard: Guard, *, pause: float = CLEANUP_PAUSE) -> None:
    """Remove what the run created and a read has not yet confirmed removed; each one that
    cannot be removed keeps the reason. Idempotent: `finally` and atexit may both call it."""
    guard.cleaning = True
    try:
        for created in guard.leftovers():
            if created.id is None:
                created.id = find(guard, created)
                if created.id is None:
                    continue
            _remove(guard, created, pause)
    finally:
        guard.cleaning = False


def _tries(pause: float) -> Iterator[int]:
    for attempt in range(CLEANUP_ATTEMPTS):
        if attempt:
            time.sleep(pause * attempt)
        yield attempt


def _remove(guard: Guard, created: Created, pause: float) -> None:
    plan = guard.plan
    read = _settled_read(plan, created, pause, until=lambda r: r.present or r.gone)
    if read.present and guard.marker.tag_in(read.name) is None:
        created.problem = (
            f"its create named it, but the project there does not bear this run's marker "
            f"{guard.marker} (named {read.name!r}); not touched"
        )
        return
    if read.present:
        if not _delete(plan, created, pause):
            return
        read = _settled_read(plan, created, pause, until=lambda r: r.gone)
    elif not read.gone:
        created.problem = f"a read of it {read.describe()}; not touched"
        return
    if not read.gone:
        done = "deleted" if plan.api == "mittwald" else "trashed"
        created.problem = f"the delete was answered, yet a read shows it not {done}"
        return
    if plan.api == "mittwald" and not _unlisted(guard, created, pause):
        return
    created.removed, created.problem = True, None


def _settled_read(
    plan: Plan, created: Created, pause: float, until: Callable[[_Read], bool]
) -> _Read:
    """Read until `until` holds or the tries run out (mittwald's reads settle eventually)."""
    read = _Read(plan, created)
    for attempt in _tries(pause):
        if attempt:
            read = _Read(plan, created)
        if until(read):
            break
    return read


def _unlisted(guard: Guard, created: Created, pause: float) -> bool:
    """mittwald: the designated server's list (every page) no longer holds it."""
    for _ in _tries(pause):
        listed = list_projects(guard.plan, created.where)
        if listed is not None and all(item.get("id") != created.id for item in listed):
            return True
    created.problem = "a read says it is gone, yet the server's project list still holds it"
    return False


def _delete(plan: Plan, created: Created, pause: float) -> bool:
    headers = auth_headers(plan)
    if created.event:
        headers["if-event-reached"] = created.event  # mittwald: wait until it is visible
    assert created.id is not None
    for _ in _tries(pause):
        try:
            response = requests.delete(
                _url(plan, created.id), headers=headers, timeout=PREFLIGHT_TIMEOUT
            )
        except Refused as refused:
            created.problem = str(refused)
            return False
        except requests.RequestException as error:
            created.problem = f"delete failed: {type(error).__name__}"
            continue
        if response.ok:
            created.problem = None
            return True
        created.problem = f"delete answered {response.status_code}"
        if response.status_code not in RETRY_DELETE[plan.api] and response.status_code < 500:
            return False
    return False


# --- however the run ends ------------------------------------------------------------------------


@contextlib.contextmanager
def cleanup_however_it_ends(guard: Guard, err: TextIO | None = None) -> Iterator[None]:
    """Ctrl-C and SIGTERM (a cancelled CI job) stop the guard first, so from then on nothing but
    the cleanup is sent, then raise KeyboardInterrupt, so `finally` runs the cleanup. (Hypothesis
    may take a KeyboardInterrupt inside a test for a failure of that test; the stopped guard and
    `guard.interrupted` make sure the run still ends.) While the cleanup runs, a further signal is
    only noted: the cleanup finishes, then the run ends as interrupted. atexit is the backstop
    for an exit that skips `finally`."""
    out = err or sys.stderr
    signals = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.getsignal(number) for number in signals}

    def interrupt(signum: int, frame: Any) -> None:
        guard.stop()
        raise KeyboardInterrupt

    def while_cleaning(signum: int, frame: Any) -> None:
        guard.stop()
        with contextlib.suppress(OSError, ValueError):
            out.write("cleanup still running: it finishes first (bounded), then the run ends\n")
            out.flush()

    in_main_thread = threading.current_thread() is threading.main_thread()
    if in_main_thread:
        for number in signals:
            signal.signal(number, interrupt)
    atexit.register(cleanup, guard, pause=0.5)
    try:
        yield
    finally:
        if in_main_thread:
            for number in signals:
                signal.signal(number, while_cleaning)
        try:
            pending = len(guard.leftovers())
            if pending:
                out.write(f"cleanup: removing {pending} project(s) this run created\n")
                out.flush()
            cleanup(guard)
        finally:
            atexit.unregister(cleanup)
            if in_main_thread:
                for number, handler in previous.items():
                    signal.signal(number, handler)
