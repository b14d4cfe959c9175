from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.resource_type import ResourceType
from ..models.trash_status import TrashStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="Resource")


@_attrs_define
class Resource:
    """A Foundry filesystem resource (a project, folder, dataset, ...).

    Attributes:
        rid (str): The unique resource identifier (RID) of a resource.
        display_name (str):
        path (str): The full path to the resource, including the resource name itself.
        type_ (ResourceType):
        created_by (UUID): The user who created the resource.
        updated_by (UUID):
        created_time (datetime.datetime):
        updated_time (datetime.datetime):
        trash_status (TrashStatus):
        parent_folder_rid (str): The unique resource identifier (RID) of a Folder (for a project, its space).
        project_rid (str): The unique resource identifier (RID) of a Project.
        space_rid (str): The unique resource identifier (RID) of a Space.
        description (None | str | Unset):
        documentation (None | str | Unset):
    """

    rid: str
    display_name: str
    path: str
    type_: ResourceType
    created_by: UUID
    updated_by: UUID
    created_time: datetime.datetime
    updated_time: datetime.datetime
    trash_status: TrashStatus
    parent_folder_rid: str
    project_rid: str
    space_rid: str
    description: None | str | Unset = UNSET
    documentation: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        rid = self.rid

        display_name = self.display_name

        path = self.path

        type_ = self.type_.value

        created_by = str(self.created_by)

        updated_by = str(self.updated_by)

        created_time = self.created_time.isoformat()

        updated_time = self.updated_time.isoformat()

        trash_status = self.trash_status.value

        parent_folder_rid = self.parent_folder_rid

        project_rid = self.project_rid

        space_rid = self.space_rid

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
                "type": type_,
                "createdBy": created_by,
                "updatedBy": updated_by,
                "createdTime": created_time,
                "updatedTime": updated_time,
                "trashStatus": trash_status,
                "parentFolderRid": parent_folder_rid,
                "projectRid": project_rid,
                "spaceRid": space_rid,
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

        type_ = ResourceType(d.pop("type"))

        created_by = UUID(d.pop("createdBy"))

        updated_by = UUID(d.pop("updatedBy"))

        created_time = datetime.datetime.fromisoformat(str.upper(d.pop("createdTime")))

        updated_time = datetime.datetime.fromisoformat(str.upper(d.pop("updatedTime")))

        trash_status = TrashStatus(d.pop("trashStatus"))

        parent_folder_rid = d.pop("parentFolderRid")

        project_rid = d.pop("projectRid")

        space_rid = d.pop("spaceRid")

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

        resource = cls(
            rid=rid,
            display_name=display_name,
            path=path,
            type_=type_,
            created_by=created_by,
            updated_by=updated_by,
            created_time=created_time,
            updated_time=updated_time,
            trash_status=trash_status,
            parent_folder_rid=parent_folder_rid,
            project_rid=project_rid,
            space_rid=space_rid,
            description=description,
            documentation=documentation,
        )

        resource.additional_properties = d
        return resource

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
