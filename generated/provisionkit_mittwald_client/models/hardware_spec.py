from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="HardwareSpec")


@_attrs_define
class HardwareSpec:
    """
    Attributes:
        storage (str):
        cpu (str | Unset):
        mem (str | Unset): Deprecated in favour of `memory`.
        memory (str | Unset):
    """

    storage: str
    cpu: str | Unset = UNSET
    mem: str | Unset = UNSET
    memory: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        storage = self.storage

        cpu = self.cpu

        mem = self.mem

        memory = self.memory

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "storage": storage,
            }
        )
        if cpu is not UNSET:
            field_dict["cpu"] = cpu
        if mem is not UNSET:
            field_dict["mem"] = mem
        if memory is not UNSET:
            field_dict["memory"] = memory

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        storage = d.pop("storage")

        cpu = d.pop("cpu", UNSET)

        mem = d.pop("mem", UNSET)

        memory = d.pop("memory", UNSET)

        hardware_spec = cls(
            storage=storage,
            cpu=cpu,
            mem=mem,
            memory=memory,
        )

        hardware_spec.additional_properties = d
        return hardware_spec

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
