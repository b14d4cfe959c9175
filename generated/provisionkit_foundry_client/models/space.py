from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Space")


@_attrs_define
class Space:
    """A space, as listSpaces reports it (required fields as Palantir's IR has them).

    Attributes:
        rid (str): The unique resource identifier (RID) of a Space.
        display_name (str):
        path (str): The space's full path, e.g. `/My space-576e4`; not always `/<displayName>`. Its projects' paths
            start with it.
        file_system_id (str): Where the space's contents are stored.
        usage_account_rid (str): The usage account its projects' resource usage accrues to by default.
        default_role_set_id (str): The role set the space's projects use.
        description (None | str | Unset):
        organizations (list[str] | None | Unset): Organizations provisioned access to the space; absent or null means
            none.
        deletion_policy_organizations (list[str] | None | Unset): The organizations whose deletion deletes the space;
            absent or null means none.
        space_maven_identifier (None | str | Unset):
    """

    rid: str
    display_name: str
    path: str
    file_system_id: str
    usage_account_rid: str
    default_role_set_id: str
    description: None | str | Unset = UNSET
    organizations: list[str] | None | Unset = UNSET
    deletion_policy_organizations: list[str] | None | Unset = UNSET
    space_maven_identifier: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        rid = self.rid

        display_name = self.display_name

        path = self.path

        file_system_id = self.file_system_id

        usage_account_rid = self.usage_account_rid

        default_role_set_id = self.default_role_set_id

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        organizations: list[str] | None | Unset
        if isinstance(self.organizations, Unset):
            organizations = UNSET
        elif isinstance(self.organizations, list):
            organizations = self.organizations

        else:
            organizations = self.organizations

        deletion_policy_organizations: list[str] | None | Unset
        if isinstance(self.deletion_policy_organizations, Unset):
            deletion_policy_organizations = UNSET
        elif isinstance(self.deletion_policy_organizations, list):
            deletion_policy_organizations = self.deletion_policy_organizations

        else:
            deletion_policy_organizations = self.deletion_policy_organizations

        space_maven_identifier: None | str | Unset
        if isinstance(self.space_maven_identifier, Unset):
            space_maven_identifier = UNSET
        else:
            space_maven_identifier = self.space_maven_identifier

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "rid": rid,
                "displayName": display_name,
                "path": path,
                "fileSystemId": file_system_id,
                "usageAccountRid": usage_account_rid,
                "defaultRoleSetId": default_role_set_id,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if organizations is not UNSET:
            field_dict["organizations"] = organizations
        if deletion_policy_organizations is not UNSET:
            field_dict["deletionPolicyOrganizations"] = deletion_policy_organizations
        if space_maven_identifier is not UNSET:
            field_dict["spaceMavenIdentifier"] = space_maven_identifier

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        rid = d.pop("rid")

        display_name = d.pop("displayName")

        path = d.pop("path")

        file_system_id = d.pop("fileSystemId")

        usage_account_rid = d.pop("usageAccountRid")

        default_role_set_id = d.pop("defaultRoleSetId")

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_organizations(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                organizations_type_0 = cast(list[str], data)

                return organizations_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        organizations = _parse_organizations(d.pop("organizations", UNSET))

        def _parse_deletion_policy_organizations(
            data: object,
        ) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                deletion_policy_organizations_type_0 = cast(list[str], data)

                return deletion_policy_organizations_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        deletion_policy_organizations = _parse_deletion_policy_organizations(
            d.pop("deletionPolicyOrganizations", UNSET)
        )

        def _parse_space_maven_identifier(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        space_maven_identifier = _parse_space_maven_identifier(
            d.pop("spaceMavenIdentifier", UNSET)
        )

        space = cls(
            rid=rid,
            display_name=display_name,
            path=path,
            file_system_id=file_system_id,
            usage_account_rid=usage_account_rid,
            default_role_set_id=default_role_set_id,
            description=description,
            organizations=organizations,
            deletion_policy_organizations=deletion_policy_organizations,
            space_maven_identifier=space_maven_identifier,
        )

        space.additional_properties = d
        return space

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
