"""A column or row of several levels named alike by every reader (round 48, md48).

pandas' ``to_markdown`` writes a MultiIndex column as one header cell holding the tuple,
``('count', 'F')``, and a MultiIndex row as one cell, ``('North', 'F')``; CSV, HTML and XLSX
print a header line (a label column) per level, which the layout joins as ``count / F``. Read
apart, a markdown copy's counts never met a CSV copy's: an ACRO crosstab written as markdown
beside a CSV re-run with one man fewer in North passed on base48 (the two CSVs fail SDC503).
``orient="split"`` JSON of such a frame was not read at all (SDC602: a list is no key).
``sdc.readers.column_names`` now names them as the header lines are; checked at ``-j 1``/``-j
2``, whole and streamed, with exact findings; the twins pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sdc.policy import build_policy
from sdc.readers import read_output
from sdc.readers.column_names import column_name, split_index, spread_levels, tuple_levels
from sdc.table import Role
from tests import release_modes
from tests.release_modes import found as _found
from tests.release_modes import written as _write

jobs = release_modes.jobs

# ACRO's crosstab of a mean and a count by sex, as to_markdown writes it
COLUMNS_MD = """| region | ('mean', 'F') | ('mean', 'M') |   ('count', 'F') |   ('count', 'M') |
|:---------|----------------:|----------------:|-----------------:|-----------------:|
| North    |            41.2 |            44.0 |               30 |               25 |
| South    |            39.8 |            43.1 |               27 |               22 |
| East     |            40.5 |            42.7 |               35 |               31 |
"""
COLUMNS_CSV = (",mean,mean,count,count\nsex,F,M,F,M\nregion,,,,\nNorth,41.2,44.0,30,25\n"
               "South,39.8,43.1,27,22\nEast,40.5,42.7,35,31\n")
# the re-run: one man fewer in North (his age is 25 * 44.0 - 24 * 44.1)
RERUN_CSV = COLUMNS_CSV.replace("North,41.2,44.0,30,25", "North,41.2,44.1,30,24")

# rows of two index levels, as to_markdown writes them (no name over the index)
ROWS_MD = """|               |   g1 |   g2 |   Total |
|:--------------|-----:|-----:|--------:|
| ('North', 'F') |   30 |   25 |      55 |
| ('North', 'M') |   27 |   22 |      49 |
| ('South', 'F') |   35 |   31 |      66 |
| ('South', 'M') |   33 |   29 |      62 |
"""
ROWS_CSV = ("area,sex,g1,g2,Total\nNorth,F,30,25,55\nNorth,M,27,22,49\nSouth,F,35,31,66\n"
            "South,M,33,29,62\n")
ROWS_RERUN = ROWS_CSV.replace("North,M,27,22,49", "North,M,27,21,48")

SPLIT_JSON = ('{"columns":[["count","F"],["count","M"]],"index":["North","South","East"],'
              '"data":[[30,25],[27,22],[35,31]]}')
SPLIT_CSV = ",count,count\nsex,F,M\nregion,,\nNorth,30,25\nSouth,27,22\nEast,35,31\n"
SPLIT_RERUN = SPLIT_CSV.replace("North,30,25", "North,30,24")

MEANS = {("a.md", "SDC203", "review", None), ("b.csv", "SDC203", "review", None)}
SUBGROUPS = {("b.csv", "SDC101", "review", "C4"), ("b.csv", "SDC101", "review", "C5"),
             ("b.csv", "SDC101", "review", "C6")}


def test_a_markdown_crosstab_beside_a_csv_rerun_fails(tmp_path: Path, jobs: int) -> None:
    """SDC503 ``fail`` at the re-run's North men (base48: pass, nothing of SDC503)."""
    status, _, found = _found(_write(tmp_path, {"a.md": COLUMNS_MD, "b.csv": RERUN_CSV}), jobs)
    assert status == "fail"
    assert found == MEANS | {("b.csv", "SDC503", "fail", "E4")}


def test_the_csv_copy_alike_gives_the_same_finding(tmp_path: Path, jobs: int) -> None:
    status, _, found = _found(_write(tmp_path, {"a.csv": COLUMNS_CSV, "b.csv": RERUN_CSV}),
                              jobs)
    assert status == "fail"
    assert found == {("a.csv", "SDC203", "review", None), ("b.csv", "SDC203", "review", None),
                     ("b.csv", "SDC503", "fail", "E4")}


def test_the_same_numbers_pass(tmp_path: Path, jobs: int) -> None:
    status, _, found = _found(_write(tmp_path, {"a.md": COLUMNS_MD, "b.csv": COLUMNS_CSV}),
                              jobs)
    assert status == "review"
    assert found == MEANS


