"""provisionkit: create projects on mittwald mStudio and Palantir Foundry, and wait until usable.

```python
from provisionkit import MittwaldClient

with MittwaldClient.from_env() as mittwald:  # MITTWALD_API_TOKEN
    project = mittwald.create_project(server_id, description="shop")  # waits until ready
```

Everything a service needs is importable from here; submodules are implementation. Every failure
is a `ProvisionError` (the tree is drawn in `provisionkit.errors`); a create whose outcome is
unknown is never repeated blindly (see `provisionkit.reconciling`).
"""

from __future__ import annotations

from .config import VERSION as __version__
from .effects import Runtime
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
from .foundry import AsyncFoundryClient, FoundryClient
from .mittwald import AsyncMittwaldClient, MittwaldClient
from .reconciling import Reconcile
from .schedule import PollSchedule
from .values import (
    FoundryProject,
    MachineType,
    MittwaldProject,
    Principal,
    PrincipalType,
    ProjectStatus,
    Server,
    ServerStatus,
    TrashStatus,
)
from .waiting import Backoff

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
    "FoundryClient",
    "FoundryProject",
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
    "NotFound",
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
    "ReadinessTimeout",
    "Reconcile",
    "RequestEntityTooLarge",
    "ResourceNotFound",
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
