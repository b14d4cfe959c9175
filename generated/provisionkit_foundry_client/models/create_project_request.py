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
        description (None | str | Unset):
        role_grants (CreateProjectRequestRoleGrantsType0 | None | Unset): Role id to the principals granted it. Clients
            always send it (empty grants none); a server reads it absent as empty.
        default_roles (list[str] | None | Unset): Roles every member of the project's organizations gets. Clients always
            send it, possibly empty; a server reads it absent as empty.
        organization_rids (list[str] | None | Unset): Organizations whose markings apply to the project. Clients always
            send it, possibly empty; a server reads it absent as empty.
        resource_level_role_grants_allowed (bool | None | Unset): Whether roles may be granted on resources inside the
            project; absent or null means true.
    """

    display_name: str
    space_rid: str
    description: None | str | Unset = UNSET
    role_grants: CreateProjectRequestRoleGrantsType0 | None | Unset = UNSET
    default_roles: list[str] | None | Unset = UNSET
    organization_rids: list[str] | None | Unset = UNSET
    resource_level_role_grants_allowed: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        display_name = self.display_name

        space_rid = self.space_rid

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        role_grants: dict[str, Any] | None | Unset
        if isinstance(self.role_grants, Unset):
            role_grants = UNSET
        elif isinstance(self.role_grants, CreateProjectRequestRoleGrantsType0):
            role_grants = self.role_grants.to_dict()
        else:
            role_grants = self.role_grants

        default_roles: list[str] | None | Unset
        if isinstance(self.default_roles, Unset):
            default_roles = UNSET
        elif isinstance(self.default_roles, list):
            default_roles = self.default_roles

        else:
            default_roles = self.default_roles

        organization_rids: list[str] | None | Unset
        if isinstance(self.organization_rids, Unset):
            organization_rids = UNSET
        elif isinstance(self.organization_rids, list):
            organization_rids = self.organization_rids

        else:
            organization_rids = self.organization_rids

        resource_level_role_grants_allowed: bool | None | Unset
        if isinstance(self.resource_level_role_grants_allowed, Unset):
            resource_level_role_grants_allowed = UNSET
        else:
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

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_role_grants(
            data: object,
        ) -> CreateProjectRequestRoleGrantsType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                role_grants_type_0 = CreateProjectRequestRoleGrantsType0.from_dict(data)

                return role_grants_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateProjectRequestRoleGrantsType0 | None | Unset, data)

        role_grants = _parse_role_grants(d.pop("roleGrants", UNSET))

        def _parse_default_roles(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                default_roles_type_0 = cast(list[str], data)

                return default_roles_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        default_roles = _parse_default_roles(d.pop("defaultRoles", UNSET))

        def _parse_organization_rids(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                organization_rids_type_0 = cast(list[str], data)

                return organization_rids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        organization_rids = _parse_organization_rids(d.pop("organizationRids", UNSET))

        def _parse_resource_level_role_grants_allowed(
            data: object,
        ) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        resource_level_role_grants_allowed = _parse_resource_level_role_grants_allowed(
            d.pop("resourceLevelRoleGrantsAllowed", UNSET)
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
from ..models.create_project_request_role_grants_type_0 import (
    CreateProjectRequestRoleGrantsType0,  # noqa: E402
)
