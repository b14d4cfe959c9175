"""The command line as a user runs it: a subprocess against the fake over a real socket."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from provisionkit.extras import missing_extra
from provisionkit.fake import serving

from tests.helpers import TOKEN

CLI = [sys.executable, "-m", "provisionkit.cli"]
SERVER = "5e2a1c3b-8f7d-4e6a-9b0c-1d2e3f4a5b6c"


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    """The fake as `provisionkit mock` serves it: the CLI's own subcommand."""
    with serving(command=["-m", "provisionkit.cli", "mock"]) as fake:
        yield fake.url


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("MITTWALD_", "FOUNDRY_"))}
    return subprocess.run(
        [*CLI, *args], env={**clean, **env}, capture_output=True, text=True, timeout=60, check=False
    )


def test_cli_creates_a_project_and_prints_json(server_url: str) -> None:
    result = run(
        "mittwald",
        "create",
        "--server-id",
        SERVER,
        "--description",
        "cli shop",
        env={"MITTWALD_API_TOKEN": TOKEN, "MITTWALD_BASE_URL": server_url},
    )
    assert result.returncode == 0, result.stderr
    project = json.loads(result.stdout)
    assert project["description"] == "cli shop"
    assert project["isReady"] is True
    assert "done in" in result.stderr
    assert TOKEN not in result.stdout + result.stderr


def test_cli_typed_failure_has_its_exit_code_and_a_readable_message(server_url: str) -> None:
    result = run(
        "foundry",
        "create",
        "--display-name",
        "a/b",
        "--space-rid",
        "ri.compass.main.folder.x",
        env={"FOUNDRY_TOKEN": TOKEN, "FOUNDRY_BASE_URL": server_url},
    )
    assert result.returncode == 4
    assert "InvalidDisplayName" in result.stderr
    assert result.stdout == ""
    assert TOKEN not in result.stderr


def test_cli_project_that_fails_exits_8(server_url: str) -> None:
    result = run(
        "mittwald",
        "create",
        "--server-id",
        "9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f",
        "--description",
        "doomed",
        env={"MITTWALD_API_TOKEN": TOKEN, "MITTWALD_BASE_URL": server_url},
    )
    assert result.returncode == 8
    assert "status 'error'" in result.stderr


def test_cli_without_a_token_says_which_variable_to_set() -> None:
    result = run("mittwald", "servers", env={})
    assert result.returncode == 3
    assert "MITTWALD_API_TOKEN" in result.stderr


def test_cli_has_no_token_flag_and_documents_exit_codes() -> None:
    result = run("--help", env={})
    assert result.returncode == 0
    assert "exit codes" in result.stdout
    assert "--token" not in result.stdout
    assert run("mittwald", "servers", "--token", "x", env={}).returncode == 2


def test_mock_server_releases_its_port_when_stopped() -> None:
    with serving(command=["-m", "provisionkit.cli", "mock"]) as fake:
        response = httpx.get(
            f"{fake.url}/v2/servers", headers={"Authorization": "Bearer x"}, timeout=5
        )
        assert response.status_code == 200
    assert fake.process.returncode is not None
    with socket.socket() as s:
        s.bind(("127.0.0.1", fake.port))  # would raise if the port were still held


def test_cli_server_side_error_is_typed_with_its_exit_code(server_url: str) -> None:
    result = run(
        "foundry",
        "create",
        "--display-name",
        "Nowhere",
        "--space-rid",
        "ri.compass.main.folder.00000000-0000-0000-0000-000000000000",
        "--grant",
        "compass:manage=USER:f05f8da4-b84c-4fca-9c77-8af0b13d11de",
        env={"FOUNDRY_TOKEN": TOKEN, "FOUNDRY_BASE_URL": server_url},
    )
    assert result.returncode == 6, result.stderr
    assert "SpaceNotFound" in result.stderr
    assert TOKEN not in result.stderr


