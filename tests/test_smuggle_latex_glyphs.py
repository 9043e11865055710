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


def test_a_num_whose_options_drop_the_exponent_sets_its_digits_apart(tmp_path: Path) -> None:
    """``\\num[exponent-mode=fixed,fixed-exponent=1,drop-exponent=true]{30}`` prints 3 (siunitx
    moves the exponent, then drops it): read as 30, it passed (hunt15)."""
    north = "\\num[exponent-mode=fixed,fixed-exponent=1,drop-exponent=true]{30}"
    (tmp_path / "t.tex").write_text(TEX % (north, "45", "60"), encoding="utf-8")
    (finding,) = sdc.check(tmp_path, POLICY).findings
    assert (finding.rule, finding.status.value, finding.location.cell) == ("SDC602", "review", "B2")


def test_a_sisetup_that_drops_exponents_is_flagged(tmp_path: Path) -> None:
    """``\\sisetup{exponent-mode=engineering,drop-exponent=true}`` prints 3000 as 3: the
    document is flagged (SDC605), whatever its cells read."""
    source = "\\sisetup{exponent-mode=engineering,drop-exponent=true}\n" + TEX % (
        "\\num{1200}", "1\\,350", "1\\,410")
    (tmp_path / "t.tex").write_text(source, encoding="utf-8")
    (finding,) = sdc.check(tmp_path, POLICY).findings
    assert (finding.rule, finding.status.value) == ("SDC605", "review")
    assert "siunitx" in finding.message


@pytest.mark.parametrize("north", ["\\num[group-separator={,}]{1200}",
                                   "\\num[round-mode=figures,round-precision=2]{1200}"])
def test_a_num_whose_options_keep_the_number_passes(tmp_path: Path, north: str) -> None:
    (tmp_path / "t.tex").write_text(TEX % (north, "1\\,350", "1\\,410"), encoding="utf-8")
    result = sdc.check(tmp_path, POLICY)
    assert result.status.value == "pass", result.findings
