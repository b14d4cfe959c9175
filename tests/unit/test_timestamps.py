"""A timestamp in lower case (`t`, `z`: valid RFC 3339) reaches the caller as the same aware
datetime as its upper-case spelling, through both public clients (the generated models do it; see
tests/specs/test_timestamps.py)."""

from __future__ import annotations

import datetime
from typing import Any

import httpx
from provisionkit import FoundryClient, MittwaldClient, Runtime

from tests.helpers import TOKEN
from tests.helpers.specs import success_example

WHEN = datetime.datetime(2026, 11, 23, 8, 0, 4, tzinfo=datetime.UTC)
LOWER = "2026-11-23t08:00:04z"


def _answering(body: dict[str, Any]) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(200, json=body))


def test_mittwald_project_with_lowercase_timestamps() -> None:
    body = {**success_example("mittwald", "project-get-project").value}
    body.update(createdAt=LOWER, statusSetAt=LOWER)
    runtime = Runtime(sleep=lambda s: None, rand=lambda: 0.0)
    with MittwaldClient(TOKEN, transport=_answering(body), runtime=runtime) as client:
        project = client.get_project(body["id"], timeout=5)
    assert project.created_at == project.status_set_at == WHEN


def test_foundry_project_with_lowercase_timestamps() -> None:
    body = {**success_example("foundry", "getProject").value}
    body.update(createdTime=LOWER, updatedTime=LOWER)
    runtime = Runtime(sleep=lambda s: None, rand=lambda: 0.0)
    with FoundryClient(
        TOKEN, hostname="example.palantirfoundry.com", transport=_answering(body), runtime=runtime
    ) as client:
        project = client.get_project(body["rid"], timeout=5)
    assert project.created_time == project.updated_time == WHEN
