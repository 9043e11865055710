"""A markdown table the printed reading barely understands read as the CSV prints it, in the
file's own letters (round 50, md50).

ACRO's suppressed crosstab saved by ``to_markdown``: a three-level tuple index and ``nan``
(or, in its ``blank`` variant, nothing) where a count was withheld. Read as printed, the
``nan`` columns hold no number the layout trusts (``no numeric measure column``: no cell,
SDC602 only) or the rows after the last number read as notes; the second reading (md49:
the tuple spread as ``to_csv`` writes it, ``nan`` blank) understands every cell but its
letters were ``k - 1`` columns off, so it was dropped. Now its cells are put back at the
file's letters (``pandas_labels.mapped_back``) and stand for the table: a CSV re-run one
patient fewer beside the markdown (either way round) fails SDC503 at the file's own cell.
Also: a blank label reads ``(blank)`` in a finding's location (``table.joined_labels``).
Each release case at ``-j 1``/``-j 2``, whole and streamed; files written by pandas.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sdc.policy import build_policy
from sdc.readers import read_output
from sdc.table import BLANK_LABEL, Table, joined_labels
from tests import release_modes
from tests.release_modes import found as _found
from tests.release_modes import written as _write

jobs = release_modes.jobs

NAN = np.nan


def _suppressed(a_m_false: float) -> pd.DataFrame:
    """ACRO's crosstab of eth × sex × smoker by died, its small cells withheld (NaN)."""
    index = pd.MultiIndex.from_product([["A", "B"], ["F", "M"], [False, True]],
                                       names=["eth", "sex", "smoker"])
    return pd.DataFrame({0: [NAN, NAN, a_m_false, NAN, NAN, 15, NAN, NAN],
                         1: [NAN, NAN, NAN, 14, NAN, NAN, NAN, NAN]}, index=index)


def _blank_markdown(a_m_false: float) -> str:
    """The ``blank`` variant: a withheld cell printed as nothing."""
    return _suppressed(a_m_false).astype(object).where(
        _suppressed(a_m_false).notna(), "").to_markdown()


# the CSV's own findings either way: its blank counts among counts (SDC102) and its
# header's ``0``, ``1`` (SDC602)
_CSV_BLANKS = {("b.csv", "SDC102", "review", cell) for cell in ("E4", "D5", "E7")} | {
    ("b.csv", "SDC602", "review", None)}
_MD_BLANKS = {("a.md", "SDC102", "review", cell) for cell in ("C4", "B5", "C7")}


def _table(path: Path) -> Table:
    tables = [o.table for o in read_output(path, path.name, build_policy({}))
              if o.table is not None]
    assert len(tables) == 1
    return tables[0]


def test_a_nan_crosstab_is_read_whole_in_the_files_letters(tmp_path: Path) -> None:
    """base50: no cell (``no numeric measure column was found``)."""
    path = _write(tmp_path, {"a.md": _suppressed(12).to_markdown()}) / "a.md"
    table = _table(path)
    assert table.problems == []
    assert len(table.cells) == 16
    assert table.label_columns == [1]
    assert [m.name for m in table.measures] == ["count"]
    at = {c.ref: c for c in table.cells}
    assert sorted(at) == sorted(f"{c}{r}" for c in "BC" for r in range(2, 10))
    assert at["B4"].value == 12 and at["C5"].value == 14 and at["B7"].value == 15
    assert dict(at["B4"].coords) == {"row": "A", "row2": "M", "row3": "False", "columns": "0"}
    # each cell is the file's own, the withheld ones hidden as the CSV's blanks are
    for cell in table.cells:
        assert table.grid.row_at(cell.source.row)[cell.source.col - 1] is cell.source
    assert at["B2"].source.raw == "nan" and at["B2"].suppressed


def test_a_blank_crosstab_keeps_its_rows_after_the_last_number(tmp_path: Path) -> None:
    """base50: rows 8 and 9 (after the last number) read as notes, 12 cells."""
    path = _write(tmp_path, {"a.md": _blank_markdown(12)}) / "a.md"
    table = _table(path)
    assert len(table.cells) == 16 and table.notes == []
    assert {c.ref for c in table.cells if c.source.row == 9} == {"B9", "C9"}
    assert dict(next(c for c in table.cells if c.ref == "C9").coords)["row3"] == "True"


def test_a_csv_rerun_beside_the_nan_markdown_fails(tmp_path: Path, jobs: int) -> None:
    """A.M.False one fewer in the CSV: SDC503 ``fail`` at its D4. base50: ``review`` only."""
    files = {"a.md": _suppressed(12).to_markdown(), "b.csv": _suppressed(11).to_csv()}
    status, _, found = _found(_write(tmp_path, files), jobs)
    assert status == "fail"
    assert found == _CSV_BLANKS | _MD_BLANKS | {("b.csv", "SDC503", "fail", "D4")}


def test_a_markdown_rerun_beside_the_csv_fails_at_its_own_cell(tmp_path: Path,
                                                               jobs: int) -> None:
    """The markdown second (SDC503 names the later file): ``fail`` at **its** B4, where the
    split grid would say D4. base50: ``review`` only."""
    files = {"a.csv": _suppressed(12).to_csv(), "b.md": _suppressed(11).to_markdown()}
    status, _, found = _found(_write(tmp_path, files), jobs)
    assert status == "fail"
    assert found == {(("a.csv" if f[0] == "b.csv" else "b.md"), *f[1:])
                     for f in _CSV_BLANKS | _MD_BLANKS} | {("b.md", "SDC503", "fail", "B4")}


