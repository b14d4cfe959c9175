"""The paging check of `provisionkit conformance` (conformance/paging.py), on lists served by hand
(no network). Whole runs against deployments whose paging drifts: contract_tests/test_mutants.py."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest
from provisionkit.conformance.behaviour import Mismatch
from provisionkit.conformance.paging import MAX_PAGES, check_pages
from provisionkit.conformance.rules import APIS, List

from tests.helpers.specs import load, resolve

MITTWALD = APIS["mittwald"].lists["project-list-projects"]
FOUNDRY = APIS["foundry"].lists["listSpaces"]
TOTAL = "x-pagination-totalcount"
Fetch = Callable[[dict[str, Any]], tuple[Any, Mapping[str, str]]]


def offset_list(items: list[str], *, limit_ignored: bool = False, late: int = 0) -> Fetch:
    """mittwald's list of `items` (ids): `limit` items from `skip`, the count in a header. It may
    ignore `limit`, or start every page after the first `late` items late."""

    def fetch(query: dict[str, Any]) -> tuple[Any, Mapping[str, str]]:
        asked.append(query)
        skip = query["skip"] + (late if query["skip"] else 0)
        end = None if limit_ignored else skip + query["limit"]
        return [{"id": i} for i in items[skip:end]], {TOTAL: str(len(items))}

    asked: list[dict[str, Any]] = []
    fetch.asked = asked  # type: ignore[attr-defined]
    return fetch


def token_list(pages: list[list[str]], *, token_ignored: bool = False) -> Fetch:
    """Foundry's list handing out `pages` as they are (whatever the size asked), a token while
    more follow; it may ignore the token (the first page again, and again)."""

    def fetch(query: dict[str, Any]) -> tuple[Any, Mapping[str, str]]:
        at = 0 if token_ignored else int(query.get("pageToken", "0"))
        page: dict[str, Any] = {"data": [{"rid": r} for r in pages[at]]}
        if at + 1 < len(pages):
            page["nextPageToken"] = str(at + 1)
        return page, {}

    return fetch


def walk_mittwald(fetch: Fetch, ours: list[str], size: int = 1) -> Any:
    return check_pages(
        "project-list-projects",
        MITTWALD,
        size=size,
        names=("id",),
        query={},
        ours=ours,
        fetch=fetch,
    )


def walk_foundry(fetch: Fetch, ours: list[str], size: int = 2) -> Any:
    return check_pages(
        "listSpaces", FOUNDRY, size=size, names=("rid",), query={}, ours=ours, fetch=fetch
    )


def test_a_list_that_pages_as_asked_passes_and_the_walk_asks_from_each_offset() -> None:
    fetch = offset_list(["p1", "p2", "p3"])
    walk = walk_mittwald(fetch, ["p1", "p3"], size=2)
    assert list(walk.seen) == ["p1", "p2", "p3"]
    assert [q["skip"] for q in fetch.asked] == [0, 2]  # type: ignore[attr-defined]
    assert walk_foundry(token_list([["s1", "s2"], ["s3"]]), ["s3"]).pages == 2


def test_a_page_longer_than_the_limit_asked_fails() -> None:
    with pytest.raises(Mismatch, match="asked for limit=1 answered page 1 with 2 items"):
        walk_mittwald(offset_list(["p1", "p2"], limit_ignored=True), ["p1"])


def test_a_foundry_page_may_be_longer_than_the_page_size_asked() -> None:
    """Foundry's IR: "each page may be smaller or larger than the requested page size"."""
    walk = walk_foundry(token_list([["s1", "s2", "s3"], ["s4"]]), ["s4"], size=1)
    assert len(walk.seen) == 4


def test_an_item_listed_on_two_pages_fails() -> None:
    with pytest.raises(Mismatch, match="listed s1 on page 1 and again on page 2"):
        walk_foundry(token_list([["s1", "s2"], ["s3"]], token_ignored=True), [])
    with pytest.raises(Mismatch, match="listed p2 on page 1 and again on page 2"):
        walk_mittwald(offset_list(["p1", "p2", "p3"], late=-1), [], size=2)


def test_a_walk_that_would_never_end_fails_after_max_pages_requests() -> None:
    asked = []

    def empty_pages_forever(query: dict[str, Any]) -> tuple[Any, Mapping[str, str]]:
        asked.append(query)
        return {"data": [], "nextPageToken": "again"}, {}

    with pytest.raises(Mismatch, match=f"did not end within {MAX_PAGES} pages"):
        walk_foundry(empty_pages_forever, [])
    assert len(asked) == MAX_PAGES


def test_a_walk_still_finding_new_items_at_max_pages_is_cut_short_not_failed() -> None:
    """A live account with more items than the walk may ask for: what was walked was checked;
    the count and who is in the list need the whole list, so they are not judged."""
    fetch = offset_list([f"p{n}" for n in range(MAX_PAGES + 5)])
    walk = walk_mittwald(fetch, ["not walked"])
    assert walk.cut_short
    assert walk.pages == MAX_PAGES


def test_an_item_left_out_between_pages_fails_as_missing_and_as_miscounted() -> None:
    with pytest.raises(Mismatch, match="counted 2 items in x-pagination-totalcount, but its 2 "):
        walk_mittwald(offset_list(["p1", "p2"], late=1), [])
    with pytest.raises(Mismatch, match="ended after 1 pages without s3, which this run"):
        walk_foundry(token_list([["s1", "s2"]]), ["s3"])


def test_a_wrong_count_fails_only_when_a_second_walk_agrees() -> None:
    """A live list may change while it is walked: a count off by the change is no finding."""
    calls: list[dict[str, Any]] = []

    def changing(query: dict[str, Any]) -> tuple[Any, Mapping[str, str]]:
        calls.append(query)
        # p3 is created while the first walk runs: counted already, listed only from then on.
        items = ["p1", "p2"] if len(calls) <= 2 else ["p1", "p2", "p3"]
        page = items[query["skip"] : query["skip"] + query["limit"]]
        return [{"id": i} for i in page], {TOTAL: "3"}

    assert len(walk_mittwald(changing, ["p1"], size=2).seen) == 2

    def miscounting(query: dict[str, Any]) -> tuple[Any, Mapping[str, str]]:
        items, _headers = offset_list(["p1", "p2"])(query)
        return items, {TOTAL: "3"}

    with pytest.raises(Mismatch, match=r"counted 3 items .* held 2 \(two walks agree\)"):
        walk_mittwald(miscounting, [])


def test_the_paging_rules_name_parameters_fields_and_headers_of_their_spec() -> None:
    for name, api in APIS.items():
        spec = load(name)
        operations = {
            operation["operationId"]: operation
            for item in spec["paths"].values()
            for operation in item.values()
            if isinstance(operation, dict) and "operationId" in operation
        }
        paged = {op: listing for op, listing in api.lists.items() if listing.paging}
        assert paged, f"{name} has no paged list"
        for operation_id, listing in paged.items():
            assert isinstance(listing, List)
            assert listing.paging is not None
            operation = operations[operation_id]
            parameters = {resolve(spec, p)["name"] for p in operation["parameters"]}
            paging = listing.paging
            asked = {paging.size, paging.offset, paging.token} - {None}
            assert asked <= parameters, (operation_id, asked - parameters)
            ok = resolve(spec, operation["responses"]["200"])
            if paging.total:
                assert paging.total in {h.lower() for h in ok.get("headers", {})}
            if paging.next_token:
                body = resolve(spec, ok["content"]["application/json"]["schema"])
                assert paging.next_token in body["properties"]
