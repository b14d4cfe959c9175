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

T = TypeVar("T", bound="Project")


@_attrs_define
class Project:
    """
    Attributes:
        id (UUID):
        short_id (str):
        description (str):
        customer_id (str):
        created_at (datetime.datetime):
        enabled (bool):
        is_ready (bool): Deprecated in favour of `status`.
        readiness (DeprecatedReadiness):
        status (ProjectStatus):
        status_set_at (datetime.datetime):
        directories (ProjectDirectories):
        supported_features (list[ProjectFeature]):
        web_storage_usage_in_bytes (int):
        backup_storage_usage_in_bytes (int):
        web_storage_usage_in_bytes_set_at (datetime.datetime):
        backup_storage_usage_in_bytes_set_at (datetime.datetime):
        server_group_id (str):
        server_id (UUID | Unset):
        server_short_id (str | Unset):
        clusterId (str | Unset):
        clusterID (str | Unset): Deprecated in favour of `clusterId`.
        cluster_domain (str | Unset):
        image_ref_id (UUID | Unset):
        project_hosting_id (UUID | Unset):
        deletion_requested (bool | Unset):
        disable_reason (DisableReason | Unset):
        disabled_at (datetime.datetime | Unset):
        features (list[ProjectFeature] | Unset):
        spec (HardwareSpec | Unset | VisitorSpec):
        statistics_base_domain (str | Unset):
    """

    id: UUID
    short_id: str
    description: str
    customer_id: str
    created_at: datetime.datetime
    enabled: bool
    is_ready: bool
    readiness: DeprecatedReadiness
    status: ProjectStatus
    status_set_at: datetime.datetime
    directories: ProjectDirectories
    supported_features: list[ProjectFeature]
    web_storage_usage_in_bytes: int
    backup_storage_usage_in_bytes: int
    web_storage_usage_in_bytes_set_at: datetime.datetime
    backup_storage_usage_in_bytes_set_at: datetime.datetime
    server_group_id: str
    server_id: UUID | Unset = UNSET
    server_short_id: str | Unset = UNSET
    clusterId: str | Unset = UNSET
    clusterID: str | Unset = UNSET
    cluster_domain: str | Unset = UNSET
    image_ref_id: UUID | Unset = UNSET
    project_hosting_id: UUID | Unset = UNSET
    deletion_requested: bool | Unset = UNSET
    disable_reason: DisableReason | Unset = UNSET
    disabled_at: datetime.datetime | Unset = UNSET
    features: list[ProjectFeature] | Unset = UNSET
    spec: HardwareSpec | Unset | VisitorSpec = UNSET
    statistics_base_domain: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        short_id = self.short_id

        description = self.description

        customer_id = self.customer_id

        created_at = self.created_at.isoformat()

        enabled = self.enabled

        is_ready = self.is_ready

        readiness = self.readiness.value

        status = self.status.value

        status_set_at = self.status_set_at.isoformat()

        directories = self.directories.to_dict()

        supported_features = []
        for supported_features_item_data in self.supported_features:
            supported_features_item = supported_features_item_data.value
            supported_features.append(supported_features_item)

        web_storage_usage_in_bytes = self.web_storage_usage_in_bytes

        backup_storage_usage_in_bytes = self.backup_storage_usage_in_bytes

        web_storage_usage_in_bytes_set_at = (
            self.web_storage_usage_in_bytes_set_at.isoformat()
        )

        backup_storage_usage_in_bytes_set_at = (
            self.backup_storage_usage_in_bytes_set_at.isoformat()
        )

        server_group_id = self.server_group_id

        server_id: str | Unset = UNSET
        if not isinstance(self.server_id, Unset):
            server_id = str(self.server_id)

        server_short_id = self.server_short_id

        clusterId = self.clusterId

        clusterID = self.clusterID

        cluster_domain = self.cluster_domain

        image_ref_id: str | Unset = UNSET
        if not isinstance(self.image_ref_id, Unset):
            image_ref_id = str(self.image_ref_id)

        project_hosting_id: str | Unset = UNSET
        if not isinstance(self.project_hosting_id, Unset):
            project_hosting_id = str(self.project_hosting_id)

        deletion_requested = self.deletion_requested

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

        spec: dict[str, Any] | Unset
        if isinstance(self.spec, Unset):
            spec = UNSET
        elif isinstance(self.spec, VisitorSpec):
            spec = self.spec.to_dict()
        else:
            spec = self.spec.to_dict()

        statistics_base_domain = self.statistics_base_domain

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "shortId": short_id,
                "description": description,
                "customerId": customer_id,
                "createdAt": created_at,
                "enabled": enabled,
                "isReady": is_ready,
                "readiness": readiness,
                "status": status,
                "statusSetAt": status_set_at,
                "directories": directories,
                "supportedFeatures": supported_features,
                "webStorageUsageInBytes": web_storage_usage_in_bytes,
                "backupStorageUsageInBytes": backup_storage_usage_in_bytes,
                "webStorageUsageInBytesSetAt": web_storage_usage_in_bytes_set_at,
                "backupStorageUsageInBytesSetAt": backup_storage_usage_in_bytes_set_at,
                "serverGroupId": server_group_id,
            }
        )
        if server_id is not UNSET:
            field_dict["serverId"] = server_id
        if server_short_id is not UNSET:
            field_dict["serverShortId"] = server_short_id
        if clusterId is not UNSET:
            field_dict["clusterId"] = clusterId
        if clusterID is not UNSET:
            field_dict["clusterID"] = clusterID
        if cluster_domain is not UNSET:
            field_dict["clusterDomain"] = cluster_domain
        if image_ref_id is not UNSET:
            field_dict["imageRefId"] = image_ref_id
        if project_hosting_id is not UNSET:
            field_dict["projectHostingId"] = project_hosting_id
        if deletion_requested is not UNSET:
            field_dict["deletionRequested"] = deletion_requested
        if disable_reason is not UNSET:
            field_dict["disableReason"] = disable_reason
        if disabled_at is not UNSET:
            field_dict["disabledAt"] = disabled_at
        if features is not UNSET:
            field_dict["features"] = features
        if spec is not UNSET:
            field_dict["spec"] = spec
        if statistics_base_domain is not UNSET:
            field_dict["statisticsBaseDomain"] = statistics_base_domain

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        short_id = d.pop("shortId")

        description = d.pop("description")

        customer_id = d.pop("customerId")

        created_at = datetime.datetime.fromisoformat(str.upper(d.pop("createdAt")))

        enabled = d.pop("enabled")

        is_ready = d.pop("isReady")

        readiness = DeprecatedReadiness(d.pop("readiness"))

        status = ProjectStatus(d.pop("status"))

        status_set_at = datetime.datetime.fromisoformat(str.upper(d.pop("statusSetAt")))

        directories = ProjectDirectories.from_dict(d.pop("directories"))

        supported_features = []
        _supported_features = d.pop("supportedFeatures")
        for supported_features_item_data in _supported_features:
            supported_features_item = ProjectFeature(supported_features_item_data)

            supported_features.append(supported_features_item)

        web_storage_usage_in_bytes = d.pop("webStorageUsageInBytes")

        backup_storage_usage_in_bytes = d.pop("backupStorageUsageInBytes")

        web_storage_usage_in_bytes_set_at = datetime.datetime.fromisoformat(
            str.upper(d.pop("webStorageUsageInBytesSetAt"))
        )

        backup_storage_usage_in_bytes_set_at = datetime.datetime.fromisoformat(
            str.upper(d.pop("backupStorageUsageInBytesSetAt"))
        )

        server_group_id = d.pop("serverGroupId")

        _server_id = d.pop("serverId", UNSET)
        server_id: UUID | Unset
        if isinstance(_server_id, Unset):
            server_id = UNSET
        else:
            server_id = UUID(_server_id)

        server_short_id = d.pop("serverShortId", UNSET)

        clusterId = d.pop("clusterId", UNSET)

        clusterID = d.pop("clusterID", UNSET)

        cluster_domain = d.pop("clusterDomain", UNSET)

        _image_ref_id = d.pop("imageRefId", UNSET)
        image_ref_id: UUID | Unset
        if isinstance(_image_ref_id, Unset):
            image_ref_id = UNSET
        else:
            image_ref_id = UUID(_image_ref_id)

        _project_hosting_id = d.pop("projectHostingId", UNSET)
        project_hosting_id: UUID | Unset
        if isinstance(_project_hosting_id, Unset):
            project_hosting_id = UNSET
        else:
            project_hosting_id = UUID(_project_hosting_id)

        deletion_requested = d.pop("deletionRequested", UNSET)

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

        def _parse_spec(data: object) -> HardwareSpec | Unset | VisitorSpec:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                spec_type_0 = VisitorSpec.from_dict(data)

                return spec_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            spec_type_1 = HardwareSpec.from_dict(data)

            return spec_type_1

        spec = _parse_spec(d.pop("spec", UNSET))

        statistics_base_domain = d.pop("statisticsBaseDomain", UNSET)

        project = cls(
            id=id,
            short_id=short_id,
            description=description,
            customer_id=customer_id,
            created_at=created_at,
            enabled=enabled,
            is_ready=is_ready,
            readiness=readiness,
            status=status,
            status_set_at=status_set_at,
            directories=directories,
            supported_features=supported_features,
            web_storage_usage_in_bytes=web_storage_usage_in_bytes,
            backup_storage_usage_in_bytes=backup_storage_usage_in_bytes,
            web_storage_usage_in_bytes_set_at=web_storage_usage_in_bytes_set_at,
            backup_storage_usage_in_bytes_set_at=backup_storage_usage_in_bytes_set_at,
            server_group_id=server_group_id,
            server_id=server_id,
            server_short_id=server_short_id,
            clusterId=clusterId,
            clusterID=clusterID,
            cluster_domain=cluster_domain,
            image_ref_id=image_ref_id,
            project_hosting_id=project_hosting_id,
            deletion_requested=deletion_requested,
            disable_reason=disable_reason,
            disabled_at=disabled_at,
            features=features,
            spec=spec,
            statistics_base_domain=statistics_base_domain,
        )

        project.additional_properties = d
        return project

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
from ..models.hardware_spec import HardwareSpec  # noqa: E402
from ..models.project_directories import ProjectDirectories  # noqa: E402
from ..models.visitor_spec import VisitorSpec  # noqa: E402