def test_a_blank_markdown_rerun_fails_at_its_own_cell(tmp_path: Path, jobs: int) -> None:
    """The ``blank`` variant (its last rows notes as printed): SDC503 ``fail`` at its B4."""
    files = {"a.csv": _suppressed(12).to_csv(), "b.md": _blank_markdown(11)}
    status, _, found = _found(_write(tmp_path, files), jobs)
    assert status == "fail"
    assert {f for f in found if f[1] == "SDC503"} == {("b.md", "SDC503", "fail", "B4")}


def test_the_same_numbers_beside_each_other_do_not_fail(tmp_path: Path, jobs: int) -> None:
    files = {"a.md": _suppressed(12).to_markdown(), "b.csv": _suppressed(12).to_csv()}
    status, _, found = _found(_write(tmp_path, files), jobs)
    assert status == "review"
    assert found == _CSV_BLANKS | _MD_BLANKS


def test_a_second_reading_out_of_the_files_letters_is_not_taken(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second reading whose cell texts are not the file's at their letters (here a row's
    numbers swapped) stands for nothing: the table stays as printed (no cell, SDC602)."""
    from sdc.readers.documents import pandas_labels

    spread = pandas_labels.as_csv_rows

    def swapped(*args: object) -> list[list[str]] | None:
        rows = spread(*args)  # type: ignore[arg-type]
        assert rows is not None
        rows[3][3], rows[3][4] = rows[3][4], rows[3][3]  # row 4: ``12``, ``nan`` swapped
        return rows

    monkeypatch.setattr(pandas_labels, "as_csv_rows", swapped)
    table = _table(_write(tmp_path, {"a.md": _suppressed(12).to_markdown()}) / "a.md")
    assert table.cells == []
    assert table.problems == ["no numeric measure column was found"]


def test_a_blank_label_is_named_in_a_findings_location(tmp_path: Path, jobs: int) -> None:
    """``North / (blank)`` where the CSV prints nothing (base50: ``North / ``, which the text
    report printed ``North /  / g2``)."""
    index = pd.MultiIndex.from_tuples([("North", "F"), ("North", NAN), ("South", "F"),
                                       ("South", "M")], names=["area", "sex"])

    def frame(g2: int) -> pd.DataFrame:
        frame = pd.DataFrame({"g1": [30, 27, 35, 33], "g2": [25, g2, 31, 29]}, index=index)
        frame["Total"] = frame.g1 + frame.g2
        return frame

    files = {"a.html": frame(22).to_html(), "b.csv": frame(21).to_csv()}
    from tests.test_hunt35_link_spellings import checked

    report, _ = checked(_write(tmp_path, files), jobs)
    places = {(o["path"], f["rule"], f["location"].get("cell"), f["location"].get("row_label"),
               f["location"].get("column_label"))
              for o in report["outputs"] for f in o["findings"]}
    assert places == {("b.csv", "SDC503", "D3", "North / (blank)", "g2"),
                      ("b.csv", "SDC503", "E3", "North / (blank)", "Total")}


def test_joined_labels() -> None:
    assert joined_labels(["North", "", "g2"]) == f"North / {BLANK_LABEL} / g2"
    assert joined_labels([" "]) == "(blank)"
    assert joined_labels(["North", "F"]) == "North / F"


def test_a_crosstab_of_no_number_keeps_the_printed_doubt(tmp_path: Path, jobs: int) -> None:
    """Every cell ``nan`` (ACRO's ``s35-35001-plain/output_1.md``): read whole, but nothing
    shows its measures are numbers, as its CSV copy (``no numeric measure column``): SDC602
    ``review``, never ``pass``."""
    frame = pd.DataFrame({"g1": [NAN, NAN], "g2": [NAN, NAN]},
                         index=pd.Index(["East", "North"], name="area"))
    status, _, found = _found(_write(tmp_path, {"a.md": frame.to_markdown()}), jobs)
    assert status == "review"
    assert found == {("a.md", "SDC602", "review", None)}


def _by_area_sex(north_men_g2: int) -> pd.DataFrame:
    index = pd.MultiIndex.from_tuples(
        [("North", "F"), ("North", "M"), ("South", "F"), ("South", "M")], names=["area", "sex"])
    frame = pd.DataFrame({"g1": [30, 27, 35, 33], "g2": [25, north_men_g2, 31, 29]},
                         index=index)
    frame["Total"] = frame.g1 + frame.g2
    return frame


@pytest.mark.parametrize("tablefmt", ["grid", "simple"])
def test_a_grid_or_simple_markdown_tuple_index_meets_the_csv(tmp_path: Path, jobs: int,
                                                             tablefmt: str) -> None:
    """``to_markdown(tablefmt="grid")`` / ``"simple"`` (pandoc's tables) print the tuple
    index as the pipe table does: the CSV re-run one fewer fails SDC503 at D3, E3. base50:
    ``pass`` (only pipe tables were read as the CSV)."""
    files = {"a.md": _by_area_sex(22).to_markdown(tablefmt=tablefmt),
             "b.csv": _by_area_sex(21).to_csv()}
    status, _, found = _found(_write(tmp_path, files), jobs)
    assert status == "fail"
    assert found == {("b.csv", "SDC503", "fail", "D3"), ("b.csv", "SDC503", "fail", "E3")}


@pytest.mark.parametrize("tablefmt", ["grid", "simple"])
def test_a_grid_or_simple_markdown_with_the_same_numbers_passes(tmp_path: Path, jobs: int,
                                                                tablefmt: str) -> None:
    files = {"a.md": _by_area_sex(22).to_markdown(tablefmt=tablefmt),
             "b.csv": _by_area_sex(22).to_csv()}
    assert _found(_write(tmp_path, files), jobs)[::2] == ("pass", set())
