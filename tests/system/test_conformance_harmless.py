"""`provisionkit conformance` is harmless to the account it runs on, and its reports serve CI:
what a target answers at pre-flight (a redirect, a page-capped list) ends cleanly, and what it
reads before the run is the whole list. Targets here are hostile loopback servers or the fake
served over a socket; the evidence is what they received, not the run's own report."""

from __future__ import annotations

import contextlib
import json
import queue
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, quote, urlsplit
from xml.etree import ElementTree

import httpx
import pytest
import requests
from provisionkit.conformance.cleanup import cleanup
from provisionkit.conformance.guard import Guard
from provisionkit.conformance.plan import Plan
from provisionkit.conformance.remote import projects_before
from provisionkit.conformance.secrecy import CREDENTIAL_HEADERS, proxies_for
from provisionkit.fake import Served, serving

from tests.helpers import TOKEN, specs
from tests.helpers.conformance import (
    creating_on_the_fake,
    fake_get,
    run_conformance,
    start_conformance,
)
from tests.helpers.hostile import SERVER_ID, Conn, Hostile, Request

APIS = ["mittwald", "foundry"]
SMALL = ["--max-examples", "2"]  # safety, not coverage
INTERRUPT_WAIT = 120  # seconds: bounds only; a run creates within its first seconds
PREFLIGHT = {"mittwald": "/v2/servers", "foundry": "/api/v2/admin/users/getCurrent"}
OPERATIONS = {
    api: {operation["operationId"] for _, _, operation in specs.operations(api)}
    for api in ("mittwald", "foundry")
}
ENV_PROXIES = ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    with serving(tokens=[TOKEN]) as fake:
        yield fake


@pytest.fixture
def fake(served: Served) -> Served:
    """The module's fake, back in its seeded state: each test reads counts of its own run only."""
    headers = {"Authorization": f"Bearer {TOKEN}"}
    httpx.post(f"{served.url}/__fake__/reset", headers=headers, timeout=10).raise_for_status()
    return served


def _control(fake: Served, route: str, body: dict[str, object]) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    url = f"{fake.url}/__fake__/{route}"
    httpx.post(url, json=body, headers=headers, timeout=10).raise_for_status()


def _leaks(text: str) -> list[str]:
    """Every form the token could take in a report: as sent, JSON-escaped, percent-encoded."""
    return [
        form for form in (TOKEN, json.dumps(TOKEN)[1:-1], quote(TOKEN, safe="")) if form in text
    ]


def _paged_projects(count: int, cap: int, *, total: int | None = None) -> Hostile:
    """mittwald's project list, `cap` items a page at most whatever `limit` asks, with
    X-Pagination-TotalCount (`total`, default the true count)."""
    ids = [f"00000000-0000-4000-8000-{n:012d}" for n in range(count)]

    def handle(request: Request, conn: Conn) -> None:
        query = parse_qs(urlsplit(request.target).query)
        skip = int(query.get("skip", ["0"])[0])
        limit = min(int(query.get("limit", ["10000"])[0]), cap)
        page = [{"id": i, "description": "x"} for i in ids[skip : skip + limit]]
        conn.respond(200, page, {"X-Pagination-TotalCount": str(total if total else count)})

    return Hostile(handle)


def _plan(url: str) -> Plan:
    return Plan("mittwald", url, TOKEN, allow_create=True, designated=SERVER_ID)


def test_the_preflight_snapshot_reads_every_page_a_capped_server_hands_out() -> None:
    """Issue 22: a server that caps pages below `limit` (here 2 of 7) still gives every id."""
    with _paged_projects(7, 2) as server:
        plan = _plan(server.url)
        with Guard(plan).installed():
            before = projects_before(plan)
    assert before is not None
    assert len(before) == 7
    assert server.count("GET", "/v2/projects") == 4


def test_a_list_whose_pages_never_reach_its_total_is_not_taken_as_the_whole() -> None:
    """A total the pages never reach means the snapshot is unknown (None), not a short list."""
    with _paged_projects(3, 2, total=50) as server:
        plan = _plan(server.url)
        with Guard(plan).installed():
            assert projects_before(plan) is None


