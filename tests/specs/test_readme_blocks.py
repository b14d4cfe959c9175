"""Every python and sh block in README.md and contract_tests/README.md runs, as written, against
the fake; a block that cannot says why in a marker right before it: `<!-- not-run: why -->`.

How each kind runs:
- python: the README's blocks in order, in one namespace (as a reader pastes them into one
  session), inside mock_provisionkit() with `server_id`, `space_rid`, `user_id` set to the
  fake's seeded ids, as the README says;
- `<!-- run: pytest -->` python: written to a file in an empty folder, run by pytest (the plugin
  comes from the installed entry point) and checked by mypy --strict, as a service would;
- sh: bash -eu -o pipefail from the repository root, against `provisionkit mock --any-token` on a
  free port (the text's http://127.0.0.1:8080 becomes that port), with SERVER_ID, SPACE_RID,
  USER_ID set and the exports the fake prints (base URLs and tokens) in the environment.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from provisionkit.fake import serving
from provisionkit.testing import ProvisionkitFake

ROOT = Path(__file__).resolve().parents[2]
DOCS = ("README.md", "contract_tests/README.md")
BIN = Path(sys.executable).parent
README_URL = "http://127.0.0.1:8080"
# A marker is the line right before the fence; the fence opens at the start of a line.
BLOCK = re.compile(
    r"(?:^<!--\s*(?P<marker>[\w-]+):\s*(?P<why>.*?)\s*-->\n)?^```(?P<lang>\w*)\n(?P<body>.*?)^```$",
    re.S | re.M,
)
RUNNABLE = ("python", "sh")


@dataclass(frozen=True)
class Block:
    doc: str
    line: int
    lang: str
    body: str
    marker: str | None
    why: str

    @property
    def id(self) -> str:
        return f"{self.doc}:{self.line}"


def blocks(doc: str) -> list[Block]:
    text = (ROOT / doc).read_text()
    return [
        Block(
            doc,
            text.count("\n", 0, m.start("body")),
            m["lang"],
            m["body"],
            m["marker"],
            m["why"] or "",
        )
        for m in BLOCK.finditer(text)
    ]


ALL = [block for doc in DOCS for block in blocks(doc)]
SH = [pytest.param(b, id=b.id) for b in ALL if b.lang == "sh" and b.marker is None]


def test_the_readmes_have_blocks_of_each_kind() -> None:
    """The parser finds blocks (a broken pattern would make every other test here vacuous)."""
    kinds = {(b.lang, b.marker) for b in ALL}
    assert {("python", None), ("python", "run"), ("sh", None), ("sh", "not-run")} <= kinds


@pytest.mark.parametrize("block", [pytest.param(b, id=b.id) for b in ALL if b.lang in RUNNABLE])
def test_every_block_runs_or_says_why_not(block: Block) -> None:
    assert block.marker in (None, "not-run", "run"), block.marker
    if block.marker == "not-run":
        assert len(block.why) > 10, "say why the block cannot run"
    if block.marker == "run":
        assert (block.lang, block.why) == ("python", "pytest")


@pytest.fixture
def readme_ids(provisionkit_fake: ProvisionkitFake) -> dict[str, str]:
    fixtures = provisionkit_fake.fixtures
    return {
        "server_id": fixtures.mittwald_server,
        "space_rid": fixtures.foundry_space,
        "user_id": fixtures.foundry_principal,
    }


@pytest.fixture
def no_provisionkit_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(("MITTWALD_", "FOUNDRY_")):
            monkeypatch.delenv(name)


@pytest.mark.usefixtures("no_provisionkit_env")
def test_readme_python_blocks_run_in_order_against_the_fake(
    provisionkit_mock: ProvisionkitFake, readme_ids: dict[str, str]
) -> None:
    namespace: dict[str, object] = dict(readme_ids)
    ran = 0
    for block in blocks("README.md"):
        if block.lang == "python" and block.marker is None:
            exec(compile(block.body, block.id, "exec"), namespace)  # our own README
            ran += 1
    assert ran >= 3
    assert provisionkit_mock.applied_creates("mittwald") == 2
    assert provisionkit_mock.applied_creates("foundry") == 1


@pytest.mark.parametrize(
    "block", [pytest.param(b, id=b.id) for b in ALL if b.marker == "run" and b.why == "pytest"]
)
def test_pytest_blocks_pass_under_pytest_and_mypy_strict(block: Block, tmp_path: Path) -> None:
    module = tmp_path / "test_readme_service.py"
    module.write_text(block.body)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MITTWALD_", "FOUNDRY_"))}
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", module.name],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    # Every test the block defines ran: a decorator that hid a class's tests would pass quietly.
    defined = len(re.findall(r"^\s*(?:async )?def test_", block.body, re.M))
    assert re.search(rf"\b{defined} passed\b", tests.stdout), tests.stdout
    types = subprocess.run(
        # A cache of its own beside the repo's: the first run reads all of httpx (~25 s), later ones
        # only what changed.
        [BIN / "mypy", "--strict", "--cache-dir", ROOT / ".mypy_cache" / "readme", module.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert types.returncode == 0, types.stdout + types.stderr


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    with serving(command=["-m", "provisionkit.cli", "mock"]) as fake:
        yield fake.url


@pytest.mark.provisionkit(allow_hosts=["127.0.0.1"])  # the served fake, reset over its socket
@pytest.mark.parametrize("block", SH)
def test_sh_blocks_run_against_the_served_fake(
    block: Block, served: str, readme_ids: dict[str, str]
) -> None:
    httpx.post(f"{served}/__fake__/reset", timeout=5).raise_for_status()
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("MITTWALD_", "FOUNDRY_"))}
    env = {
        **clean,
        "PATH": f"{BIN}{os.pathsep}{clean.get('PATH', '')}",
        "SERVER_ID": readme_ids["server_id"],
        "SPACE_RID": readme_ids["space_rid"],
        "USER_ID": readme_ids["user_id"],
        "MITTWALD_BASE_URL": served,
        "FOUNDRY_BASE_URL": served,
        # What a reader has after pasting the exports `make mock` prints (served with --any-token).
        "MITTWALD_API_TOKEN": "any-token",
        "FOUNDRY_TOKEN": "any-token",
    }
    result = subprocess.run(
        ["bash", "-eu", "-o", "pipefail", "-c", block.body.replace(README_URL, served)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


def test_the_readmes_operation_list_is_the_tables() -> None:
    """The README's "Operations" table is generated from the operation tables (`make generate`)."""
    from specs.generator.twins import README_BEGIN, README_END, readme_operations

    text = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    block = text[text.index(README_BEGIN) : text.index(README_END) + len(README_END)]
    assert block == readme_operations(), "README's operation list is stale: run `make generate`"
