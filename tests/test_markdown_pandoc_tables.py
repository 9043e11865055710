"""Pandoc's grid, simple and multiline tables in a Markdown file were read as prose (issue 12):
a count of 3 in one was only a number not understood (SDC602 review) where the same table as a
pipe table fails SDC101. They are read as tables, cut at the columns their rules mark. Safe
twins: the same files with counts of 33 pass. Files on disk."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from sdc.readers.documents.markdown import read_markdown
from tests.conftest import findings_of
from tests.conftest import found_with_status as _found

GRID = """Deaths by region

+--------+-------+
| region | count |
+========+=======+
| West   | {w:<5} |
+--------+-------+
| East   | 40    |
+--------+-------+
| North  | 55    |
+--------+-------+
"""

SIMPLE = """Deaths by region

 region   count
-------  ------
 West     {w:>5}
 East        40
 North       55

Source: the register.
"""

MULTILINE = """-------------------------
region      count
----------- -------------
West        {w}

East        40

North       55
-------------------------
"""

HEADERLESS = """Deaths by region

-------  ------
 West     {w:>5}
 East        40
 North       55
-------  ------
"""

SHAPES = {"grid": GRID, "simple": SIMPLE, "multiline": MULTILINE}


def _check(tmp_path: Path, text: str) -> sdc.RunResult:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "t.md").write_text(text)
    return sdc.check(folder, build_policy({}))


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_small_count_in_a_pandoc_table_fails(tmp_path: Path, shape: str) -> None:
    result = _check(tmp_path, SHAPES[shape].format(w=3))
    # was: SDC602 review at the text line of West's row
    assert _found(result) == {("SDC101", "B2", "fail")}
    assert findings_of(result) == {("SDC101", "t.md#table1", "B2")}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_pandoc_table_of_safe_counts_passes(tmp_path: Path, shape: str) -> None:
    result = _check(tmp_path, SHAPES[shape].format(w=33))
    assert result.findings == [] and result.status.value == "pass"


def test_a_headerless_simple_table_is_read(tmp_path: Path) -> None:
    # no header: its numbers are not understood (no role), but they are a table's cells now
    doc = read_markdown(HEADERLESS.format(w=3))
    assert doc.tables[0].rows == [["West", "3"], ["East", "40"], ["North", "55"]]
    assert _check(tmp_path, HEADERLESS.format(w=3)).status.value != "pass"


def test_cells_are_cut_at_the_columns_the_rules_mark() -> None:
    doc = read_markdown(GRID.format(w=3) + "\n" + SIMPLE.format(w=3) + "\n"
                        + MULTILINE.format(w=3))
    expected = [["region", "count"], ["West", "3"], ["East", "40"], ["North", "55"]]
    assert [t.rows for t in doc.tables] == [expected, expected, expected]
    assert [t.first_line for t in doc.tables] == [3, 15, 23]


def test_a_multiline_row_joins_its_lines_and_a_wide_word_is_kept_whole() -> None:
    text = ("+----------+-----+\n| area     | n   |\n+==========+=====+\n| North    | 40  |\n"
            "| East     |     |\n+----------+-----+\n\n"
            " place  n\n------ --\n Northumberland 4\n")
    grid, simple = read_markdown(text).tables
    assert grid.rows == [["area", "n"], ["North East", "40"]]
    assert simple.rows == [["place", "n"], ["Northumberland", "4"]]


@pytest.mark.parametrize("fmt", ["grid", "simple"])
def test_tabulate_output_is_read(tmp_path: Path, fmt: str) -> None:
    df = pd.DataFrame({"region": ["West", "East", "North"], "deaths": [3, 40, 55]})
    result = _check(tmp_path, df.to_markdown(index=False, tablefmt=fmt))
    assert findings_of(result) == {("SDC101", "t.md#table1", "B2")}


def test_rules_that_are_not_tables_stay_prose() -> None:
    text = ("---\ntitle: Deaths 3\n---\n\nHeading\n-------\n\nSome text 3.\n\n- - -\n\n"
            "More text\n\n-----\n\nEnd 4.\n")
    doc = read_markdown(text)
    assert doc.tables == []
    assert "Some text 3." in [p.text for p in doc.text]


# a cell spanning rows (pandoc 3's grid tables): the line under the first row rules off only
# the columns that end there (``|  North  +----+----+``), and a line may start with a ``+``
ROW_SPAN = """+--------+-------+-------+
| region | sex   | n     |
+========+=======+=======+
| North  | F     | 12    |
|        +-------+-------+
|        | M     | {m:<6}|
+--------+-------+-------+
| South  | F     | 40    |
+--------+-------+-------+
"""


def test_a_count_beside_a_row_spanned_label_is_checked(tmp_path: Path) -> None:
    # was: SDC602 review at C2 (12, the rule and 3 read as one cell '12 3'), the 3 unchecked
    result = _check(tmp_path, ROW_SPAN.format(m=3))
    assert findings_of(result, {"SDC101"}) == {("SDC101", "t.md#table1", "C3")}
    assert result.status.value == "fail"
    assert read_markdown(ROW_SPAN.format(m=3)).tables[0].rows == [
        ["region", "sex", "n"], ["North", "F", "12"], ["", "M", "3"], ["South", "F", "40"]]


def test_a_row_spanned_table_of_safe_counts_passes(tmp_path: Path) -> None:
    result = _check(tmp_path, ROW_SPAN.format(m=30))
    assert result.findings == [] and result.status.value == "pass"


def test_a_count_spanning_rows_is_read_in_its_first_row(tmp_path: Path) -> None:
    # 12 spans North and South: pandoc gives it to North; South's count is blank, for a person
    text = ("+--------+-------+\n| region | n     |\n+========+=======+\n| North  | 12    |\n"
            "+--------+       +\n| South  |       |\n+--------+-------+\n| East   | 3     |\n"
            "+--------+-------+\n")
    assert read_markdown(text).tables[0].rows == [
        ["region", "n"], ["North", "12"], ["South", ""], ["East", "3"]]
    result = _check(tmp_path, text)
    assert ("SDC101", "t.md#table1", "B4") in findings_of(result)
    assert result.status.value == "fail"


def test_a_count_spanning_columns_is_checked_at_its_first_column(tmp_path: Path) -> None:
    text = ("+--------+-------+-------+\n| region | F     | M     |\n+========+=======+=======+\n"
            "| North  | 12    | 40    |\n+--------+-------+-------+\n| South  | 3             |\n"
            "+--------+-------+-------+\n")
    result = _check(tmp_path, text)
    assert ("SDC101", "t.md#table1", "B3") in findings_of(result)
    assert result.status.value == "fail"
