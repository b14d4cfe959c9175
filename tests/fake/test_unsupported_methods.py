"""A method the spec does not give a path is 405 with `Allow` naming the methods it does, and
changes nothing: above all a PUT, PATCH or DELETE on a create path creates no project.

schemathesis's unsupported_method check used to try these against the fake; the packaged suite
(provisionkit conformance) now only tries GET, OPTIONS and TRACE, since it may run against a live
API, where a PUT, PATCH or DELETE sent "to see the 405" could change something. So they are here."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from provisionkit.fake import Fake

from tests.helpers import foundry_create_body
from tests.helpers.specs import APIS, load

METHODS = ("get", "post", "put", "patch", "delete")
CHANGING = ("POST", "PUT", "PATCH", "DELETE")


def _unsupported() -> list[Any]:
    """(api, path, method, Allow) for every changing method a path of either spec does not declare."""
    cases = []
    for api in APIS:
        for path, item in load(api)["paths"].items():
            declared = [m.upper() for m in item if m in METHODS]
            cases += [
                pytest.param(api, path, method, ", ".join(declared), id=f"{method} {path}")
                for method in CHANGING
                if method not in declared
            ]
    return cases


def _body(api: str, path: str, fake: Fake) -> dict[str, Any]:
    """A body the path's own create would apply (so only the method can stop it), else a small one."""
    if api == "foundry" and path.endswith("/create"):
        return foundry_create_body(fake)
    return {"description": "shop"}


@pytest.mark.parametrize(("api", "path", "method", "allow"), _unsupported())
def test_an_undeclared_method_is_405_with_allow_and_changes_nothing(
    http: httpx.Client, fake: Fake, api: str, path: str, method: str, allow: str
) -> None:
    url = path.replace("{serverId}", fake.fixtures.mittwald_server)
    url = url.replace("{projectId}", "p-abcdef").replace("{projectRid}", "ri.x.y.z.w")
    url = url.replace("{resourceRid}", "ri.compass.main.folder.x")
    before = fake.state()
    response = http.request(method, url, json=_body(api, path, fake))
    assert (response.status_code, response.headers["allow"]) == (405, allow)
    assert fake.state() == before


def test_every_create_path_is_among_the_cases() -> None:
    """The cases come from the specs: each create's path must be there with PUT, PATCH and DELETE."""
    cases = {tuple(case.values[1:3]) for case in _unsupported()}
    creates = {
        path
        for api in APIS
        for path, item in load(api)["paths"].items()
        if "create" in str(item.get("post", {}).get("operationId", "")).lower()
    }
    assert len(creates) == 3
    assert {(path, m) for path in creates for m in ("PUT", "PATCH", "DELETE")} <= cases
