from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.principal_type import PrincipalType
from ..models.principal_with_id_type import PrincipalWithIdType
from ..types import UNSET, Unset

T = TypeVar("T", bound="PrincipalWithId")


@_attrs_define
class PrincipalWithId:
    """
    Attributes:
        principal_id (UUID):
        principal_type (PrincipalType):
        type_ (PrincipalWithIdType | Unset):
    """

    principal_id: UUID
    principal_type: PrincipalType
    type_: PrincipalWithIdType | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        principal_id = str(self.principal_id)

        principal_type = self.principal_type.value

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "principalId": principal_id,
                "principalType": principal_type,
            }
        )
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        principal_id = UUID(d.pop("principalId"))

        principal_type = PrincipalType(d.pop("principalType"))

        _type_ = d.pop("type", UNSET)
        type_: PrincipalWithIdType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = PrincipalWithIdType(_type_)

        principal_with_id = cls(
            principal_id=principal_id,
            principal_type=principal_type,
            type_=type_,
        )

        principal_with_id.additional_properties = d
        return principal_with_id

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
