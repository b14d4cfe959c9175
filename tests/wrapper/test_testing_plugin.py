"""provisionkit.testing as a service's tests use it: fixtures, recorded calls, faults, the mock."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from provisionkit import (
    AsyncMittwaldClient,
    ConfigurationError,
    FoundryClient,
    MittwaldClient,
    Principal,
)
from provisionkit.testing import ProvisionkitFake, mock_provisionkit

OWNER = "compass:manage"


def test_mittwald_client_creates_and_waits_and_the_calls_are_recorded(
    mittwald_client: MittwaldClient, provisionkit_fake: ProvisionkitFake
) -> None:
    project = mittwald_client.create_project(provisionkit_fake.fixtures.mittwald_server, "shop")
    assert project.is_ready
    (create,) = provisionkit_fake.calls("project-create-project")
    assert (create.method, create.status, create.body) == ("POST", 201, {"description": "shop"})
    assert provisionkit_fake.call_count("project-get-project") >= 1
    assert provisionkit_fake.applied_creates("mittwald") == 1


def test_deleted_projects_counts_what_the_fake_deleted(
    mittwald_client: MittwaldClient, provisionkit_fake: ProvisionkitFake
) -> None:
    server = provisionkit_fake.fixtures.mittwald_server
    project = mittwald_client.create_project(server, "doomed", wait=False)
    assert provisionkit_fake.deleted_projects() == 0
    provisionkit_fake.fake.mittwald.delete_project(project.id)
    assert provisionkit_fake.deleted_projects("mittwald") == 1
    assert provisionkit_fake.deleted_projects("foundry") == 0


def test_a_long_readiness_costs_fake_time_only(
    mittwald_client: MittwaldClient, provisionkit_fake: ProvisionkitFake
) -> None:
    provisionkit_fake.set_readiness(polls=None, seconds=3600)
    before = provisionkit_fake.clock()
    project = mittwald_client.create_project(
        provisionkit_fake.fixtures.mittwald_server, "slow", timeout=7200
    )
    assert project.is_ready
    assert provisionkit_fake.clock() - before >= 3600


def test_async_mittwald_client_creates_and_waits(
    async_mittwald_client: AsyncMittwaldClient, provisionkit_fake: ProvisionkitFake
) -> None:
    server = provisionkit_fake.fixtures.mittwald_server
    project = asyncio.run(async_mittwald_client.create_project(server, "async shop"))
    assert project.is_ready
    assert provisionkit_fake.call_count("project-create-project") == 1


def test_foundry_client_creates_with_an_owner_grant(
    foundry_client: FoundryClient, provisionkit_fake: ProvisionkitFake
) -> None:
    project = foundry_client.create_project(
        "Plugin Project",
        provisionkit_fake.fixtures.foundry_space,
        role_grants={OWNER: [Principal(provisionkit_fake.fixtures.foundry_principal)]},
    )
    assert project.display_name == "Plugin Project"
    assert [c.status for c in provisionkit_fake.calls("createProject")] == [200]


def test_an_injected_429_is_retried_and_both_answers_are_recorded(
    mittwald_client: MittwaldClient, provisionkit_fake: ProvisionkitFake
) -> None:
    provisionkit_fake.inject("project-create-project", "rate_limit", retry_after=1)
    mittwald_client.create_project(provisionkit_fake.fixtures.mittwald_server, "shop", wait=False)
    assert [c.status for c in provisionkit_fake.calls("project-create-project")] == [429, 201]


@pytest.mark.parametrize(
    ("operation_id", "fault", "listed"),
    [
        pytest.param("createproject", "drop_after", "project-create-project", id="operation"),
        pytest.param("createProject", "drop-after", "drop_after", id="fault"),
    ],
)
def test_an_unknown_operation_or_fault_is_refused_with_the_valid_names(
    provisionkit_fake: ProvisionkitFake, operation_id: str, fault: str, listed: str
) -> None:
    with pytest.raises(ValueError, match=listed):
        provisionkit_fake.inject(operation_id, fault)
    assert provisionkit_fake.fake.state()["faults"] == {}


def test_calls_refuses_an_unknown_operation_id(provisionkit_fake: ProvisionkitFake) -> None:
    with pytest.raises(ValueError, match="project-get-project"):
        provisionkit_fake.calls("get-project")


def test_reset_forgets_calls_and_projects(
    mittwald_client: MittwaldClient, provisionkit_fake: ProvisionkitFake
) -> None:
    mittwald_client.create_project(provisionkit_fake.fixtures.mittwald_server, "x", wait=False)
    provisionkit_fake.reset()
    assert provisionkit_fake.calls() == []
    assert provisionkit_fake.applied_creates() == 0


def service_provision(description: str) -> str:
    """A service's own code, written against the real API: from_env, no test hooks."""
    with MittwaldClient.from_env() as mw:
        server = mw.list_servers()[0]
        return mw.create_project(server.id, description).id


