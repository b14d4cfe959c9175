"""mittwald's operations, declared once (see provisionkit/operations.py for what derives from them).

A new read, list, update or delete is one entry here, the spec, the fake backend's method and a
test (CONTRIBUTING.md). The order is the order of the client's methods.
"""

from __future__ import annotations

from provisionkit.operations import Cli, Guard, Kind, Operation, Paging, Param, Where

__all__ = ["API", "NOT_EXPOSED", "OPERATIONS"]

API = "mittwald"

_PROJECT_ID = Param(
    "project_id", keyword_only=False, check="check_id", cli="positional", label="project_id"
)
_OFFSET = Paging("offset", size="limit", cursor="skip", total_header="x-pagination-totalcount")


def _filters(enums: str) -> tuple[Param, ...]:
    """The filters and order both mittwald lists take (`enums`: the generated enums' prefix)."""
    return (
        Param("customer_id", "str | None", "None", Where.QUERY, cli="--customer-id"),
        Param("search_term", "str | None", "None", Where.QUERY, cli="--search"),
        Param("sort", "str", '"createdAt"', Where.QUERY, convert=f"enum:{enums}Sort"),
        Param("order", "str", '"asc"', Where.QUERY, convert=f"enum:{enums}Order"),
    )


OPERATIONS: tuple[Operation, ...] = (
    Operation(
        id="project-create-project",
        kind=Kind.CREATE,
        method="create_project",
        doc="""Create a project on a server; with `wait`, return once it is ready.

        `timeout` is the whole operation's deadline (create, retries and every poll): by default
        DEFAULT_WAIT with `wait`, DEFAULT_CREATE_DEADLINE without (config.py).
        A create whose outcome is unknown is looked up by the client (see
        provisionkit.reconciling), or, given `reconcile`, by that function alone: the client then
        never sends the create again. What neither settles raises OutcomeUnknown. Never a second
        project.""",
        returns="MittwaldProject",
        params=(
            Param("server_id", keyword_only=False, check="check_id"),
            Param("description", keyword_only=False, where=Where.BODY),
            Param("wait", "bool", "True", Where.FLOW),
            # None: the flow picks DEFAULT_WAIT or DEFAULT_CREATE_DEADLINE by `wait`.
            Param("timeout", "float | None", "None", Where.FLOW),
            Param("visibility_grace", "float", "DEFAULT_VISIBILITY_GRACE", Where.FLOW),
            Param("reconcile", "Reconcile | None", "None", Where.FLOW),
        ),
        endpoint="project.project_create_project",
        success=(201,),
        idempotent=False,
        guard=Guard.CREATE,
        cli=Cli("create", "create a project on a server and wait until ready"),  # cli.py: by hand
    ),
    Operation(
        id="project-get-project",
        kind=Kind.READ,
        method="get_project",
        doc="The project as get-project reports it now.",
        returns="MittwaldProject",
        params=(_PROJECT_ID,),
        endpoint="project.project_get_project",
        parse="parse_project",
        asked_for=("id", "short_id"),
        cli=Cli("get", "show a project"),
    ),
    Operation(
        id="project-get-project",
        kind=Kind.WAIT,
        method="wait_until_ready",
        doc="Poll the project until it is ready; ProjectFailed or ReadinessTimeout otherwise.",
        returns="MittwaldProject",
        params=(
            _PROJECT_ID,
            Param("timeout", "float", "DEFAULT_WAIT", Where.FLOW),
            Param("visibility_grace", "float", "DEFAULT_VISIBILITY_GRACE", Where.FLOW),
        ),
        endpoint="project.project_get_project",
        cli=Cli("wait", "wait until a project is ready"),  # cli.py: by hand
    ),
    Operation(
        id="project-list-servers",
        kind=Kind.LIST,
        method="list_servers",
        doc="Every server the token can see (all pages), optionally filtered.",
        returns="list[Server]",
        params=_filters("ProjectListServers"),
        endpoint="project.project_list_servers",
        parse="parse_servers",
        paging=_OFFSET,
        cli=Cli("servers", "list the servers you can create projects on"),
    ),
    Operation(
        id="project-list-projects",
        kind=Kind.LIST,
        method="list_projects",
        doc="Every project the token can see (all pages), optionally filtered by server (its UUID).",
        returns="list[MittwaldProjectSummary]",
        params=(
            Param(
                "server_id",
                "str | None",
                "None",
                Where.QUERY,
                convert="uuid",
                cli="--server-id",
                help="the server's UUID",
            ),
            *_filters("ProjectListProjects"),
        ),
        endpoint="project.project_list_projects",
        parse="parse_project_summaries",
        paging=_OFFSET,
        cli=Cli("projects", "list projects, optionally on one server"),
    ),
    Operation(
        id="project-delete-project",
        kind=Kind.DELETE,
        method="delete_project",
        doc="Delete a project (mittwald removes it with everything in it).",
        returns="None",
        params=(_PROJECT_ID,),
        endpoint="project.project_delete_project",
        success=(200, 204),
        guard=Guard.OWN,
        cli=Cli("delete", "delete a project", done="deleted"),
        log="deleted project {project_id}",
    ),
)

# Spec operations with no entry, and why.
NOT_EXPOSED = {
    "deprecated-project-create-subproject": "the seed's old create path, deprecated by mittwald: "
    "the fake serves it, the client sends project-create-project",
}
