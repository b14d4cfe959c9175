from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.validation_error_type import ValidationErrorType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ValidationError")


@_attrs_define
class ValidationError:
    """
    Attributes:
        type_ (ValidationErrorType):
        validation_errors (list[ValidationErrorItem]):
        message (str | Unset):
    """

    type_: ValidationErrorType
    validation_errors: list[ValidationErrorItem]
    message: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        validation_errors = []
        for validation_errors_item_data in self.validation_errors:
            validation_errors_item = validation_errors_item_data.to_dict()
            validation_errors.append(validation_errors_item)

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "validationErrors": validation_errors,
            }
        )
        if message is not UNSET:
            field_dict["message"] = message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = ValidationErrorType(d.pop("type"))

        validation_errors = []
        _validation_errors = d.pop("validationErrors")
        for validation_errors_item_data in _validation_errors:
            validation_errors_item = ValidationErrorItem.from_dict(
                validation_errors_item_data
            )

            validation_errors.append(validation_errors_item)

        message = d.pop("message", UNSET)

        validation_error = cls(
            type_=type_,
            validation_errors=validation_errors,
            message=message,
        )

        validation_error.additional_properties = d
        return validation_error

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
from ..models.validation_error_item import ValidationErrorItem  # noqa: E402