def _fault(server_url: str, operation_id: str, fault: str, times: int = 1) -> None:
    httpx.post(
        f"{server_url}/__fake__/faults",
        json={"operation_id": operation_id, "fault": fault, "times": times},
        timeout=5,
    ).raise_for_status()


def test_cli_unknown_outcome_exits_11_and_prints_what_is_known(server_url: str) -> None:
    """The answer is dropped and the lookup that would settle it fails too."""
    _fault(server_url, "project-create-project", "drop_after")
    _fault(server_url, "project-list-projects", "server_error")  # a 500 is not retried
    result = run(
        "mittwald",
        "create",
        "--server-id",
        SERVER,
        "--description",
        "dropped",
        env={"MITTWALD_API_TOKEN": TOKEN, "MITTWALD_BASE_URL": server_url},
    )
    assert result.returncode == 11, result.stderr
    assert result.stdout == ""
    assert '"description": "dropped"' in result.stderr


def test_cli_a_dropped_create_is_looked_up_adopted_and_listed_then_deleted(
    server_url: str,
) -> None:
    """Issue 12 from the shell: the create's answer is lost, the lookup adopts the project; it
    shows in `projects`, `delete` removes it."""
    env = {"MITTWALD_API_TOKEN": TOKEN, "MITTWALD_BASE_URL": server_url}
    _fault(server_url, "project-create-project", "drop_after")
    created = run("mittwald", "create", "--server-id", SERVER, "--description", "adopted", env=env)
    assert created.returncode == 0, created.stderr
    project = json.loads(created.stdout)
    listed = run("mittwald", "projects", "--server-id", SERVER, "--search", "adopted", env=env)
    assert listed.returncode == 0, listed.stderr
    assert [p["id"] for p in json.loads(listed.stdout)] == [project["id"]]
    deleted = run("mittwald", "delete", project["id"], env=env)
    assert deleted.returncode == 0, deleted.stderr
    assert json.loads(deleted.stdout) == {"deleted": project["id"]}
    gone = run("mittwald", "projects", "--server-id", SERVER, "--search", "adopted", env=env)
    assert json.loads(gone.stdout) == []


def test_cli_foundry_delete_moves_the_project_to_the_trash(server_url: str) -> None:
    env = {"FOUNDRY_TOKEN": TOKEN, "FOUNDRY_BASE_URL": server_url}
    fixtures = httpx.get(f"{server_url}/__fake__/fixtures", timeout=5).json()
    space, owner = fixtures["foundry_space"], fixtures["foundry_owner_role"]
    principal = fixtures["foundry_principal"]
    created = run(
        "foundry",
        "create",
        "--display-name",
        "To Trash",
        "--space-rid",
        space,
        "--grant",
        f"{owner}=USER:{principal}",
        env=env,
    )
    assert created.returncode == 0, created.stderr
    rid = json.loads(created.stdout)["rid"]
    trashed = run("foundry", "delete", rid, env=env)
    assert trashed.returncode == 0, trashed.stderr
    assert json.loads(trashed.stdout) == {"trashed": rid}
    shown = run("foundry", "get", rid, env=env)
    assert json.loads(shown.stdout)["trashStatus"] == "DIRECTLY_TRASHED"


# --- issue 14: a CLI that behaves -------------------------------------------------------------

MW_ENV = {"MITTWALD_API_TOKEN": TOKEN}


def test_version_prints_the_installed_version() -> None:
    from importlib.metadata import version

    result = run("--version", env={})
    assert result.returncode == 0
    assert result.stdout.strip() == f"provisionkit {version('provisionkit')}"


def test_verbose_works_after_the_subcommand_too(server_url: str) -> None:
    env = {**MW_ENV, "MITTWALD_BASE_URL": server_url}
    after = run("mittwald", "servers", "-v", env=env)
    before = run("-v", "mittwald", "servers", env=env)
    quiet = run("mittwald", "servers", env=env)
    assert after.returncode == before.returncode == quiet.returncode == 0, after.stderr
    assert "DEBUG" in after.stderr
    assert "DEBUG" in before.stderr
    assert "DEBUG" not in quiet.stderr


