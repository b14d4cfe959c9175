"""What an operation is, as data: one `Operation` per public client method, in each API's table.

Like botocore's service models, each API declares its operations once (`mittwald/operations.py`,
`foundry/operations.py`), and everything else is derived from that declaration:
- the client twins (`<api>/client.py`), written by `specs/generator/twins.py` (`make generate`,
  checked by `make check-generated`), so IDEs and `mypy --strict` see real signatures;
- the request (`calls.build`: checks, conversions, the generated endpoint's `_get_kwargs`);
- the flow: read, list, update and delete run on one generic flow per kind (`table_flows.py`);
  create and wait are hand-written flows, named by the entry;
- the fake's routing (a spec operation the backend lacks answers 501 naming it), the conformance
  guard's write rules, the CLI's subcommands for simple operations and the README's list.

This module is data only (stdlib): the CLI imports the tables for `--help` without httpx.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "REQUIRED",
    "Cli",
    "Guard",
    "Kind",
    "Operation",
    "Paging",
    "Param",
    "Where",
    "by_method",
    "simple",
]

REQUIRED = "<required>"  # a Param's default when the caller must give it


class Kind(StrEnum):
    """What an operation does; the simple kinds run on the generic flows."""

    READ = "read"
    LIST = "list"
    UPDATE = "update"
    DELETE = "delete"
    CREATE = "create"  # hand-written flow: never resent while its outcome is unknown
    WAIT = "wait"  # hand-written flow: polls a read

    @property
    def is_simple(self) -> bool:
        return self in (Kind.READ, Kind.LIST, Kind.UPDATE, Kind.DELETE)

    @property
    def writes(self) -> bool:
        return self in (Kind.UPDATE, Kind.DELETE, Kind.CREATE)


class Guard(StrEnum):
    """How the conformance guard treats the operation against a live account."""

    READ = "read"  # safe anywhere
    OWN = "own"  # a write allowed only on a project this run created
    CREATE = "create"  # only in a creating run, pinned to the designated server or space


class Where(StrEnum):
    """Where a parameter goes in the request."""

    PATH = "path"
    QUERY = "query"
    BODY = "body"  # a field of the operation's body model
    FLOW = "flow"  # not sent: read by the hand-written flow (wait, reconcile, ...)


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of the public method (and, unless `where` is FLOW, of the request).

    `annotation` and `default` are source text: the twins are generated from them. `wire` is the
    generated endpoint's argument (or the body model's field) when it is not `name`; `label` is
    the spec's name, used in errors. `check` names the adapter's function that refuses a value
    before sending (`check(value, label, operation_id)`); `convert` how the value is sent:
    `uuid`, or `enum:<generated enum class>`. `cli` is `positional`, a `--flag`, or None.
    """

    name: str
    annotation: str = "str"
    default: str = REQUIRED
    where: Where = Where.PATH
    keyword_only: bool = True
    wire: str | None = None
    label: str | None = None
    check: str | None = None
    convert: str | None = None
    cli: str | None = None
    help: str | None = None

    @property
    def wire_name(self) -> str:
        return self.wire or self.name

    @property
    def spec_name(self) -> str:
        return self.label or self.name


@dataclass(frozen=True, slots=True)
class Paging:
    """How a list pages: by `offset` (mittwald: limit/skip, X-Pagination-TotalCount) or by
    `token` (Foundry: pageSize/pageToken, nextPageToken in the body)."""

    style: str
    size: str  # the endpoint's page-size argument
    cursor: str  # the offset or page-token argument
    total_header: str | None = None
    per_page: int | None = None  # None: config.PAGE_SIZE


@dataclass(frozen=True, slots=True)
class Cli:
    """The operation as `provisionkit <api> <command>`; `done` names the JSON key printed with
    the first positional value when the method returns nothing (e.g. `{"deleted": id}`)."""

    command: str
    help: str
    done: str | None = None


@dataclass(frozen=True, slots=True)
class Operation:
    """One public method and the spec operation it sends (see the module docstring)."""

    id: str  # the spec's operationId
    kind: Kind
    method: str
    doc: str
    returns: str  # source text of the return annotation
    params: tuple[Param, ...] = ()
    timeout: str = "DEFAULT_READ_DEADLINE"  # the config default of the method's `timeout=`
    endpoint: str | None = None  # `<tag module>.<endpoint module>` in the generated client
    success: tuple[int, ...] = (200,)
    parse: str | None = None  # the adapter's parser of a success body; None: no body
    asked_for: tuple[str, ...] = ()  # attributes one of which must equal the first param's value
    body: str | None = None  # the generated model the BODY params build
    paging: Paging | None = None
    idempotent: bool = True  # False: a create, never resent while its outcome is unknown
    guard: Guard = Guard.READ
    cli: Cli | None = None
    log: str | None = None  # an INFO line on success, formatted with the params
    # The params that go into the request: derived once (every call walks them).
    sent: tuple[Param, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        sent = tuple(p for p in self.params if p.where is not Where.FLOW)
        object.__setattr__(self, "sent", sent)


def simple(operations: tuple[Operation, ...]) -> tuple[Operation, ...]:
    """The operations the generic flows run."""
    return tuple(op for op in operations if op.kind.is_simple)


def by_method(operations: tuple[Operation, ...]) -> dict[str, Operation]:
    return {op.method: op for op in operations}