@pytest.mark.parametrize("api", APIS)
def test_a_redirect_at_the_preflight_is_a_clean_exit_10_and_is_not_followed(
    api: str, tmp_path: Path
) -> None:
    junit = tmp_path / "report.xml"
    with Hostile(lambda r, c: c.respond(200, {})) as elsewhere:
        moved = f"{elsewhere.url}/moved"

        def redirect(request: Request, conn: Conn) -> None:
            conn.respond(301, b"", {"Location": moved})

        with Hostile(redirect) as target:
            result = run_conformance(
                api, "--base-url", target.url, "--junit", str(junit), token=TOKEN, timeout=120
            )
        assert result.returncode == 10, result.stderr
        assert "redirect" in result.stderr
        assert moved in result.stderr
        assert "Traceback" not in result.stderr
        assert elsewhere.requests == []  # the token never went where the redirect pointed
        assert TOKEN not in result.stdout + result.stderr
        assert json.dumps(TOKEN) not in result.stderr
    # CI still gets a report saying why the run stopped.
    assert _testcases(junit) == {(f"{api}.run", "pre-flight"): "redirect"}


def _testcases(junit: Path) -> dict[tuple[str, str], str | None]:
    """(classname, name) -> the failure's message (None: passed)."""
    cases = ElementTree.parse(junit).getroot().iter("testcase")
    result: dict[tuple[str, str], str | None] = {}
    for case in cases:
        failure = case.find("failure")
        message = None if failure is None else failure.get("message", "")
        result[case.get("classname", ""), case.get("name", "")] = (
            "redirect" if message and "a redirect to" in message else message
        )
    return result


@pytest.mark.parametrize("api", APIS)
def test_a_token_refused_at_the_preflight_still_writes_the_junit_file(
    api: str, served: Served, tmp_path: Path
) -> None:
    junit = tmp_path / "report.xml"
    result = run_conformance(
        api, "--base-url", served.url, "--junit", str(junit), token="not-the-configured-token"
    )
    assert result.returncode == 5, result.stderr
    [(key, message)] = _testcases(junit).items()
    assert key == (f"{api}.run", "pre-flight")
    assert message is not None
    assert "answered 401" in message
    assert "not-the-configured-token" not in junit.read_text()


Intercept = Callable[[Request, Conn], bool]  # True: it answered the request itself


def _gateway(
    fake_url: str, intercept: Intercept | None = None, *, into_errors: bool = False
) -> Hostile:
    """A gateway in front of the served fake: `intercept` may answer a request itself; the rest
    goes to the fake, whose answer comes back with the request's headers in an `X-Echo` header
    and, `into_errors`, as the body of every error (which breaks the spec, so a failure prints
    it, credentials first: a report shortens long values, and a leak must not hide past the cut)."""
    secret = {name.lower() for name in CREDENTIAL_HEADERS}

    def handle(request: Request, conn: Conn) -> None:
        if intercept is not None and intercept(request, conn):
            return
        headers = {k: v for k, v in request.headers.items() if k not in {"host", "content-length"}}
        answer = httpx.request(
            request.method, fake_url + request.target, headers=headers, content=request.body
        )
        body = answer.content
        lines = [f"{name}: {value}" for name, value in request.headers.items()]
        echo = "; ".join(sorted(lines, key=lambda line: line.split(":")[0] not in secret))
        if into_errors and answer.status_code >= 400 and body:
            body = json.dumps({"echo": echo}).encode()
        keep = {"content-type", "x-pagination-totalcount", "etag", "allow", "retry-after"}
        out = {k: v for k, v in answer.headers.items() if k.lower() in keep}
        conn.respond(answer.status_code, body, {**out, "X-Echo": echo}, content_type=None)

    return Hostile(handle)


def _reflect_trace(request: Request, conn: Conn) -> bool:
    """A TRACE answered as RFC 9110 says: the request itself, as `message/http`."""
    if request.method != "TRACE":
        return False
    lines = [f"{request.method} {request.target} HTTP/1.1"]
    lines += [f"{name}: {value}" for name, value in request.headers.items()]
    conn.respond(200, "\r\n".join(lines), content_type="message/http")
    return True


