"""The behavioural rules of each API, as data (behaviour.py applies them): which operations write a
project's fields, read one project, list, or delete, and where each finds what it needs.

A new operation of a known kind is one entry here (an update: `Write("update", "path.projectId",
{...})`); the lead's operation tables name the kinds, these name the fields.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["APIS", "Api", "Delete", "List", "Paging", "Read", "Write"]


@dataclass(frozen=True)
class Write:
    """A write whose success fixes fields of a project: `fields` maps an answer field to where the
    request carried its value (`body.x`, `path.x`); `id_from` is where the project's id is."""

    kind: str  # "create" or "update"
    id_from: str  # e.g. "answer.id" (a create), "path.projectId" (an update)
    fields: Mapping[str, str]
    remember: tuple[str, ...] = ()  # answer fields later reads must repeat (Foundry's `path`)


@dataclass(frozen=True)
class Read:
    """A read of one project or resource: `asked` is where the request names it; the answer's
    `answered` fields (any of them) must name the same."""

    asked: str  # e.g. "path.projectId", "query.path"
    answered: tuple[str, ...]
    is_path: bool = False  # compare as filesystem paths (the leading slash is optional)


@dataclass(frozen=True)
class Paging:
    """How a list hands out its items page by page (paging.py walks it): `size` is the page-size
    parameter; the next page is asked for either by an offset (`offset`: the items walked so far)
    or by the previous answer's token (`next_token`, an answer field, sent back as `token`)."""

    size: str
    offset: str | None = None  # mittwald's `skip`
    token: str | None = None  # Foundry's `pageToken`
    next_token: str | None = None  # Foundry's `nextPageToken`; absent on the last page
    total: str | None = None  # an answer header counting every item of the list (lower case)
    at_most_size: bool = True  # False: a page may be longer than the size asked (Foundry says so)


@dataclass(frozen=True)
class List:
    """A list whose `filters` (query parameter -> answer fields that must hold its value) hold
    for every item; `search` names a query parameter matched as a substring of any of its fields."""

    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    search: tuple[str, tuple[str, ...]] | None = None
    items: str | None = None  # where the items are in the answer (None: the answer is the list)
    paging: Paging | None = None


@dataclass(frozen=True)
class Delete:
    id_from: str  # e.g. "path.projectId"


@dataclass(frozen=True)
class Api:
    writes: Mapping[str, Write]
    reads: Mapping[str, Read]
    lists: Mapping[str, List]
    deletes: Mapping[str, Delete]
    id_fields: tuple[str, ...]  # what names a project in an answer (its id, then other names)
    # An answer field whose expected value the answer may also hold under another name.
    aliases: Mapping[str, tuple[str, ...]]
    gone: Callable[[int, Any], bool]  # does this answer (status, body) say "deleted"?
    event_header: str | None = None  # mittwald: the event a read may wait for
    consistent_reads: bool = True  # False: only a read that waited for the event must see a write


def _mittwald_gone(status: int, body: Any) -> bool:
    # An unknown or invisible project is 403 (mittwald declares no 404); "being deleted" is a 204
    # whose project may still be read for a while, flagged `deletionRequested`.
    return status in {403, 404} or (
        status == 200 and isinstance(body, dict) and body.get("deletionRequested") is True
    )


def _foundry_gone(status: int, body: Any) -> bool:
    # deleteResource moves to the trash: the resource stays readable, trashed.
    trashed = {"DIRECTLY_TRASHED", "ANCESTOR_TRASHED"}
    return status == 404 or (
        status == 200 and isinstance(body, dict) and body.get("trashStatus") in trashed
    )


_MITTWALD_CREATE = Write(
    "create", "answer.id", {"description": "body.description", "serverId": "path.serverId"}
)
_SEARCHED = ("id", "shortId", "description")
# mittwald's lists: `limit` items from `skip` (`page` too, but `skip` wins), and the whole list's
# length in X-Pagination-TotalCount (its JS client fails without it).
_MITTWALD_PAGING = Paging("limit", offset="skip", total="x-pagination-totalcount")

APIS: dict[str, Api] = {
    "mittwald": Api(
        writes={
            "project-create-project": _MITTWALD_CREATE,
            "deprecated-project-create-subproject": _MITTWALD_CREATE,
        },
        reads={"project-get-project": Read("path.projectId", ("id", "shortId"))},
        lists={
            "project-list-projects": List(
                {"serverId": ("serverId", "serverShortId"), "customerId": ("customerId",)},
                ("searchTerm", _SEARCHED),
                paging=_MITTWALD_PAGING,
            ),
            "project-list-servers": List(
                {"customerId": ("customerId",)}, ("searchTerm", _SEARCHED), paging=_MITTWALD_PAGING
            ),
        },
        deletes={"project-delete-project": Delete("path.projectId")},
        id_fields=("id", "shortId"),
        # A designated server given by its short id is the project's `serverShortId`.
        aliases={"serverId": ("serverId", "serverShortId")},
        gone=_mittwald_gone,
        event_header="if-event-reached",
        consistent_reads=False,
    ),
    "foundry": Api(
        writes={
            "createProject": Write(
                "create",
                "answer.rid",
                {
                    "displayName": "body.displayName",
                    "spaceRid": "body.spaceRid",
                    "description": "body.description",
                },
                remember=("path",),
            )
        },
        reads={
            "getProject": Read("path.projectRid", ("rid",)),
            "getResource": Read("path.resourceRid", ("rid",)),
            "getResourceByPath": Read("query.path", ("path",), is_path=True),
        },
        lists={
            "listSpaces": List(
                items="data",
                # "Each page may be smaller or larger than the requested page size. However, ...
                # if there are more results available, the nextPageToken field will be
                # populated" (the IR's listSpaces): only the token is a promise.
                paging=Paging(
                    "pageSize",
                    token="pageToken",  # noqa: S106 - a parameter's name, not a secret
                    next_token="nextPageToken",  # noqa: S106 - a field's name
                    at_most_size=False,
                ),
            )
        },
        deletes={"deleteResource": Delete("path.resourceRid")},
        id_fields=("rid",),
        aliases={},
        gone=_foundry_gone,
    ),
}
