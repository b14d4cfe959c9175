"""provisionkit's own value objects: frozen, slotted, parsed; never a generated type or `UNSET`.

The module runs over 300 lines on purpose: it holds every value a service receives (a project and
its list item, a server, a Foundry project, resource, space and user), each with its `to_dict`, beside the
tolerant enums they share; one place to look for "what do I get back".
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

__all__ = [
    "FoundryProject",
    "FoundryResource",
    "FoundrySpace",
    "FoundryUser",
    "MachineType",
    "MittwaldProject",
    "MittwaldProjectSummary",
    "Principal",
    "PrincipalType",
    "ProjectStatus",
    "Server",
    "ServerStatus",
    "TrashStatus",
]


class _TolerantStrEnum(StrEnum):
    """A str enum that keeps values it does not know yet instead of raising."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        # APIs add enum values over time; an unknown one becomes a pseudo-member named UNKNOWN
        # that keeps its value, so a new status never breaks a caller that only reads it.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member

    @property
    def is_known(self) -> bool:
        return self._name_ != "UNKNOWN"


class ProjectStatus(_TolerantStrEnum):
    """A mittwald project's `status`; `error` and `disabled` are terminal."""

    PENDING = "pending"
    READY = "ready"
    PREPARING_FOR_VOLUME_MIGRATION = "preparingForVolumeMigration"
    MIGRATING_VOLUME = "migratingVolume"
    ERROR = "error"
    DISABLED = "disabled"


TERMINAL_STATUSES = frozenset({ProjectStatus.ERROR, ProjectStatus.DISABLED})


class ServerStatus(_TolerantStrEnum):
    """A mittwald server's `status`."""

    PENDING = "pending"
    READY = "ready"
    UNREADY = "unready"
    SUSPENDED = "suspended"
    MIGRATING = "migrating"


class TrashStatus(_TolerantStrEnum):
    """A Foundry project's `trashStatus`."""

    DIRECTLY_TRASHED = "DIRECTLY_TRASHED"
    ANCESTOR_TRASHED = "ANCESTOR_TRASHED"
    NOT_TRASHED = "NOT_TRASHED"


class _FrozenMapping(Mapping[str, str]):
    """A read-only mapping that pickles (a MappingProxyType does not, and errors carrying a project
    must cross process pools and task queues whole)."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, str] | None = None) -> None:
        self._items = dict(items or {})

    def __getitem__(self, key: str) -> str:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return repr(self._items)


def _frozen_mapping(value: Mapping[str, str] | None = None) -> Mapping[str, str]:
    return _FrozenMapping(value)


class _Readiness:
    """`is_ready` and `has_failed` from `status` and `isReady`, shared by a project and its list
    item (an empty `__slots__`, so the slotted dataclasses below stay slotted)."""

    __slots__ = ()
    status: ProjectStatus
    reports_ready: bool

    @property
    def is_ready(self) -> bool:
        """Usable: `status == "ready"`, or `isReady` when the status is one we do not know."""
        if self.status.is_known:
            return self.status is ProjectStatus.READY
        return self.reports_ready

    @property
    def has_failed(self) -> bool:
        """In a terminal bad state (`error` or `disabled`): waiting longer will not help."""
        return self.status in TERMINAL_STATUSES


@dataclass(frozen=True, slots=True)
class MittwaldProject(_Readiness):
    """A mittwald project as get-project reports it."""

    id: str
    short_id: str
    description: str
    customer_id: str
    status: ProjectStatus
    reports_ready: bool  # the deprecated `isReady` flag, kept for bodies without a known status
    readiness: str
    enabled: bool
    created_at: datetime
    status_set_at: datetime
    server_id: str | None = None
    server_short_id: str | None = None
    server_group_id: str | None = None
    cluster_domain: str | None = None
    directories: Mapping[str, str] = field(default_factory=_frozen_mapping)
    supported_features: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Frozen all the way down: the parser's dict, or a caller's, becomes a read-only copy (a
        # frozen dataclass only stops rebinding the field, not changing the dict it holds).
        if type(self.directories) is not _FrozenMapping:
            object.__setattr__(self, "directories", _FrozenMapping(self.directories))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields, for the command line and logs."""
        return {
            "id": self.id,
            "shortId": self.short_id,
            "description": self.description,
            "customerId": self.customer_id,
            "status": str(self.status),
            "isReady": self.is_ready,
            "readiness": self.readiness,
            "enabled": self.enabled,
            "createdAt": self.created_at.isoformat(),
            "statusSetAt": self.status_set_at.isoformat(),
            "serverId": self.server_id,
            "serverShortId": self.server_short_id,
            "serverGroupId": self.server_group_id,
            "clusterDomain": self.cluster_domain,
            "directories": dict(self.directories),
            "supportedFeatures": list(self.supported_features),
        }


