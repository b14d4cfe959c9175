from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.user_status import UserStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="User")


@_attrs_define
class User:
    """
    Attributes:
        id (UUID):
        username (str): Unique within the realm.
        realm (str):
        status (UserStatus):
        given_name (str | Unset):
        family_name (str | Unset):
        email (str | Unset):
        organization (str | Unset): The unique resource identifier (RID) of an Organization.
        attributes (UserAttributes | Unset):
    """

    id: UUID
    username: str
    realm: str
    status: UserStatus
    given_name: str | Unset = UNSET
    family_name: str | Unset = UNSET
    email: str | Unset = UNSET
    organization: str | Unset = UNSET
    attributes: UserAttributes | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        username = self.username

        realm = self.realm

        status = self.status.value

        given_name = self.given_name

        family_name = self.family_name

        email = self.email

        organization = self.organization

        attributes: dict[str, Any] | Unset = UNSET
        if not isinstance(self.attributes, Unset):
            attributes = self.attributes.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "username": username,
                "realm": realm,
                "status": status,
            }
        )
        if given_name is not UNSET:
            field_dict["givenName"] = given_name
        if family_name is not UNSET:
            field_dict["familyName"] = family_name
        if email is not UNSET:
            field_dict["email"] = email
        if organization is not UNSET:
            field_dict["organization"] = organization
        if attributes is not UNSET:
            field_dict["attributes"] = attributes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        username = d.pop("username")

        realm = d.pop("realm")

        status = UserStatus(d.pop("status"))

        given_name = d.pop("givenName", UNSET)

        family_name = d.pop("familyName", UNSET)

        email = d.pop("email", UNSET)

        organization = d.pop("organization", UNSET)

        _attributes = d.pop("attributes", UNSET)
        attributes: UserAttributes | Unset
        if isinstance(_attributes, Unset):
            attributes = UNSET
        else:
            attributes = UserAttributes.from_dict(_attributes)

        user = cls(
            id=id,
            username=username,
            realm=realm,
            status=status,
            given_name=given_name,
            family_name=family_name,
            email=email,
            organization=organization,
            attributes=attributes,
        )

        user.additional_properties = d
        return user

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
from ..models.user_attributes import UserAttributes  # noqa: E402
