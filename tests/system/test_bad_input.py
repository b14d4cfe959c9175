"""Bad input at the API and the CLI: empty, huge, unicode, control characters, `.`/`..`/`/`,
malformed ids. Each ends in a typed error; ids that cannot be one are refused before any request,
and whatever is sent stays on the operation's own route (an id never becomes a path)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from provisionkit import FoundryClient, MittwaldClient, ProvisionError, Runtime, cli

from tests.helpers import TOKEN

SERVER = "5e2a1c3b-8f7d-4e6a-9b0c-1d2e3f4a5b6c"
SPACE = "ri.compass.main.folder.a86ad5f5-3db5-48e4-9fdd-00aa3e5731ca"

BAD = {
    "empty": "",
    "blank": "   ",
    "huge": "x" * 100_000,
    "unicode": "projekt-äöü-🚀",
    "control": "a\x00b\x1b[31m",
    "newline": "a\nb",
    "dot": ".",
    "dotdot": "..",
    "slash": "/",
    "traversal": "../servers",
    "query": "a?b=c",
    "fragment": "a#b",
    "percent": "%2e%2e",
    "malformed": "not-an-id!",
}
# Values no id can be: refused before any request.
NEVER_SENT = {"empty", "blank", "huge", "dot", "dotdot", "slash", "traversal"}


class Recorder:
    def __init__(self) -> None:
        self.paths: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.raw_path.decode("ascii").split("?")[0])
        return httpx.Response(404, json={})


def _runtime() -> Runtime:
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    return Runtime(clock=lambda: now[0], sleep=sleep, rand=lambda: 0.5)


# (name, how to call it, the route prefix a request may go to, how many segments follow it)
OPS: list[tuple[str, Callable[[Any, Any, str], Any], str, int]] = [
    (
        "mittwald-create.server_id",
        lambda mw, _fd, v: mw.create_project(v, "ok", wait=False),
        "/v2/servers/",
        2,
    ),
    (
        "mittwald-create.description",
        lambda mw, _fd, v: mw.create_project(SERVER, v, wait=False),
        "/v2/",
        3,
    ),
    ("mittwald-get.project_id", lambda mw, _fd, v: mw.get_project(v), "/v2/projects/", 1),
    (
        "mittwald-wait.project_id",
        lambda mw, _fd, v: mw.wait_until_ready(v, timeout=5),
        "/v2/projects/",
        1,
    ),
    (
        "foundry-create.display_name",
        lambda _mw, fd, v: fd.create_project(v, SPACE),
        "/api/v2/filesystem/projects/",
        1,
    ),
    (
        "foundry-create.space_rid",
        lambda _mw, fd, v: fd.create_project("ok", v),
        "/api/v2/filesystem/projects/",
        1,
    ),
    (
        "foundry-get.project_rid",
        lambda _mw, fd, v: fd.get_project(v),
        "/api/v2/filesystem/projects/",
        1,
    ),
]


def _cases() -> list[Any]:
    cases = []
    for name, call, prefix, segments in OPS:
        for label, value in BAD.items():
            cases.append(
                pytest.param(name, call, prefix, segments, label, value, id=f"{name}-{label}")
            )
    return cases


@pytest.mark.parametrize(("name", "call", "prefix", "segments", "label", "value"), _cases())
def test_bad_input_ends_in_a_typed_error_and_never_leaves_the_operations_route(
    name: str,
    call: Callable[[Any, Any, str], Any],
    prefix: str,
    segments: int,
    label: str,
    value: str,
) -> None:
    recorder = Recorder()
    transport = httpx.MockTransport(recorder)
    base = "https://bad-input.invalid"
    with (
        MittwaldClient(TOKEN, base_url=base, transport=transport, runtime=_runtime()) as mw,
        FoundryClient(TOKEN, base_url=base, transport=transport, runtime=_runtime()) as fd,
    ):
        message = "accepted"
        try:
            call(mw, fd, value)
        except ProvisionError as error:
            message = str(error)
        # Anything but a ProvisionError propagates and fails the test.
    assert message, "a typed error says what was wrong"
    is_id = not name.endswith(("description", "display_name"))
    if is_id and label in NEVER_SENT:
        assert recorder.paths == [], "refused before any request"
    for path in recorder.paths:
        assert path.startswith(prefix)
        assert len(path.removeprefix(prefix).split("/")) <= segments


CLI_CASES = [
    pytest.param(
        ["mittwald", "create", "--server-id", "", "--description", "x"],
        id="mittwald-create-empty-server",
    ),
    pytest.param(
        ["mittwald", "create", "--server-id", "/", "--description", "x"],
        id="mittwald-create-slash-server",
    ),
    pytest.param(
        ["mittwald", "create", "--server-id", SERVER, "--description", ""],
        id="mittwald-create-empty-description",
    ),
    pytest.param(["mittwald", "get", " "], id="mittwald-get-blank"),
    pytest.param(["mittwald", "get", "a/../b"], id="mittwald-get-traversal"),
    pytest.param(["mittwald", "wait", "a\nb"], id="mittwald-wait-newline"),
    pytest.param(
        ["foundry", "create", "--display-name", "", "--space-rid", SPACE],
        id="foundry-create-empty-name",
    ),
    pytest.param(
        ["foundry", "create", "--display-name", "a/b", "--space-rid", SPACE],
        id="foundry-create-slash-name",
    ),
    pytest.param(
        ["foundry", "create", "--display-name", "ok", "--space-rid", "../x"],
        id="foundry-create-bad-space",
    ),
    pytest.param(["foundry", "get", ""], id="foundry-get-empty"),
]


@pytest.mark.parametrize("argv", CLI_CASES)
def test_cli_bad_input_is_a_one_line_typed_error_before_any_request(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Port 9 on loopback: a request that did leave would fail as a transport error, another code.
    monkeypatch.setenv("MITTWALD_API_TOKEN", TOKEN)
    monkeypatch.setenv("MITTWALD_BASE_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("FOUNDRY_TOKEN", TOKEN)
    monkeypatch.setenv("FOUNDRY_BASE_URL", "http://127.0.0.1:9")

    def no_network(self: Any, request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"a request was sent: {request.method} {request.url}")

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", no_network)
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(argv, stdout=out, stderr=err)
    assert code not in (0, 1)
    assert out.getvalue() == ""
    assert err.getvalue().startswith("error: ")
    assert "Traceback" not in err.getvalue()
