"""The fake's seeded world: the seed documents' own ids, plus one fixture per documented error."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Fixtures", "default_fixtures"]

CUSTOMER = "0d7bd3a4-5f9c-4f7b-8a51-3f6c2b1e9d40"
GROUP = "3b1e5c9a-7d2f-4a8e-b6c4-1f9e8d7c6b5a"

# The seed's Foundry ids (its curl request must succeed as written).
EMPYREAN_SPACE = "ri.compass.main.folder.a86ad5f5-3db5-48e4-9fdd-00aa3e5731ca"
EMPYREAN_ORG = "ri.multipass..organization.c30ee6ad-b5e4-4afe-a74f-fe4a289f2faa"
SEED_ROLE = "8bf49052-dc37-4528-8bf0-b551cfb71268"
SEED_PRINCIPAL = "f05f8da4-b84c-4fca-9c77-8af0b13d11de"
# Foundry's root folder (`ri.compass.main.folder.0`): the parent of every space, never a resource.
ROOT_FOLDER = "ri.compass.main.folder.0"
FINANCE_SPACE = "ri.compass.main.folder.7e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"
OTHER_USER = "6c1d7e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f"
RESTRICTED_USER = "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d"
# Not secrets: token values the fake maps to the seeded users (any other token is the caller).
OTHER_USER_TOKEN = "fake-token-of-another-user"  # noqa: S105
RESTRICTED_TOKEN = "fake-token-of-a-restricted-user"  # noqa: S105
QUARTERLY = "ri.compass.main.folder.3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f"
AUTOSAVED = "ri.foundry.main.dataset.c26f11c8-cdb3-4f44-9f5d-9816ea1c82da"
HIDDEN = "ri.foundry.main.dataset.4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a"
SEEDED_TIME = "2026-01-10T09:00:00Z"


def _server(id_: str, short_id: str, description: str, created: str) -> dict[str, Any]:
    return {
        "id": id_,
        "shortId": short_id,
        "customerId": CUSTOMER,
        "description": description,
        "createdAt": created,
        "clusterName": "fiestel",
        "isReady": True,
        "readiness": "ready",
        "status": "ready",
        "machineType": {"name": "shared.large", "cpu": "2", "memory": "4Gi"},
        "storage": "50Gi",
        "groupId": GROUP,
    }


def _user(id_: str, username: str, given: str, family: str) -> dict[str, Any]:
    return {
        "id": id_,
        "username": username,
        "givenName": given,
        "familyName": family,
        "email": f"{username}@empyrean.example",
        "realm": "palantir-internal-realm",
        "organization": EMPYREAN_ORG,
        "status": "ACTIVE",
        "attributes": {"multipass:givenName": [given], "multipass:familyName": [family]},
    }


def _resource(
    rid: str, name: str, parent: str, project: str, type_: str = "FOUNDRY_DATASET"
) -> dict[str, Any]:
    path = "/Finance/Quarterly Reports" + ("" if rid == project else f"/{name}")
    return {
        "rid": rid,
        "displayName": name,
        "path": path,
        "type": type_,
        "createdBy": OTHER_USER,
        "updatedBy": OTHER_USER,
        "createdTime": SEEDED_TIME,
        "updatedTime": SEEDED_TIME,
        "trashStatus": "NOT_TRASHED",
        "parentFolderRid": parent,
        "projectRid": project,
        "spaceRid": FINANCE_SPACE,
    }


@dataclass
class Fixtures:
    """Named ids a user of the fake needs, and the state behind them."""

    mittwald_servers: dict[str, dict[str, Any]]
    failing_servers: set[str]
    forbidden_servers: set[str]
    foundry_spaces: dict[str, dict[str, Any]]
    foundry_organizations: set[str]
    foundry_role_sets: dict[str, dict[str, Any]]
    caller: str
    names: dict[str, str] = field(default_factory=dict)
    # Foundry users: `caller` is every token's user except the tokens listed here (fixed per token).
    foundry_users: dict[str, dict[str, Any]] = field(default_factory=dict)
    foundry_users_by_token: dict[str, str] = field(default_factory=dict)
    # Users who may neither look resources up by path nor read themselves (the 403s of those).
    foundry_restricted_users: set[str] = field(default_factory=set)
    # Read-only resources that exist from the start, each with the error that refuses its trashing.
    foundry_resources: dict[str, dict[str, Any]] = field(default_factory=dict)
    foundry_trash_refusals: dict[str, str] = field(default_factory=dict)
    # mittwald: the features new projects report, per server (absent: the default set).
    server_features: dict[str, list[str]] = field(default_factory=dict)

    def server_by_short_id(self, short_id: str) -> dict[str, Any] | None:
        return next((s for s in self.mittwald_servers.values() if s["shortId"] == short_id), None)

    def foundry_user(self, token: str) -> dict[str, Any]:
        """The user a Foundry token belongs to."""
        return self.foundry_users[self.foundry_users_by_token.get(token, self.caller)]

    def __getattr__(self, name: str) -> str:
        # fake.fixtures.mittwald_server, .foundry_space, ...: the `names` table, read as attributes.
        names = self.__dict__.get("names", {})
        if name in names:
            return str(names[name])
        raise AttributeError(name)


def default_fixtures() -> Fixtures:
    ok = "5e2a1c3b-8f7d-4e6a-9b0c-1d2e3f4a5b6c"
    runtime = "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d"
    failing = "9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f"
    forbidden = "0b5e8c7d-6a4f-4e3d-9c2b-1a0f9e8d7c6b"
    no_projects = "ri.compass.main.folder.5d9e0c1b-2a3f-4e4d-8c5b-6a7f8e9d0c1b"
    read_only = FINANCE_SPACE
    unapplied_org = "ri.multipass..organization.11111111-1111-4111-8111-111111111111"
    return Fixtures(
        mittwald_servers={
            ok: _server(ok, "s-4e7tz3", "Space Server", "2026-01-15T10:00:00Z"),
            failing: _server(
                failing,
                "s-fail01",
                "Broken Server (projects end in status error)",
                "2026-02-01T10:00:00Z",
            ),
            forbidden: _server(
                forbidden, "s-nope01", "Someone else's server", "2026-03-01T10:00:00Z"
            ),
            runtime: _server(
                runtime,
                "s-rtapp1",
                "Runtime Server (projects support runtimeApps)",
                "2026-04-01T10:00:00Z",
            ),
        },
        # The newest feature, which mittwald-api-client 3.0.0 cannot parse: only on request.
        server_features={runtime: ["redis", "node", "container", "runtimeApps"]},
        failing_servers={failing},
        forbidden_servers={forbidden},
        foundry_spaces={
            EMPYREAN_SPACE: {
                "displayName": "Empyrean Airlines",
                "allowsProjects": True,
                "callerMayCreate": True,
                "organizations": {EMPYREAN_ORG},
                "roleSet": "default",
            },
            no_projects: {
                "displayName": "Archive",
                # A space's path need not be `/<displayName>` (the IR's example space is "My
                # Space" at `/My space-576e4`): clients must take it from listSpaces.
                "path": "/Archive-5d9e0",
                "allowsProjects": False,
                "callerMayCreate": True,
                "organizations": {EMPYREAN_ORG},
                "roleSet": "default",
            },
            read_only: {
                "displayName": "Finance",
                "allowsProjects": True,
                "callerMayCreate": False,
                "organizations": {EMPYREAN_ORG},
                "roleSet": "default",
            },
        },
        foundry_organizations={EMPYREAN_ORG, unapplied_org},
        foundry_role_sets={
            "default": {
                "roles": {
                    SEED_ROLE,
                    "compass:manage",
                    "compass:edit",
                    "compass:view",
                    "compass:discover",
                },
                "ownerLike": {SEED_ROLE, "compass:manage"},
            }
        },
        caller=SEED_PRINCIPAL,
        foundry_users={
            SEED_PRINCIPAL: _user(SEED_PRINCIPAL, "jsmith", "John", "Smith"),
            OTHER_USER: _user(OTHER_USER, "amiller", "Ann", "Miller"),
            RESTRICTED_USER: _user(RESTRICTED_USER, "rlocked", "Rob", "Locked"),
        },
        foundry_users_by_token={OTHER_USER_TOKEN: OTHER_USER, RESTRICTED_TOKEN: RESTRICTED_USER},
        foundry_restricted_users={RESTRICTED_USER},
        foundry_resources={
            QUARTERLY: _resource(
                QUARTERLY, "Quarterly Reports", FINANCE_SPACE, QUARTERLY, "COMPASS_FOLDER"
            ),
            AUTOSAVED: _resource(AUTOSAVED, "Autosave of Q3", QUARTERLY, QUARTERLY),
            HIDDEN: _resource(HIDDEN, ".Q3 scratch", QUARTERLY, QUARTERLY),
        },
        foundry_trash_refusals={
            QUARTERLY: "DeleteResourcePermissionDenied",
            AUTOSAVED: "TrashingAutosavedResourcesNotSupported",
            HIDDEN: "TrashingHiddenResourcesNotSupported",
        },
        names={
            "mittwald_server": ok,
            "mittwald_failing_server": failing,
            "mittwald_forbidden_server": forbidden,
            "mittwald_runtime_apps_server": runtime,
            "foundry_space": EMPYREAN_SPACE,
            "foundry_space_without_projects": no_projects,
            "foundry_space_read_only": read_only,
            "foundry_organization": EMPYREAN_ORG,
            "foundry_organization_not_on_space": unapplied_org,
            "foundry_owner_role": SEED_ROLE,
            "foundry_viewer_role": "compass:view",
            "foundry_principal": SEED_PRINCIPAL,
            "foundry_root_folder": ROOT_FOLDER,
            "foundry_other_user": OTHER_USER,
            "foundry_other_user_token": OTHER_USER_TOKEN,
            "foundry_restricted_token": RESTRICTED_TOKEN,
            "foundry_others_project": QUARTERLY,
            "foundry_autosaved_resource": AUTOSAVED,
            "foundry_hidden_resource": HIDDEN,
            # Not a secret: a token value the fake treats as lacking the write scope (ApiUsageDenied).
            "foundry_read_only_token": "fake-token-without-write-scope",
        },
    )
