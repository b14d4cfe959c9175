from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.foundry_error import FoundryError
from ...models.project import Project
from ...types import Response


def _get_kwargs(
    project_rid: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v2/filesystem/projects/{project_rid}".format(
            project_rid=quote(str(project_rid), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | FoundryError | Project | None:
    if response.status_code == 200:
        response_200 = Project.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = FoundryError.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = FoundryError.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = FoundryError.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = FoundryError.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = cast(Any, None)
        return response_429

    if response.status_code == 500:
        response_500 = FoundryError.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = cast(Any, None)
        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | FoundryError | Project]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    project_rid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | FoundryError | Project]:
    """Get the Project with the specified rid.

     Third-party applications using this endpoint via OAuth2 must request `api:filesystem-read`.

    Args:
        project_rid (str): The unique resource identifier (RID) of a Project.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | FoundryError | Project]
    """

    kwargs = _get_kwargs(
        project_rid=project_rid,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project_rid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | FoundryError | Project | None:
    """Get the Project with the specified rid.

     Third-party applications using this endpoint via OAuth2 must request `api:filesystem-read`.

    Args:
        project_rid (str): The unique resource identifier (RID) of a Project.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | FoundryError | Project
    """

    return sync_detailed(
        project_rid=project_rid,
        client=client,
    ).parsed


async def asyncio_detailed(
    project_rid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | FoundryError | Project]:
    """Get the Project with the specified rid.

     Third-party applications using this endpoint via OAuth2 must request `api:filesystem-read`.

    Args:
        project_rid (str): The unique resource identifier (RID) of a Project.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | FoundryError | Project]
    """

    kwargs = _get_kwargs(
        project_rid=project_rid,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_rid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | FoundryError | Project | None:
    """Get the Project with the specified rid.

     Third-party applications using this endpoint via OAuth2 must request `api:filesystem-read`.

    Args:
        project_rid (str): The unique resource identifier (RID) of a Project.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | FoundryError | Project
    """

    return (
        await asyncio_detailed(
            project_rid=project_rid,
            client=client,
        )
    ).parsed
