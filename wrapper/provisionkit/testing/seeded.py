"""The ids of the fake's seeded world as a typed value (`ProvisionkitFake.fixtures`)."""

from __future__ import annotations

from dataclasses import dataclass, fields

__all__ = ["SeededIds"]


@dataclass(frozen=True, slots=True)
class SeededIds:
    """The ids of the fake's seeded world (README, "Try it without an account"), typed, so a
    misspelt name fails mypy instead of reaching a request. Built from the fake's own table of
    names (`Fake.fixtures.names`): a name added there and not here fails every plugin test."""

    mittwald_server: str  # projects on it become ready after two polls
    mittwald_failing_server: str  # its projects end in status `error`
    mittwald_forbidden_server: str  # creating on it is a 403
    mittwald_runtime_apps_server: str  # its projects report `runtimeApps` among supportedFeatures
    foundry_space: str  # "Empyrean Airlines", where projects may be created
    foundry_space_without_projects: str  # ProjectCreationNotSupported
    foundry_space_read_only: str  # CreateProjectPermissionDenied
    foundry_organization: str  # applied on foundry_space
    foundry_organization_not_on_space: str  # OrganizationMarkingNotOnSpace
    foundry_owner_role: str  # an owner-like role (a project needs one grant of it)
    foundry_viewer_role: str  # not owner-like
    foundry_principal: str  # the Foundry user of every token but the two below: the caller
    foundry_root_folder: str  # GetRootFolderNotSupported
    foundry_other_user: str  # the user of foundry_other_user_token
    foundry_other_user_token: str  # a token of another user (not a secret)
    foundry_restricted_token: str  # a user refused getByPath and users/getCurrent
    foundry_others_project: str  # another user's project: readable, not trashable
    foundry_autosaved_resource: str  # TrashingAutosavedResourcesNotSupported
    foundry_hidden_resource: str  # TrashingHiddenResourcesNotSupported
    foundry_read_only_token: str  # a token without write scope (ApiUsageDenied)

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]
