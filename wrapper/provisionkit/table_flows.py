"""The generic flows: one per simple kind (read, update, delete: `once`; list: `pages`), driven by
an operation's table entry (operations.py). Each API's flows class inherits them and supplies
its adapter's `binding` (calls.py: build a call, parse a body, map an error), how it sends, and
what to remember from a result (`_seen`: Foundry learns space paths and the caller's id).

Like every flow, these decide and never send or sleep (effects.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from .calls import Binding
from .config import MAX_LIST_PAGES, PAGE_SIZE
from .effects import Call, Flow, Runtime, named
from .operations import Operation
from .responses import Answer, asked_for, parse_model, unexpected
from .sending import check_page_deadline
from .waiting import Deadline

__all__ = ["Listing", "TableFlows"]

log = logging.getLogger("provisionkit")

Listing = tuple[list[Any], Answer, bool]  # the items, the last answer, whether the list ended


class TableFlows:
    """Mixed into `MittwaldFlows` and `FoundryFlows`: `run(entry, timeout, **arguments)`."""

    binding: ClassVar[Binding]
    _runtime: Runtime

    # --- what each API supplies -------------------------------------------------------------

    def _send(
        self, call: Call, deadline: Deadline, *, idempotent: bool = True, **known: Any
    ) -> Flow[Answer]:
        raise NotImplementedError

    def _seen(self, item: Any) -> None:
        """Remember what a result teaches (nothing by default)."""

    # --- the generic flows ------------------------------------------------------------------

    def _deadline(self, timeout: float) -> Deadline:
        return Deadline.start(timeout, self._runtime.clock, api=self.binding.api)

    def run(self, op: Operation, timeout: float, /, **args: Any) -> Flow[Any]:
        """The public method of a simple operation: its whole flow under one deadline, named
        after the method (the name a watched operation's events and span carry; observing.py)."""
        return named(self._whole(op, timeout, args), op.method)

    def _whole(self, op: Operation, timeout: float, args: Mapping[str, Any]) -> Flow[Any]:
        deadline = self._deadline(timeout)
        if op.paging is None:
            return (yield from self.once(op, args, deadline))
        items, last, ended = yield from self.pages(op, args, deadline)
        if not ended:
            raise unexpected(
                self.binding.api,
                op.id,
                last,
                f"still more pages after {MAX_LIST_PAGES} pages ({len(items):,} items); "
                "the list never ends",
            )
        return items

    def once(self, op: Operation, args: Mapping[str, Any], deadline: Deadline) -> Flow[Any]:
        """Read, update or delete: check, send (retrying what is safe), check the status, parse."""
        response = yield from self._send(self.binding.call(op, args), deadline)
        if response.status_code not in op.success:
            raise self.binding.error(response, op.id)
        result = None
        if op.parse:
            parse = self.binding.parser(op)
            if op.asked_for:
                parse = asked_for(parse, args[op.params[0].name], by=op.asked_for)
            result = parse_model(self.binding.api, op.id, response, parse)
            self._seen(result)
        if op.log and log.isEnabledFor(logging.INFO):  # formatting costs even when the log is off
            log.info("%s: %s", op.id, op.log.format(**args))
        return result

    def pages(
        self,
        op: Operation,
        args: Mapping[str, Any],
        deadline: Deadline,
        *,
        max_pages: int = MAX_LIST_PAGES,
        until: Callable[[Any], bool] | None = None,
    ) -> Flow[Listing]:
        """Every page of a listing within the deadline and `max_pages`, or until an item `until`
        accepts. An offset listing ends at an empty page, at the total the server reports
        (`X-Pagination-TotalCount`: a server may cap pages below the size asked for), or, with no
        total, at a short page; a token listing ends when no next token comes."""
        paging = op.paging
        assert paging is not None, op.id
        size = PAGE_SIZE if paging.per_page is None else paging.per_page
        parse = self.binding.parser(op)
        items: list[Any] = []
        cursor: Any = None
        for number in range(max_pages):
            check_page_deadline(
                deadline,
                op.id,
                pages=number,
                items=len(items),
                what="items",
                hint="raise the timeout or narrow the filter",
            )
            extra = {paging.size: size}
            if paging.style == "offset":
                extra[paging.cursor] = len(items)
            elif cursor is not None:
                extra[paging.cursor] = cursor
            response = yield from self._send(self.binding.call(op, args, extra), deadline)
            if response.status_code not in op.success:
                raise self.binding.error(response, op.id)
            page = parse_model(self.binding.api, op.id, response, parse)
            if paging.style == "token":
                page, cursor = page
            for item in page:
                self._seen(item)
            items.extend(page)
            if until is not None and any(until(item) for item in page):
                return items, response, True
            if paging.style == "token":
                ended = cursor is None
            else:
                total = _count(response.headers.get(paging.total_header or "", ""))
                ended = not page or (len(items) >= total if total is not None else len(page) < size)
            if ended:
                return items, response, True
        return items, response, False


def _count(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None