@pytest.mark.parametrize("api", APIS)
def test_a_trace_goes_without_credentials_to_a_target_that_reflects_it(
    api: str, served: Served, tmp_path: Path
) -> None:
    junit = tmp_path / "report.xml"
    with _gateway(served.url, _reflect_trace) as target:
        result = run_conformance(
            api, "--base-url", target.url, *SMALL, "--junit", str(junit), token=TOKEN
        )
    traces = [r for r in target.requests if r.method == "TRACE"]
    assert traces, "the suite no longer tries TRACE: this test would prove nothing"
    credentials = {name.lower() for name in CREDENTIAL_HEADERS}
    assert all(credentials.isdisjoint(r.headers) for r in traces)
    assert result.returncode == 1, result.stderr  # TRACE answered 200 where the spec has no TRACE
    assert "Unsupported method TRACE returned 200" in result.stdout
    assert _leaks(result.stdout + result.stderr + junit.read_text()) == []
    # CI can say which operation failed which check; nothing is the pytest function's name.
    cases = _testcases(junit)
    failed = {key for key, message in cases.items() if message is not None}
    assert failed
    assert {name for _, name in failed} == {"unsupported_method"}
    assert all(classname.startswith(f"{api}.") for classname, _ in cases)
    operations = {classname.split(".", 1)[1] for classname, _ in cases} - {"run"}
    assert operations <= OPERATIONS[api]
    assert len(operations) >= 3
    assert (f"{api}.run", "pre-flight") in cases
    assert not any("test_operation" in name for _, name in cases)


@pytest.mark.parametrize("api", APIS)
def test_a_target_that_echoes_the_token_into_its_errors_leaves_it_in_no_report(
    api: str, served: Served, tmp_path: Path
) -> None:
    junit = tmp_path / "report.xml"
    with _gateway(served.url, _reflect_trace, into_errors=True) as target:
        result = run_conformance(
            api, "--base-url", target.url, *SMALL, "--junit", str(junit), token=TOKEN
        )
    # The echoes were there: requests carried the token, and failures printed answers.
    assert any(TOKEN in " ".join(r.headers.values()) for r in target.requests)
    assert result.returncode == 1, result.stderr
    assert '"echo"' in result.stdout
    assert _leaks(result.stdout + result.stderr + junit.read_text()) == []
    assert "[redacted]" in result.stdout + junit.read_text()


def test_an_environment_proxy_never_sees_a_plain_http_run(served: Served) -> None:
    """With HTTP_PROXY and friends set, a loopback http:// target is dialled directly, as the
    clients do: a proxy there would read the token in clear."""
    with Hostile(lambda r, c: c.respond(502, {})) as proxy:
        env = {name: proxy.url for name in ENV_PROXIES} | {"NO_PROXY": "", "no_proxy": ""}
        result = run_conformance("mittwald", "--base-url", served.url, *SMALL, token=TOKEN, env=env)
    assert proxy.requests == []
    assert result.returncode == 0, result.stderr


def test_an_https_target_keeps_the_environment_proxy_which_only_tunnels_tls() -> None:
    proxies = {"https": "http://proxy.example:3128", "http": "http://proxy.example:3128"}
    assert proxies_for("https://api.mittwald.de/v2/servers", proxies) == proxies
    assert proxies_for("http://127.0.0.1:8080/v2/servers", proxies) == {}


# --- the cleanup touches only what bears the run's marker, and counts only what a read confirms --


def _mittwald_create(guard: Guard, url: str, server: str, description: str) -> requests.Response:
    """A create as the suite sends one: marked by the guard, then sent through it."""
    case = SimpleNamespace(body={"description": description})
    guard.marker.mark(case)
    return requests.post(
        f"{url}/v2/servers/{server}/projects",
        json=case.body,
        headers={"x-access-token": TOKEN},
        timeout=10,
    )


