"""Foundry's operations, declared once (see provisionkit/operations.py for what derives from them).

A new read, list, update or delete is one entry here, the spec, the fake backend's method and a
test (CONTRIBUTING.md). The order is the order of the client's methods.
"""

from __future__ import annotations

from provisionkit.operations import Cli, Guard, Kind, Operation, Paging, Param, Where

__all__ = ["API", "NOT_EXPOSED", "OPERATIONS"]

API = "foundry"


def _rid(name: str, label: str) -> Param:
    """A RID path parameter: `label` is the spec's name (`projectRid`), which errors quote."""
    wire = "".join(f"_{c.lower()}" if c.isupper() else c for c in label)  # the generated name
    return Param(
        name, keyword_only=False, wire=wire, label=label, check="check_rid", cli="positional"
    )


OPERATIONS: tuple[Operation, ...] = (
    Operation(
        id="createProject",
        kind=Kind.CREATE,
        method="create_project",
        doc="""Create a project in a space; with `wait`, also confirm it is readable.

        `timeout` is the whole operation's deadline. A create whose outcome is unknown is looked
        up by the client (see provisionkit.reconciling), or settled by `reconcile` instead; a
        create that got no answer is first sent once more while time is left (unless the answer
        forbade it), which unique names per space make safe, and `reconcile` is asked only if
        that does not settle it. What
        neither settles raises OutcomeUnknown. Never a second project.""",
        returns="FoundryProject",
        params=(
            Param("display_name", keyword_only=False, where=Where.BODY),
            Param("space_rid", keyword_only=False, where=Where.BODY),
            Param("role_grants", "RoleGrants | None", "None", Where.BODY),
            Param("default_roles", "Iterable[str] | None", "None", Where.BODY),
            Param("organization_rids", "Iterable[str] | None", "None", Where.BODY),
            Param("description", "str | None", "None", Where.BODY),
            Param("resource_level_role_grants_allowed", "bool | None", "None", Where.BODY),
            Param("wait", "bool", "False", Where.FLOW),
            Param("timeout", "float", "DEFAULT_CREATE_DEADLINE", Where.FLOW),
            Param("reconcile", "Reconcile | None", "None", Where.FLOW),
        ),
        endpoint="projects.create_project",
        idempotent=False,
        guard=Guard.CREATE,
        cli=Cli("create", "create a project in a space"),  # cli.py: by hand
    ),
    Operation(
        id="getProject",
        kind=Kind.READ,
        method="get_project",
        doc="The project as getProject reports it now.",
        returns="FoundryProject",
        params=(_rid("project_rid", "projectRid"),),
        endpoint="projects.get_project",
        parse="parse_project",
        asked_for=("rid",),
        cli=Cli("get", "show a project"),
    ),
    Operation(
        id="deleteResource",
        kind=Kind.DELETE,
        method="delete_project",
        doc="Move a project to the trash (deleteResource; it can be restored from there).",
        returns="None",
        params=(_rid("project_rid", "resourceRid"),),
        endpoint="resources.delete_resource",
        success=(200, 204),
        guard=Guard.OWN,
        cli=Cli("delete", "move a project to the trash", done="trashed"),
        log="moved {project_rid} to the trash",
    ),
    Operation(
        id="getResource",
        kind=Kind.READ,
        method="get_resource",
        doc="A filesystem resource (project, space, folder, ...) by RID.",
        returns="FoundryResource",
        params=(_rid("resource_rid", "resourceRid"),),
        endpoint="resources.get_resource",
        parse="parse_resource",
        asked_for=("rid",),
        cli=Cli("resource", "show a resource (project, space, folder, ...) by RID"),
    ),
    Operation(
        id="getResourceByPath",
        kind=Kind.READ,
        method="get_resource_by_path",
        doc="The resource at a path such as `/My Space/My Project` (NotFound when none is).",
        returns="FoundryResource",
        params=(
            Param(
                "path", keyword_only=False, where=Where.QUERY, check="check_path", cli="positional"
            ),
        ),
        endpoint="resources.get_resource_by_path",
        parse="parse_resource",
        cli=Cli("path", "show the resource at a path such as '/My Space/My Project'"),
    ),
    Operation(
        id="getCurrentUser",
        kind=Kind.READ,
        method="get_current_user",
        doc="The user the token acts as.",
        returns="FoundryUser",
        endpoint="users.get_current_user",
        parse="parse_user",
        cli=Cli("me", "show the user the token acts as (its id is what --grant takes)"),
    ),
    Operation(
        id="listSpaces",
        kind=Kind.LIST,
        method="list_spaces",
        doc="""Every space the token can see (listSpaces, all pages), with the path each one's
        projects' paths start with.""",
        returns="list[FoundrySpace]",
        endpoint="spaces.list_spaces",
        parse="parse_spaces",
        # The IR states no page size limit; most stacks have a few dozen spaces: one page.
        paging=Paging("token", size="page_size", cursor="page_token", per_page=100),
        cli=Cli("spaces", "list the spaces you can see (their RIDs are what --space-rid takes)"),
    ),
)

# Spec operations with no entry, and why (none: every Foundry operation in the spec is used).
NOT_EXPOSED: dict[str, str] = {}
