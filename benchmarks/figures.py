"""The pictures RESULTS.md shows beside its tables (issue 21): the readiness comparison (section 2)
and the per-call cost (section 1), as PNGs in benchmarks/figures/.

Each is drawn from the rows its section measured, so a picture shows the numbers of the table
next to it. `python -m benchmarks.figures` redraws both from the tables already in RESULTS.md,
without measuring anything (e.g. after changing only the drawing).
matplotlib (the `bench` extra) draws with its Agg backend, no display needed; it is imported only
when a picture is drawn, so the parsers below need none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from . import readiness

FIGURES = Path(__file__).resolve().parent / "figures"
READINESS_PNG = FIGURES / "readiness.png"
PER_CALL_PNG = FIGURES / "per-call.png"
# Links as RESULTS.md (in benchmarks/) writes them.
READINESS_LINK = "![Polls and lateness of each schedule over T, p50 and p95](figures/readiness.png)"
PER_CALL_LINK = (
    "![Per-call cost of each contender against raw httpx, both runs](figures/per-call.png)"
)

COLOURS = {
    readiness.PROVISIONKIT: "#1b6ac9",
    readiness.FIXED: "#d9822b",
    readiness.TERRAFORM: "#6b8e23",
}
DPI = 110


def draw_readiness(rows: Sequence[readiness.Row], path: Path = READINESS_PNG) -> Path:
    """Two panels over T (log scales): polls per wait and lateness, p95 solid and p50 dashed."""
    fig, (polls, late) = _pyplot().subplots(1, 2, figsize=(11, 4.6), layout="constrained")
    for strategy, colour in COLOURS.items():
        mine = sorted((r for r in rows if r.strategy == strategy), key=lambda r: r.target)
        targets = [r.target for r in mine]
        for axes, p95, p50 in (
            (polls, [r.polls_p95 for r in mine], [r.polls_p50 for r in mine]),
            (late, [r.lateness_p95 for r in mine], [r.lateness_p50 for r in mine]),
        ):
            axes.plot(targets, p95, marker="o", color=colour, linewidth=2, label=f"{strategy}, p95")
            axes.plot(
                targets, p50, linestyle="--", color=colour, alpha=0.7, label=f"{strategy}, p50"
            )
    polls.set_title("Polls per create+wait (fewer is better)")
    polls.set_ylabel("polls")
    late.set_title("Lateness: ready → the answer showing it (lower is better)")
    late.set_ylabel("seconds")
    for axes in (polls, late):
        axes.set_xscale("log")
        axes.set_yscale("log")
        axes.set_xlabel("T: seconds until the project turns ready (simulated)")
        axes.set_xticks(readiness.TARGETS, [f"{t:g}" for t in readiness.TARGETS])
        axes.grid(True, which="major", alpha=0.3)
    handles, labels = polls.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=3, fontsize=8, frameon=False)
    return _save(fig, path)


class Cost(Protocol):
    """A contender's cost in one run: `overhead.Row` is one (this module does not import overhead,
    which needs the official SDKs, so the parsers stay usable without them)."""

    @property
    def name(self) -> str: ...
    @property
    def micros(self) -> float: ...
    @property
    def ratio(self) -> float: ...


@dataclass(frozen=True)
class Measured:
    """A `Cost` read back from RESULTS.md."""

    name: str
    micros: float
    ratio: float


def draw_per_call(runs: dict[str, Sequence[Sequence[Cost]]], path: Path = PER_CALL_PNG) -> Path:
    """One panel per API: each contender's ratio to raw httpx of its flavour, a bar per run,
    with the 1.30x goal marked; the µs of both runs written at the bars."""
    fig, panels = _pyplot().subplots(
        1, len(runs), figsize=(12, 4.4), layout="constrained", sharex=True
    )
    for axes, (api, (first, second)) in zip(panels, runs.items(), strict=True):
        names = [r.name for r in first]
        rows = range(len(names))
        height = 0.38
        axes.barh(
            [y - height / 2 for y in rows],
            [r.ratio for r in first],
            height,
            color=[_colour(n) for n in names],
        )
        axes.barh(
            [y + height / 2 for y in rows],
            [r.ratio for r in second],
            height,
            color=[_colour(n) for n in names],
            alpha=0.55,
        )
        for y, (a, b) in enumerate(zip(first, second, strict=True)):
            axes.text(
                0.03,
                y,
                f"{a.micros:.0f} / {b.micros:.0f} µs",
                va="center",
                fontsize=8,
                color="white",
                fontweight="bold",
            )
        axes.axvline(1.0, color="black", linewidth=0.8)
        axes.axvline(1.30, color="crimson", linestyle="--", linewidth=1, label="goal ≤ 1.30x")
        axes.set_yticks(list(rows), names, fontsize=8)
        axes.invert_yaxis()
        axes.set_title(f"{api}: create + get, per operation")
        axes.set_xlabel("CPU time per create + get, ratio to raw httpx + json")
        axes.set_xlim(0, max(1.4, max(r.ratio for run in (first, second) for r in run) + 0.1))
        axes.grid(True, axis="x", alpha=0.3)
    fig.legend(
        *panels[0].get_legend_handles_labels(),
        loc="outside lower center",
        fontsize=8,
        frameon=False,
        title="each contender: run 1 (upper bar, dark), run 2 (lower bar, light); µs per operation in the bars",
        title_fontsize=8,
    )
    return _save(fig, path)


def _colour(name: str) -> str:
    if name.startswith("provisionkit"):
        return "#1b6ac9"
    if "official" in name:
        return "#d9822b"
    return "#8c8c8c"


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(fig: Any, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=DPI)
    _pyplot().close(fig)
    return path


# --- redrawing from RESULTS.md's tables -----------------------------------------------------------

_CELL = re.compile(r"\s*\|\s*")


def _table_rows(lines: Sequence[str]) -> list[list[str]]:
    return [
        [cell.strip() for cell in _CELL.split(line.strip().strip("|"))]
        for line in lines
        if line.startswith("|") and not line.startswith(("|---", "| T ", "| contender"))
    ]


def readiness_rows(section: Sequence[str]) -> list[readiness.Row]:
    """Section 2's table as rows again (the run count is not in the table: 0)."""
    return [
        readiness.Row(
            float(t.removesuffix(" s")),
            strategy,
            0,
            float(p50),
            float(p95),
            float(l50.removesuffix(" s")),
            float(l95.removesuffix(" s")),
        )
        for t, strategy, p50, p95, l50, l95, *_ in _table_rows(section)
    ]


def per_call_runs(section: Sequence[str]) -> dict[str, list[list[Measured]]]:
    """Section 1's two tables (mittwald, Foundry) as each API's two runs."""
    runs: dict[str, list[list[Measured]]] = {}
    api = ""
    for line in section:
        if line.startswith("**") and line.endswith("**"):
            api = line.strip("*")
            runs[api] = [[], []]
        elif api and line.startswith("|"):
            for cells in _table_rows([line]):
                name, _requests, micros, ratios = cells[:4]
                for run, (us, ratio) in enumerate(
                    zip(micros.split(", "), ratios.split(", "), strict=True)
                ):
                    runs[api][run].append(Measured(name, float(us), float(ratio.rstrip("x"))))
    return runs


def main() -> None:
    from .results import section_lines

    text = (Path(__file__).resolve().parent / "RESULTS.md").read_text().splitlines()
    print(draw_readiness(readiness_rows(section_lines(text, "readiness"))))
    print(draw_per_call(per_call_runs(section_lines(text, "overhead"))))


if __name__ == "__main__":
    main()
