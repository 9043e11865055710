"""Rows of a cross-tabulation with no label column (hunt2, round 14). ``a,Total`` over ``x,20``
failed SDC501 (the row margin recomputes the hidden ``x``) while ``a,Total`` over ``x,20`` and
``c,30`` passed: with no label column every row's cells had the same coordinates, the rows were
read as one line, and the audit was given ``x + c = 30`` (neither cell exact). The one-row
reading is the right one (``x`` and ``c`` are suppression markers, ``Total`` each row's
margin): each row is now a line of its own, told apart by its line number."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.policy import build_policy
from sdc.readers import read_output
from tests.conftest import found_with_status as _found


def _check(folder: Path, text: str) -> sdc.RunResult:
    folder.mkdir(parents=True)
    (folder / "t.csv").write_text(text)
    return sdc.check(folder, build_policy({}))


def test_hidden_cells_their_row_margins_recompute_fail_on_every_row(tmp_path: Path) -> None:
    # was: pass (0 findings)
    assert _found(_check(tmp_path / "two", "a,Total\nx,20\nc,30\n")) == {
        ("SDC501", "A2", "fail"), ("SDC501", "A3", "fail")}
    # the one-row form, as before
    assert _found(_check(tmp_path / "one", "a,Total\nx,20\n")) == {("SDC501", "A2", "fail")}


def test_one_hidden_cell_beside_a_published_one(tmp_path: Path) -> None:
    # was: SDC402 review ("the totals cannot be the sums of their cells") and no SDC501
    assert _found(_check(tmp_path / "t", "a,b,Total\nx,15,20\n16,24,40\n")) == {
        ("SDC103", "B2", "fail"), ("SDC501", "A2", "fail")}


def test_the_rows_are_lines_of_their_own(tmp_path: Path) -> None:
    # was: a false SDC402 (35 "is not the sum of its cells (55)": both rows read as one line)
    found = _found(_check(tmp_path / "t", "a,b,Total\n20,0,20\n30,5,35\n"))
    assert ("SDC402", "C3", "review") not in found
    assert found == {("SDC101", "B3", "fail"), ("SDC102", "B2", "fail"),
                     ("SDC103", "A2", "fail"), ("SDC103", "A3", "fail"),
                     ("SDC103", "B3", "fail")}


def test_safe_twins_pass(tmp_path: Path) -> None:
    # was: review (SDC103/SDC501 from the rows read as one line)
    assert _check(tmp_path / "a", "a,Total\n20,20\n30,30\n").findings == []
    assert _check(tmp_path / "b", "a,b\n20,20\n30,30\n").findings == []
    assert _check(tmp_path / "c", "a,b,Total\n20,25,45\n30,35,65\n").findings == []


def test_the_row_coordinate(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,Total\nx,20\nc,30\n")
    (output,) = read_output(path, path.name, build_policy({}))
    table = output.table
    assert table is not None and table.label_columns == []
    assert table.dimensions == ["row", "columns"] and table.row_dimensions == ["row"]
    assert [dict(c.coords) for c in table.cells] == [
        {"row": "line 2", "columns": "a"}, {"row": "line 2", "columns": "Total"},
        {"row": "line 3", "columns": "a"}, {"row": "line 3", "columns": "Total"}]
