"""RESULTS.md as text: where each section sits, and how re-running some of them alone rewrites it.

Pure text in, text out (no measuring), so a unit test can check on a small RESULTS text that a
re-run replaces only its own sections and keeps every other section and every earlier re-run note.
"""

from __future__ import annotations

__all__ = ["HEADINGS", "RERUN", "TOTAL", "rerun_note", "section_lines", "splice"]

# Each section's heading starts with its prefix, so one section can be re-run alone and spliced in.
# In the order a full run writes them.
HEADINGS = {
    "overhead": "## 1.",
    "breakdown": "### 1b.",
    "readiness": "## 2.",
    "server": "## 3.",
    "scale": "## 4.",
    "hostile": "## 5.",
    "cli": "## 6.",
    "suite": "## 7.",
    "conformance": "## 8.",
    "reconcile": "## 9.",
    "observe": "## 10.",
}
RERUN = "Re-run alone since then:"
TOTAL = "Total run time"


def _find(lines: list[str], prefix: str) -> int | None:
    return next((i for i, line in enumerate(lines) if line.startswith(prefix)), None)


def _end(lines: list[str], start: int) -> int:
    """Where the section starting at `start` ends: the next heading of any section, or the run time."""
    stops = (*HEADINGS.values(), TOTAL)
    return next((i for i in range(start + 1, len(lines)) if lines[i].startswith(stops)), len(lines))


def section_lines(lines: list[str], name: str) -> list[str]:
    """The lines of section `name` (its heading first); KeyError when the text has none."""
    start = _find(lines, HEADINGS[name])
    if start is None:
        raise KeyError(f"no section {name!r} ({HEADINGS[name]}) in the text")
    return lines[start : _end(lines, start)]


def splice(old: list[str], name: str, section: list[str]) -> list[str]:
    """`old` with section `name` replaced by `section`, every other line as it was. A section not
    there yet goes right after the nearest earlier section that is (else before the run time)."""
    start = _find(old, HEADINGS[name])
    if start is not None:
        return old[:start] + section + old[_end(old, start) :]
    names = list(HEADINGS)
    for earlier in reversed(names[: names.index(name)]):
        found = _find(old, HEADINGS[earlier])
        if found is not None:
            at = _end(old, found)
            return old[:at] + section + old[at:]
    total = _find(old, TOTAL)
    at = len(old) if total is None else total
    return old[:at] + section + old[at:]


def rerun_note(old: list[str], chosen: list[str], when: str) -> list[str]:
    """`old` with this re-run added to the "Re-run alone since then:" line, which keeps the earlier
    re-runs of other sections; an earlier entry only for sections re-run now is superseded."""
    entry = f"{', '.join(chosen)} (`python -m benchmarks {' '.join(chosen)}`) on {when}"
    at = _find(old, RERUN)
    entries = [] if at is None else old[at][len(RERUN) :].strip().rstrip(".").split("; ")
    kept = [e for e in entries if e and not set(e.split(" (")[0].split(", ")) <= set(chosen)]
    line = f"{RERUN} {'; '.join([*kept, entry])}."
    if at is not None:
        return [*old[:at], line, *old[at + 1 :]]
    machine = _find(old, "Machine:")
    at = machine + 1 if machine is not None else (_find(old, "#") or 0) + 1
    return [*old[:at], line, *old[at:]]