@pytest.fixture
def no_provisionkit_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(("MITTWALD_", "FOUNDRY_")):
            monkeypatch.delenv(name)


@pytest.mark.usefixtures("no_provisionkit_env")
def test_mock_runs_a_services_from_env_code_against_the_fake() -> None:
    with mock_provisionkit() as fake:
        project_id = service_provision("from env")
        assert fake.applied_creates("mittwald") == 1
        assert fake.calls("project-create-project")[0].body == {"description": "from env"}
    assert project_id
    assert "MITTWALD_API_TOKEN" not in os.environ
    with pytest.raises(ConfigurationError):  # outside the mock, the real configuration rules
        MittwaldClient.from_env()


@pytest.mark.usefixtures("no_provisionkit_env")
def test_mock_as_a_decorator_on_sync_and_async_functions() -> None:
    own_before = MittwaldClient.__dict__.get("__init__")
    constructor_before = MittwaldClient.__init__

    @mock_provisionkit()
    def sync_service() -> bool:
        return service_provision("decorated") != ""

    @mock_provisionkit()
    async def async_service() -> bool:
        async with AsyncMittwaldClient.from_env() as mw:
            server = (await mw.list_servers())[0]
            return (await mw.create_project(server.id, "async decorated")).is_ready

    assert sync_service()
    assert asyncio.run(async_service())
    # The constructor is exactly what it was (the class's own, or the one it inherits).
    assert MittwaldClient.__dict__.get("__init__") is own_before
    assert MittwaldClient.__init__ is constructor_before


def test_mock_keeps_a_transport_the_service_passes_itself(
    provisionkit_fake: ProvisionkitFake,
) -> None:
    with mock_provisionkit(provisionkit_fake, reset=False):
        client = MittwaldClient("t", transport=provisionkit_fake.fake.sync_transport())
        client.list_servers()
        client.close()
    assert provisionkit_fake.calls() == []  # that transport is not the recording one


@pytest.mark.usefixtures("no_provisionkit_env")  # first, so the mock fills in the environment
def test_provisionkit_mock_fixture_routes_the_services_clients(
    provisionkit_mock: ProvisionkitFake,
) -> None:
    service_provision("fixture")
    assert provisionkit_mock.call_count("project-create-project") == 1


def test_without_the_fake_extra_the_fixtures_say_which_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "provisionkit.fake", None)  # what an absent extra looks like
    with pytest.raises(ImportError, match=r"provisionkit\[fake\]"):
        ProvisionkitFake()


