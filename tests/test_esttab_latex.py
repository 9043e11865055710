"""Stata ``esttab using t.tex`` as it writes its LaTeX (fp28): the ``\\def\\sym#1`` line above the
tabular, ``\\(N\\)`` and ``\\(R^{2}\\)`` in inline math, ``[1em]`` on the line after a row's
``\\\\`` and the notes in a ``\\multicolumn`` spanning the table. The safe table was SDC602
``review`` on each; it is now read as the model table esttab's CSV is (SDC301 through its
R-squared and adjusted R-squared), and each piece read alone keeps a number where it shows
one. docs/decisions.md, Round 27 (fp28)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdc.readers.documents.latex import clean, read_latex
from tests.conftest import check_one_file, findings_of
from tests.corpus.fp28_outputs import stata_esttab_tex


def _tex(tmp_path: Path, small: bool) -> str:
    folder = tmp_path / "source"
    folder.mkdir(parents=True)
    stata_esttab_tex(small)(folder)
    return (folder / "t.tex").read_text()


def test_esttab_latex_passes_and_its_eleven_records_fail(tmp_path: Path) -> None:
    safe = check_one_file(tmp_path / "a", "t.tex", _tex(tmp_path / "a", False))
    assert findings_of(safe) == set() and safe.status.value == "pass"
    twin = check_one_file(tmp_path / "b", "t.tex", _tex(tmp_path / "b", True))
    assert findings_of(twin) == {("SDC301", "t.tex#table1", None)}
    assert twin.status.value == "fail"


def test_a_row_starting_with_a_marker_on_the_next_line_keeps_it() -> None:
    # only a length is the row end's spacing: ``[c]`` on the next line is the cell's text
    doc = read_latex("\\begin{tabular}{lr}\nEast & 40 \\\\\n[c] & 3 \\\\\n[2pt]\n"
                     "West & 50 \\\\\n\\end{tabular}\n")
    assert doc.tables[0].rows == [["East", "40"], ["[c]", "3"], ["West", "50"]]


def test_inline_math_delimiters_are_no_text() -> None:
    assert clean("\\(N\\)") == "N"
    assert clean("adj. \\(R^{2}\\)") == "adj. R^2"
    assert clean("\\(3\\)") == "3"


@pytest.mark.parametrize("definition", ["\\def\\sym#1{3}",
                                        "\\def\\sym#1{\\ifmmode^{#1}\\else\\(^{#1}\\)\\fi}3"])
def test_another_sym_definition_is_read_as_text(tmp_path: Path, definition: str) -> None:
    # only esttab's own line, whole, is no text: a 3 in any other is a number no rule checks
    text = _tex(tmp_path, False).replace(
        "\\def\\sym#1{\\ifmmode^{#1}\\else\\(^{#1}\\)\\fi}", definition)
    result = check_one_file(tmp_path, "t.tex", text)
    assert result.status.value != "pass"
    assert ("SDC602", "t.tex", None) in findings_of(result)


def test_a_spanning_note_with_a_count_is_still_read(tmp_path: Path) -> None:
    text = _tex(tmp_path, False).replace("Standard errors in parentheses",
                                         "3 patients in West were dropped")
    assert check_one_file(tmp_path, "t.tex", text).status.value != "pass"
