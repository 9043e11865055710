"""R janitor's ``tabyl(df, region, sex) |> adorn_totals("row") |> adorn_percentages("col") |>
adorn_pct_formatting() |> adorn_ns()`` written with write.csv (false positives, eighth round):
``23.2%  (48)`` cells and a ``Total`` line of ``100.0% (207)``. The Total line's 100% is the
whole of its own column by construction; it was read as a group all in one category (SDC103
fail at every Total cell). A 100% in any other line is still a group disclosure, and a small
count still fails."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _check(root: Path, text: str) -> tuple[set[tuple[str, str, str | None]], str]:
    (root / "tabyl.csv").write_text(text)
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


def _tabyl(counts: dict[str, tuple[int, int]], by: str = "col") -> str:
    """The cells as adorn_pct_formatting() and adorn_ns() write them: ``23.2% (48)``."""
    rows = {**counts, "Total": tuple(sum(c[i] for c in counts.values()) for i in (0, 1))}
    lines = ['"region","Female","Male","Total"']
    for name, (f, m) in rows.items():
        cells = []
        for i, v in enumerate((f, m, f + m)):
            base = (rows["Total"][i] if i < 2 else sum(rows["Total"])) if by == "col" else f + m
            cells.append(f'"{100 * v / base:.1f}% ({v})"')
        lines.append(f'"{name}",' + ",".join(cells))
    return "\n".join(lines) + "\n"


SAFE = {"East": (48, 50), "North": (50, 54), "South": (97, 97), "West": (12, 14)}


def test_tabyl_with_a_total_line_passes(tmp_path: Path) -> None:
    assert _check(tmp_path, _tabyl(SAFE)) == (set(), "pass")


def test_tabyl_of_row_shares_with_its_total_column_passes(tmp_path: Path) -> None:
    # adorn_percentages("row"): every line's Total is 100% of itself
    assert _check(tmp_path, _tabyl(SAFE, by="row")) == (set(), "pass")


def test_tabyl_with_a_small_count_fails_at_it(tmp_path: Path) -> None:
    assert _check(tmp_path, _tabyl({**SAFE, "West": (3, 14)})) == (
        {("SDC101", "tabyl.csv", "B5")}, "fail")


def test_a_group_all_in_one_category_still_fails(tmp_path: Path) -> None:
    # West: 12 women, no man (row shares): 100% of a line that is no margin
    # (its Total, 100% of itself, is not; the 0 men is a zero, SDC102)
    assert _check(tmp_path, _tabyl({**SAFE, "West": (12, 0)}, by="row")) == (
        {("SDC103", "tabyl.csv", "B5"), ("SDC102", "tabyl.csv", "C5")}, "fail")
