"""Every failure provisionkit lets a caller meet, as one tree.

```
ProvisionError
├── ConfigurationError                 (missing token, bad base URL, token over plain http)
├── TransportError                     (network failure; nothing was created, or it was a read)
├── OutcomeUnknown                     (a create may or may not exist: look before creating again)
├── ApiError(status, error_name, error_code, parameters, instance_id, request_id, retry_after)
│   ├── BadRequest 400/413/415/422 ── ValidationFailed, InvalidDisplayName, InvalidPath, …
│   ├── Unauthorized 401
│   ├── PermissionDenied 403 ── CreateProjectPermissionDenied, ApiUsageDenied, …PermissionDenied
│   ├── NotFound 404 ── SpaceNotFound, ProjectNotFound, ResourceNotFound, PathNotFound, …
│   ├── Conflict 409 ── ProjectNameAlreadyExists
│   ├── PreconditionFailed 412
│   ├── RateLimited 429
│   └── ServerError 5xx ── ServiceUnavailable 503
├── UnexpectedResponse                 (body or status outside the spec; keeps the raw text)
├── ProjectFailed                      (readiness reached a terminal bad state)
└── ReadinessTimeout                   (deadline passed; carries the last observation)
```

OutcomeUnknown is deliberately not a TransportError (it was one up to 0.1.0): a caller that
retries on TransportError must never repeat a create whose outcome is unknown, which is exactly
what that would do. Catch it on its own, look the project up (its `candidates` and `known`), and
only then decide.

The status picks the base class and the wire error name picks the leaf (Foundry's `errorName`,
mittwald's `type`); an unknown name falls back to the status class and keeps every field. The
leaves are written by hand, for their actionable hints, and checked against the specs both ways
(tests/unit/test_errors.py): every error name a spec declares has its leaf under the class of its
status, and no leaf answers no declared error. Every error pickles with its fields (`__reduce__`).
`str(e)` is a sentence a person can act on; `repr(e)` lists the fields; neither holds a token,
because no error is ever given one.

The module runs over 300 lines on purpose: it is the one tree drawn above, one small class per wire
error name (as Foundry's own SDK has them), and splitting it would scatter what this docstring draws.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypedDict

if TYPE_CHECKING:
    from .values import FoundryProject, MittwaldProject

__all__ = [
    "ApiError",
    "ApiFeaturePreviewUsageOnly",
    "ApiUsageDenied",
    "BadRequest",
    "ConfigurationError",
    "Conflict",
    "CreateProjectNoOwnerLikeRoleGrant",
    "CreateProjectPermissionDenied",
    "DeleteResourcePermissionDenied",
    "ErrorFields",
    "GetByPathPermissionDenied",
    "GetCurrentUserPermissionDenied",
    "GetRootFolderNotSupported",
    "GetSpaceResourceNotSupported",
    "InvalidArgument",
    "InvalidDisplayName",
    "InvalidPath",
    "InvalidRoleIds",
    "NotFound",
    "OrganizationMarkingNotOnSpace",
    "OrganizationsNotFound",
    "OutcomeUnknown",
    "PathNotFound",
    "PermissionDenied",
    "PreconditionFailed",
    "ProjectCreationNotSupported",
    "ProjectFailed",
    "ProjectNameAlreadyExists",
    "ProjectNotFound",
    "ProvisionError",
    "RateLimited",
    "ReadinessTimeout",
    "RequestEntityTooLarge",
    "ResourceNotFound",
    "ServerError",
    "ServiceUnavailable",
    "SpaceNotFound",
    "TransportError",
    "TrashingAutosavedResourcesNotSupported",
    "TrashingHiddenResourcesNotSupported",
    "TrashingSpaceNotSupported",
    "Unauthorized",
    "UnexpectedResponse",
    "UnprocessableEntity",
    "UnsupportedMediaType",
    "ValidationFailed",
    "after_create",
    "api_error_class",
]

EXCERPT_LIMIT = 500


def excerpt(text: str, limit: int = EXCERPT_LIMIT) -> str:
    """At most `limit` characters of a body, marked when cut, so huge bodies never flood logs."""
    return text if len(text) <= limit else f"{text[:limit]}… [{len(text) - limit} more characters]"


class ProvisionError(Exception):
    """Base of every error provisionkit raises.

    `created_id` is set when the call did create a project before failing (e.g. the wait after a
    successful create timed out): the project exists, and creating it again would duplicate it.
    """

    created_id: str | None = None

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def _fields(self) -> dict[str, Any]:
        return {"message": self.message}

    def __repr__(self) -> str:
        fields = {**self._fields(), "created_id": self.created_id}
        # Each field cut like a body: a huge parameter or detail must not make a huge repr.
        text = ", ".join(f"{k}={excerpt(repr(v))}" for k, v in fields.items() if v is not None)
        return f"{type(self).__name__}({text})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception's own reduce rebuilds by calling type(self)(*self.args), which the keyword-only
        # constructors below refuse: a worker pool's result pipe then breaks or hangs, and
        # `created_id` is lost. Every field lives in the instance's __dict__ (created_id too, once
        # set), so one rule rebuilds any error: the bare instance, then its fields, __init__ unrun.
        return (_rebuild, (type(self), self.args), self.__dict__)

    def __str__(self) -> str:
        if self.created_id is None:
            return self.message
        return f"{self.message} (The project {self.created_id} was created before this failure; do not create it again.)"


def _rebuild(cls: type[ProvisionError], args: tuple[Any, ...]) -> ProvisionError:
    """An error of `cls` with `args` and no fields yet (pickle then sets its __dict__)."""
    return cls.__new__(cls, *args)


def after_create(error: ProvisionError, created_id: str) -> ProvisionError:
    """Mark an error raised after a create succeeded, so the caller knows the project exists."""
    error.created_id = created_id
    return error


class ConfigurationError(ProvisionError):
    """Raised when a client cannot be built: no token, a malformed base URL, or plain http."""


class TransportError(ProvisionError):
    """Raised when the network failed and retrying within the deadline did not help."""

    def __init__(self, message: str, *, operation: str, cause: str | None = None) -> None:
        super().__init__(message)
        self.operation = operation
        self.cause = cause

    def _fields(self) -> dict[str, Any]:
        return {"message": self.message, "operation": self.operation, "cause": self.cause}


class OutcomeUnknown(ProvisionError):
    """Raised when a create may or may not have been applied, and looking it up did not settle it.

    `known` holds what was asked (and what the answer revealed, such as an id); `candidates` the
    ids of the projects the lookup found that could be this call's (empty when none was found or
    the lookup failed): one of them may be yours, none is adopted. Not a TransportError, so a
    retry on network failures never repeats this create.
    """

    def __init__(
        self,
        message: str,
        *,
        operation: str,
        cause: str | None = None,
        known: Mapping[str, Any],
        candidates: Iterable[str] = (),
    ) -> None:
        super().__init__(message)
        self.operation = operation
        self.cause = cause
        self.known = dict(known)
        self.candidates = tuple(candidates)

    def _fields(self) -> dict[str, Any]:
        return {
            "message": self.message,
            "operation": self.operation,
            "cause": self.cause,
            "known": self.known,
            "candidates": self.candidates,
        }


class ErrorFields(TypedDict):
    """What every ApiError built from one error response carries, whichever API sent it (the
    adapters read the rest from their API's envelope; see responses.error_start)."""

    api: str
    operation: str
    status: int
    request_id: str | None
    retry_after: float | None
    body: str


class ApiError(ProvisionError):
    """Raised when the API answered with an error its spec declares (or a status it implies)."""

    status_hint: ClassVar[str] = "The API refused the request."

    def __init__(
        self,
        *,
        api: str,
        operation: str,
        status: int,
        error_name: str | None = None,
        error_code: str | None = None,
        detail: str | None = None,
        parameters: Mapping[str, Any] | None = None,
        instance_id: str | None = None,
        request_id: str | None = None,
        retry_after: float | None = None,
        body: str | None = None,
    ) -> None:
        self.api = api
        self.operation = operation
        self.status = status
        self.error_name = error_name
        self.error_code = error_code
        self.detail = detail
        self.parameters = dict(parameters or {})
        self.instance_id = instance_id
        self.request_id = request_id
        self.retry_after = retry_after
        # The raw error body, whole; the message and repr quote only excerpts of what it said.
        self.body = body
        super().__init__(self._sentence())

    def _sentence(self) -> str:
        name = f" {self.error_name}" if self.error_name else ""
        code = f" ({self.error_code})" if self.error_code else ""
        text = f"{self.api} {self.operation} failed with {self.status}{name}{code}: "
        text += excerpt(self.detail or self.status_hint).rstrip(".") + "."
        if self.parameters:
            params = ", ".join(f"{k}={v!r}" for k, v in sorted(self.parameters.items()))
            text += f" Parameters: {excerpt(params)}."
        if self.retry_after is not None:
            text += f" Retry after {self.retry_after:g} s."
        if self.instance_id:
            text += f" Quote error instance {self.instance_id} to support."
        if self.request_id:
            text += f" Request id {self.request_id}."
        return text

    def _fields(self) -> dict[str, Any]:
        return {
            "api": self.api,
            "operation": self.operation,
            "status": self.status,
            "error_name": self.error_name,
            "error_code": self.error_code,
            "detail": self.detail,
            "parameters": self.parameters or None,
            "instance_id": self.instance_id,
            "request_id": self.request_id,
            "retry_after": self.retry_after,
        }


class BadRequest(ApiError):
    """Raised when the API rejected the request's content (400, 413, 415, 422)."""

    status_hint = "the request is invalid; fix the arguments before retrying"


class ValidationFailed(BadRequest):
    """Raised when mittwald's request validation failed (400 `ValidationError`)."""

    status_hint = "the request did not validate; see the validation errors in the parameters"


class InvalidDisplayName(BadRequest):
    """Raised when a display name is `.`, `..`, contains `/` or is longer than 700 characters."""

    status_hint = (
        "choose a display name that is not '.' or '..', has no '/', and is at most 700 characters"
    )


class ProjectCreationNotSupported(BadRequest):
    """Raised when the space does not allow creating projects."""

    status_hint = "projects cannot be created in this space; pick another space"


class OrganizationMarkingNotOnSpace(BadRequest):
    """Raised when an organization is not applied on the space."""

    status_hint = "every organization must be applied on the space; drop it or use another space"


class InvalidRoleIds(BadRequest):
    """Raised when a role id is not in the space's project role set."""

    status_hint = "use role ids from the space's project role set"


class CreateProjectNoOwnerLikeRoleGrant(BadRequest):
    """Raised when no principal would get an owner-like role (e.g. `compass:manage`)."""

    status_hint = "grant at least one principal an owner-like role such as compass:manage"


class ApiFeaturePreviewUsageOnly(BadRequest):
    """Raised by legacy servers when a preview endpoint is called without `preview=true`."""

    status_hint = (
        "this server still treats the endpoint as preview and wants ?preview=true, which current "
        "Foundry no longer takes and provisionkit no longer sends; upgrade the server"
    )


class InvalidArgument(BadRequest):
    """Raised when the request did not match the API (`Default:InvalidArgument`)."""


class GetRootFolderNotSupported(BadRequest):
    """Raised when the root folder is asked for as a resource (by rid, or the path `/`)."""

    status_hint = "the root folder is not a resource; name a project or something in one"


class GetSpaceResourceNotSupported(BadRequest):
    """Raised when a space is asked for as a resource (by rid or by path)."""

    status_hint = "a space is not readable as a resource; name a project or something in one"


class InvalidPath(BadRequest):
    """Raised when a path is malformed (e.g. an empty component, `//`, or a trailing `/`)."""

    status_hint = "separate the path's components with single '/' characters"


class TrashingSpaceNotSupported(BadRequest):
    """Raised when a space (or the root folder) is to be moved to the trash."""

    status_hint = "spaces cannot be trashed"


class TrashingAutosavedResourcesNotSupported(BadRequest):
    """Raised when an auto-saved resource is to be moved to the trash."""

    status_hint = "auto-saved resources cannot be trashed"


class TrashingHiddenResourcesNotSupported(BadRequest):
    """Raised when a hidden resource is to be moved to the trash."""

    status_hint = "hidden resources cannot be trashed"


class RequestEntityTooLarge(BadRequest):
    """Raised when the request body is too large (413)."""

    status_hint = "the request body is too large; shorten the description or grants"


class UnsupportedMediaType(BadRequest):
    """Raised when the body was not sent as JSON (415)."""


class UnprocessableEntity(BadRequest):
    """Raised when the body could not be deserialized (422)."""


class Unauthorized(ApiError):
    """Raised when the token is missing, invalid or expired (401)."""

    status_hint = "the token is missing, invalid or expired; set a valid token in the environment"


class PermissionDenied(ApiError):
    """Raised when the caller may not do this, or cannot see the target (403)."""

    status_hint = "the token's user may not do this, or cannot see the target (mittwald answers 403 for what you cannot see)"


class CreateProjectPermissionDenied(PermissionDenied):
    """Raised when the caller may not create projects in the space."""

    status_hint = "the token's user may not create projects in this space"


class ApiUsageDenied(PermissionDenied):
    """Raised when the token lacks the OAuth scope the operation needs."""

    status_hint = "the token lacks the scope this operation needs (see missingScope)"


class GetByPathPermissionDenied(PermissionDenied):
    """Raised when the caller may not look resources up by path."""

    status_hint = "the token's user may not look resources up by path"


class DeleteResourcePermissionDenied(PermissionDenied):
    """Raised when the caller may not move the resource to the trash."""

    status_hint = "the token's user may not trash this resource"


class GetCurrentUserPermissionDenied(PermissionDenied):
    """Raised when the caller may not read its own user."""

    status_hint = "the token's user may not read itself (the token may lack api:admin-read)"


class NotFound(ApiError):
    """Raised when the target does not exist (404)."""

    status_hint = "the target does not exist or is not visible to the token's user"


class SpaceNotFound(NotFound):
    """Raised when the space RID does not exist."""

    status_hint = "no such space; check the space RID"


class OrganizationsNotFound(NotFound):
    """Raised when at least one organization RID does not exist."""

    status_hint = "at least one organization RID does not exist"


class ProjectNotFound(NotFound):
    """Raised when the project RID does not exist."""

    status_hint = "no such project; check the project RID"


class ResourceNotFound(NotFound):
    """Raised when the resource RID does not exist or is not visible to the caller."""

    status_hint = "no such resource, or not visible to the token's user; check the RID"


class PathNotFound(NotFound):
    """Raised when nothing is at the path, or not visible to the caller."""

    status_hint = "nothing at this path, or not visible to the token's user"


class Conflict(ApiError):
    """Raised when the request conflicts with the current state (409)."""


class ProjectNameAlreadyExists(Conflict):
    """Raised when the display name is already used in the space."""

    status_hint = "a project with this display name already exists in the space; pick another name"


class PreconditionFailed(ApiError):
    """Raised when mittwald did not reach the awaited event within 10 seconds (412)."""

    status_hint = "the awaited event was not processed in time; retry later"


class RateLimited(ApiError):
    """Raised when still rate limited after retrying within the deadline (429)."""

    status_hint = "too many requests; slow down or raise the timeout"


class ServerError(ApiError):
    """Raised when the server failed (5xx)."""

    status_hint = (
        "the server failed; retry later and quote the error instance to support if it persists"
    )


class ServiceUnavailable(ServerError):
    """Raised when still unavailable after retrying within the deadline, or told not to retry (503)."""

    status_hint = "the service is unavailable; retry later"


class UnexpectedResponse(ProvisionError):
    """Raised when a response is outside the spec: unknown status, malformed or mistyped body."""

    def __init__(
        self,
        reason: str,
        *,
        api: str,
        operation: str,
        status: int,
        content_type: str | None,
        body: str,
    ) -> None:
        self.api = api
        self.operation = operation
        self.status = status
        self.content_type = content_type
        self.body = body  # whole; the message and repr quote only excerpts
        self.body_excerpt = excerpt(body)
        super().__init__(
            f"{api} {operation} answered {status} ({content_type or 'no content type'}) outside its "
            f"spec: {reason}. Body: {excerpt(body, 200)!r}"
        )
        self.reason = reason

    def _fields(self) -> dict[str, Any]:
        return {
            "reason": self.reason,
            "api": self.api,
            "operation": self.operation,
            "status": self.status,
            "content_type": self.content_type,
            "body_excerpt": self.body_excerpt,
        }


class ProjectFailed(ProvisionError):
    """Raised when a project reached a terminal bad state while waiting; carries the project."""

    def __init__(self, message: str, *, project: MittwaldProject) -> None:
        super().__init__(message)
        self.project = project

    def _fields(self) -> dict[str, Any]:
        return {"message": self.message, "project": self.project}


class ReadinessTimeout(ProvisionError):
    """Raised when the deadline passed before the project was ready; carries the last observation."""

    def __init__(
        self,
        message: str,
        *,
        project_id: str,
        last: MittwaldProject | FoundryProject | ApiError | None,
        polls: int,
        elapsed: float,
    ) -> None:
        super().__init__(message)
        self.project_id = project_id
        self.last = last
        self.polls = polls
        self.elapsed = elapsed

    def _fields(self) -> dict[str, Any]:
        return {
            "message": self.message,
            "project_id": self.project_id,
            "polls": self.polls,
            "elapsed": round(self.elapsed, 3),
            "last": self.last,
        }


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: PermissionDenied,
    404: NotFound,
    409: Conflict,
    412: PreconditionFailed,
    413: RequestEntityTooLarge,
    415: UnsupportedMediaType,
    422: UnprocessableEntity,
    429: RateLimited,
    503: ServiceUnavailable,
}

