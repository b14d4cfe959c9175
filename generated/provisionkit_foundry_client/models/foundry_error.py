from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="FoundryError")


@_attrs_define
class FoundryError:
    """The Conjure error envelope every Foundry error uses.

    Attributes:
        error_code (str): Conjure error code: INVALID_ARGUMENT 400, UNAUTHORIZED 401, PERMISSION_DENIED 403, NOT_FOUND
            404, CONFLICT 409, REQUEST_ENTITY_TOO_LARGE 413, INTERNAL, FAILED_PRECONDITION and TIMEOUT 500, CUSTOM_CLIENT
            and CUSTOM_SERVER.
        error_name (str):
        error_instance_id (str): Quote it in a support request.
        parameters (FoundryErrorParameters):
        error_description (str | Unset): Sent by newer servers.
    """

    error_code: str
    error_name: str
    error_instance_id: str
    parameters: FoundryErrorParameters
    error_description: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error_code = self.error_code

        error_name = self.error_name

        error_instance_id = self.error_instance_id

        parameters = self.parameters.to_dict()

        error_description = self.error_description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "errorCode": error_code,
                "errorName": error_name,
                "errorInstanceId": error_instance_id,
                "parameters": parameters,
            }
        )
        if error_description is not UNSET:
            field_dict["errorDescription"] = error_description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        error_code = d.pop("errorCode")

        error_name = d.pop("errorName")

        error_instance_id = d.pop("errorInstanceId")

        parameters = FoundryErrorParameters.from_dict(d.pop("parameters"))

        error_description = d.pop("errorDescription", UNSET)

        foundry_error = cls(
            error_code=error_code,
            error_name=error_name,
            error_instance_id=error_instance_id,
            parameters=parameters,
            error_description=error_description,
        )

        foundry_error.additional_properties = d
        return foundry_error

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
from ..models.foundry_error_parameters import FoundryErrorParameters  # noqa: E402
