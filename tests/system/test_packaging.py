"""`pip install .` gives three importable, typed packages: built and installed here, offline."""

from __future__ import annotations

import os
import subprocess
import sysconfig
import venv
import zipfile
from pathlib import Path

PACKAGES = ("provisionkit", "provisionkit_mittwald_client", "provisionkit_foundry_client")


def test_wheel_ships_the_three_packages_each_typed(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for package in PACKAGES:
        assert f"{package}/__init__.py" in names
        assert f"{package}/py.typed" in names
    assert not any(name.startswith(("tests/", "specs/", "contract_tests/")) for name in names)


def test_wheel_installs_into_a_clean_venv_and_imports(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "venv"
    venv.create(target, with_pip=True)
    python = target / "bin" / "python"
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    # The runtime dependencies come from this venv's site-packages via PYTHONPATH, which does not
    # process .pth files: the editable provisionkit of the dev venv stays invisible.
    env = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"]}
    code = (
        "import importlib, pathlib\n"
        f"root = pathlib.Path({str(target)!r})\n"
        f"for name in {PACKAGES!r}:\n"
        "    module = importlib.import_module(name)\n"
        "    assert pathlib.Path(module.__file__).is_relative_to(root), module.__file__\n"
        "from provisionkit_mittwald_client.models import Project\n"
        "from provisionkit_foundry_client.models import Project\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [python, "-c", code], env=env, check=True, capture_output=True, text=True
    )
    assert result.stdout.strip() == "ok"
    console_script = target / "bin" / "provisionkit"
    assert console_script.exists()
