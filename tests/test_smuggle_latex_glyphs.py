"""A symbol or a space between two digits of a LaTeX cell (issue 12, hunt15).

The reader dropped the known commands that print a symbol (``\\ldots``, ``\\cdot``,
``\\dagger``, ``\\S``, a Greek letter, ``\\vline``), a positive ``\\hspace`` and a thin space, so
``3\\cdot0`` or ``3\\hspace{5cm}0`` read as a count of 30 while the page shows a 3 and a 0 set
apart by a glyph or a gap: North's 3 deaths passed. Such a command between two digits now sets
them apart (SDC602 ``review`` at the cell); a thin space joins digits only before a group of
three (``1\\,200``), as it groups thousands. Files as ``\\begin{tabular}`` sources write them,
checked by the engine in-process."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy

POLICY = build_policy({})

TEX = ("\\begin{tabular}{lr}\n\\hline\nRegion & Deaths \\\\\n\\hline\nNorth & %s \\\\\n"
       "South & %s \\\\\nEast & %s \\\\\n\\hline\n\\end{tabular}\n")


@pytest.mark.parametrize("north", [
    "3\\ldots0", "3\\cdot0", "3\\dagger0", "3\\S0", "3\\alpha0", "3\\vline0", "3\\infty0",
    "3\\percent0", "3\\hspace{5cm}0", "3\\hspace*{1em}0", "3\\,0", "3\\thinspace0", "3\\,0000",
])
def test_a_glyph_or_a_gap_between_digits_sets_them_apart(tmp_path: Path, north: str) -> None:
    (tmp_path / "t.tex").write_text(TEX % (north, "45", "60"), encoding="utf-8")
    (finding,) = sdc.check(tmp_path, POLICY).findings
    assert (finding.rule, finding.status.value, finding.location.cell) == ("SDC602", "review", "B2")


@pytest.mark.parametrize("north", ["1\\,200", "1\\thinspace 200", "1200\\dagger", "\\textbf{1200}",
                                   "12\\relax00", "1200\\hspace{1em}"])
def test_what_the_page_joins_still_reads_as_one_count(tmp_path: Path, north: str) -> None:
    (tmp_path / "t.tex").write_text(TEX % (north, "1\\,350", "1\\,410"), encoding="utf-8")
    result = sdc.check(tmp_path, POLICY)
    assert result.status.value == "pass", result.findings
