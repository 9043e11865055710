"""A crosstab written in two panels (a blank line, then a second header line) is read as two
stacked tables (``csv_blocks``, round 16), so a hidden cell recoverable only through the
other panel's margin is no longer found inside one table (issue 12, hunt round 17). The
audit still finds it through the link between the file's tables, or the panel holding the
margins fails SDC402 as a table whose totals are not its cells' sums: never a pass. Each
case beside the same numbers in one table. Files on disk, through sdc.check."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _check(tmp_path: Path, text: str) -> sdc.RunResult:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "t.csv").write_text(text)
    return sdc.check(folder, POLICY)


# North's F and M (10 and 30) are hidden; its row total 40 leaves them open, the column totals
# (65 = 10 + 25 + 30, 67 = 30 + 15 + 22) give them back
ONE_TABLE = "region,F,M,Total\nNorth,*,*,40\nSouth,25,15,40\nWest,30,22,52\nTotal,65,67,132\n"


def test_in_one_table_the_column_totals_give_the_hidden_cells_back(tmp_path: Path) -> None:
    result = _check(tmp_path, ONE_TABLE)
    assert findings_of(result) == {("SDC501", "t.csv", "B2"), ("SDC501", "t.csv", "C2")}
    assert result.status.value == "fail"


def test_the_totals_row_alone_in_a_second_panel_still_gives_them_back(tmp_path: Path) -> None:
    # the two panels of one file under one header are one table cut in two: the link is as
    # strong as one table's margins (was: review, "linked only by the labels it shares")
    text = ("region,F,M,Total\nNorth,*,*,40\nSouth,25,15,40\nWest,30,22,52\n\n"
            "region,F,M,Total\nTotal,65,67,132\n")
    result = _check(tmp_path, text)
    assert findings_of(result) == {("SDC501", "t.csv#table1", "B2"),
                                   ("SDC501", "t.csv#table1", "C2")}
    assert {f.status.value for f in result.findings} == {"fail"}
    assert result.status.value == "fail"


def _panels(rows: list[list], total: list) -> tuple[pd.DataFrame, pd.DataFrame]:
    columns = ["F", "M", "Total"]
    body = pd.DataFrame([r[1:] for r in rows], index=[r[0] for r in rows], columns=columns)
    body.index.name = "region"
    margin = pd.DataFrame([total[1:]], index=[total[0]], columns=columns)
    margin.index.name = "region"
    return body, margin


def test_pandas_panels_in_a_csv_give_the_hidden_cells_back(tmp_path: Path) -> None:
    body, margin = _panels([["North", "*", "*", 40], ["South", 25, 15, 40],
                            ["West", 30, 22, 52]], ["Total", 65, 67, 132])
    folder = tmp_path / "r"
    folder.mkdir()
    path = folder / "t.csv"
    body.to_csv(path)
    with path.open("a") as handle:
        handle.write("\n")
    margin.to_csv(path, mode="a")
    result = sdc.check(folder, POLICY)
    assert findings_of(result) == {("SDC501", "t.csv#table1", "B2"),
                                   ("SDC501", "t.csv#table1", "C2")}
    assert result.status.value == "fail"


def _workbook(tmp_path: Path, hidden: list[tuple[str, str]]) -> sdc.RunResult:
    body, margin = _panels([["North", 10, 30, 40], ["South", 25, 15, 40],
                            ["West", 30, 22, 52]], ["Total", 65, 67, 132])
    body = body.astype(object)
    for region, sex in hidden:
        body.loc[region, sex] = "*"
    folder = tmp_path / "r"
    folder.mkdir()
    with pd.ExcelWriter(folder / "t.xlsx", engine="openpyxl") as writer:
        body.to_excel(writer, sheet_name="counts")
        margin.to_excel(writer, sheet_name="counts", startrow=len(body) + 2)
    return sdc.check(folder, POLICY)


def test_panels_in_one_sheet_give_the_hidden_cells_back(tmp_path: Path) -> None:
    result = _workbook(tmp_path, [("North", "F"), ("North", "M")])
    assert findings_of(result) == {("SDC501", "t.xlsx[counts]#table1", "B2"),
                                   ("SDC501", "t.xlsx[counts]#table1", "C2")}
    assert result.status.value == "fail"


def test_panels_in_one_sheet_hiding_a_rectangle_pass(tmp_path: Path) -> None:
    # the twin: North's and South's F and M hidden, each in [0, 35] through both panels
    result = _workbook(tmp_path, [(r, s) for r in ("North", "South") for s in ("F", "M")])
    assert result.findings == [] and result.status.value == "pass"


def test_panels_of_other_years_are_not_linked(tmp_path: Path) -> None:
    # two years under one header, each with its own totals: they publish North / F as two
    # numbers, so they are two tables (not one cut in two) and 2019's rectangle stays hidden
    text = ("region,F,M,Total\nNorth,*,*,40\nSouth,*,*,40\nWest,30,22,52\n"
            "Total,65,67,132\n\n"
            "region,F,M,Total\nNorth,50,70,120\nSouth,65,55,120\nWest,90,66,156\n"
            "Total,205,191,396\n")
    result = _check(tmp_path, text)
    assert not findings_of(result, {"SDC501", "SDC502"})


def test_rows_split_across_panels_fail_the_second_panels_totals(tmp_path: Path) -> None:
    # the second panel's Total row is the whole table's, not its own rows' sum (SDC402);
    # read as the total over the rows both panels print (round 38, union38: the remainder
    # is 0, North's total 40 = F + M leaves it none), it gives North/F = 65 - 25 - 30 = 10
    # and North/M = 67 - 15 - 22 = 30 back
    text = ("region,F,M,Total\nNorth,*,*,40\nSouth,25,15,40\n\n"
            "region,F,M,Total\nWest,30,22,52\nTotal,65,67,132\n")
    result = _check(tmp_path, text)
    assert findings_of(result) == {("SDC402", "t.csv#table2", cell)
                                   for cell in ("B7", "C7", "D7")} | {
        ("SDC501", "t.csv#table1", "B2"), ("SDC501", "t.csv#table1", "C2")}
    assert result.status.value == "fail"


def test_the_row_margin_in_a_second_panel_gives_the_hidden_cells_back(tmp_path: Path) -> None:
    # F hidden for North and South: 65 - 30 leaves 35 for the two; the second panel's row
    # totals (40 - 30, 40 - 15) give each back exactly
    text = ("region,F,M\nNorth,*,30\nSouth,*,15\nWest,30,22\nTotal,65,67\n\n"
            "region,Total\nNorth,40\nSouth,40\nWest,52\nTotal,132\n")
    result = _check(tmp_path, text)
    assert findings_of(result, {"SDC501"}) == {("SDC501", "t.csv#table1", "B2"),
                                               ("SDC501", "t.csv#table1", "B3")}
    assert result.status.value == "fail"


def test_safe_panels_pass(tmp_path: Path) -> None:
    # the twin: nothing hidden, the second panel's totals its own rows' sums
    text = ("region,F,M,Total\nNorth,10,30,40\nSouth,25,15,40\n\n"
            "region,F,M,Total\nWest,30,22,52\nEast,20,20,40\nTotal,50,42,92\n")
    result = _check(tmp_path, text)
    assert result.findings == [] and result.status.value == "pass"
