"""`make conformance`: the packaged suite (`provisionkit conformance`, the code any service runs),
against the fake served over a socket with creating allowed, or against a live API."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from provisionkit.fake import Served, serving

from contract_tests.target import (
    FAKE_BUDGET,
    FAKE_TOKEN,
    LIVE,
    ROOT,
    SUMMARIES,
    live_args,
    tuning,
)
from tests.helpers.conformance import (
    TOKEN_VARIABLE,
    creating_on_the_fake,
    run_conformance,
)


@pytest.fixture(scope="module")
def fake() -> Iterator[Served | None]:
    if LIVE:
        yield None
        return
    with serving(tokens=[FAKE_TOKEN]) as served:
        yield served


def _summary(stderr: str) -> str:
    return stderr[stderr.rfind("\nconformance ") + 1 :].rstrip()


@pytest.mark.parametrize("api", ["mittwald", "foundry"])
def test_the_api_conforms_to_its_spec(api: str, fake: Served | None) -> None:
    junit = ["--junit", str(ROOT / "reports" / f"conformance-{api}.xml")]
    if fake is None:
        args = live_args(api)
        if args is None:
            pytest.skip(f"live {api}: set its base URL and {TOKEN_VARIABLE[api]}")
        result = run_conformance(
            api, *args, *tuning(), *junit, token=os.environ[TOKEN_VARIABLE[api]]
        )
        SUMMARIES.append(_summary(result.stderr))
        assert result.returncode == 0, result.stdout[-5000:] + result.stderr
        return
    result = run_conformance(
        api,
        *creating_on_the_fake(api, fake.url, FAKE_TOKEN),
        "--budget",
        str(FAKE_BUDGET),
        *tuning(),
        *junit,
        token=FAKE_TOKEN,
    )
    SUMMARIES.append(_summary(result.stderr))
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr
