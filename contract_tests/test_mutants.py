"""The mutation harness (mutants.py) as tests: the suite catches every mutant of the table, and the
unchanged fake, served the same way, passes it. The table holds at least one mutant of each kind
of drift, for each API where that kind applies. All runs happen once, two at a time (the
module's fixture); each test reads its own verdict."""

from __future__ import annotations

import pytest

from contract_tests.mutants import KINDS, MUTANTS, Mutant
from contract_tests.mutation import Verdict, run_all, table
from contract_tests.target import LIVE, SUMMARIES

pytestmark = pytest.mark.skipif(LIVE, reason="mutants are served fakes; nothing live to mutate")


@pytest.fixture(scope="module")
def verdicts() -> dict[tuple[str, str], Verdict]:
    ran = run_all(MUTANTS)
    SUMMARIES.append("\n".join(table(ran)))
    apis = {m.name: m.api for m in MUTANTS}
    return {(v.name, apis.get(v.name) or v.api): v for v in ran}


def test_the_table_holds_every_kind_of_drift() -> None:
    assert {m.kind for m in MUTANTS} == set(KINDS)
    assert len({m.name for m in MUTANTS}) == len(MUTANTS)


@pytest.mark.parametrize("api", ["mittwald", "foundry"])
def test_the_unchanged_fake_served_the_same_way_passes(
    api: str, verdicts: dict[tuple[str, str], Verdict]
) -> None:
    verdict = verdicts["none", api]
    assert verdict.exit_code == 0, verdict


@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda m: m.name)
def test_the_suite_catches_the_mutant(
    mutant: Mutant, verdicts: dict[tuple[str, str], Verdict]
) -> None:
    verdict = verdicts[mutant.name, mutant.api]
    assert verdict.caught, f"{mutant.name} ({mutant.what}) survived: {verdict}"
