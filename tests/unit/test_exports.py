"""The public surface lives in one sorted `__all__` (httpx's tests/test_exported_members.py)."""

from __future__ import annotations

import inspect
import subprocess
import sys

import provisionkit
import pytest
from provisionkit import errors


def test_all_is_sorted_and_has_no_duplicates() -> None:
    assert provisionkit.__all__ == sorted(set(provisionkit.__all__))


def test_every_exported_name_exists_and_every_public_name_is_exported() -> None:
    public = {
        name
        for name in dir(provisionkit)
        if not name.startswith("_") and not inspect.ismodule(getattr(provisionkit, name))
    }
    assert set(provisionkit.__all__) - {"__version__"} == public - {"annotations"}


def test_every_exception_class_is_exported() -> None:
    classes = {
        name
        for name, obj in vars(errors).items()
        if inspect.isclass(obj) and issubclass(obj, Exception)
    }
    assert classes <= set(provisionkit.__all__)


def test_no_public_signature_mentions_a_generated_type() -> None:
    for name in provisionkit.__all__:
        obj = getattr(provisionkit, name)
        members = (
            [obj, *(m for _, m in inspect.getmembers(obj, inspect.isfunction))]
            if inspect.isclass(obj)
            else [obj]
        )
        for member in members:
            if callable(member):
                try:
                    text = str(inspect.signature(member))
                except (TypeError, ValueError):
                    continue
                assert "provisionkit_mittwald_client" not in text
                assert "provisionkit_foundry_client" not in text
                assert "Unset" not in text


def test_importing_the_package_loads_no_client_code_until_a_name_is_used() -> None:
    """`provisionkit --help` imports the package first: it must not pull in httpx or the clients."""
    code = (
        "import sys, provisionkit\n"
        "heavy = [m for m in ('httpx', 'provisionkit.mittwald', 'provisionkit_mittwald_client')"
        " if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "assert provisionkit.MittwaldClient.__name__ == 'MittwaldClient'\n"
        "assert 'httpx' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'MittwaldClinet'"):
        provisionkit.MittwaldClinet  # noqa: B018 - the access is the test