def test_a_gateway_502_on_the_runs_create_never_costs_another_jobs_project(fake: Served) -> None:
    """The incident: the run's create got a 502 from a gateway and never reached the API; another
    job's project, same description, created during the run, was deleted as the run's own."""
    server = fake_get(fake.url, TOKEN, "fixtures")["mittwald_server"]
    plan = Plan("mittwald", fake.url, TOKEN, allow_create=True, designated=server)
    guard = Guard(plan)

    def bad_gateway_on_first_create(request: Request, conn: Conn) -> bool:
        if request.method == "POST" and not getattr(bad_gateway_on_first_create, "done", False):
            bad_gateway_on_first_create.done = True  # type: ignore[attr-defined]
            return conn.respond(502, {"message": "bad gateway"}) or True
        return False

    with _gateway(fake.url, bad_gateway_on_first_create) as gateway:
        plan = Plan("mittwald", gateway.url, TOKEN, allow_create=True, designated=server)
        guard = Guard(plan)
        with guard.installed():
            guard.before = projects_before(plan)
            lost = _mittwald_create(guard, gateway.url, server, "My first project")
            # Another job (same seed, same description, no marker of this run) creates meanwhile.
            foreign = httpx.post(
                f"{fake.url}/v2/servers/{server}/projects",
                json={"description": "My first project"},
                headers={"x-access-token": TOKEN},
                timeout=10,
            ).json()["id"]
            mine = _mittwald_create(guard, gateway.url, server, "My first project")
            cleanup(guard, pause=0)
    assert lost.status_code == 502
    assert mine.status_code == 201
    unknown, kept = guard.created
    assert (unknown.id, unknown.removed) == (None, False)
    assert "no project bears its marker" in (unknown.problem or "")
    assert kept.removed
    assert fake_get(fake.url, TOKEN, "deleted-projects")["deleted_projects"] == 1
    still = httpx.get(
        f"{fake.url}/v2/projects/{foreign}", headers={"x-access-token": TOKEN}, timeout=10
    )
    assert still.status_code == 200, "another job's project was touched"


@pytest.mark.parametrize("api", APIS)
def test_a_create_applied_behind_a_502_is_found_by_its_own_marker_and_confirmed_removed(
    api: str, fake: Served
) -> None:
    """The fake applies the create, then the gateway answers 502 (`bad_gateway_after`): the
    cleanup finds it by its tag (mittwald: every page of the list; Foundry: its path), removes it
    and counts it only once a read says it is gone or trashed."""
    fixtures = fake_get(fake.url, TOKEN, "fixtures")
    operation = {"mittwald": "project-create-project", "foundry": "createProject"}[api]
    _control(fake, "faults", {"operation_id": operation, "fault": "bad_gateway_after"})
    designated = creating_on_the_fake(api, fake.url, TOKEN)[-1]
    plan = Plan(api, fake.url, TOKEN, allow_create=True, designated=designated)
    guard = Guard(plan)
    with guard.installed():
        guard.before = projects_before(plan)
        if api == "mittwald":
            answer = _mittwald_create(guard, fake.url, designated, "My first project")
        else:
            body = {
                "displayName": "Flights",
                "spaceRid": designated,
                "roleGrants": {
                    fixtures["foundry_owner_role"]: [
                        {"principalId": fixtures["foundry_principal"], "principalType": "USER"}
                    ]
                },
            }
            case = SimpleNamespace(body=body)
            guard.marker.mark(case)
            answer = requests.post(
                f"{fake.url}/api/v2/filesystem/projects/create",
                json=case.body,
                headers={"Authorization": f"Bearer {TOKEN}"},
                timeout=10,
            )
        cleanup(guard, pause=0)
    assert answer.status_code == 502
    [created] = guard.created
    assert created.tag is not None
    assert created.removed, created.problem
    assert created.id is not None
    assert fake_get(fake.url, TOKEN, "deleted-projects")["deleted_projects"] == 1


def test_a_delete_answered_204_that_deletes_nothing_is_not_counted_cleaned(fake: Served) -> None:
    """A deployment that answers a delete and keeps the project: listed as left behind, exit 6."""

    def pretend_delete(request: Request, conn: Conn) -> bool:
        if request.method == "DELETE":
            return conn.respond(204) or True
        return False

    with _gateway(fake.url, pretend_delete) as gateway:
        args = creating_on_the_fake("mittwald", fake.url, TOKEN)
        args[1] = gateway.url
        result = run_conformance("mittwald", *args, *SMALL, "--budget", "2", token=TOKEN)
    found = re.search(r"created (\d+), cleaned (\d+), left behind (\d+)", result.stderr)
    assert found is not None, result.stderr
    created, cleaned, left = map(int, found.groups())
    assert created > 0
    assert (cleaned, left) == (0, created)
    assert "yet a read shows it not deleted" in result.stderr
    assert result.returncode == 6, result.stderr
    assert fake_get(fake.url, TOKEN, "deleted-projects")["deleted_projects"] == 0