def test_markdown_rows_of_two_levels_beside_a_csv_rerun_fail(tmp_path: Path,
                                                             jobs: int) -> None:
    """SDC503 ``fail`` at North's men in g2 and their total (base48: pass, nothing found)."""
    status, _, found = _found(_write(tmp_path, {"a.md": ROWS_MD, "b.csv": ROWS_RERUN}), jobs)
    assert status == "fail"
    assert found == {("b.csv", "SDC503", "fail", "D3"), ("b.csv", "SDC503", "fail", "E3")}


def test_markdown_rows_of_two_levels_with_the_same_numbers_pass(tmp_path: Path,
                                                                jobs: int) -> None:
    assert _found(_write(tmp_path, {"a.md": ROWS_MD, "b.csv": ROWS_CSV}), jobs)[::2] == (
        "pass", set())


def test_split_json_of_two_column_levels_is_read(tmp_path: Path, jobs: int) -> None:
    """Read (base48: SDC602 ``review``, unread) and beside the re-run SDC503 ``fail``."""
    status, _, found = _found(_write(tmp_path, {"a.json": SPLIT_JSON, "b.csv": SPLIT_RERUN}),
                              jobs)
    assert status == "fail"
    assert found == {("a.json", "SDC101", "review", "C2"), ("a.json", "SDC101", "review", "C3"),
                     ("a.json", "SDC101", "review", "C4"), *SUBGROUPS,
                     ("b.csv", "SDC503", "fail", "C4")}


def _counts(path: Path) -> set[tuple[str, tuple[str, ...], float | None]]:
    outputs = [o for o in read_output(path, path.name, build_policy({})) if o.table]
    assert len(outputs) == 1
    table = outputs[0].table
    assert table is not None
    return {(c.measure.name, c.labels_key, c.value) for c in table.cells
            if c.measure.role is Role.COUNT}


@pytest.mark.parametrize("name,text,twin", [
    ("a.md", COLUMNS_MD, COLUMNS_CSV),
    ("a.md", ROWS_MD, ROWS_CSV),
    ("a.json", SPLIT_JSON, SPLIT_CSV),
], ids=["columns", "rows", "split-json"])
def test_the_copies_read_as_the_csv(tmp_path: Path, name: str, text: str, twin: str) -> None:
    """The same measures, labels and numbers as the CSV copy (base48: none shared)."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "b.csv").write_text(twin, encoding="utf-8")
    mine = _counts(tmp_path / name)
    assert mine and mine == _counts(tmp_path / "b.csv")


def test_a_markdown_table_names_its_columns_as_header_lines(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(COLUMNS_MD, encoding="utf-8")
    outputs = [o for o in read_output(tmp_path / "a.md", "a.md", build_policy({})) if o.table]
    assert [m.name for m in outputs[0].table.measures] == [  # type: ignore[union-attr]
        "mean / F", "mean / M", "count / F", "count / M"]


@pytest.mark.parametrize("text,levels", [
    ("('count', 'F')", ["count", "F"]),
    ("('std', nan, 'g1')", ["std", "nan", "g1"]),  # NaN as pandas' CSV header prints it
    ("('Total', '')", ["Total", ""]),
    ("(2019, False)", ["2019", "False"]),
    ("(\"it's\", 'x, y')", ["it's", "x, y"]),
    ("('a\\'b', 'c')", ["a'b", "c"]),
    ("(1, 2)", None),  # an open interval as likely
    ("(0, 10]", None), ("(n=30)", None), ("(%)", None), ("('count',)", None),
    ("count / F", None), ("", None),
])
def test_tuple_levels(text: str, levels: list[str] | None) -> None:
    assert tuple_levels(text) == levels


def test_column_name_joins_levels_and_drops_blanks() -> None:
    assert column_name("('count', 'F')") == "count / F"
    assert column_name("('All', '', '')") == "All"
    assert column_name("North") == "North"


def test_spread_levels() -> None:
    line = {1: "", 2: "('count', 'F')", 3: "('All', '')", 4: "Total"}
    assert spread_levels(line) == [{1: "", 2: "count", 3: "All", 4: "Total"},
                                   {1: "", 2: "F", 3: "", 4: ""}]
    plain = {1: "region", 2: "F"}
    assert spread_levels(plain) == [plain]


def test_split_index() -> None:
    rows = [["", "g1"], ["('North', 'F')", "3"], ["('North', 'M')", "4"]]
    assert split_index(rows) == ([["", "", "g1"], ["North", "F", "3"], ["North", "M", "4"]],
                                 2)


@pytest.mark.parametrize("rows", [
    [["region", "g1"], ["('North', 'F')", "3"]],  # a named header: not pandas' index
    [["", "g1"], ["('North', 'F')", "3"], ["South", "4"]],  # not every row
    [["", "g1"], ["('North', 'F')", "3"], ["('South', 'F', 'x')", "4"]],  # two lengths
    [["", "g1"], ["(1, 2)", "3"]],
])
def test_split_index_leaves_other_tables(rows: list[list[str]]) -> None:
    assert split_index(rows) == (rows, 1)
