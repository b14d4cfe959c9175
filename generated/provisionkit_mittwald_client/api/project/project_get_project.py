from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.common_error import CommonError
from ...models.project import Project
from ...models.rate_limit_error import RateLimitError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    project_id: str,
    *,
    if_event_reached: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_event_reached, Unset):
        headers["if-event-reached"] = if_event_reached

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v2/projects/{project_id}".format(
            project_id=quote(str(project_id), safe=""),
        ),
    }

    # provisionkit: likewise, only pass headers when there are some (an optional header unset).
    if headers:
        _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CommonError | Project | RateLimitError:
    if response.status_code == 200:
        response_200 = Project.from_dict(response.json())

        return response_200

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
) -> Response[CommonError | Project | RateLimitError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    if_event_reached: str | Unset = UNSET,
) -> Response[CommonError | Project | RateLimitError]:
    """Get a Project.

    Args:
        project_id (str):
        if_event_reached (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CommonError | Project | RateLimitError]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        if_event_reached=if_event_reached,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    if_event_reached: str | Unset = UNSET,
) -> CommonError | Project | RateLimitError | None:
    """Get a Project.

    Args:
        project_id (str):
        if_event_reached (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CommonError | Project | RateLimitError
    """

    return sync_detailed(
        project_id=project_id,
        client=client,
        if_event_reached=if_event_reached,
    ).parsed


async def asyncio_detailed(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    if_event_reached: str | Unset = UNSET,
) -> Response[CommonError | Project | RateLimitError]:
    """Get a Project.

    Args:
        project_id (str):
        if_event_reached (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CommonError | Project | RateLimitError]
    """

    kwargs = _get_kwargs(
        project_id=project_id,
        if_event_reached=if_event_reached,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    project_id: str,
    *,
    client: AuthenticatedClient | Client,
    if_event_reached: str | Unset = UNSET,
) -> CommonError | Project | RateLimitError | None:
    """Get a Project.

    Args:
        project_id (str):
        if_event_reached (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CommonError | Project | RateLimitError
    """

    return (
        await asyncio_detailed(
            project_id=project_id,
            client=client,
            if_event_reached=if_event_reached,
        )
    ).parsed
