"""Contains all the data models used in inputs/outputs"""

from .create_project_request import CreateProjectRequest
from .create_project_request_role_grants_type_0 import (
    CreateProjectRequestRoleGrantsType0,
)
from .foundry_error import FoundryError
from .foundry_error_parameters import FoundryErrorParameters
from .list_spaces_response import ListSpacesResponse
from .principal_type import PrincipalType
from .principal_with_id import PrincipalWithId
from .principal_with_id_type import PrincipalWithIdType
from .project import Project
from .resource import Resource
from .resource_type import ResourceType
from .space import Space
from .trash_status import TrashStatus
from .user import User
from .user_attributes_type_0 import UserAttributesType0
from .user_status import UserStatus

__all__ = (
    "CreateProjectRequest",
    "CreateProjectRequestRoleGrantsType0",
    "FoundryError",
    "FoundryErrorParameters",
    "ListSpacesResponse",
    "PrincipalType",
    "PrincipalWithId",
    "PrincipalWithIdType",
    "Project",
    "Resource",
    "ResourceType",
    "Space",
    "TrashStatus",
    "User",
    "UserAttributesType0",
    "UserStatus",
)
