from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.trash_status import TrashStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="Project")


@_attrs_define
class Project:
    """
    Attributes:
        rid (str): The unique resource identifier (RID) of a Project.
        display_name (str): The display name of the Project. Must be unique and cannot contain a /.
        path (str): The full path to the resource, including the resource name itself.
        created_by (UUID): The Foundry user who created this resource.
        updated_by (UUID): The Foundry user who last updated this resource.
        created_time (datetime.datetime):
        updated_time (datetime.datetime):
        trash_status (TrashStatus):
        space_rid (str): The unique resource identifier (RID) of a Space.
        resource_level_role_grants_allowed (bool):
        description (None | str | Unset):
        documentation (None | str | Unset):
    """

    rid: str
    display_name: str
    path: str
    created_by: UUID
    updated_by: UUID
    created_time: datetime.datetime
    updated_time: datetime.datetime
    trash_status: TrashStatus
    space_rid: str
    resource_level_role_grants_allowed: bool
    description: None | str | Unset = UNSET
    documentation: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        rid = self.rid

        display_name = self.display_name

        path = self.path

        created_by = str(self.created_by)

        updated_by = str(self.updated_by)

        created_time = self.created_time.isoformat()

        updated_time = self.updated_time.isoformat()

        trash_status = self.trash_status.value

        space_rid = self.space_rid

        resource_level_role_grants_allowed = self.resource_level_role_grants_allowed

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        documentation: None | str | Unset
        if isinstance(self.documentation, Unset):
            documentation = UNSET
        else:
            documentation = self.documentation

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "rid": rid,
                "displayName": display_name,
                "path": path,
                "createdBy": created_by,
                "updatedBy": updated_by,
                "createdTime": created_time,
                "updatedTime": updated_time,
                "trashStatus": trash_status,
                "spaceRid": space_rid,
                "resourceLevelRoleGrantsAllowed": resource_level_role_grants_allowed,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if documentation is not UNSET:
            field_dict["documentation"] = documentation

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        rid = d.pop("rid")

        display_name = d.pop("displayName")

        path = d.pop("path")

        created_by = UUID(d.pop("createdBy"))

        updated_by = UUID(d.pop("updatedBy"))

        created_time = datetime.datetime.fromisoformat(str.upper(d.pop("createdTime")))

        updated_time = datetime.datetime.fromisoformat(str.upper(d.pop("updatedTime")))

        trash_status = TrashStatus(d.pop("trashStatus"))

        space_rid = d.pop("spaceRid")

        resource_level_role_grants_allowed = d.pop("resourceLevelRoleGrantsAllowed")

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_documentation(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        documentation = _parse_documentation(d.pop("documentation", UNSET))

        project = cls(
            rid=rid,
            display_name=display_name,
            path=path,
            created_by=created_by,
            updated_by=updated_by,
            created_time=created_time,
            updated_time=updated_time,
            trash_status=trash_status,
            space_rid=space_rid,
            resource_level_role_grants_allowed=resource_level_role_grants_allowed,
            description=description,
            documentation=documentation,
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
