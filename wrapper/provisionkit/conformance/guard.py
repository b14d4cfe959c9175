"""The one place every request of a run passes: what it may send, and a ledger of what it created.

Safe by construction, in two layers:
- `pin(case)` aims each generated create at the designated server (mittwald's path `serverId`) or
  space (Foundry's body `spaceRid`), whatever generated it (a phase, a stateful link from a listed
  server, an example), before it is sent;
- `Guard.installed()` wraps requests' `HTTPAdapter.send` for the run, so every request schemathesis
  makes, its checks' probes included, and the pre-flight and the cleanup, is decided here: default
  deny. Allowed: requests to the target's host only; reads (GET, HEAD, OPTIONS, TRACE); with
  creating allowed, a create aimed at the designated server or space while the budget lasts; and
  a delete of a project this run created. Anything else raises `Refused` instead of being sent.

Every create that may have applied (a 2xx, or no clear answer) is counted against the budget and
recorded, so the cleanup can remove it or name it as left behind. A create whose name could carry
the run's marker (marker.py) and does not is not sent. A little over 300 lines: the verdict and
what is learnt on the wire are one ledger (split, each half would reach into the other's state).
"""

from __future__ import annotations

import inspect
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

import requests
from requests.adapters import HTTPAdapter

from .marker import NAME_FIELD, Marker
from .plan import Plan, spec_path
from .secrecy import proxies_for, scrub, strip_credentials
from .settings import CREATES
from .writes import own_writes, written

__all__ = ["Created", "Guard", "Refused", "pin"]

READS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

# Create paths, relative to the base URL: (pattern, where the target server/space is).
_CREATE_PATHS = {
    "mittwald": [
        re.compile(r"/v2/servers/(?P<where>[^/]+)/projects/?"),
        re.compile(r"/v2/placementgroups/(?P<where>[^/]+)/projects/?"),
    ],
    "foundry": [re.compile(r"/api/v2/filesystem/projects/create/?")],
}
_ID_FIELD = {"mittwald": "id", "foundry": "rid"}  # the new project's id in a create's answer


class Refused(Exception):
    """The guard would not send this request (nothing went out)."""


@dataclass
class Created:
    """A project this run created, or may have created (`id` None: the answer did not say)."""

    where: str  # the designated server or space
    name: str  # its description or display name, to find it by hand if it cannot be removed
    id: str | None
    event: str | None = None  # mittwald's etag: a later request may wait until it is processed
    status: int | None = None  # the create's answer (None: no answer)
    tag: str | None = None  # the create's own marker, `pkc-<run id>-<n>` (None: it had no name)
    deleted: bool = False  # a delete of it was answered 2xx (not yet proof that it is gone)
    removed: bool = False  # a read confirmed it gone (mittwald) or trashed (Foundry)
    problem: str | None = None  # why the cleanup could not remove it

    def describe(self) -> str:
        what = f"project {self.id}" if self.id else f"a project named {self.name!r} (id unknown)"
        answer = f"create answered {self.status}" if self.status else "create got no answer"
        return f"{what} in {self.where} ({answer}){': ' + self.problem if self.problem else ''}"


def _json(body: Any) -> Any:
    """A request or answer body as data: JSON text parsed, already-parsed data as it is."""
    if isinstance(body, bytes | str):
        try:
            return json.loads(body)
        except ValueError:
            return None
    return body


