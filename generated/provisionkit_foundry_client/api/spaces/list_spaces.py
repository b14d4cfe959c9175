from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.foundry_error import FoundryError
from ...models.list_spaces_response import ListSpacesResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["pageSize"] = page_size

    params["pageToken"] = page_token

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v2/filesystem/spaces",
    }

    # provisionkit: only pass params when there are some; httpx merges and rebuilds the URL for any
    # params argument, even an empty one, which was a measured share of each call.
    if params:
        _kwargs["params"] = params

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | FoundryError | ListSpacesResponse | None:
    if response.status_code == 200:
        response_200 = ListSpacesResponse.from_dict(response.json())

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
) -> Response[Any | FoundryError | ListSpacesResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Response[Any | FoundryError | ListSpacesResponse]:
    """Lists all Spaces.

     A paged endpoint: each page may be smaller or larger than the requested page size, but while more
    spaces remain the answer carries `nextPageToken`; send it back as `pageToken` for the next page. No
    `nextPageToken` means the last page. A space's `path` is not always `/<displayName>` (the IR's
    example: "My Space" at `/My space-576e4`); a project's path is its space's `path` plus
    `/<displayName>`. Third-party applications using this endpoint via OAuth2 must request
    `api:filesystem-read`.

    Args:
        page_size (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | FoundryError | ListSpacesResponse]
    """

    kwargs = _get_kwargs(
        page_size=page_size,
        page_token=page_token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Any | FoundryError | ListSpacesResponse | None:
    """Lists all Spaces.

     A paged endpoint: each page may be smaller or larger than the requested page size, but while more
    spaces remain the answer carries `nextPageToken`; send it back as `pageToken` for the next page. No
    `nextPageToken` means the last page. A space's `path` is not always `/<displayName>` (the IR's
    example: "My Space" at `/My space-576e4`); a project's path is its space's `path` plus
    `/<displayName>`. Third-party applications using this endpoint via OAuth2 must request
    `api:filesystem-read`.

    Args:
        page_size (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | FoundryError | ListSpacesResponse
    """

    return sync_detailed(
        client=client,
        page_size=page_size,
        page_token=page_token,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Response[Any | FoundryError | ListSpacesResponse]:
    """Lists all Spaces.

     A paged endpoint: each page may be smaller or larger than the requested page size, but while more
    spaces remain the answer carries `nextPageToken`; send it back as `pageToken` for the next page. No
    `nextPageToken` means the last page. A space's `path` is not always `/<displayName>` (the IR's
    example: "My Space" at `/My space-576e4`); a project's path is its space's `path` plus
    `/<displayName>`. Third-party applications using this endpoint via OAuth2 must request
    `api:filesystem-read`.

    Args:
        page_size (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | FoundryError | ListSpacesResponse]
    """

    kwargs = _get_kwargs(
        page_size=page_size,
        page_token=page_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Any | FoundryError | ListSpacesResponse | None:
    """Lists all Spaces.

     A paged endpoint: each page may be smaller or larger than the requested page size, but while more
    spaces remain the answer carries `nextPageToken`; send it back as `pageToken` for the next page. No
    `nextPageToken` means the last page. A space's `path` is not always `/<displayName>` (the IR's
    example: "My Space" at `/My space-576e4`); a project's path is its space's `path` plus
    `/<displayName>`. Third-party applications using this endpoint via OAuth2 must request
    `api:filesystem-read`.

    Args:
        page_size (int | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | FoundryError | ListSpacesResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            page_size=page_size,
            page_token=page_token,
        )
    ).parsed