def test_loading_the_plugin_imports_nothing_of_the_fake() -> None:
    code = (
        "import sys, provisionkit.testing, provisionkit.testing.plugin\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('provisionkit.fake', 'connexion', 'uvicorn')))\n"
        "print(loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_readme_lists_every_operation_id_and_fault(provisionkit_fake: ProvisionkitFake) -> None:
    """The testing section names every fault, and the operation ids are in the table it points to."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("## Testing your service")[1].split("\n## ")[0]
    operations = readme.split("### Operations")[1].split("\n## ")[0]
    assert '"Operations"' in section
    assert set(provisionkit_fake.operation_ids) <= set(re.findall(r"`([\w-]+)`", operations))
    assert set(provisionkit_fake.fault_names) <= set(re.findall(r"`([\w-]+)`", section))


SERVICE_TESTS = """
import unittest

import pytest
from provisionkit import MittwaldClient
from provisionkit.testing import ProvisionkitFake, mock_provisionkit


def provision(name: str) -> str:
    with MittwaldClient.from_env() as mw:
        return mw.create_project(mw.list_servers()[0].id, name).id


@mock_provisionkit()
class TestEachMethodStartsFromTheSeededWorld:
    def test_one(self) -> None:
        provision("one")
        with mock_provisionkit(reset=False) as fake:
            assert fake.applied_creates() == 1

    def test_two(self) -> None:
        provision("two")
        with mock_provisionkit(reset=False) as fake:
            assert fake.applied_creates() == 1

    @pytest.mark.anyio
    async def test_async_method(self) -> None:
        assert provision("three")


@mock_provisionkit()
class TestSetupMethodBuildsWhatTheTestsSee:
    def setup_method(self) -> None:
        self.first = provision("built in setup")

    def test_sees_it(self) -> None:
        with mock_provisionkit(reset=False) as fake:
            assert fake.applied_creates() == 1


@mock_provisionkit()
class TestSetupMethodWithItsArgument:
    def setup_method(self, method: object) -> None:
        self.method = method

    def teardown_method(self, method: object) -> None:
        assert method is self.method

    def test_it(self) -> None:
        assert provision("x")


@mock_provisionkit()
class TestUnittestStyle(unittest.TestCase):
    def setUp(self) -> None:
        self.first = provision("unittest")

    def test_it(self) -> None:
        assert self.first


def test_unfired_fault_fails(provisionkit_fake: ProvisionkitFake) -> None:
    provisionkit_fake.inject("project-create-project", "drop_after")


@pytest.mark.provisionkit(allow_unfired_faults=True)
def test_unfired_fault_allowed(provisionkit_fake: ProvisionkitFake) -> None:
    provisionkit_fake.inject("project-create-project", "drop_after")


@mock_provisionkit()
def test_unfired_fault_fails_in_the_decorator() -> None:
    with mock_provisionkit(reset=False) as fake:
        fake.inject("project-create-project", "drop_after")


@pytest.mark.provisionkit(allow_host=["x"])
def test_a_misspelt_marker_option(provisionkit_fake: ProvisionkitFake) -> None:
    pass
"""


def test_decorated_classes_run_every_test_and_unfired_faults_fail(tmp_path: Path) -> None:
    """As a service's pytest run sees it (a subprocess): every method of a decorated class is
    collected and mocked, plain, setup_method (both arities) and unittest classes alike; an
    unfired fault fails at teardown unless the marker allows it; a misspelt marker option fails."""
    (tmp_path / "test_service.py").write_text(SERVICE_TESTS)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MITTWALD_", "FOUNDRY_"))}
    env["COLUMNS"] = "400"  # the short summary keeps each reason whole
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-rA",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:randomly",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    out = result.stdout
    passed = set(re.findall(r"^PASSED test_service.py::(\S+)", out, re.M))
    assert passed == {
        "TestEachMethodStartsFromTheSeededWorld::test_one",
        "TestEachMethodStartsFromTheSeededWorld::test_two",
        "TestEachMethodStartsFromTheSeededWorld::test_async_method[asyncio]",
        "TestSetupMethodBuildsWhatTheTestsSee::test_sees_it",
        "TestSetupMethodWithItsArgument::test_it",
        "TestUnittestStyle::test_it",
        "test_unfired_fault_allowed",
        "test_unfired_fault_fails",  # its call passed; its teardown errs
    }, out
    assert re.search(
        r"^ERROR test_service.py::test_unfired_fault_fails - .*UnfiredFaults", out, re.M
    )
    assert re.search(
        r"^FAILED test_service.py::test_unfired_fault_fails_in_the_decorator - .*UnfiredFaults",
        out,
        re.M,
    )
    assert re.search(
        r"^ERROR test_service.py::test_a_misspelt_marker_option - .*allow_host\b", out, re.M
    )
    assert "1 failed, 8 passed, 2 errors" in out, out


def test_mock_provisionkit_needs_no_pytest() -> None:
    """Importing and using the mock (decorator, class, context) with pytest not importable."""
    code = (
        "import sys, unittest\n"
        "sys.modules['pytest'] = None  # what an absent pytest looks like\n"
        "from provisionkit import MittwaldClient\n"
        "from provisionkit.testing import mock_provisionkit\n"
        "@mock_provisionkit()\n"
        "def run():\n"
        "    with MittwaldClient.from_env() as mw:\n"
        "        return len(mw.list_servers())\n"
        "@mock_provisionkit()\n"
        "class Case(unittest.TestCase):\n"
        "    def test_it(self):\n"
        "        assert run() > 0\n"
        "result = unittest.main(argv=['x'], exit=False).result\n"
        "print(run(), result.testsRun, len(result.failures) + len(result.errors))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MITTWALD_", "FOUNDRY_"))}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    count, ran, failed = result.stdout.split()
    assert (int(count) > 0, ran, failed) == (True, "1", "0")


def test_loading_the_plugin_imports_neither_httpx_nor_the_clients() -> None:
    """pytest loads the plugin at every start-up: what it imports is paid by every test run."""
    code = (
        "import sys, provisionkit.testing.plugin\n"
        "print(sorted(m for m in sys.modules if m.startswith(('httpx', 'provisionkit'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    loaded = result.stdout.splitlines()[-1]
    assert loaded == "['provisionkit', 'provisionkit.testing', 'provisionkit.testing.plugin']"
