from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.common_error import CommonError
from ...models.create_project_request import CreateProjectRequest
from ...models.create_project_response import CreateProjectResponse
from ...models.rate_limit_error import RateLimitError
from ...models.validation_error import ValidationError
from ...types import Response


def _get_kwargs(
    server_id: str,
    *,
    body: CreateProjectRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v2/servers/{server_id}/projects".format(
            server_id=quote(str(server_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    # provisionkit: likewise, only pass headers when there are some (an optional header unset).
    if headers:
        _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CommonError | CreateProjectResponse | RateLimitError | ValidationError:
    if response.status_code == 201:
        response_201 = CreateProjectResponse.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = ValidationError.from_dict(response.json())

        return response_400

    if response.status_code == 403:
        response_403 = CommonError.from_dict(response.json())

        return response_403

    if response.status_code == 412:
        response_412 = CommonError.from_dict(response.json())

        return response_412

    if response.status_code == 429:
        response_429 = RateLimitError.from_dict(response.json())

        return response_429

    response_default = CommonError.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CommonError | CreateProjectResponse | RateLimitError | ValidationError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    server_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateProjectRequest,
) -> Response[CommonError | CreateProjectResponse | RateLimitError | ValidationError]:
    """Create a Project belonging to a Server.

    Args:
        server_id (str):
        body (CreateProjectRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CommonError | CreateProjectResponse | RateLimitError | ValidationError]
    """

    kwargs = _get_kwargs(
        server_id=server_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    server_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateProjectRequest,
) -> CommonError | CreateProjectResponse | RateLimitError | ValidationError | None:
    """Create a Project belonging to a Server.

    Args:
        server_id (str):
        body (CreateProjectRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CommonError | CreateProjectResponse | RateLimitError | ValidationError
    """

    return sync_detailed(
        server_id=server_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    server_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateProjectRequest,
) -> Response[CommonError | CreateProjectResponse | RateLimitError | ValidationError]:
    """Create a Project belonging to a Server.

    Args:
        server_id (str):
        body (CreateProjectRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CommonError | CreateProjectResponse | RateLimitError | ValidationError]
    """

    kwargs = _get_kwargs(
        server_id=server_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    server_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateProjectRequest,
) -> CommonError | CreateProjectResponse | RateLimitError | ValidationError | None:
    """Create a Project belonging to a Server.

    Args:
        server_id (str):
        body (CreateProjectRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CommonError | CreateProjectResponse | RateLimitError | ValidationError
    """

    return (
        await asyncio_detailed(
            server_id=server_id,
            client=client,
            body=body,
        )
    ).parsed
