"""A LaTeX cell padded with ``\\phantom`` (hunt round 15, issue 12): the phantom's argument was
read as part of the number, so ``\\phantom{1}3`` was 13 and ``3\\phantom{0}`` 30 where the
typeset page shows 3, and a table with a count of 3 passed. The argument is taken out as the
page shows it; beyond alignment padding (zeros, signs, points) it is hidden text that leaves
with the source (SDC605, its numbers named by SDC602). Safe twins: zero padding around counts
of 33 and 30 passes. Alike, threeparttable's mark ``3\\tnote{1}`` read as 31 (now ``3¹``, not a
number: SDC602 review) and ``3\\iffalse0\\fi`` as 30 (the skipped text is hidden text).
Files on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import found_with_status as _found

TABULAR = ("\\begin{tabular}{lr}\n\\toprule\nregion & n \\\\\n\\midrule\nEast & 40 \\\\\n"
           "West & %s \\\\\nNorth & 50 \\\\\n\\bottomrule\n\\end{tabular}\n")


def _check(tmp_path: Path, west: str) -> sdc.RunResult:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "t.tex").write_text(TABULAR % west)
    return sdc.check(folder, build_policy({}))


@pytest.mark.parametrize("west", ["3\\phantom{0}", "\\phantom{0}3", "3\\vphantom{0}",
                                  "3\\phantom{.0}", "\\phantom{-}3", "\\phantom0 3"])
def test_a_count_padded_with_a_phantom_is_the_count_the_page_shows(tmp_path: Path,
                                                                   west: str) -> None:
    result = _check(tmp_path, west)
    # was: pass for the trailing pads (read as 30), SDC101 review for '-' (read as -3)
    assert _found(result) == {("SDC101", "B3", "fail")}


@pytest.mark.parametrize("west", ["\\phantom{1}3", "\\hphantom{1}3"])
def test_a_phantom_holding_a_digit_is_hidden_text(tmp_path: Path, west: str) -> None:
    result = _check(tmp_path, west)
    # was: pass (read as 13)
    assert _found(result) == {("SDC101", "B3", "fail"), ("SDC602", None, "review"),
                              ("SDC605", None, "review")}
    assert any(f.rule == "SDC602" and f.message.endswith("phantom on line 6 (hidden)")
               for f in result.findings)


def test_a_phantom_hiding_a_count_beside_a_safe_cell_is_hidden_text(tmp_path: Path) -> None:
    result = _check(tmp_path, "30\\phantom{West 3}")
    # was: SDC602 review at B3 (read as '30West3'), the 30 itself unread
    assert _found(result) == {("SDC602", None, "review"), ("SDC605", None, "review")}


@pytest.mark.parametrize("west", ["\\phantom{0}33", "30\\phantom{.0}", "30\\phantom{0}"])
def test_zero_padding_of_safe_counts_passes(tmp_path: Path, west: str) -> None:
    result = _check(tmp_path, west)
    assert result.findings == [] and result.status.value == "pass"


def test_a_threeparttable_note_mark_is_not_part_of_the_count(tmp_path: Path) -> None:
    result = _check(tmp_path, "3\\tnote{1}")
    # was: pass (read as 31); the page shows 3 with a mark: not a number a rule reads
    assert _found(result) == {("SDC602", "B3", "review")}


def test_a_threeparttable_note_mark_beside_a_safe_count_is_not_a_number(tmp_path: Path) -> None:
    from sdc.readers.documents.latex import clean

    assert clean("30\\tnote{1}") == "30\u00b9" and clean("30\\tnote{a}") == "30a"


def test_text_iffalse_skips_is_hidden_text(tmp_path: Path) -> None:
    result = _check(tmp_path, "3\\iffalse0\\fi")
    # was: pass (read as 30)
    assert _found(result) == {("SDC101", "B3", "fail"), ("SDC602", None, "review"),
                              ("SDC605", None, "review")}
    assert any(f.rule == "SDC602" and f.message.endswith("\\iffalse on line 6 (hidden)")
               for f in result.findings)
