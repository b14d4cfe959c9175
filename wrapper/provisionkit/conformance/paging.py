"""Paging checks: a list walked page by page with a small page size hands out each item once, in
pages no longer than asked (where the API promises that), and comes to an end; where the API
counts the whole list, the count is what the walk found.

A `Walk` is pure: it says which query asks for the next page and judges each page it is given
(the list's rule, `rules.Paging`, says how the list pages). `check_pages` drives walks through a
`fetch` the caller gives (probes.py's sends through the run's guard, to the target only) and
decides what a live account's moving list excuses: a wrong count of the whole list fails only
when a second walk finds the same items and still disagrees. The walk is bounded: after
`MAX_PAGES` pages it stops. A walk that by then had a page bring nothing new (a token handed out
again and again with empty pages) fails, since it would never end; one whose every page brought
new items is only cut short (a live account with more items than the walk may ask for), and what
needs the whole list (the count, who is in it) is then not judged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .behaviour import Mismatch, named
from .rules import List, Paging

__all__ = ["MAX_PAGES", "Walk", "check_pages"]

# The most pages one walk asks for: a deployment that repeats a token cannot hang the run.
MAX_PAGES = 50


@dataclass
class Walk:
    """One walk of `operation` (a list paging as `paging` says) with `size` items a page."""

    operation: str
    paging: Paging
    size: int
    items_at: str | None = None  # where the items are in an answer (rules.List.items)
    names: tuple[str, ...] = ("id",)  # the item fields that name it (the first one present)
    filters: Mapping[str, Any] = field(default_factory=dict)
    max_pages: int = MAX_PAGES
    seen: dict[str, int] = field(default_factory=dict)  # item -> the page that listed it (from 1)
    pages: int = 0
    totals: list[int] = field(default_factory=list)  # the list's own count, as each page said
    ended: bool = False  # the list said this was its last page
    cut_short: bool = False  # stopped at max_pages while every page still brought new items
    stalled: bool = False  # a page that was not the last brought nothing new
    _token: str | None = None

    @property
    def over(self) -> bool:
        return self.ended or self.cut_short

    def query(self) -> dict[str, Any] | None:
        """The query asking for the next page; None once the walk is over."""
        if self.over:
            return None
        query = {**self.filters, self.paging.size: self.size}
        if self.paging.offset:
            query[self.paging.offset] = len(self.seen)
        elif self.paging.token and self._token is not None:
            query[self.paging.token] = self._token
        return query

    def take(self, answer: Any, headers: Mapping[str, str]) -> None:
        """Judge the next page: `answer` is its body (parsed JSON), `headers` its headers (lower-case
        names). Raises Mismatch on a page longer than asked, an item listed twice, or a walk that
        would not end."""
        self.pages += 1
        items = self._items(answer)
        if self.paging.at_most_size and len(items) > self.size:
            raise Mismatch(
                f"{self.operation} asked for {self.paging.size}={self.size} answered page "
                f"{self.pages} with {len(items)} items: it ignores {self.paging.size}"
            )
        fresh = 0
        for item in items:
            name = named(item, self.names)
            if name is None:
                continue
            if name in self.seen:
                raise Mismatch(
                    f"{self.operation} walked {self.size} a page listed {name} on page "
                    f"{self.seen[name]} and again on page {self.pages}: its pages overlap"
                )
            self.seen[name] = self.pages
            fresh += 1
        total = headers.get(self.paging.total) if self.paging.total else None
        if total is not None and total.strip().isdigit():
            self.totals.append(int(total))
        if not self._more(answer, items):
            self.ended = True
            return
        self.stalled = self.stalled or not fresh
        if self.pages >= self.max_pages:
            if self.stalled:
                raise Mismatch(
                    f"{self.operation} walked {self.size} a page did not end within "
                    f"{self.max_pages} pages, and some brought nothing new: the walk would "
                    "never end"
                )
            self.cut_short = True

    def miscount(self) -> str | None:
        """What the list's own count says against the walk that ended, if it disagrees."""
        if not self.ended or not self.totals:
            return None
        wrong = sorted({total for total in self.totals if total != len(self.seen)})
        if not wrong:
            return None
        return (
            f"{self.operation} counted {' / '.join(map(str, wrong))} items in {self.paging.total}, "
            f"but its {self.pages} pages of {self.size} held {len(self.seen)}"
        )

    def missing(self, names: list[str]) -> list[str]:
        """Which of `names` a walk that ended never listed."""
        return [name for name in names if name not in self.seen] if self.ended else []

    def _items(self, answer: Any) -> list[Any]:
        if self.items_at is not None:
            answer = answer.get(self.items_at) if isinstance(answer, dict) else None
            answer = [] if answer is None else answer  # a Conjure list: absent reads as empty
        return answer if isinstance(answer, list) else []

    def _more(self, answer: Any, items: list[Any]) -> bool:
        if self.paging.next_token:
            token = answer.get(self.paging.next_token) if isinstance(answer, dict) else None
            self._token = token if isinstance(token, str) and token else None
            return self._token is not None
        # An offset list's page shorter than the size asked is its last (none is longer: above).
        return len(items) >= self.size > 0


Fetch = Callable[[dict[str, Any]], tuple[Any, Mapping[str, str]]]


def check_pages(
    operation: str,
    listing: List,
    *,
    size: int,
    names: tuple[str, ...],
    query: Mapping[str, Any],
    ours: list[str],
    fetch: Fetch,
) -> Walk:
    """Walk `operation` with `size` items a page (`fetch(query)` asks for one page and gives its
    answer and lower-case headers); raises Mismatch on what the walk shows wrong. Every name in
    `ours` must be in a walk that ended. At most two walks of `MAX_PAGES` pages each."""
    walk = _walk(operation, listing, size=size, names=names, query=query, fetch=fetch)
    if walk.miscount():
        # A live list may change while it is walked: a count stands as wrong only if a second
        # walk found the same items and disagrees again.
        again = _walk(operation, listing, size=size, names=names, query=query, fetch=fetch)
        wrong = again.miscount()
        if wrong and set(again.seen) == set(walk.seen):
            raise Mismatch(wrong + " (two walks agree)")
    missing = walk.missing(ours)
    if missing:
        raise Mismatch(
            f"{operation} walked {size} a page ended after {walk.pages} pages without "
            f"{', '.join(missing)}, which this run created or was given"
        )
    return walk


def _walk(
    operation: str,
    listing: List,
    *,
    size: int,
    names: tuple[str, ...],
    query: Mapping[str, Any],
    fetch: Fetch,
) -> Walk:
    if listing.paging is None:
        raise ValueError(f"{operation} has no paging rule (rules.py)")
    walk = Walk(operation, listing.paging, size, listing.items, names, query)
    while (asked := walk.query()) is not None:
        walk.take(*fetch(asked))
    return walk
