from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ValidationErrorItem")


@_attrs_define
class ValidationErrorItem:
    """
    Attributes:
        message (str):
        path (str): JavaScript property access to the offending field, e.g. `.address.street`.
        type_ (str): The ajv keyword that failed (`required`, `type`, `format`, ...).
        context (ValidationErrorItemContext | Unset):
    """

    message: str
    path: str
    type_: str
    context: ValidationErrorItemContext | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        path = self.path

        type_ = self.type_

        context: dict[str, Any] | Unset = UNSET
        if not isinstance(self.context, Unset):
            context = self.context.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "message": message,
                "path": path,
                "type": type_,
            }
        )
        if context is not UNSET:
            field_dict["context"] = context

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        message = d.pop("message")

        path = d.pop("path")

        type_ = d.pop("type")

        _context = d.pop("context", UNSET)
        context: ValidationErrorItemContext | Unset
        if isinstance(_context, Unset):
            context = UNSET
        else:
            context = ValidationErrorItemContext.from_dict(_context)

        validation_error_item = cls(
            message=message,
            path=path,
            type_=type_,
            context=context,
        )

        validation_error_item.additional_properties = d
        return validation_error_item

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
from ..models.validation_error_item_context import ValidationErrorItemContext  # noqa: E402
