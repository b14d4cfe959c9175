"""Contains all the data models used in inputs/outputs"""

from .common_error import CommonError
from .create_project_request import CreateProjectRequest
from .create_project_response import CreateProjectResponse
from .customer_meta import CustomerMeta
from .deprecated_readiness import DeprecatedReadiness
from .disable_reason import DisableReason
from .hardware_spec import HardwareSpec
from .machine_type import MachineType
from .project import Project
from .project_directories import ProjectDirectories
from .project_feature import ProjectFeature
from .project_list_item import ProjectListItem
from .project_list_projects_order import ProjectListProjectsOrder
from .project_list_projects_sort import ProjectListProjectsSort
from .project_list_servers_order import ProjectListServersOrder
from .project_list_servers_sort import ProjectListServersSort
from .project_status import ProjectStatus
from .rate_limit_error import RateLimitError
from .server import Server
from .server_disabled_reason import ServerDisabledReason
from .server_status import ServerStatus
from .validation_error import ValidationError
from .validation_error_item import ValidationErrorItem
from .validation_error_item_context import ValidationErrorItemContext
from .validation_error_type import ValidationErrorType
from .visitor_spec import VisitorSpec

__all__ = (
    "CommonError",
    "CreateProjectRequest",
    "CreateProjectResponse",
    "CustomerMeta",
    "DeprecatedReadiness",
    "DisableReason",
    "HardwareSpec",
    "MachineType",
    "Project",
    "ProjectDirectories",
    "ProjectFeature",
    "ProjectListItem",
    "ProjectListProjectsOrder",
    "ProjectListProjectsSort",
    "ProjectListServersOrder",
    "ProjectListServersSort",
    "ProjectStatus",
    "RateLimitError",
    "Server",
    "ServerDisabledReason",
    "ServerStatus",
    "ValidationError",
    "ValidationErrorItem",
    "ValidationErrorItemContext",
    "ValidationErrorType",
    "VisitorSpec",
)
