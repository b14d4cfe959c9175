"""RFC 3339 lets a timestamp spell `T` and `Z` in lower case (section 5.6); Python 3.11's
`datetime.fromisoformat` refuses a lowercase `z`. The generated models upper-case a timestamp before
parsing it (specs/generator/templates/property_templates/datetime_property.py.jinja), so every
date-time field of both clients, required or optional, reads both spellings alike."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from provisionkit_foundry_client.models import Project as FoundryProject
from provisionkit_foundry_client.models import Resource
from provisionkit_mittwald_client.models import Project as MittwaldProject
from provisionkit_mittwald_client.models import ProjectListItem

from tests.helpers.specs import success_example

WHEN = datetime.datetime(2026, 11, 23, 8, 0, 4, 500000, tzinfo=datetime.UTC)
SPELLINGS = ["2026-11-23t08:00:04.5z", "2026-11-23T08:00:04.5z", "2026-11-23t08:00:04.5Z"]

# (api, operation, model, wire field, attribute); disabledAt is optional, the rest required.
FIELDS = [
    ("mittwald", "project-get-project", MittwaldProject, "createdAt", "created_at"),
    ("mittwald", "project-get-project", MittwaldProject, "disabledAt", "disabled_at"),
    ("mittwald", "project-list-projects", ProjectListItem, "statusSetAt", "status_set_at"),
    ("foundry", "getProject", FoundryProject, "createdTime", "created_time"),
    ("foundry", "getResource", Resource, "updatedTime", "updated_time"),
]


def _body(api: str, operation: str) -> dict[str, Any]:
    value = success_example(api, operation).value
    body: dict[str, Any] = value[0] if isinstance(value, list) else value
    return dict(body)


def test_python_itself_refuses_a_lowercase_z() -> None:
    """Why the template exists: without it, these fields fail on valid RFC 3339 (3.11 and 3.12)."""
    with pytest.raises(ValueError, match="Invalid isoformat"):
        datetime.datetime.fromisoformat(SPELLINGS[0])


@pytest.mark.parametrize("spelling", SPELLINGS)
@pytest.mark.parametrize(
    ("api", "operation", "model", "field", "attribute"), FIELDS, ids=[f[3] for f in FIELDS]
)
def test_a_lowercase_t_or_z_parses_like_the_uppercase_one(
    api: str, operation: str, model: Any, field: str, attribute: str, spelling: str
) -> None:
    parsed = model.from_dict({**_body(api, operation), field: spelling})
    assert getattr(parsed, attribute) == WHEN


@pytest.mark.parametrize("wrong", [42, None, "yesterday"])
def test_what_is_not_a_timestamp_still_fails(wrong: Any) -> None:
    with pytest.raises((TypeError, ValueError)):
        MittwaldProject.from_dict({**_body("mittwald", "project-get-project"), "createdAt": wrong})
