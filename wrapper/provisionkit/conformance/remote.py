"""The requests a run makes itself, outside the suite: the pre-flight read before any case, and the
cleanup of what the run created (in `finally`, on SIGTERM, and at exit as a backstop). Both go
through the guard like every other request."""

from __future__ import annotations

import atexit
import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from typing import Any

import requests

from provisionkit.config import MAX_LIST_PAGES, PAGE_SIZE

from .guard import Created, Guard, Refused
from .plan import Plan, spec_path

__all__ = [
    "Preflight",
    "auth_headers",
    "cleanup",
    "cleanup_however_it_ends",
    "list_projects",
    "preflight",
    "projects_before",
]

PREFLIGHT_TIMEOUT = 30.0
# Cleanup retries what may pass later: mittwald's "not visible yet" 403 right after a create, 429s
# and 5xx. Bounded per project; the rest is listed for a human.
CLEANUP_ATTEMPTS = 4
# What may pass on a later try (besides 5xx): mittwald hides a fresh project (403) until it has
# propagated and may answer 412 for an event it has not processed yet; both may rate-limit.
RETRY_DELETE = {"mittwald": {403, 404, 412, 429}, "foundry": {429}}
CLEANUP_PAUSE = 2.0


class Preflight(Exception):
    def __init__(self, outcome: str, message: str) -> None:
        super().__init__(message)
        self.outcome, self.message = outcome, message


# --- pre-flight ----------------------------------------------------------------------------------


def auth_headers(plan: Plan) -> dict[str, str]:
    # mittwald's own header (what its spec requires); Foundry's Bearer.
    if plan.api == "mittwald":
        return {"x-access-token": plan.token}
    return {"Authorization": f"Bearer {plan.token}"}


def _has_operation(plan: Plan, operation_id: str) -> bool:
    return f"operationId: {operation_id}" in spec_path(plan.api).read_text()


def preflight(plan: Plan) -> str:
    """One authenticated read before any case; Preflight says why the run cannot go on."""
    if plan.api == "mittwald":
        path, good = "/v2/servers?limit=1", {200}
    elif _has_operation(plan, "getCurrentUser"):
        path, good = "/api/v2/admin/users/getCurrent", {200}
    else:
        # No "who am I" in this spec: reading a project proves the token is accepted (a 404 for
        # an unknown one is an authenticated answer too).
        rid = plan.designated or "ri.compass.main.folder.00000000-0000-4000-8000-000000000000"
        path, good = f"/api/v2/filesystem/projects/{rid}", {200, 404}
    url = plan.base_url + path
    try:
        # Not followed: a redirect would carry the token to wherever it points. Said plainly
        # instead, so the run can be pointed at the API's own address.
        response = requests.get(
            url, headers=auth_headers(plan), timeout=PREFLIGHT_TIMEOUT, allow_redirects=False
        )
    except (requests.RequestException, Refused) as error:
        raise Preflight(
            "unreachable", f"pre-flight: {plan.base_url} did not answer ({type(error).__name__})"
        ) from None
    if response.is_redirect:
        raise Preflight(
            "unreachable",
            f"pre-flight: GET {path} answered {response.status_code}, a redirect to "
            f"{response.headers.get('location', 'nowhere')!r}: give the API's own base URL "
            "(no request follows a redirect with the token; no case was run)",
        )
    status = response.status_code
    if status in {401, 403}:
        why = "refused" if status == 401 else "lacks the permission or scope for"
        raise Preflight(
            "token refused",
            f"pre-flight: GET {path} answered {status}: the {plan.api} API {why} the token in "
            f"{plan.token_variable}; set {plan.token_variable} to a valid token for "
            f"{plan.base_url} (no case was run)",
        )
    if status not in good:
        raise Preflight(
            "unreachable", f"pre-flight: GET {path} answered {status}; expected {sorted(good)}"
        )
    return f"GET {path} answered {status}"


# --- cleanup -------------------------------------------------------------------------------------


def cleanup(guard: Guard, *, pause: float = CLEANUP_PAUSE) -> None:
    """Delete (mittwald) or trash (Foundry) what the run created and has not removed; each one
    that cannot be removed keeps the reason. Idempotent: `finally` and atexit may both call it.

    A create whose answer never came is looked up by its description on mittwald, among the
    projects that were not on the server before the run (`guard.before`)."""
    plan = guard.plan
    for created in guard.leftovers():
        if created.id is None and guard.before is not None:
            known = guard.before | {c.id for c in guard.created if c.id}
            created.id = _find_by_description(plan, created, known)
        if created.id is None:
            created.problem = "its id is unknown; look for it by name"
            continue
        _remove(plan, created, pause)