def test_create_accepts_wait_and_no_wait(server_url: str) -> None:
    env = {**MW_ENV, "MITTWALD_BASE_URL": server_url}
    waited = run(
        "mittwald", "create", "--server-id", SERVER, "--description", "w", "--wait", env=env
    )
    assert waited.returncode == 0, waited.stderr
    assert json.loads(waited.stdout)["isReady"] is True
    assert "created project" in waited.stderr  # the id is out before the wait starts
    not_waited = run(
        "mittwald", "create", "--server-id", SERVER, "--description", "n", "--no-wait", env=env
    )
    assert not_waited.returncode == 0, not_waited.stderr


@pytest.mark.parametrize("timeout", ["-1", "0", "nan", "inf", "soon"])
def test_a_timeout_that_is_not_a_positive_number_is_a_usage_error(timeout: str) -> None:
    result = run("mittwald", "wait", "some-id", "--timeout", timeout, env=MW_ENV)
    assert result.returncode == 2
    assert "timeout" in result.stderr
    assert "Traceback" not in result.stderr


def test_wait_on_an_id_the_api_does_not_know_fails_at_once(server_url: str) -> None:
    """With the after-create grace (30 s) a 5 s wait would end as ReadinessTimeout (9) instead."""
    result = run(
        "mittwald",
        "wait",
        "00000000-0000-4000-8000-000000000000",
        "--timeout",
        "5",
        env={**MW_ENV, "MITTWALD_BASE_URL": server_url},
    )
    assert result.returncode == 5, result.stderr
    assert "not found or not visible" in result.stderr


