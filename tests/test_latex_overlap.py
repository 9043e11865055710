"""LaTeX text typeset over its neighbour, moved back onto it, or changed by a command whose
effect the reader does not know (hunt round 16, issue 12). ``\\rlap{1}3`` read as 13 where
the page prints a 1 and a 3 in one place; ``\\scalebox{1}{3}`` as 13, ``\\rotatebox{90}{3}``
as 903 (a size or an angle joined the count); a macro the source defines to eat its argument
(``\\eat13``) as 13 where the page shows 3; each passed a count of 3. Overlapping text and
negative space are an edge (``1|3``: no one number, SDC602 review at the cell), as an element's
edge is in HTML; sizes and angles are not text; an unknown command beside a digit sets it
apart. Safe twins: the same commands around a count of 30 read 30 and pass. Files on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import found_with_status as _found

TABULAR = ("%s\\begin{tabular}{lr}\n\\toprule\nregion & n \\\\\n\\midrule\nEast & 40 \\\\\n"
           "West & %s \\\\\nNorth & 50 \\\\\n\\bottomrule\n\\end{tabular}\n")


def _check(tmp_path: Path, west: str, preamble: str = "") -> sdc.RunResult:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "t.tex").write_text(TABULAR % (preamble, west))
    return sdc.check(folder, build_policy({}))


@pytest.mark.parametrize("west", ["\\rlap{1}3", "3\\llap{1}", "\\clap{1}3", "$\\mathrlap{1}3$",
                                  "$3\\mathllap{1}$", "\\scalebox{0}{1}3", "\\rlap{$<$}3"])
def test_digits_typeset_over_a_count_are_no_one_number(tmp_path: Path, west: str) -> None:
    result = _check(tmp_path, west)
    # was: pass (read as 13, 31 or 13; the last as the marker <3)
    assert _found(result) == {("SDC602", "B3", "review")}


@pytest.mark.parametrize("west", ["\\makebox[0pt]{1}3", "\\makebox[0pt][l]{1}3",
                                  "1\\hspace{-1em}3", "1\\kern-0.5em3", "1\\hskip-0.5em3",
                                  "$1\\mkern-18mu3$", "$1\\!3$", "1\\negthinspace 3"])
def test_negative_space_and_zero_width_boxes_are_an_edge(tmp_path: Path, west: str) -> None:
    # review before too, but only because the box's or space's parameters were left as text
    assert _found(_check(tmp_path, west)) == {("SDC602", "B3", "review")}


@pytest.mark.parametrize("west", ["\\scalebox{1}{3}", "\\scalebox{0.5}{3}",
                                  "\\rotatebox{90}{3}", "\\linespread{1}3",
                                  "\\fontsize{8}{10}\\selectfont 3", "\\setcounter{x}{1}3",
                                  "\\rule{0pt}{2.5ex}3"])
def test_a_size_or_angle_is_not_part_of_the_count(tmp_path: Path, west: str) -> None:
    # was: pass for scalebox{1} and linespread (read as 13), SDC103 for the rotated 903
    assert _found(_check(tmp_path, west)) == {("SDC101", "B3", "fail")}


@pytest.mark.parametrize("preamble, west", [
    ("\\NewDocumentCommand{\\eat}{m}{}\n", "\\eat{1}3"),
    ("\\NewDocumentCommand{\\eat}{m}{}\n", "\\eat13"),
    ("", "3\\@gobble0"),
    ("", "\\@secondoftwo{1}{3}"),
    ("", "\\iftrue3\\else1\\fi"),
    ("", "\\ifx\\a\\a\\else 1\\fi 3"),
])
def test_a_command_of_unknown_effect_beside_a_digit_sets_it_apart(
        tmp_path: Path, preamble: str, west: str) -> None:
    result = _check(tmp_path, west, preamble)
    # was: pass (read as 13, 30, 13, 31 and 13): the page shows 3
    assert _found(result) == {("SDC602", "B3", "review")}


def test_a_known_command_the_source_redefines_is_unknown(tmp_path: Path) -> None:
    result = _check(tmp_path, "\\textbf{1}3", "\\RenewDocumentCommand{\\textbf}{m}{}\n")
    # was: pass (read as 13)
    assert _found(result) == {("SDC602", "B3", "review")}


def test_a_source_changing_what_its_characters_mean_is_flagged(tmp_path: Path) -> None:
    result = _check(tmp_path, "13", "\\catcode`\\1=9\n")
    # the page drops every 1; the catcode line's own numbers are prose (SDC602)
    assert _found(result) == {("SDC602", None, "review"), ("SDC605", None, "review")}
    assert any(f.rule == "SDC605" and "catcode" in f.message for f in result.findings)


@pytest.mark.parametrize("west", ["\\scalebox{1}{30}", "\\rotatebox{90}{30}", "30\\hspace{1em}",
                                  "\\rule{0pt}{2.5ex}30", "\\hfill 30", "\\textbf{30}",
                                  "$\\left(30\\right)$", "\\linespread{1}30"])
def test_safe_twins_pass(tmp_path: Path, west: str) -> None:
    result = _check(tmp_path, west)
    assert result.findings == [] and result.status.value == "pass"


def test_marks_typeset_in_a_lap_stay_beside_their_number() -> None:
    from sdc.readers.documents.latex import clean

    assert clean("0.25\\rlap{$^{***}$}") == "0.25***"
    assert clean("\\rlap{1}3") == "|1|3" and clean("1\\kern-0.5em3") == "1|3"
    assert clean("\\beta_1") == "_1"  # a symbol beside no digit is dropped as before


@pytest.mark.parametrize("west", ["3\\quad0", "3\\hfill0", "3\\space0", "3\\newline0"])
def test_space_or_a_line_break_between_digits_is_no_one_number(tmp_path: Path, west: str) -> None:
    # was: pass (read as 30; the page shows 3 and 0 apart)
    assert _found(_check(tmp_path, west)) == {("SDC602", "B3", "review")}


@pytest.mark.parametrize("west", ["\\hfill 3", "3\\quad", "3\\newline"])
def test_space_beside_a_count_leaves_it_a_count(tmp_path: Path, west: str) -> None:
    assert _found(_check(tmp_path, west)) == {("SDC101", "B3", "fail")}


@pytest.mark.parametrize("west", ["\\raisebox{20pt}{1}3", "\\rotatebox{45}{1}3",
                                  "\\rotatebox{180}{1}3", "\\rotatebox{180}{3}"])
def test_a_raised_or_turned_digit_is_no_part_of_the_count(tmp_path: Path, west: str) -> None:
    # the page shows a 1 above or turned beside the 3, and an upside-down 3 (a 6 turned 180
    # degrees reads as 9). On a742fea review or SDC103 only because the box's parameter joined
    # the count (2013, 4513); once parameters were taken out (b5d36c9) the first three passed
    assert _found(_check(tmp_path, west)) == {("SDC602", "B3", "review")}


@pytest.mark.parametrize("west", ["\\raisebox{-.5ex}{30}", "\\raisebox{0pt}{30}"])
def test_a_whole_count_raised_reads_as_before(tmp_path: Path, west: str) -> None:
    result = _check(tmp_path, west)
    assert result.findings == [] and result.status.value == "pass"


@pytest.mark.parametrize("west", ["\\scalebox{0.01}{1}3", "\\resizebox{0.5pt}{!}{1}3",
                                  "\\resizebox{0.01\\linewidth}{!}{1}3",
                                  "{\\fontsize{0.1}{0}\\selectfont 1}3"])
def test_a_digit_shrunk_to_nothing_is_no_part_of_the_count(tmp_path: Path, west: str) -> None:
    # the page shows 3; read as 13 once b5d36c9 took the parameters out
    assert _found(_check(tmp_path, west)) == {("SDC602", "B3", "review")}
