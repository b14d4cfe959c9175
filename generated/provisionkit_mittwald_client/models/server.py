from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.deprecated_readiness import DeprecatedReadiness
from ..models.server_disabled_reason import ServerDisabledReason
from ..models.server_status import ServerStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="Server")


@_attrs_define
class Server:
    """
    Attributes:
        id (UUID):
        short_id (str):
        customer_id (str):
        description (str):
        created_at (datetime.datetime):
        cluster_name (str):
        is_ready (bool):
        readiness (DeprecatedReadiness):
        status (ServerStatus):
        machine_type (MachineType):
        storage (str):
        group_id (str):
        disabled_reason (ServerDisabledReason | Unset):
        image_ref_id (UUID | Unset):
        statistics_base_domain (str | Unset):
    """

    id: UUID
    short_id: str
    customer_id: str
    description: str
    created_at: datetime.datetime
    cluster_name: str
    is_ready: bool
    readiness: DeprecatedReadiness
    status: ServerStatus
    machine_type: MachineType
    storage: str
    group_id: str
    disabled_reason: ServerDisabledReason | Unset = UNSET
    image_ref_id: UUID | Unset = UNSET
    statistics_base_domain: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        short_id = self.short_id

        customer_id = self.customer_id

        description = self.description

        created_at = self.created_at.isoformat()

        cluster_name = self.cluster_name

        is_ready = self.is_ready

        readiness = self.readiness.value

        status = self.status.value

        machine_type = self.machine_type.to_dict()

        storage = self.storage

        group_id = self.group_id

        disabled_reason: str | Unset = UNSET
        if not isinstance(self.disabled_reason, Unset):
            disabled_reason = self.disabled_reason.value

        image_ref_id: str | Unset = UNSET
        if not isinstance(self.image_ref_id, Unset):
            image_ref_id = str(self.image_ref_id)

        statistics_base_domain = self.statistics_base_domain

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "shortId": short_id,
                "customerId": customer_id,
                "description": description,
                "createdAt": created_at,
                "clusterName": cluster_name,
                "isReady": is_ready,
                "readiness": readiness,
                "status": status,
                "machineType": machine_type,
                "storage": storage,
                "groupId": group_id,
            }
        )
        if disabled_reason is not UNSET:
            field_dict["disabledReason"] = disabled_reason
        if image_ref_id is not UNSET:
            field_dict["imageRefId"] = image_ref_id
        if statistics_base_domain is not UNSET:
            field_dict["statisticsBaseDomain"] = statistics_base_domain

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        short_id = d.pop("shortId")

        customer_id = d.pop("customerId")

        description = d.pop("description")

        created_at = datetime.datetime.fromisoformat(str.upper(d.pop("createdAt")))

        cluster_name = d.pop("clusterName")

        is_ready = d.pop("isReady")

        readiness = DeprecatedReadiness(d.pop("readiness"))

        status = ServerStatus(d.pop("status"))

        machine_type = MachineType.from_dict(d.pop("machineType"))

        storage = d.pop("storage")

        group_id = d.pop("groupId")

        _disabled_reason = d.pop("disabledReason", UNSET)
        disabled_reason: ServerDisabledReason | Unset
        if isinstance(_disabled_reason, Unset):
            disabled_reason = UNSET
        else:
            disabled_reason = ServerDisabledReason(_disabled_reason)

        _image_ref_id = d.pop("imageRefId", UNSET)
        image_ref_id: UUID | Unset
        if isinstance(_image_ref_id, Unset):
            image_ref_id = UNSET
        else:
            image_ref_id = UUID(_image_ref_id)

        statistics_base_domain = d.pop("statisticsBaseDomain", UNSET)

        server = cls(
            id=id,
            short_id=short_id,
            customer_id=customer_id,
            description=description,
            created_at=created_at,
            cluster_name=cluster_name,
            is_ready=is_ready,
            readiness=readiness,
            status=status,
            machine_type=machine_type,
            storage=storage,
            group_id=group_id,
            disabled_reason=disabled_reason,
            image_ref_id=image_ref_id,
            statistics_base_domain=statistics_base_domain,
        )

        server.additional_properties = d
        return server

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


# Imported after the class: models refer to each other, and an import inside from_dict costs on every call.
from ..models.machine_type import MachineType  # noqa: E402
