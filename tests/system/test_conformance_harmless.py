"""`provisionkit conformance` is harmless to the account it runs on, and its reports serve CI:
what a target answers at pre-flight (a redirect, a page-capped list) ends cleanly, and what it
reads before the run is the whole list. Targets here are hostile loopback servers or the fake
served over a socket; the evidence is what they received, not the run's own report."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import pytest
from provisionkit.conformance.guard import Guard
from provisionkit.conformance.plan import Plan
from provisionkit.conformance.remote import projects_before
from provisionkit.conformance.secrecy import CREDENTIAL_HEADERS, proxies_for
from provisionkit.fake import Served, serving

from tests.helpers import TOKEN
from tests.helpers.conformance import run_conformance
from tests.helpers.hostile import SERVER_ID, Conn, Hostile, Request

APIS = ["mittwald", "foundry"]
SMALL = ["--max-examples", "2"]  # safety, not coverage
PREFLIGHT = {"mittwald": "/v2/servers", "foundry": "/api/v2/admin/users/getCurrent"}
ENV_PROXIES = ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    with serving(tokens=[TOKEN]) as fake:
        yield fake


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
def test_a_redirect_at_the_preflight_is_a_clean_exit_10_and_is_not_followed(api: str) -> None:
    with Hostile(lambda r, c: c.respond(200, {})) as elsewhere:
        moved = f"{elsewhere.url}/moved"

        def redirect(request: Request, conn: Conn) -> None:
            conn.respond(301, b"", {"Location": moved})

        with Hostile(redirect) as target:
            result = run_conformance(api, "--base-url", target.url, token=TOKEN, timeout=120)
        assert result.returncode == 10, result.stderr
        assert "redirect" in result.stderr
        assert moved in result.stderr
        assert "Traceback" not in result.stderr
        assert elsewhere.requests == []  # the token never went where the redirect pointed
        assert TOKEN not in result.stdout + result.stderr
        assert json.dumps(TOKEN) not in result.stderr


def _reflecting(fake_url: str, *, into_errors: bool) -> Hostile:
    """A gateway in front of the served fake that reflects: a TRACE is answered as RFC 9110 says
    (the request itself, as `message/http`); everything else goes to the fake, and its answer
    comes back with the request's headers in an `X-Echo` header and, `into_errors`, as the body
    of every error (which breaks the spec, so the failure prints it)."""

    secret = {name.lower() for name in CREDENTIAL_HEADERS}

    def handle(request: Request, conn: Conn) -> None:
        lines = [f"{request.method} {request.target} HTTP/1.1"]
        lines += [f"{name}: {value}" for name, value in request.headers.items()]
        if request.method == "TRACE":
            conn.respond(200, "\r\n".join(lines), content_type="message/http")
            return
        headers = {k: v for k, v in request.headers.items() if k not in {"host", "content-length"}}
        answer = httpx.request(
            request.method, fake_url + request.target, headers=headers, content=request.body
        )
        body = answer.content
        # Credentials first: a report shortens long values, and a leak must not hide past the cut.
        echo = "; ".join(sorted(lines[1:], key=lambda line: line.split(":")[0] not in secret))
        if into_errors and answer.status_code >= 400 and body:
            body = json.dumps({"echo": echo}).encode()
        keep = {"content-type", "x-pagination-totalcount", "etag", "allow", "retry-after"}
        out = {k: v for k, v in answer.headers.items() if k.lower() in keep}
        conn.respond(answer.status_code, body, {**out, "X-Echo": echo}, content_type=None)

    return Hostile(handle)


@pytest.mark.parametrize("api", APIS)
def test_a_trace_goes_without_credentials_to_a_target_that_reflects_it(
    api: str, served: Served, tmp_path: Path
) -> None:
    junit = tmp_path / "report.xml"
    with _reflecting(served.url, into_errors=False) as target:
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


@pytest.mark.parametrize("api", APIS)
def test_a_target_that_echoes_the_token_into_its_errors_leaves_it_in_no_report(
    api: str, served: Served, tmp_path: Path
) -> None:
    junit = tmp_path / "report.xml"
    with _reflecting(served.url, into_errors=True) as target:
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
