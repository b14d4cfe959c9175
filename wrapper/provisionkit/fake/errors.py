"""The fake's errors, each carrying the real wire error of its API (moto's exceptions.py)."""

from __future__ import annotations

import uuid
from typing import Any

__all__ = ["FakeApiError", "FoundryWireError", "MittwaldWireError"]


class FakeApiError(Exception):
    """An error the fake answers with; `body()` is its API's wire format."""

    status: int

    def body(self) -> dict[str, Any] | None:
        raise NotImplementedError


class MittwaldWireError(FakeApiError):
    """mittwald's common error `{type, message}`, or its validation error with items."""

    def __init__(
        self,
        status: int,
        type_: str,
        message: str,
        validation_errors: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(f"{status} {type_}: {message}")
        self.status = status
        self.type = type_
        self.message = message
        self.validation_errors = validation_errors

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"type": self.type, "message": self.message}
        if self.validation_errors is not None:
            body["validationErrors"] = self.validation_errors
        return body

    @classmethod
    def validation(cls, message: str, path: str, keyword: str, **context: str) -> MittwaldWireError:
        item: dict[str, Any] = {"message": message, "path": path, "type": keyword}
        if context:
            item["context"] = context
        return cls(400, "ValidationError", "Validation failed", [item])

    @classmethod
    def forbidden(cls, message: str = "permission denied") -> MittwaldWireError:
        return cls(403, "PermissionDenied", message)


class FoundryWireError(FakeApiError):
    """Foundry's Conjure error envelope."""

    def __init__(
        self,
        status: int,
        code: str,
        name: str,
        parameters: dict[str, Any] | None = None,
        instance_id: str | None = None,
    ) -> None:
        super().__init__(f"{status} {name}")
        self.status = status
        self.code = code
        self.name = name
        self.parameters = parameters or {}
        self.instance_id = instance_id or str(uuid.uuid4())

    def body(self) -> dict[str, Any]:
        return {
            "errorCode": self.code,
            "errorName": self.name,
            "errorInstanceId": self.instance_id,
            "parameters": self.parameters,
        }
