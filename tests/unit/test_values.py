"""The value objects a service receives are immutable all the way down, and still pickle, copy,
compare and print like plain data (they travel inside errors through pools and task queues)."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import Any

import pytest
from provisionkit.mittwald.adapter import parse_project
from provisionkit.values import MittwaldProject

from tests.helpers.hostile import mittwald_project


def parsed() -> MittwaldProject:
    return parse_project(mittwald_project())


def built(directories: dict[str, str]) -> MittwaldProject:
    """A project made by hand, the way a service's own test builds one."""
    return dataclasses.replace(parsed(), directories=directories)


@pytest.mark.parametrize(
    "project",
    [
        pytest.param(parsed, id="parsed"),
        pytest.param(lambda: built({"Home": "/home/p-34y6n3"}), id="built-from-a-dict"),
    ],
)
@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda d: d.__setitem__("Home", "/elsewhere"), id="set"),
        pytest.param(lambda d: d.__delitem__("Home"), id="delete"),
        pytest.param(lambda d: d.update(Web="/web"), id="update"),
        pytest.param(lambda d: d.clear(), id="clear"),
    ],
)
def test_a_mittwald_projects_directories_cannot_be_changed(project: Any, change: Any) -> None:
    directories = project().directories
    with pytest.raises((TypeError, AttributeError)):
        change(directories)
    assert dict(directories) == {"Home": "/home/p-34y6n3"}


@pytest.mark.parametrize("protocol", [2, pickle.HIGHEST_PROTOCOL])
def test_a_parsed_mittwald_project_pickles_and_compares_equal(protocol: int) -> None:
    project = parsed()
    again = pickle.loads(pickle.dumps(project, protocol=protocol))
    assert again == project
    assert again.directories == {"Home": "/home/p-34y6n3"}
    assert copy.copy(project) == project
    assert copy.deepcopy(project) == project


def test_a_parsed_mittwald_project_equals_one_built_from_a_dict_and_prints_it() -> None:
    project = parsed()
    assert project == built({"Home": "/home/p-34y6n3"})
    assert project.directories == {"Home": "/home/p-34y6n3"}
    assert "directories={'Home': '/home/p-34y6n3'}" in repr(project)
    assert project.to_dict()["directories"] == {"Home": "/home/p-34y6n3"}
