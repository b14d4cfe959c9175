"""Behavioural checks: what a deployment does with what it was sent, beside schemathesis's checks
of what shape it answers in.

Every answer of a run passes `Behaviour.check` (a schemathesis check, added to every generated
case, stateful step and probe), which keeps what the run has learnt about its own projects:
- a write (create, or an update, should an API gain one) that succeeded is remembered: the fields
  it sent are what every later read of that project must answer (`Write`);
- a read answers the id or path it was asked for and, for a project of this run, what its writes
  sent; once the project is deleted, a read that is sure to see the delete must say it is gone
  (`Read`, `Api.gone`);
- every item of a list matches the list's filters, and a project a read already saw gone is not
  listed as if alive (`List`);
- a delete that succeeded is remembered (`Delete`).

The rules are data, one table per API (rules.py): a new operation of a known kind is one entry.
mittwald's reads are eventually consistent, so its "must see it" rules apply only to reads that
waited for the write's event (`if-event-reached`), as mittwald's own clients read their writes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .coverage import Coverage
from .rules import APIS, Delete, List, Read, Write

__all__ = ["APIS", "Behaviour", "Exchange", "Mismatch", "named", "parsed"]


class Mismatch(AssertionError):
    """The deployment did something other than what the run sent or asked for."""


@dataclass
class Known:
    """One project this run wrote: what every read must answer, and whether it was deleted."""

    id: str
    fields: dict[str, Any]
    event: int | None = None  # mittwald: the last write's event
    deleted: bool = False
    deleted_event: int | None = None
    seen_gone: bool = False  # a read that was sure to see the delete said it is gone


@dataclass(frozen=True)
class Exchange:
    """What the checks need of one request and its answer."""

    operation: str
    path: Mapping[str, Any]
    query: Mapping[str, Any]
    headers: Mapping[str, str]
    body: Any  # the request body as sent (parsed JSON), None if none
    status: int
    answer: Any  # the answer body (parsed JSON), None if none or not JSON
    answer_headers: Mapping[str, str]

    @classmethod
    def of(cls, operation: str, case: Any, response: Any) -> Exchange:
        request = response.request
        query = dict(parse_qsl(urlsplit(request.url or "").query, keep_blank_values=True))
        answer_headers = {
            k.lower(): (v[0] if isinstance(v, list) and v else str(v))
            for k, v in dict(response.headers).items()
        }
        return cls(
            operation,
            dict(case.path_parameters or {}),
            query,
            {k.lower(): str(v) for k, v in dict(request.headers).items()},
            parsed(request.body),
            response.status_code,
            parsed(response.content),
            answer_headers,
        )

    def pick(self, where: str) -> Any:
        source, _, name = where.partition(".")
        container = {
            "path": self.path,
            "query": self.query,
            "body": self.body,
            "answer": self.answer,
        }[source]
        return container.get(name) if isinstance(container, Mapping) else None


def parsed(body: Any) -> Any:
    if body is None or body in (b"", ""):
        return None
    if isinstance(body, bytes | str):
        try:
            return json.loads(body)
        except ValueError:
            return None
    return body


def _event(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


class Behaviour:
    """The behavioural checks of one run and what they learnt; `check` is the schemathesis check."""

    def __init__(self, api: str, operation_id: Callable[[Any], str | None]) -> None:
        self.api = APIS[api]
        self._operation_id = operation_id
        self.known: dict[str, Known] = {}
        self.coverage = Coverage()  # every answer checked, per operation

    # --- the check ------------------------------------------------------------------------------

    def check(self, ctx: Any, response: Any, case: Any) -> bool | None:
        """A schemathesis check: raises Mismatch naming what the deployment did wrong."""
        operation = self._operation_id(case)
        self.coverage.answered(operation or case.operation.label, response.status_code)
        if operation is None:
            return None
        self.observe(Exchange.of(operation, case, response))
        return None

    def observe(self, seen: Exchange) -> None:
        api = self.api
        if seen.operation in api.writes:
            self._write(api.writes[seen.operation], seen)
        elif seen.operation in api.reads:
            self._read(api.reads[seen.operation], seen)
        elif seen.operation in api.lists:
            self._list(api.lists[seen.operation], seen)
        elif seen.operation in api.deletes:
            self._delete(api.deletes[seen.operation], seen)

    def _write(self, write: Write, seen: Exchange) -> None:
        if not 200 <= seen.status < 300:
            return
        project_id = seen.pick(write.id_from)
        if not isinstance(project_id, str):
            return
        sent = {name: seen.pick(where) for name, where in write.fields.items()}
        sent = {name: value for name, value in sent.items() if value is not None}
        known = self.known.get(project_id)
        if known is None:
            if write.kind != "create":
                return  # an update of something this run did not create: nothing to expect
            known = self.known[project_id] = Known(project_id, {})
        known.fields.update(sent)
        if isinstance(seen.answer, dict) and any(k in seen.answer for k in self.api.id_fields):
            # The answer is the project itself (Foundry's create): it must already hold what was sent.
            self._compare(known, seen.answer, f"the answer to {seen.operation}")
            known.fields.update({k: seen.answer[k] for k in write.remember if k in seen.answer})
        known.event = _event(seen.answer_headers.get("etag")) or known.event

    def _read(self, read: Read, seen: Exchange) -> None:
        asked = seen.pick(read.asked)
        answer = seen.answer if isinstance(seen.answer, dict) else None
        if seen.status == 200 and answer is not None and isinstance(asked, str):
            names = [answer.get(f) for f in read.answered]
            wanted = "/" + asked.removeprefix("/") if read.is_path else asked
            if wanted not in names:
                raise Mismatch(
                    f"{seen.operation} was asked for {asked!r} and answered "
                    f"{' / '.join(repr(n) for n in names)}: another resource"
                )
        known = self._known_in(answer) if seen.status == 200 else None
        if known is None and not read.is_path and isinstance(asked, str):
            known = self._find(asked)
        if known is None:
            return
        if known.deleted:
            self._read_after_delete(known, seen)
            return
        if seen.status == 200 and answer is not None:
            self._compare(known, answer, f"{seen.operation} of {known.id}")
        elif seen.status in {403, 404} and self._sure_to_see(known.event, seen):
            raise Mismatch(
                f"{seen.operation} of {known.id}, which this run created (the create succeeded), "
                f"answered {seen.status}: the create was not kept"
            )

    def _read_after_delete(self, known: Known, seen: Exchange) -> None:
        if not self._sure_to_see(known.deleted_event, seen):
            return
        if self.api.gone(seen.status, seen.answer):
            known.seen_gone = True
            return
        if seen.status == 200:
            raise Mismatch(
                f"{seen.operation} of {known.id} answered it as if it still existed after its "
                "delete succeeded: the delete was not effective"
            )

    def _list(self, listing: List, seen: Exchange) -> None:
        if seen.status != 200:
            return
        if listing.items and not isinstance(seen.answer, dict):
            return  # not the list's shape (a reflected TRACE, say): schemathesis's checks judge it
        items = seen.answer.get(listing.items) if listing.items else seen.answer
        if listing.items and isinstance(seen.answer, dict) and items is None:
            items = []  # a Conjure list: absent reads as empty
        if not isinstance(items, list):
            return
        for item in items:
            if not isinstance(item, dict):
                continue
            for parameter, fields in listing.filters.items():
                wanted = seen.query.get(parameter)
                if wanted is not None and not any(item.get(f) == wanted for f in fields):
                    raise Mismatch(
                        f"{seen.operation} filtered by {parameter}={wanted!r} listed "
                        f"{named(item, self.api.id_fields) or 'an item'} whose {'/'.join(fields)} is "
                        f"{' / '.join(repr(item.get(f)) for f in fields)}"
                    )
            if listing.search is not None:
                parameter, fields = listing.search
                term = seen.query.get(parameter)
                if term and not any(term.lower() in str(item.get(f, "")).lower() for f in fields):
                    raise Mismatch(
                        f"{seen.operation} searched for {parameter}={term!r} listed "
                        f"{named(item, self.api.id_fields) or 'an item'}, whose {', '.join(fields)} do not contain it"
                    )
            known = self._known_in(item)
            if known is not None and known.seen_gone and not self.api.gone(200, item):
                raise Mismatch(
                    f"{seen.operation} still lists {known.id} after a read saw it deleted: the "
                    "delete was not effective"
                )
            if known is not None and not known.deleted:
                self._compare(known, item, f"{seen.operation}'s item {known.id}")

    def _delete(self, delete: Delete, seen: Exchange) -> None:
        if not 200 <= seen.status < 300:
            return
        project_id = seen.pick(delete.id_from)
        known = self._find(project_id) if isinstance(project_id, str) else None
        if known is not None:
            known.deleted = True
            known.deleted_event = _event(seen.answer_headers.get("etag"))

    # --- helpers --------------------------------------------------------------------------------

    def _sure_to_see(self, event: int | None, seen: Exchange) -> bool:
        """Whether this read is sure to reflect the write whose event is `event`."""
        if self.api.consistent_reads:
            return True
        header = self.api.event_header
        waited = _event(seen.headers.get(header)) if header else None
        return event is not None and waited is not None and waited >= event

    def _find(self, name: str) -> Known | None:
        found = self.known.get(name)
        if found is not None:
            return found
        for known in self.known.values():
            if name in {known.fields.get(f) for f in self.api.id_fields}:
                return known
        return None

    def _known_in(self, answer: Any) -> Known | None:
        if not isinstance(answer, dict):
            return None
        for name in self.api.id_fields:
            value = answer.get(name)
            if isinstance(value, str) and value in self.known:
                known = self.known[value]
                # Remember its other names (mittwald's short id), so a read by one is recognised.
                for other in self.api.id_fields:
                    if isinstance(answer.get(other), str):
                        known.fields.setdefault(other, answer[other])
                return known
        return None

    def _compare(self, known: Known, answer: dict[str, Any], where: str) -> None:
        for name, expected in known.fields.items():
            if name in self.api.id_fields:
                continue
            holders = self.api.aliases.get(name, (name,))
            present = [answer[h] for h in holders if h in answer]
            if not present and name not in answer:
                continue  # a lighter view (a list item) may leave a field out
            if expected not in present:
                raise Mismatch(
                    f"{where} answered {name} {present[0] if present else None!r}; this run "
                    f"sent {expected!r}"
                )


def named(item: Any, fields: tuple[str, ...]) -> str | None:
    """What names `item` (a project or space in an answer): the first of `fields` it holds as a
    string; None when it holds none (or is no object)."""
    if isinstance(item, dict):
        for name in fields:
            if isinstance(item.get(name), str):
                return str(item[name])
    return None