@dataclass(frozen=True, slots=True)
class MittwaldProjectSummary(_Readiness):
    """A mittwald project as list-projects reports it (`ProjectListItem`).

    Not a `MittwaldProject`: the list item lacks `directories` and `clusterDomain`, and adds
    `deletionRequested`; get-project gives the full project by `id`.
    """

    id: str
    short_id: str
    description: str
    customer_id: str
    status: ProjectStatus
    reports_ready: bool
    readiness: str
    enabled: bool
    created_at: datetime
    status_set_at: datetime
    deletion_requested: bool
    server_group_id: str
    server_id: str | None = None
    server_short_id: str | None = None
    supported_features: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields, for the command line and logs."""
        return {
            "id": self.id,
            "shortId": self.short_id,
            "description": self.description,
            "customerId": self.customer_id,
            "status": str(self.status),
            "isReady": self.is_ready,
            "readiness": self.readiness,
            "enabled": self.enabled,
            "createdAt": self.created_at.isoformat(),
            "statusSetAt": self.status_set_at.isoformat(),
            "deletionRequested": self.deletion_requested,
            "serverGroupId": self.server_group_id,
            "serverId": self.server_id,
            "serverShortId": self.server_short_id,
            "supportedFeatures": list(self.supported_features),
        }


@dataclass(frozen=True, slots=True)
class MachineType:
    name: str
    cpu: str
    memory: str


@dataclass(frozen=True, slots=True)
class Server:
    """A mittwald server a project can be placed on."""

    id: str
    short_id: str
    description: str
    customer_id: str
    status: ServerStatus
    is_ready: bool
    cluster_name: str
    machine_type: MachineType
    storage: str
    group_id: str
    created_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "shortId": self.short_id,
            "description": self.description,
            "customerId": self.customer_id,
            "status": str(self.status),
            "isReady": self.is_ready,
            "clusterName": self.cluster_name,
            "machineType": {
                "name": self.machine_type.name,
                "cpu": self.machine_type.cpu,
                "memory": self.machine_type.memory,
            },
            "storage": self.storage,
            "groupId": self.group_id,
            "createdAt": self.created_at.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class FoundryProject:
    """A Foundry project; it exists as soon as create returns."""

    rid: str
    display_name: str
    path: str
    space_rid: str
    trash_status: TrashStatus
    created_by: str
    updated_by: str
    created_time: datetime
    updated_time: datetime
    resource_level_role_grants_allowed: bool
    description: str | None = None
    documentation: str | None = None

    @property
    def id(self) -> str:
        """The project's RID (the same name as the mittwald project's identifier)."""
        return self.rid

    def to_dict(self) -> dict[str, Any]:
        return {
            "rid": self.rid,
            "displayName": self.display_name,
            "path": self.path,
            "spaceRid": self.space_rid,
            "trashStatus": str(self.trash_status),
            "createdBy": self.created_by,
            "updatedBy": self.updated_by,
            "createdTime": self.created_time.isoformat(),
            "updatedTime": self.updated_time.isoformat(),
            "resourceLevelRoleGrantsAllowed": self.resource_level_role_grants_allowed,
            "description": self.description,
            "documentation": self.documentation,
        }


@dataclass(frozen=True, slots=True)
class FoundryResource:
    """A Foundry filesystem resource (a project, space, folder, ...) as getResource reports it."""

    rid: str
    display_name: str
    path: str
    type: str  # e.g. PROJECT, SPACE, COMPASS_FOLDER; new types keep their name
    space_rid: str
    project_rid: str
    parent_folder_rid: str
    trash_status: TrashStatus
    created_by: str
    updated_by: str
    created_time: datetime
    updated_time: datetime
    description: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rid": self.rid,
            "displayName": self.display_name,
            "path": self.path,
            "type": self.type,
            "spaceRid": self.space_rid,
            "projectRid": self.project_rid,
            "parentFolderRid": self.parent_folder_rid,
            "trashStatus": str(self.trash_status),
            "createdBy": self.created_by,
            "updatedBy": self.updated_by,
            "createdTime": self.created_time.isoformat(),
            "updatedTime": self.updated_time.isoformat(),
            "description": self.description,
        }


@dataclass(frozen=True, slots=True)
class FoundrySpace:
    """A Foundry space as listSpaces reports it. Its `path` is where its projects' paths start;
    it need not be `/<display_name>`."""

    rid: str
    display_name: str
    path: str
    organizations: tuple[str, ...] = ()
    description: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rid": self.rid,
            "displayName": self.display_name,
            "path": self.path,
            "organizations": list(self.organizations),
            "description": self.description,
        }


@dataclass(frozen=True, slots=True)
class FoundryUser:
    """The user a Foundry token acts as (users/getCurrent)."""

    id: str
    username: str
    realm: str
    status: str
    given_name: str | None = None
    family_name: str | None = None
    email: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "username": self.username,
            "realm": self.realm,
            "status": self.status,
            "givenName": self.given_name,
            "familyName": self.family_name,
            "email": self.email,
        }


class PrincipalType(_TolerantStrEnum):
    USER = "USER"
    GROUP = "GROUP"


@dataclass(frozen=True, slots=True)
class Principal:
    """Someone a Foundry role is granted to: a user or a group, by UUID."""

    id: str
    type: PrincipalType = PrincipalType.USER

    @classmethod
    def user(cls, id: str) -> Principal:
        return cls(id, PrincipalType.USER)

    @classmethod
    def group(cls, id: str) -> Principal:
        return cls(id, PrincipalType.GROUP)
