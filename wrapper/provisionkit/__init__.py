"""provisionkit: create projects on mittwald mStudio and Palantir Foundry, and wait until usable.

```python
from provisionkit import MittwaldClient

with MittwaldClient.from_env() as mittwald:  # MITTWALD_API_TOKEN
    project = mittwald.create_project(server_id, description="shop")  # waits until ready
```

Everything a service needs is importable from here; submodules are implementation. Every failure
is a `ProvisionError` (the tree is drawn in `provisionkit.errors`); a create whose outcome is
unknown is never repeated blindly (see `provisionkit.reconciling`).
Names are imported on first use (PEP 562's module `__getattr__`), so `import provisionkit` (and
`provisionkit --help`, which must import this package first) costs no more than Python starting:
httpx and the generated clients load only when a client, error or value is first reached.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .config import (
        VERSION as __version__,
    )
    from .effects import (
        Runtime,
    )
    from .errors import (
        ApiError,
        ApiFeaturePreviewUsageOnly,
        ApiUsageDenied,
        BadRequest,
        ConfigurationError,
        Conflict,
        CreateProjectNoOwnerLikeRoleGrant,
        CreateProjectPermissionDenied,
        DeleteResourcePermissionDenied,
        GetByPathPermissionDenied,
        GetCurrentUserPermissionDenied,
        GetRootFolderNotSupported,
        GetSpaceResourceNotSupported,
        InvalidArgument,
        InvalidDisplayName,
        InvalidPath,
        InvalidRoleIds,
        NotFound,
        OrganizationMarkingNotOnSpace,
        OrganizationsNotFound,
        OutcomeUnknown,
        PathNotFound,
        PermissionDenied,
        PreconditionFailed,
        ProjectCreationNotSupported,
        ProjectFailed,
        ProjectNameAlreadyExists,
        ProjectNotFound,
        ProvisionError,
        RateLimited,
        ReadinessTimeout,
        RequestEntityTooLarge,
        ResourceNotFound,
        ServerError,
        ServiceUnavailable,
        SpaceNotFound,
        TransportError,
        TrashingAutosavedResourcesNotSupported,
        TrashingHiddenResourcesNotSupported,
        TrashingSpaceNotSupported,
        Unauthorized,
        UnexpectedResponse,
        UnprocessableEntity,
        UnsupportedMediaType,
        ValidationFailed,
    )
    from .events import (
        Event,
        OperationEnded,
        OperationStarted,
        ReadinessPolled,
        RequestAnswered,
        RequestSent,
        RetryScheduled,
    )
    from .foundry import (
        AsyncFoundryClient,
        FoundryClient,
    )
    from .mittwald import (
        AsyncMittwaldClient,
        MittwaldClient,
    )
    from .reconciling import (
        Reconcile,
    )
    from .schedule import (
        PollSchedule,
    )
    from .values import (
        FoundryProject,
        FoundryResource,
        FoundrySpace,
        FoundryUser,
        MachineType,
        MittwaldProject,
        MittwaldProjectSummary,
        Principal,
        PrincipalType,
        ProjectStatus,
        Server,
        ServerStatus,
        TrashStatus,
    )
    from .waiting import (
        Backoff,
    )

# Where each public name lives: module, name there.
_EXPORTS: dict[str, tuple[str, str]] = {
    "ApiError": ("errors", "ApiError"),
    "ApiFeaturePreviewUsageOnly": ("errors", "ApiFeaturePreviewUsageOnly"),
    "ApiUsageDenied": ("errors", "ApiUsageDenied"),
    "AsyncFoundryClient": ("foundry", "AsyncFoundryClient"),
    "AsyncMittwaldClient": ("mittwald", "AsyncMittwaldClient"),
    "Backoff": ("waiting", "Backoff"),
    "BadRequest": ("errors", "BadRequest"),
    "ConfigurationError": ("errors", "ConfigurationError"),
    "Conflict": ("errors", "Conflict"),
    "CreateProjectNoOwnerLikeRoleGrant": ("errors", "CreateProjectNoOwnerLikeRoleGrant"),
    "CreateProjectPermissionDenied": ("errors", "CreateProjectPermissionDenied"),
    "DeleteResourcePermissionDenied": ("errors", "DeleteResourcePermissionDenied"),
    "Event": ("events", "Event"),
    "FoundryClient": ("foundry", "FoundryClient"),
    "FoundryProject": ("values", "FoundryProject"),
    "FoundryResource": ("values", "FoundryResource"),
    "FoundrySpace": ("values", "FoundrySpace"),
    "FoundryUser": ("values", "FoundryUser"),
    "GetByPathPermissionDenied": ("errors", "GetByPathPermissionDenied"),
    "GetCurrentUserPermissionDenied": ("errors", "GetCurrentUserPermissionDenied"),
    "GetRootFolderNotSupported": ("errors", "GetRootFolderNotSupported"),
    "GetSpaceResourceNotSupported": ("errors", "GetSpaceResourceNotSupported"),
    "InvalidArgument": ("errors", "InvalidArgument"),
    "InvalidDisplayName": ("errors", "InvalidDisplayName"),
    "InvalidPath": ("errors", "InvalidPath"),
    "InvalidRoleIds": ("errors", "InvalidRoleIds"),
    "MachineType": ("values", "MachineType"),
    "MittwaldClient": ("mittwald", "MittwaldClient"),
    "MittwaldProject": ("values", "MittwaldProject"),
    "MittwaldProjectSummary": ("values", "MittwaldProjectSummary"),
    "NotFound": ("errors", "NotFound"),
    "OperationEnded": ("events", "OperationEnded"),
    "OperationStarted": ("events", "OperationStarted"),
    "OrganizationMarkingNotOnSpace": ("errors", "OrganizationMarkingNotOnSpace"),
    "OrganizationsNotFound": ("errors", "OrganizationsNotFound"),
    "OutcomeUnknown": ("errors", "OutcomeUnknown"),
    "PathNotFound": ("errors", "PathNotFound"),
    "PermissionDenied": ("errors", "PermissionDenied"),
    "PollSchedule": ("schedule", "PollSchedule"),
    "PreconditionFailed": ("errors", "PreconditionFailed"),
    "Principal": ("values", "Principal"),
    "PrincipalType": ("values", "PrincipalType"),
    "ProjectCreationNotSupported": ("errors", "ProjectCreationNotSupported"),
    "ProjectFailed": ("errors", "ProjectFailed"),
    "ProjectNameAlreadyExists": ("errors", "ProjectNameAlreadyExists"),
    "ProjectNotFound": ("errors", "ProjectNotFound"),
    "ProjectStatus": ("values", "ProjectStatus"),
    "ProvisionError": ("errors", "ProvisionError"),
    "RateLimited": ("errors", "RateLimited"),
    "ReadinessPolled": ("events", "ReadinessPolled"),
    "ReadinessTimeout": ("errors", "ReadinessTimeout"),
    "Reconcile": ("reconciling", "Reconcile"),
    "RequestAnswered": ("events", "RequestAnswered"),
    "RequestEntityTooLarge": ("errors", "RequestEntityTooLarge"),
    "RequestSent": ("events", "RequestSent"),
    "ResourceNotFound": ("errors", "ResourceNotFound"),
    "RetryScheduled": ("events", "RetryScheduled"),
    "Runtime": ("effects", "Runtime"),
    "Server": ("values", "Server"),
    "ServerError": ("errors", "ServerError"),
    "ServerStatus": ("values", "ServerStatus"),
    "ServiceUnavailable": ("errors", "ServiceUnavailable"),
    "SpaceNotFound": ("errors", "SpaceNotFound"),
    "TransportError": ("errors", "TransportError"),
    "TrashStatus": ("values", "TrashStatus"),
    "TrashingAutosavedResourcesNotSupported": ("errors", "TrashingAutosavedResourcesNotSupported"),
    "TrashingHiddenResourcesNotSupported": ("errors", "TrashingHiddenResourcesNotSupported"),
    "TrashingSpaceNotSupported": ("errors", "TrashingSpaceNotSupported"),
    "Unauthorized": ("errors", "Unauthorized"),
    "UnexpectedResponse": ("errors", "UnexpectedResponse"),
    "UnprocessableEntity": ("errors", "UnprocessableEntity"),
    "UnsupportedMediaType": ("errors", "UnsupportedMediaType"),
    "ValidationFailed": ("errors", "ValidationFailed"),
    "__version__": ("config", "VERSION"),
}

__all__ = [
    "ApiError",
    "ApiFeaturePreviewUsageOnly",
    "ApiUsageDenied",
    "AsyncFoundryClient",
    "AsyncMittwaldClient",
    "Backoff",
    "BadRequest",
    "ConfigurationError",
    "Conflict",
    "CreateProjectNoOwnerLikeRoleGrant",
    "CreateProjectPermissionDenied",
    "DeleteResourcePermissionDenied",
    "Event",
    "FoundryClient",
    "FoundryProject",
    "FoundryResource",
    "FoundrySpace",
    "FoundryUser",
    "GetByPathPermissionDenied",
    "GetCurrentUserPermissionDenied",
    "GetRootFolderNotSupported",
    "GetSpaceResourceNotSupported",
    "InvalidArgument",
    "InvalidDisplayName",
    "InvalidPath",
    "InvalidRoleIds",
    "MachineType",
    "MittwaldClient",
    "MittwaldProject",
    "MittwaldProjectSummary",
    "NotFound",
    "OperationEnded",
    "OperationStarted",
    "OrganizationMarkingNotOnSpace",
    "OrganizationsNotFound",
    "OutcomeUnknown",
    "PathNotFound",
    "PermissionDenied",
    "PollSchedule",
    "PreconditionFailed",
    "Principal",
    "PrincipalType",
    "ProjectCreationNotSupported",
    "ProjectFailed",
    "ProjectNameAlreadyExists",
    "ProjectNotFound",
    "ProjectStatus",
    "ProvisionError",
    "RateLimited",
    "ReadinessPolled",
    "ReadinessTimeout",
    "Reconcile",
    "RequestAnswered",
    "RequestEntityTooLarge",
    "RequestSent",
    "ResourceNotFound",
    "RetryScheduled",
    "Runtime",
    "Server",
    "ServerError",
    "ServerStatus",
    "ServiceUnavailable",
    "SpaceNotFound",
    "TransportError",
    "TrashStatus",
    "TrashingAutosavedResourcesNotSupported",
    "TrashingHiddenResourcesNotSupported",
    "TrashingSpaceNotSupported",
    "Unauthorized",
    "UnexpectedResponse",
    "UnprocessableEntity",
    "UnsupportedMediaType",
    "ValidationFailed",
    "__version__",
]


def __getattr__(name: str) -> Any:
    """Import a public name's module the first time the name is asked for, then keep it."""
    try:
        module, attribute = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'provisionkit' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f".{module}", __name__), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*__all__, "__doc__", "__file__", "__name__", "__path__"})