# Wire error names: Foundry's `errorName`, mittwald's `type`. The name decides before the status,
# because a few Foundry errors break Conjure's code-to-status table.
_BY_NAME: dict[tuple[str, str], type[ApiError]] = {
    ("foundry", "ApiFeaturePreviewUsageOnly"): ApiFeaturePreviewUsageOnly,
    ("foundry", "ApiUsageDenied"): ApiUsageDenied,
    ("foundry", "Conjure:UnprocessableEntity"): UnprocessableEntity,
    ("foundry", "Conjure:UnsupportedMediaType"): UnsupportedMediaType,
    ("foundry", "CreateProjectNoOwnerLikeRoleGrant"): CreateProjectNoOwnerLikeRoleGrant,
    ("foundry", "CreateProjectPermissionDenied"): CreateProjectPermissionDenied,
    ("foundry", "Default:Internal"): ServerError,
    ("foundry", "Default:InvalidArgument"): InvalidArgument,
    ("foundry", "Default:RequestEntityTooLarge"): RequestEntityTooLarge,
    ("foundry", "Default:Unauthorized"): Unauthorized,
    ("foundry", "DeleteResourcePermissionDenied"): DeleteResourcePermissionDenied,
    ("foundry", "GetByPathPermissionDenied"): GetByPathPermissionDenied,
    ("foundry", "GetCurrentUserPermissionDenied"): GetCurrentUserPermissionDenied,
    ("foundry", "GetRootFolderNotSupported"): GetRootFolderNotSupported,
    ("foundry", "GetSpaceResourceNotSupported"): GetSpaceResourceNotSupported,
    ("foundry", "InvalidDisplayName"): InvalidDisplayName,
    ("foundry", "InvalidPath"): InvalidPath,
    ("foundry", "InvalidRoleIds"): InvalidRoleIds,
    ("foundry", "OrganizationMarkingNotOnSpace"): OrganizationMarkingNotOnSpace,
    ("foundry", "OrganizationsNotFound"): OrganizationsNotFound,
    ("foundry", "PathNotFound"): PathNotFound,
    ("foundry", "ProjectCreationNotSupported"): ProjectCreationNotSupported,
    ("foundry", "ProjectNameAlreadyExists"): ProjectNameAlreadyExists,
    ("foundry", "ProjectNotFound"): ProjectNotFound,
    ("foundry", "ResourceNotFound"): ResourceNotFound,
    ("foundry", "SpaceNotFound"): SpaceNotFound,
    ("foundry", "TrashingAutosavedResourcesNotSupported"): TrashingAutosavedResourcesNotSupported,
    ("foundry", "TrashingHiddenResourcesNotSupported"): TrashingHiddenResourcesNotSupported,
    ("foundry", "TrashingSpaceNotSupported"): TrashingSpaceNotSupported,
    ("mittwald", "ValidationError"): ValidationFailed,
}


def api_error_class(api: str, status: int, error_name: str | None) -> type[ApiError]:
    """The most specific class for an error: by wire name first, then by status."""
    if error_name is not None and (api, error_name) in _BY_NAME:
        return _BY_NAME[(api, error_name)]
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    return ServerError if status >= 500 else ApiError


def declared_error_names() -> dict[tuple[str, str], type[ApiError]]:
    """The name table, for the test that walks every error the specs declare."""
    return dict(_BY_NAME)