def _remove(plan: Plan, created: Created, pause: float) -> None:
    if plan.api == "mittwald":
        url = f"{plan.base_url}/v2/projects/{created.id}"
    else:
        url = f"{plan.base_url}/api/v2/filesystem/resources/{created.id}"
    headers = auth_headers(plan)
    if created.event:
        headers["if-event-reached"] = created.event  # mittwald: wait until it is visible
    for attempt in range(CLEANUP_ATTEMPTS):
        if attempt:
            time.sleep(pause * attempt)
        try:
            response = requests.delete(url, headers=headers, timeout=PREFLIGHT_TIMEOUT)
        except Refused as refused:
            created.problem = str(refused)
            return
        except requests.RequestException as error:
            created.problem = f"delete failed: {type(error).__name__}"
            continue
        if response.ok:
            created.removed, created.problem = True, None
            return
        created.problem = f"delete answered {response.status_code}"
        if response.status_code not in RETRY_DELETE[plan.api] and response.status_code < 500:
            return


def projects_before(plan: Plan) -> set[str] | None:
    """mittwald with creating allowed: the ids already on the designated server before any case,
    so the cleanup can never take one of them for the run's own (None: not known)."""
    if plan.api != "mittwald" or not plan.allow_create or plan.designated is None:
        return None
    listed = list_projects(plan, plan.designated)
    if listed is None:
        return None
    return {item["id"] for item in listed if isinstance(item.get("id"), str)}


def list_projects(plan: Plan, server: str) -> list[dict[str, Any]] | None:
    """mittwald: every project on `server`, page by page until X-Pagination-TotalCount is reached
    (or, without that header, the first short page); None when the listing is incomplete (an
    error, a body that is no list, a total that pages never reach). A server may cap a page below
    the `limit` asked for, so a short page alone does not mean the end."""
    items: list[dict[str, Any]] = []
    for _ in range(MAX_LIST_PAGES):
        try:
            response = requests.get(
                f"{plan.base_url}/v2/projects",
                params={"serverId": server, "limit": str(PAGE_SIZE), "skip": str(len(items))},
                headers=auth_headers(plan),
                timeout=PREFLIGHT_TIMEOUT,
            )
            page = response.json() if response.ok else None
        except (requests.RequestException, Refused, ValueError):
            return None
        if not isinstance(page, list):
            return None
        items += [item for item in page if isinstance(item, dict)]
        total = _whole_number(response.headers.get("x-pagination-totalcount"))
        if total is None:
            if len(page) < PAGE_SIZE:
                return items
        elif len(items) >= total:
            return items
        elif not page:
            return None  # more promised, none given: not the whole list
    return None


def _whole_number(text: str | None) -> int | None:
    try:
        number = int(text) if text is not None else None
    except ValueError:
        return None
    return number if number is not None and number >= 0 else None


def _find_by_description(plan: Plan, created: Created, before: set[str]) -> str | None:
    """mittwald: the id of a project whose create got no answer, if exactly one project on the
    designated server has its description and was not there before the run. Anything less
    certain is left for a human (deleting someone else's project is worse than a leftover)."""
    try:
        response = requests.get(
            f"{plan.base_url}/v2/projects",
            params={"serverId": created.where, "searchTerm": created.name},
            headers=auth_headers(plan),
            timeout=PREFLIGHT_TIMEOUT,
        )
        listed = response.json() if response.ok else []
    except (requests.RequestException, Refused, ValueError):
        return None
    matches = [
        item["id"]
        for item in (listed if isinstance(listed, list) else [])
        if isinstance(item, dict)
        and item.get("description") == created.name
        and isinstance(item.get("id"), str)
        and item["id"] not in before
    ]
    return matches[0] if len(matches) == 1 else None


@contextlib.contextmanager
def cleanup_however_it_ends(guard: Guard) -> Iterator[None]:
    """Ctrl-C and SIGTERM (a cancelled CI job) stop the guard first, so from then on nothing but
    the cleanup is sent, then raise KeyboardInterrupt, so `finally` runs the cleanup. (Hypothesis
    may take a KeyboardInterrupt inside a test for a failure of that test; the stopped guard and
    `guard.interrupted` make sure the run still ends.) atexit is the backstop for an exit that
    skips `finally`."""
    signals = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.getsignal(number) for number in signals}

    def interrupt(signum: int, frame: Any) -> None:
        guard.stop()
        raise KeyboardInterrupt

    in_main_thread = threading.current_thread() is threading.main_thread()
    if in_main_thread:
        for number in signals:
            signal.signal(number, interrupt)
    atexit.register(cleanup, guard, pause=0.5)
    try:
        yield
    finally:
        try:
            cleanup(guard)
        finally:
            atexit.unregister(cleanup)
            if in_main_thread:
                for number, handler in previous.items():
                    signal.signal(number, handler)
