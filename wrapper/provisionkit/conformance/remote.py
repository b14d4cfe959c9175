"""The requests a run makes itself before the suite: the pre-flight read before any case, and the
snapshot of what is on the designated server (every page of mittwald's list). Both go through the
guard like every other request; the cleanup (cleanup.py) reads with the same helpers."""

from __future__ import annotations

from typing import Any

import requests

from provisionkit.config import MAX_LIST_PAGES, PAGE_SIZE

from .guard import Refused
from .plan import Plan, spec_path

__all__ = [
    "PREFLIGHT_TIMEOUT",
    "Preflight",
    "auth_headers",
    "list_projects",
    "preflight",
    "projects_before",
]

PREFLIGHT_TIMEOUT = 30.0  # seconds, per request the run makes itself (pre-flight, cleanup)


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