def test_ctrl_c_during_a_wait_prints_the_project_id_and_exits_130(server_url: str) -> None:
    httpx.post(f"{server_url}/__fake__/readiness", json={"seconds": 600}, timeout=5)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("MITTWALD_", "FOUNDRY_"))}
    with subprocess.Popen(
        [*CLI, "mittwald", "create", "--server-id", SERVER, "--description", "interrupted"],
        env={**clean, **MW_ENV, "MITTWALD_BASE_URL": server_url},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl-C at a terminal reaches a process whose SIGINT is at its default. A test run started
        # as a background job inherits SIGINT *ignored*, and Python then installs no
        # KeyboardInterrupt handler, so the child would never see the signal (a fresh-clone run
        # launched with `&` hung here). Start the child as a terminal would.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509 - no threads start the child
    ) as process:
        try:
            assert process.stderr is not None
            # Blocks until the create has been answered; a progress line may come first.
            lines = [process.stderr.readline() for _ in range(2)]
            created = next(line for line in lines if line.startswith("created project "))
            project_id = created.split()[2]
            process.send_signal(signal.SIGINT)
            _, rest = process.communicate(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
            httpx.post(f"{server_url}/__fake__/reset", timeout=5)
    assert process.returncode == 130
    assert f"project {project_id} was created" in rest
    assert f"provisionkit mittwald wait {project_id}" in rest
    assert "Traceback" not in rest


def test_progress_off_a_terminal_is_a_line_every_few_seconds() -> None:
    """And one at the first poll of each wait (create's own read, then the wait after it)."""
    from provisionkit.cli import Progress

    stream = io.StringIO()
    handler = Progress(stream, tty=False, every=5.0)
    polls = [(1, 0.1), (2, 1.0), (3, 4.0), (4, 5.2), (5, 9.0), (6, 10.3), (7, 11.0), (1, 0.0)]
    for poll, elapsed in polls:
        record = logging.LogRecord("provisionkit", logging.DEBUG, "", 0, "poll", (), None)
        record.__dict__.update(poll=poll, elapsed=elapsed, state="pending")
        handler.emit(record)
    lines = stream.getvalue().splitlines()
    assert [line.split(",")[1].strip() for line in lines] == [
        "poll 1",
        "poll 4",
        "poll 6",
        "poll 1",
    ]
    assert "\r" not in stream.getvalue()


@pytest.mark.parametrize(
    ("args", "extra", "dependency"),
    [
        pytest.param(["mock"], "fake", "connexion", id="mock"),
        pytest.param(
            ["conformance", "--api", "mittwald"], "conformance", "requests", id="conformance"
        ),
    ],
)
def test_a_command_without_its_extra_says_which_extra(
    tmp_path: Path, args: list[str], extra: str, dependency: str
) -> None:
    # A package that fails to import shadows the real dependency, as an absent extra would.
    (tmp_path / dependency).mkdir()
    (tmp_path / dependency / "__init__.py").write_text(
        f"raise ModuleNotFoundError(\"No module named '{dependency}'\", name='{dependency}')\n"
    )
    result = run(*args, env={"PYTHONPATH": str(tmp_path)})
    assert result.returncode == 3
    assert result.stderr == (
        f"error: `provisionkit {args[0]}` needs the '{extra}' extra ({dependency} is not "
        f"installed): pip install 'provisionkit[{extra}]'\n"
    )


def test_an_import_error_inside_provisionkit_is_a_bug_not_a_missing_extra() -> None:
    bug = ImportError("cannot import name 'x'", name="provisionkit.fake.app")
    with pytest.raises(ImportError) as raised:
        missing_extra("mock", "fake", bug, io.StringIO())
    assert raised.value is bug


def test_mock_on_a_busy_port_says_so_before_any_banner() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("mock", "--port", str(port), env={})
    assert result.returncode == 3
    assert f"port {port} on 127.0.0.1 is in use" in result.stderr
    assert result.stdout == ""


def test_every_exit_code_names_an_error_class_most_specific_first() -> None:
    import provisionkit
    from provisionkit.cli import EXIT_CODES

    classes = [getattr(provisionkit, name) for name, _, _ in EXIT_CODES]
    assert all(issubclass(cls, provisionkit.ProvisionError) for cls in classes)
    for i, cls in enumerate(classes):
        assert not any(issubclass(cls, earlier) for earlier in classes[:i]), cls


def test_help_imports_nothing_beyond_the_package_itself() -> None:
    """`provisionkit --help` pays for `import provisionkit`, argparse and the operation tables
    (plain data), and nothing more: no httpx, no generated client, no clients."""
    code = (
        "import sys, provisionkit\n"
        "before = set(sys.modules)\n"
        "from provisionkit import cli\n"
        "try:\n"
        "    cli.main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in set(sys.modules) - before if m.startswith(('provisionkit', 'httpx', 'importlib.metadata'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    tables = [
        "provisionkit.cli",
        "provisionkit.foundry",
        "provisionkit.foundry.operations",
        "provisionkit.mittwald",
        "provisionkit.mittwald.operations",
        "provisionkit.operations",
    ]
    assert result.stdout.splitlines()[-1] == str(tables)


def test_mock_forwards_the_fake_servers_own_options() -> None:
    with serving(command=["-m", "provisionkit.cli", "mock", "--read-timeout", "5"]) as fake:
        state = httpx.get(f"{fake.url}/__fake__/state", timeout=5)
    assert state.status_code == 200


def test_an_unknown_option_elsewhere_is_still_a_usage_error() -> None:
    result = run("mittwald", "servers", "--read-timeout", "5", env=MW_ENV)
    assert result.returncode == 2
    assert "unrecognized arguments: --read-timeout 5" in result.stderr


def test_foundry_spaces_me_resource_and_path_come_from_the_table(server_url: str) -> None:
    """The simple operations' subcommands are the table's: a CLI user can find a space RID, their
    own id for --grant, and read what a RID or path names."""
    env = {"FOUNDRY_TOKEN": TOKEN, "FOUNDRY_BASE_URL": server_url}
    spaces = run("foundry", "spaces", env=env)
    assert spaces.returncode == 0, spaces.stderr
    space = json.loads(spaces.stdout)[0]
    me = run("foundry", "me", env=env)
    assert me.returncode == 0, me.stderr
    assert json.loads(me.stdout)["id"]
    # As real Foundry does, a space is not readable as a resource: the typed error, exit 4.
    by_rid = run("foundry", "resource", space["rid"], env=env)
    assert by_rid.returncode == 4, by_rid.stderr
    assert "GetSpaceResourceNotSupported" in by_rid.stderr
    missing = run("foundry", "path", "/No Such Space/x", env=env)
    assert missing.returncode == 6, missing.stderr
    assert TOKEN not in spaces.stdout + me.stdout + by_rid.stderr + missing.stderr


def test_version_and_verbose_work_after_a_subcommand() -> None:
    for args in (["mittwald", "servers", "--version"], ["foundry", "--version"], ["mock", "-h"]):
        result = run(*args, env={})
        assert result.returncode == 0, result.stderr
    assert run("mittwald", "servers", "--version", env={}).stdout.startswith("provisionkit ")
    assert "-v, --verbose" in run("mock", "-h", env={}).stdout


def test_no_wait_prints_no_waiting(server_url: str) -> None:
    env = {"MITTWALD_API_TOKEN": TOKEN, "MITTWALD_BASE_URL": server_url}
    args = ("mittwald", "create", "--server-id", SERVER, "--description", "quick", "--no-wait")
    result = run(*args, env=env)
    assert result.returncode == 0, result.stderr
    assert "waiting" not in result.stderr


def test_help_shows_no_maintainers_note() -> None:
    result = run("--help", env={})
    assert result.returncode == 0
    assert "300 lines" not in result.stdout
    assert "create and inspect projects" in result.stdout


def test_mock_help_explains_every_option_and_the_tokens() -> None:
    text = " ".join(run("mock", "--help", env={}).stdout.split())
    for option in ("--host", "--port", "--seed", "--allow-remote", "--read-timeout", "--any-token"):
        described = re.search(rf"{option}(?: [A-Z_]+)? (\w+)", text)
        assert described, f"{option} has no help text"
    assert "PROVISIONKIT_FAKE_TOKENS" in text
    assert "MITTWALD_BASE_URL" in text


@pytest.mark.parametrize(
    "command",
    [pytest.param(["-m", "provisionkit.fake"], id="module"), pytest.param(CLI[1:], id="cli")],
)
def test_mock_errors_are_labelled_provisionkit_mock(command: list[str]) -> None:
    for args in (["--port", "x"], ["--no-such-option"], ["--host", "0.0.0.0", "--port", "1"]):
        env = {k: v for k, v in os.environ.items() if not k.startswith("PROVISIONKIT_FAKE")}
        tail = args if command != CLI[1:] else ["mock", *args]
        result = subprocess.run(
            [sys.executable, *command, *tail],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 2, result.stderr
        assert "provisionkit mock: error:" in result.stderr
        assert "python -m" not in result.stderr


def test_a_default_mock_prints_a_token_and_accepts_only_it_and_the_seeded_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PROVISIONKIT_FAKE_TOKENS", raising=False)
    with serving(
        command=["-m", "provisionkit.cli", "mock"], any_token=False, stdout=subprocess.PIPE
    ) as fake:
        assert fake.process.stdout is not None
        # The server answers, so its banner (printed and flushed before it listens) is all there.
        banner = ""
        for line in fake.process.stdout:
            banner += line
            if line.startswith("control API"):
                break
        exports = re.findall(r"export (\w+)_BASE_URL=(\S+) \w+_TOKEN=(fake-\w+)", banner)
        assert [(api, url) for api, url, _ in exports] == [
            ("MITTWALD", fake.url),
            ("FOUNDRY", fake.url),
        ], banner
        token = exports[0][2]

        def status(token: str) -> int:
            auth = {"Authorization": f"Bearer {token}"}
            return httpx.get(f"{fake.url}/v2/servers", headers=auth, timeout=5).status_code

        assert status(token) == 200
        assert status("fake-token-of-another-user") == 200  # a seeded user, listed in the banner
        assert status(TOKEN) == 401
    fake.process.stdout.close()
