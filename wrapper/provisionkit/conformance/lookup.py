"""Finding a project whose create's answer never came (a gateway's 502, a dropped connection), by
the create's own marker (marker.py), for the cleanup: among every page of the designated server's
projects (mittwald), or at its path in the designated space (Foundry). Nothing bears it: None,
and the reason is kept; the cleanup then touches nothing and lists it."""

from __future__ import annotations

from typing import Any

import requests

from .guard import Created, Guard, Refused
from .plan import Plan
from .remote import PREFLIGHT_TIMEOUT, auth_headers, list_projects

__all__ = ["find", "get", "json_body"]


def get(plan: Plan, url: str, **kwargs: Any) -> requests.Response | None:
    try:
        return requests.get(url, timeout=PREFLIGHT_TIMEOUT, allow_redirects=False, **kwargs)
    except (requests.RequestException, Refused):
        return None


def json_body(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def find(guard: Guard, created: Created) -> str | None:
    """The id of the one project bearing this create's tag (and, on mittwald, not there before the
    run); None, with the reason kept, when there is not exactly one."""
    if created.tag is None:
        created.problem = "its id is unknown and its name carries no marker to find it by"
        return None
    plan = guard.plan
    found = (
        _find_mittwald(guard, created) if plan.api == "mittwald" else _find_foundry(guard, created)
    )
    if found is None and created.problem is None:
        created.problem = (
            f"its id is unknown and no project bears its marker {created.tag}: it may never have "
            "been created, or not be visible yet; nothing was touched"
        )
    return found


def _find_mittwald(guard: Guard, created: Created) -> str | None:
    listed = list_projects(guard.plan, created.where)
    if listed is None:
        created.problem = (
            f"its id is unknown and the project list could not be read; look for {created.tag}"
        )
        return None
    before = guard.before or set()
    matches = [
        item["id"]
        for item in listed
        if guard.marker.tag_in(item.get("description")) == created.tag
        and isinstance(item.get("id"), str)
        and item["id"] not in before
    ]
    if len(matches) > 1:
        created.problem = f"its id is unknown and {len(matches)} projects bear {created.tag}"
        return None
    return matches[0] if matches else None


def _find_foundry(guard: Guard, created: Created) -> str | None:
    """Foundry: a project's path is its space's path plus `/<displayName>` (names are unique in a
    space), so the create's marked name leads to at most one resource."""
    plan = guard.plan
    space = _space_path(plan, created.where)
    if space is None:
        created.problem = (
            f"its id is unknown and the space's path could not be read; look for {created.tag}"
        )
        return None
    response = get(
        plan,
        f"{plan.base_url}/api/v2/filesystem/resources/getByPath",
        params={"path": f"{space.rstrip('/')}/{created.name}"},
        headers=auth_headers(plan),
    )
    data = json_body(response) if response is not None and response.ok else None
    if not isinstance(data, dict) or guard.marker.tag_in(data.get("displayName")) != created.tag:
        return None
    rid = data.get("rid")
    return rid if isinstance(rid, str) else None


def _space_path(plan: Plan, space_rid: str) -> str | None:
    token: str | None = None
    for _ in range(100):  # pages of spaces; bounded
        params = {"pageSize": "100", **({"pageToken": token} if token else {})}
        response = get(
            plan,
            f"{plan.base_url}/api/v2/filesystem/spaces",
            params=params,
            headers=auth_headers(plan),
        )
        data = json_body(response) if response is not None and response.ok else None
        if not isinstance(data, dict) or not isinstance(data.get("data"), list):
            return None
        for space in data["data"]:
            if isinstance(space, dict) and space.get("rid") == space_rid:
                path = space.get("path")
                return path if isinstance(path, str) else None
        token = data.get("nextPageToken")
        if not isinstance(token, str) or not token:
            return None
    return None
