"""The supported Pythons are stated three times for three readers (pip's requires-python, PyPI's
classifiers, `make test-matrix`); they must say the same."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_classifiers_matrix_and_requires_python_agree() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    classified = [
        c.rsplit(" :: ", 1)[1]
        for c in project["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    ]
    matrix = re.search(r"^MATRIX \?= (.+)$", (ROOT / "Makefile").read_text(), re.M)
    assert matrix is not None
    assert classified == matrix[1].split()
    assert project["requires-python"] == f">={classified[0]}"