@pytest.mark.parametrize("api", APIS)
def test_every_create_of_a_run_bears_its_marker_and_repeated_runs_keep_creating(
    api: str, fake: Served
) -> None:
    """Two creating runs against the same target: both create (Foundry's names, unique in a
    space, differ per run), every project created bears its run's marker, and both clean up."""
    args = [*creating_on_the_fake(api, fake.url, TOKEN), *SMALL, "--budget", "2"]
    results = [run_conformance(api, *args, token=TOKEN) for _ in range(2)]
    applied = fake_get(fake.url, TOKEN, "state")["applied_creates"][api]
    for result in results:
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr
        found = re.search(r"created (\d+), cleaned (\d+), left behind 0", result.stderr)
        assert found is not None, result.stderr
        assert int(found[1]) > 0
        assert found[1] == found[2]
    assert fake_get(fake.url, TOKEN, "deleted-projects")["deleted_projects"] == applied
    markers = {re.search(r"run (pkc-[0-9a-f]{8})", r.stderr)[1] for r in results}  # type: ignore[index]
    assert len(markers) == 2


def test_a_creating_run_that_creates_nothing_fails(fake: Served) -> None:
    """Every create answered 409 (the name taken, as a fixed example name made every second
    Foundry run): answers the spec allows, so every check passes, yet nothing was checked."""

    def name_taken(request: Request, conn: Conn) -> bool:
        if request.method != "POST" or not request.path.endswith("/projects/create"):
            return False
        if TOKEN not in request.headers.get("authorization", ""):
            return False  # the fake answers 401, as the check that auth is enforced expects
        error = {
            "errorCode": "CONFLICT",
            "errorName": "ProjectNameAlreadyExists",
            "errorInstanceId": "00000000-0000-4000-8000-000000000000",
            "parameters": {},
        }
        return conn.respond(409, error) or True

    with _gateway(fake.url, name_taken) as gateway:
        args = creating_on_the_fake("foundry", fake.url, TOKEN)
        args[1] = gateway.url
        result = run_conformance("foundry", *args, *SMALL, token=TOKEN)
    assert "no create was accepted" in result.stderr
    assert result.returncode == 1, result.stderr
    assert "created 0, cleaned 0, left behind 0" in result.stderr


def test_a_second_ctrl_c_does_not_abort_the_cleanup(fake: Served) -> None:
    """Ctrl-C after the first create, then Ctrl-C and SIGTERM again while the cleanup runs (each
    delete slowed to 0.5 s): the cleanup still removes everything, and the run ends with its
    summary, exit 130."""
    _control(
        fake,
        "faults",
        {"operation_id": "project-delete-project", "fault": "delay", "seconds": 0.5, "times": 50},
    )
    args = creating_on_the_fake("mittwald", fake.url, TOKEN)
    process = start_conformance("mittwald", *args, token=TOKEN)
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.put(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    seen: list[str] = []

    def wait_for(text: str) -> None:
        end = time.monotonic() + INTERRUPT_WAIT
        while not any(text in line for line in seen):
            assert time.monotonic() < end, f"never saw {text!r}: {seen}"
            with contextlib.suppress(queue.Empty):
                seen.append(lines.get(timeout=0.1))

    try:
        end = time.monotonic() + INTERRUPT_WAIT
        while fake_get(fake.url, TOKEN, "state")["applied_creates"]["mittwald"] == 0:
            assert process.poll() is None, seen
            assert time.monotonic() < end, "the run created nothing"
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        wait_for("cleanup: removing")
        for again in (signal.SIGINT, signal.SIGINT, signal.SIGTERM):
            process.send_signal(again)
            time.sleep(0.05)
        process.wait(timeout=INTERRUPT_WAIT)
        reader.join(10)
        while not lines.empty():
            seen.append(lines.get())
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        reader.join(10)
        if process.stderr is not None:
            process.stderr.close()
    stderr = "".join(seen)
    state = fake_get(fake.url, TOKEN, "state")
    applied = state["applied_creates"]["mittwald"]
    assert state["deleted_projects"]["mittwald"] == applied, stderr
    found = re.search(r"created (\d+), cleaned (\d+), left behind (\d+)", stderr)
    assert found is not None, stderr
    created, cleaned, left = map(int, found.groups())
    # Only a create the Ctrl-C cut off before it applied may be left listed: nothing bears its
    # marker (the fake's count above says everything applied was deleted).
    assert left == stderr.count("no project bears its marker") <= 1
    assert cleaned == created - left
    assert process.returncode == 130, stderr
    assert "result: interrupted" in stderr
    assert "cleanup still running" in stderr
