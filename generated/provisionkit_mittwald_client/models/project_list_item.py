from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.deprecated_readiness import DeprecatedReadiness
from ..models.disable_reason import DisableReason
from ..models.project_feature import ProjectFeature
from ..models.project_status import ProjectStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProjectListItem")


@_attrs_define
class ProjectListItem:
    """
    Attributes:
        id (str):
        short_id (str):
        description (str):
        enabled (bool):
        customer_meta (CustomerMeta):
        customer_id (str):
        created_at (datetime.datetime):
        is_ready (bool):
        readiness (DeprecatedReadiness):
        status (ProjectStatus):
        status_set_at (datetime.datetime):
        web_storage_usage_in_bytes (int):
        web_storage_usage_in_bytes_set_at (datetime.datetime):
        backup_storage_usage_in_bytes (int):
        backup_storage_usage_in_bytes_set_at (datetime.datetime):
        supported_features (list[ProjectFeature]):
        server_group_id (str):
        deletion_requested (bool):
        server_id (str | Unset):
        server_short_id (str | Unset):
        image_ref_id (str | Unset):
        project_hosting_id (UUID | Unset):
        disable_reason (DisableReason | Unset):
        disabled_at (datetime.datetime | Unset):
        features (list[ProjectFeature] | Unset):
    """

    id: str
    short_id: str
    description: str
    enabled: bool
    customer_meta: CustomerMeta
    customer_id: str
    created_at: datetime.datetime
    is_ready: bool
    readiness: DeprecatedReadiness
    status: ProjectStatus
    status_set_at: datetime.datetime
    web_storage_usage_in_bytes: int
    web_storage_usage_in_bytes_set_at: datetime.datetime
    backup_storage_usage_in_bytes: int
    backup_storage_usage_in_bytes_set_at: datetime.datetime
    supported_features: list[ProjectFeature]
    server_group_id: str
    deletion_requested: bool
    server_id: str | Unset = UNSET
    server_short_id: str | Unset = UNSET
    image_ref_id: str | Unset = UNSET
    project_hosting_id: UUID | Unset = UNSET
    disable_reason: DisableReason | Unset = UNSET
    disabled_at: datetime.datetime | Unset = UNSET
    features: list[ProjectFeature] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        short_id = self.short_id

        description = self.description

        enabled = self.enabled

        customer_meta = self.customer_meta.to_dict()

        customer_id = self.customer_id

        created_at = self.created_at.isoformat()

        is_ready = self.is_ready

        readiness = self.readiness.value

        status = self.status.value

        status_set_at = self.status_set_at.isoformat()

        web_storage_usage_in_bytes = self.web_storage_usage_in_bytes

        web_storage_usage_in_bytes_set_at = (
            self.web_storage_usage_in_bytes_set_at.isoformat()
        )

        backup_storage_usage_in_bytes = self.backup_storage_usage_in_bytes

        backup_storage_usage_in_bytes_set_at = (
            self.backup_storage_usage_in_bytes_set_at.isoformat()
        )

        supported_features = []
        for supported_features_item_data in self.supported_features:
            supported_features_item = supported_features_item_data.value
            supported_features.append(supported_features_item)

        server_group_id = self.server_group_id

        deletion_requested = self.deletion_requested

        server_id = self.server_id

        server_short_id = self.server_short_id

        image_ref_id = self.image_ref_id

        project_hosting_id: str | Unset = UNSET
        if not isinstance(self.project_hosting_id, Unset):
            project_hosting_id = str(self.project_hosting_id)

        disable_reason: str | Unset = UNSET
        if not isinstance(self.disable_reason, Unset):
            disable_reason = self.disable_reason.value

        disabled_at: str | Unset = UNSET
        if not isinstance(self.disabled_at, Unset):
            disabled_at = self.disabled_at.isoformat()

        features: list[str] | Unset = UNSET
        if not isinstance(self.features, Unset):
            features = []
            for features_item_data in self.features:
                features_item = features_item_data.value
                features.append(features_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "shortId": short_id,
                "description": description,
                "enabled": enabled,
                "customerMeta": customer_meta,
                "customerId": customer_id,
                "createdAt": created_at,
                "isReady": is_ready,
                "readiness": readiness,
                "status": status,
                "statusSetAt": status_set_at,
                "webStorageUsageInBytes": web_storage_usage_in_bytes,
                "webStorageUsageInBytesSetAt": web_storage_usage_in_bytes_set_at,
                "backupStorageUsageInBytes": backup_storage_usage_in_bytes,
                "backupStorageUsageInBytesSetAt": backup_storage_usage_in_bytes_set_at,
                "supportedFeatures": supported_features,
                "serverGroupId": server_group_id,
                "deletionRequested": deletion_requested,
            }
        )
        if server_id is not UNSET:
            field_dict["serverId"] = server_id
        if server_short_id is not UNSET:
            field_dict["serverShortId"] = server_short_id
        if image_ref_id is not UNSET:
            field_dict["imageRefId"] = image_ref_id
        if project_hosting_id is not UNSET:
            field_dict["projectHostingId"] = project_hosting_id
        if disable_reason is not UNSET:
            field_dict["disableReason"] = disable_reason
        if disabled_at is not UNSET:
            field_dict["disabledAt"] = disabled_at
        if features is not UNSET:
            field_dict["features"] = features

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        short_id = d.pop("shortId")

        description = d.pop("description")

        enabled = d.pop("enabled")

        customer_meta = CustomerMeta.from_dict(d.pop("customerMeta"))

        customer_id = d.pop("customerId")

        created_at = datetime.datetime.fromisoformat(str.upper(d.pop("createdAt")))

        is_ready = d.pop("isReady")

        readiness = DeprecatedReadiness(d.pop("readiness"))

        status = ProjectStatus(d.pop("status"))

        status_set_at = datetime.datetime.fromisoformat(str.upper(d.pop("statusSetAt")))

        web_storage_usage_in_bytes = d.pop("webStorageUsageInBytes")

        web_storage_usage_in_bytes_set_at = datetime.datetime.fromisoformat(
            str.upper(d.pop("webStorageUsageInBytesSetAt"))
        )

        backup_storage_usage_in_bytes = d.pop("backupStorageUsageInBytes")

        backup_storage_usage_in_bytes_set_at = datetime.datetime.fromisoformat(
            str.upper(d.pop("backupStorageUsageInBytesSetAt"))
        )

        supported_features = []
        _supported_features = d.pop("supportedFeatures")
        for supported_features_item_data in _supported_features:
            supported_features_item = ProjectFeature(supported_features_item_data)

            supported_features.append(supported_features_item)

        server_group_id = d.pop("serverGroupId")

        deletion_requested = d.pop("deletionRequested")

        server_id = d.pop("serverId", UNSET)

        server_short_id = d.pop("serverShortId", UNSET)

        image_ref_id = d.pop("imageRefId", UNSET)

        _project_hosting_id = d.pop("projectHostingId", UNSET)
        project_hosting_id: UUID | Unset
        if isinstance(_project_hosting_id, Unset):
            project_hosting_id = UNSET
        else:
            project_hosting_id = UUID(_project_hosting_id)

        _disable_reason = d.pop("disableReason", UNSET)
        disable_reason: DisableReason | Unset
        if isinstance(_disable_reason, Unset):
            disable_reason = UNSET
        else:
            disable_reason = DisableReason(_disable_reason)

        _disabled_at = d.pop("disabledAt", UNSET)
        disabled_at: datetime.datetime | Unset
        if isinstance(_disabled_at, Unset):
            disabled_at = UNSET
        else:
            disabled_at = datetime.datetime.fromisoformat(str.upper(_disabled_at))

        _features = d.pop("features", UNSET)
        features: list[ProjectFeature] | Unset = UNSET
        if _features is not UNSET:
            features = []
            for features_item_data in _features:
                features_item = ProjectFeature(features_item_data)

                features.append(features_item)

        project_list_item = cls(
            id=id,
            short_id=short_id,
            description=description,
            enabled=enabled,
            customer_meta=customer_meta,
            customer_id=customer_id,
            created_at=created_at,
            is_ready=is_ready,
            readiness=readiness,
            status=status,
            status_set_at=status_set_at,
            web_storage_usage_in_bytes=web_storage_usage_in_bytes,
            web_storage_usage_in_bytes_set_at=web_storage_usage_in_bytes_set_at,
            backup_storage_usage_in_bytes=backup_storage_usage_in_bytes,
            backup_storage_usage_in_bytes_set_at=backup_storage_usage_in_bytes_set_at,
            supported_features=supported_features,
            server_group_id=server_group_id,
            deletion_requested=deletion_requested,
            server_id=server_id,
            server_short_id=server_short_id,
            image_ref_id=image_ref_id,
            project_hosting_id=project_hosting_id,
            disable_reason=disable_reason,
            disabled_at=disabled_at,
            features=features,
        )

        project_list_item.additional_properties = d
        return project_list_item

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
from ..models.customer_meta import CustomerMeta  # noqa: E402
