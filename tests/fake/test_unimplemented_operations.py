"""A spec operation the fake's backend lacks answers 501 naming it; the rest of the app still works."""

from __future__ import annotations

import httpx
import pytest
from provisionkit.fake import Fake
from provisionkit.fake.foundry_backend import FoundryBackend
from provisionkit.fake.handlers import Handlers
from provisionkit.fake.mittwald_backend import MittwaldBackend

from tests.helpers import AUTH


def test_an_operation_without_handler_or_backend_method_answers_501_naming_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # getCurrentUser loses its handler, and the backend has no method named after the table's
    # `get_current_user`: the app must still build, and answer that one operation 501.
    monkeypatch.delattr(Handlers, "getCurrentUser")
    with (
        Fake() as fake,
        httpx.Client(base_url="http://fake", transport=fake.sync_transport(), headers=AUTH) as http,
    ):
        missing = http.get("/api/v2/admin/users/getCurrent")
        spaces = http.get("/api/v2/filesystem/spaces")
    assert missing.status_code == 501
    assert missing.json()["errorName"] == "Fake:NotImplemented"
    assert missing.json()["parameters"]["operationId"] == "getCurrentUser"
    assert "get_current_user()" in missing.json()["parameters"]["message"]
    assert spaces.status_code == 200


def test_an_operation_without_a_handler_runs_the_backend_method_named_after_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The convention a new simple operation relies on: only the backend method is written."""
    monkeypatch.delattr(Handlers, "project_delete_project")
    deleted: list[str] = []

    def delete_project(self: MittwaldBackend, project_id: str) -> str:
        deleted.append(project_id)
        return "event-1"  # a mittwald write's event id, which the answer carries as etag

    monkeypatch.setattr(MittwaldBackend, "delete_project", delete_project)
    with (
        Fake() as fake,
        httpx.Client(base_url="http://fake", transport=fake.sync_transport(), headers=AUTH) as http,
    ):
        answer = http.delete("/v2/projects/p-abc123")
    assert answer.status_code == 204
    assert answer.headers["etag"] == "event-1"
    assert deleted == ["p-abc123"]


def test_a_mittwald_operation_the_backend_lacks_answers_mittwalds_error_format(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delattr(Handlers, "project_delete_project")
    monkeypatch.delattr(MittwaldBackend, "delete_project")
    assert FoundryBackend  # both backends are built; only this operation is missing
    with (
        Fake() as fake,
        httpx.Client(base_url="http://fake", transport=fake.sync_transport(), headers=AUTH) as http,
    ):
        answer = http.delete("/v2/projects/p-abc123")
    assert answer.status_code == 501
    assert answer.json()["type"] == "NotImplemented"
    assert "project-delete-project" in answer.json()["message"]
