"""The wrapper reads responses through the generated models' typed attributes, so a spec change
that breaks it fails `mypy --strict` (issue: a `shortId` made optional used to pass every check)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODEL = Path("provisionkit_mittwald_client/models/project.py")


def test_making_a_required_field_the_wrapper_reads_optional_fails_mypy(tmp_path: Path) -> None:
    field, declared = "short_id", "str"  # one mypy run (~15 s of CPU) proves the mechanism
    generated = tmp_path / "generated"
    shutil.copytree(ROOT / "generated", generated)
    model = generated / MODEL
    text = model.read_text()
    # What `make generate` writes when the spec drops the field from `required`.
    assert f"    {field}: {declared}\n" in text
    model.write_text(
        text.replace(f"    {field}: {declared}\n", f"    {field}: {declared} | Unset\n")
    )

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--cache-dir",
            str(tmp_path / "cache"),
            "-p",
            "provisionkit",
        ],
        cwd=ROOT,
        env={"MYPYPATH": f"{ROOT / 'wrapper'}:{generated}", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "mittwald/adapter.py" in result.stdout
    assert "Unset" in result.stdout
