from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateProjectRequest")


@_attrs_define
class CreateProjectRequest:
    """
    Attributes:
        display_name (str): The display name of the Resource. Not exactly `.` or `..`, no `/`, at most 700 characters,
            unique within the space (checked by the server: `InvalidDisplayName`, `ProjectNameAlreadyExists`).
        space_rid (str): The unique resource identifier (RID) of a Space.
        description (str | Unset):
        role_grants (CreateProjectRequestRoleGrants | Unset): Role id to the principals granted it; absent means none.
        default_roles (list[str] | Unset): Roles every member of the project's organizations gets; absent means none.
        organization_rids (list[str] | Unset): Organizations whose markings apply to the project; absent means none.
        resource_level_role_grants_allowed (bool | Unset): Whether roles may be granted on resources inside the project;
            absent means true.
    """

    display_name: str
    space_rid: str
    description: str | Unset = UNSET
    role_grants: CreateProjectRequestRoleGrants | Unset = UNSET
    default_roles: list[str] | Unset = UNSET
    organization_rids: list[str] | Unset = UNSET
    resource_level_role_grants_allowed: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        display_name = self.display_name

        space_rid = self.space_rid

        description = self.description

        role_grants: dict[str, Any] | Unset = UNSET
        if not isinstance(self.role_grants, Unset):
            role_grants = self.role_grants.to_dict()

        default_roles: list[str] | Unset = UNSET
        if not isinstance(self.default_roles, Unset):
            default_roles = self.default_roles

        organization_rids: list[str] | Unset = UNSET
        if not isinstance(self.organization_rids, Unset):
            organization_rids = self.organization_rids

        resource_level_role_grants_allowed = self.resource_level_role_grants_allowed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "displayName": display_name,
                "spaceRid": space_rid,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if role_grants is not UNSET:
            field_dict["roleGrants"] = role_grants
        if default_roles is not UNSET:
            field_dict["defaultRoles"] = default_roles
        if organization_rids is not UNSET:
            field_dict["organizationRids"] = organization_rids
        if resource_level_role_grants_allowed is not UNSET:
            field_dict["resourceLevelRoleGrantsAllowed"] = (
                resource_level_role_grants_allowed
            )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        display_name = d.pop("displayName")

        space_rid = d.pop("spaceRid")

        description = d.pop("description", UNSET)

        _role_grants = d.pop("roleGrants", UNSET)
        role_grants: CreateProjectRequestRoleGrants | Unset
        if isinstance(_role_grants, Unset):
            role_grants = UNSET
        else:
            role_grants = CreateProjectRequestRoleGrants.from_dict(_role_grants)

        default_roles = cast(list[str], d.pop("defaultRoles", UNSET))

        organization_rids = cast(list[str], d.pop("organizationRids", UNSET))

        resource_level_role_grants_allowed = d.pop(
            "resourceLevelRoleGrantsAllowed", UNSET
        )

        create_project_request = cls(
            display_name=display_name,
            space_rid=space_rid,
            description=description,
            role_grants=role_grants,
            default_roles=default_roles,
            organization_rids=organization_rids,
            resource_level_role_grants_allowed=resource_level_role_grants_allowed,
        )

        create_project_request.additional_properties = d
        return create_project_request

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
from ..models.create_project_request_role_grants import CreateProjectRequestRoleGrants  # noqa: E402