class Guard:
    """Decides every request of one run; keeps the ledger and the counts the summary prints."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        base = urlsplit(plan.base_url)
        self._origin = (base.scheme, base.hostname, base.port)
        self._prefix = base.path.rstrip("/")
        self.created: list[Created] = []
        self.refused: Counter[str] = Counter()  # reason -> requests not sent
        self.authenticated = Counter[int]()  # status -> answers to requests carrying the token
        self.requests = 0
        self.interrupted = False  # once set, only the cleanup's requests are sent
        self.cleaning = False  # the cleanup is running: after an interrupt, its reads pass too
        self.before: set[str] | None = None  # mittwald: ids on the designated server before the run
        self.marker = Marker(plan.api, plan.run_id)  # in every create's name
        self.invalid_sent = 0  # invalid creates sent, on their own budget (plan.invalid_budget)
        self.invalid = False  # the request being sent is an invalid create (runner.Run.sending)
        # The updates and deletes of the API's operation table: allowed on what this run created.
        self.own_writes = own_writes(plan.api, spec_path(plan.api))

    def stop(self) -> None:
        """The run was interrupted: send nothing more but the cleanup."""
        self.interrupted = True

    # --- deciding --------------------------------------------------------------------------------

    @property
    def possibly_applied(self) -> int:
        return len(self.created)

    def budget_left(self) -> int:
        return max(self.plan.budget - self.possibly_applied, 0)

    def _relative(self, url: str) -> str | None:
        parts = urlsplit(url)
        if (parts.scheme, parts.hostname, parts.port) != self._origin:
            return None
        if not parts.path.startswith(self._prefix):
            return None
        return parts.path[len(self._prefix) :] or "/"

    def create_target(self, path: str, body: Any) -> str | None:
        """Where a create would put its project ("" if it names no place); None: not a create."""
        for pattern in _CREATE_PATHS[self.plan.api]:
            match = pattern.fullmatch(path)
            if match is None:
                continue
            if "where" in pattern.groupindex:
                return unquote(match["where"])
            data = _json(body)
            space = data.get("spaceRid") if isinstance(data, dict) else None
            return space if isinstance(space, str) else ""
        return None

    def verdict(  # noqa: PLR0911 - one rule per return, in the order they apply
        self, method: str, url: str, body: Any = None, *, with_token: bool = True
    ) -> str | None:
        """None if the request may be sent; otherwise why not (nothing is sent).

        A create without the run's token (schemathesis's probe that auth is enforced) is not held
        to the budget: an API that enforces auth answers 401 and creates nothing; one that does
        not is what the probe reports, and its project is pinned, recorded and removed all the
        same. The budget bounds what the token can create. Invalid creates (`invalid`)
        have their own, so a spent budget never silences the check that invalid input is refused."""
        method = method.upper()
        path = self._relative(url)
        if path is None:
            return f"{url} is not on the target {self.plan.base_url}"
        target = self.create_target(path, body) if method == "POST" else None
        if self.interrupted and not (method == "DELETE" or (self.cleaning and method in READS)):
            return "the run was interrupted"
        if target is not None:
            if not self.plan.allow_create:
                return "creating is not allowed (--allow-create)"
            if target != self.plan.designated:
                return f"a create aimed at {target or 'no server or space'}, not the designated one"
            if self.marker.missing_in(body):
                return "a create whose name does not carry this run's marker"
            if self.invalid and with_token:
                n = self.plan.invalid_budget
                return (
                    None if self.invalid_sent < n else f"the budget of {n} invalid creates is spent"
                )
            if with_token and self.budget_left() == 0:
                return f"the budget of {self.plan.budget} creates is spent"
            return None
        if method in READS:
            return None
        write = written(self.own_writes, method, path)
        if write is not None:
            # Already removed ones too: checks probe a delete again (without the token, to see that
            # auth is enforced), and deleting what this run made twice harms nothing.
            if unquote(write[1]) in {c.id for c in self.created if c.id}:
                return None
            return write[0].refusal
        return f"{method} is neither a read, a pinned create nor a write of this run's project"

    # --- on the wire -----------------------------------------------------------------------------

    def _carries_token(self, request: requests.PreparedRequest) -> bool:
        token = self.plan.token
        headers = request.headers
        return headers.get("Authorization") == f"Bearer {token}" or (
            headers.get("x-access-token") == token
        )

    def through(
        self, request: requests.PreparedRequest, send: Callable[[], requests.Response]
    ) -> requests.Response:
        """Send `request` if the verdict allows (a TRACE without credentials), and learn from its
        answer, the token scrubbed from it first."""
        strip_credentials(request)
        method = (request.method or "GET").upper()
        url = request.url or ""
        with_token = self._carries_token(request)
        reason = self.verdict(method, url, request.body, with_token=with_token)
        if reason is not None:
            self.refused[reason] += 1
            raise Refused(f"provisionkit conformance guard: not sending {method} {url}: {reason}")
        path = self._relative(url) or ""
        target = self.create_target(path, request.body) if method == "POST" else None
        record: Created | None = None
        if target is not None:
            # Counted before sending: from here on it may have applied, whatever happens next.
            data = _json(request.body)
            name = data.get(NAME_FIELD[self.plan.api]) if isinstance(data, dict) else None
            record = Created(target, str(name), None, tag=self.marker.tag_in(name))
            self.created.append(record)
            self.invalid_sent += self.invalid and with_token
        self.requests += 1
        response = send()
        scrub(response, self.plan.token)
        if self._carries_token(request):
            self.authenticated[response.status_code] += 1
        if record is not None:
            self._learn_create(record, response)
        elif (
            (write := written(self.own_writes, method, path))
            and write[0].kind == "delete"
            and response.ok
        ):
            # One of ours, deleted by the run itself (a probe, or the cleanup); the cleanup still
            # reads it back before counting it removed.
            gone = unquote(write[1])
            for created in self.created:
                if created.id == gone:
                    created.deleted = True
        return response

    def _learn_create(self, record: Created, response: requests.Response) -> None:
        record.status = response.status_code
        if 400 <= response.status_code < 500:
            self.created.remove(record)  # refused: nothing was created, nothing counts
            return
        data = _json(response.content) if response.ok else None
        new_id = data.get(_ID_FIELD[self.plan.api]) if isinstance(data, dict) else None
        record.id = new_id if isinstance(new_id, str) else None
        record.event = response.headers.get("etag")

    @contextmanager
    def installed(self) -> Iterator[Guard]:
        """Route every `requests` send of this process through the guard while the run lasts;
        environment proxies only for https (see secrecy.py)."""
        original = HTTPAdapter.send
        guard = self

        signature = inspect.signature(original)

        def send(adapter: HTTPAdapter, request: requests.PreparedRequest, *a: Any, **k: Any) -> Any:
            call = signature.bind(adapter, request, *a, **k)  # `proxies` by name, however passed
            call.arguments["proxies"] = proxies_for(
                request.url or "", call.arguments.get("proxies")
            )
            return guard.through(request, lambda: original(*call.args, **call.kwargs))

        HTTPAdapter.send = send  # type: ignore[method-assign,assignment]
        try:
            yield self
        finally:
            HTTPAdapter.send = original  # type: ignore[method-assign]

    # --- what the summary says -------------------------------------------------------------------

    def token_never_accepted(self) -> bool:
        """True if requests carried the token and every one of them was answered 401."""
        total = sum(self.authenticated.values())
        return total > 0 and self.authenticated[401] == total

    def accepted_creates(self) -> int:
        """Creates answered 2xx (not those whose answer never came)."""
        return sum(1 for c in self.created if c.status is not None and 200 <= c.status < 300)

    def leftovers(self) -> list[Created]:
        return [c for c in self.created if not c.removed]


def pin(case: Any, plan: Plan) -> bool:
    """Aim a generated create at the designated server or space; False if it cannot be aimed (it
    is then not sent). Non-creates are left alone. Schemathesis re-labels an edited case positive
    or negative itself, so its checks judge what is really sent."""
    creates = {op for op, _ in CREATES[plan.api]}
    if operation_id(case) not in creates:
        return True
    if plan.designated is None:
        return False
    if plan.api == "mittwald":
        params = case.path_parameters
        if not isinstance(params, dict):
            return False
        if params.get("serverId") != plan.designated:
            case.path_parameters = {**params, "serverId": plan.designated}
        return True
    if not isinstance(case.body, dict):
        return False
    if case.body.get("spaceRid") != plan.designated:
        case.body = {**case.body, "spaceRid": plan.designated}
    return True


def operation_id(case: Any) -> str | None:
    raw = case.operation.definition.raw
    return raw.get("operationId") if isinstance(raw, dict) else None
