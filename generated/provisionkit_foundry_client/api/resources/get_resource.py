from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.foundry_error import FoundryError
from ...models.resource import Resource
from ...types import Response


def _get_kwargs(
    resource_rid: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v2/filesystem/resources/{resource_rid}".format(
            resource_rid=quote(str(resource_rid), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | FoundryError | Resource | None:
    if response.status_code == 200:
        response_200 = Resource.from_dict(response.json())

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
) -> Response[Any | FoundryError | Resource]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    resource_rid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | FoundryError | Resource]:
    """Get the Resource with the specified rid.

     Third-party applications using this endpoint via OAuth2 must request `api:filesystem-read`.

    Args:
        resource_rid (str): The unique resource identifier (RID) of a resource.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | FoundryError | Resource]
    """

    kwargs = _get_kwargs(
        resource_rid=resource_rid,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    resource_rid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | FoundryError | Resource | None:
    """Get the Resource with the specified rid.

     Third-party applications using this endpoint via OAuth2 must request `api:filesystem-read`.

    Args:
        resource_rid (str): The unique resource identifier (RID) of a resource.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | FoundryError | Resource
    """

    return sync_detailed(
        resource_rid=resource_rid,
        client=client,
    ).parsed


async def asyncio_detailed(
    resource_rid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | FoundryError | Resource]:
    """Get the Resource with the specified rid.

     Third-party applications using this endpoint via OAuth2 must request `api:filesystem-read`.

    Args:
        resource_rid (str): The unique resource identifier (RID) of a resource.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | FoundryError | Resource]
    """

    kwargs = _get_kwargs(
        resource_rid=resource_rid,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    resource_rid: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | FoundryError | Resource | None:
    """Get the Resource with the specified rid.

     Third-party applications using this endpoint via OAuth2 must request `api:filesystem-read`.

    Args:
        resource_rid (str): The unique resource identifier (RID) of a resource.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | FoundryError | Resource
    """

    return (
        await asyncio_detailed(
            resource_rid=resource_rid,
            client=client,
        )
    ).parsed
