"""One instance of every error class provisionkit defines, each field set to something that is not
its default, so a test can check an error survives a trip (pickle, a worker pool) field by field.

A module of its own, importable by name, because a pool's worker process must find `raise_sample`
by name (a test module imported by pytest cannot be found that way)."""

from __future__ import annotations

import inspect
from datetime import UTC, datetime
from typing import Any

from provisionkit import errors
from provisionkit.errors import ProvisionError, after_create
from provisionkit.values import FoundryProject, MittwaldProject, ProjectStatus, TrashStatus

__all__ = ["error_classes", "fields", "raise_sample", "samples"]

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def error_classes() -> list[type[ProvisionError]]:
    """Every ProvisionError class errors.py defines (so a new class without a sample fails)."""
    return [
        c for c in vars(errors).values() if inspect.isclass(c) and issubclass(c, ProvisionError)
    ]


def _mittwald_project() -> MittwaldProject:
    # `directories` left at its default: the default mapping must pickle too.
    return MittwaldProject(
        id="p-abcdef",
        short_id="p-abc",
        description="shop",
        customer_id="c-1",
        status=ProjectStatus("somethingNew"),  # an unknown status keeps its value
        reports_ready=False,
        readiness="creating",
        enabled=True,
        created_at=WHEN,
        status_set_at=WHEN,
        server_id="s-4e7tz3",
    )


def _foundry_project() -> FoundryProject:
    return FoundryProject(
        rid="ri.compass.main.folder.p",
        display_name="Flights",
        path="/Space/Flights",
        space_rid="ri.compass.main.folder.s",
        trash_status=TrashStatus.NOT_TRASHED,
        created_by="u-1",
        updated_by="u-1",
        created_time=WHEN,
        updated_time=WHEN,
        resource_level_role_grants_allowed=True,
        description="d",
    )


def _api_error(cls: type[errors.ApiError]) -> errors.ApiError:
    return cls(
        api="foundry",
        operation="createProject",
        status=409,
        error_name="ProjectNameAlreadyExists",
        error_code="CONFLICT",
        detail="taken",
        parameters={"displayName": "Flights", "nested": {"a": [1, 2]}},
        instance_id="i-1",
        request_id="req-1",
        retry_after=2.5,
        body='{"errorName": "ProjectNameAlreadyExists"}',
    )


def samples() -> dict[str, ProvisionError]:
    """One error per class (keyed by class name) plus a few with nested values, every one of them
    marked as raised after a create and carrying a note."""
    found: dict[str, ProvisionError] = {
        c.__name__: _api_error(c) for c in error_classes() if issubclass(c, errors.ApiError)
    }
    found |= {
        "ProvisionError": ProvisionError("something failed"),
        "ConfigurationError": errors.ConfigurationError("no token"),
        "TransportError": errors.TransportError(
            "network failure", operation="getProject", cause="ConnectError: refused"
        ),
        "OutcomeUnknown": errors.OutcomeUnknown(
            "unknown",
            operation="createProject",
            cause="502 from a gateway",
            known={"description": "shop", "status": 502, "sent_at": WHEN},
            candidates=["p-1", "p-2"],
        ),
        "UnexpectedResponse": errors.UnexpectedResponse(
            "not JSON",
            api="mittwald",
            operation="getProject",
            status=200,
            content_type="text/html",
            body="<html>" + "x" * 1000,
        ),
        "ProjectFailed": errors.ProjectFailed("failed", project=_mittwald_project()),
        "ReadinessTimeout": errors.ReadinessTimeout(
            "not ready", project_id="p-abcdef", last=_mittwald_project(), polls=3, elapsed=1.25
        ),
        "ReadinessTimeout-foundry": errors.ReadinessTimeout(
            "not ready",
            project_id="ri.compass.main.folder.p",
            last=_foundry_project(),
            polls=1,
            elapsed=0.5,
        ),
        "ReadinessTimeout-api-error": errors.ReadinessTimeout(
            "not ready",
            project_id="p-abcdef",
            last=_api_error(errors.ServiceUnavailable),
            polls=2,
            elapsed=3.0,
        ),
    }
    for error in found.values():
        after_create(error, "p-created")
        error.add_note("raised in a worker")
    return found


def raise_sample(name: str) -> None:
    """A pool's job: raise the sample `name` (the parent receives it pickled)."""
    raise samples()[name]


def fields(value: Any) -> Any:
    """An error as comparable data: its type, args, str, repr and every field, nested errors
    included (exceptions compare by identity, so two equal errors are never ==)."""
    if isinstance(value, BaseException):
        return (
            type(value),
            value.args,
            str(value),
            repr(value),
            {k: fields(v) for k, v in vars(value).items()},
        )
    return value
