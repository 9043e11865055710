"""A CSV holding two stacked tables (a blank line between: ``csv_blocks``) with the evidence
sidecar of one of them (``SDCTable.to_csv(path, mode="a")`` after another table) lost the
sidecar (issue 12): the file was read as two tables and a sidecar was attached only to a file
of one, so the checks it adds were gone: a maximum declared by its ``aggfunc`` (SDC302) and
its contributions (SDC201). Now the sidecar goes to the one table whose numbers it describes;
when none or several fit it, SDC602 ``review`` names it. Files on disk, through sdc.check."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import sdc
from sdc.evidence.sidecar import stamp_file
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _firms(dominant: bool) -> pd.DataFrame:
    """40 firms in each of four sector x region cells, turnovers 20..59 (whole numbers)."""
    rows = [(s, r, 20 + i) for s in "AB" for r in "NS" for i in range(40)]
    frame = pd.DataFrame(rows, columns=["sector", "region", "turnover"])
    if dominant:
        frame.loc[0, "turnover"] = 1_000_000
    return frame


def _stacked(root: Path, df: pd.DataFrame, aggfunc: str) -> Path:
    """The firms' counts by plain pandas, a blank line, then sdc's table appended (lines 5-7)."""
    root.mkdir()
    path = root / "t.csv"
    pd.crosstab(df.sector, df.region).to_csv(path)
    with path.open("a") as fh:
        fh.write("\n")
    sdc.crosstab(df.sector, df.region, values=df.turnover, aggfunc=aggfunc).to_csv(
        path, mode="a")
    assert path.read_text().splitlines()[3:5] == ["", "sector,N,S"]
    return path


def test_a_maximum_stacked_after_counts_keeps_its_declared_role(tmp_path: Path) -> None:
    # the maxima 59 are whole numbers over 10: read as counts without the sidecar (was: pass)
    result = sdc.check(_stacked(tmp_path / "r", _firms(False), "max").parent, POLICY)
    assert findings_of(result) == {("SDC302", "t.csv#table2", cell)
                                   for cell in ("B6", "C6", "B7", "C7")}
    assert result.status.value == "fail"


def test_dominant_contributions_stacked_after_counts_still_fail(tmp_path: Path) -> None:
    result = sdc.check(_stacked(tmp_path / "r", _firms(True), "sum").parent, POLICY)
    assert findings_of(result, {"SDC201"}) == {("SDC201", "t.csv#table2", "B6")}
    assert result.status.value == "fail"


def test_safe_sums_stacked_after_counts_pass_on_their_sidecar(tmp_path: Path) -> None:
    # the twin: the same shape, no dominant firm, its evidence used: nothing to report
    result = sdc.check(_stacked(tmp_path / "r", _firms(False), "sum").parent, POLICY)
    assert result.findings == [] and result.status.value == "pass"


def test_a_sidecar_no_stacked_table_matches_is_named(tmp_path: Path) -> None:
    # the sum edited after writing, the stale hash restamped: its evidence fits neither table
    path = _stacked(tmp_path / "r", _firms(False), "max")
    path.write_text(path.read_text().replace("59,59", "58,59"))
    stamp_file(path.parent / "t.csv.sdc.json")
    result = sdc.check(path.parent, POLICY)
    assert ("SDC602", "t.csv#table1", None) in findings_of(result)
    messages = [f.message for f in result.findings if f.rule == "SDC602"]
    assert any("t.csv.sdc.json" in m and "0 of the 2 tables" in m for m in messages)
    assert result.status.value != "pass"


def test_a_sidecar_two_stacked_tables_match_is_named(tmp_path: Path) -> None:
    # the described table written twice: which one it vouches for is for a person
    path = _stacked(tmp_path / "r", _firms(False), "max")
    lines = path.read_text().splitlines()
    path.write_text("\n".join([*lines[4:], "", *lines[4:]]) + "\n")
    stamp_file(path.parent / "t.csv.sdc.json")
    result = sdc.check(path.parent, POLICY)
    messages = [f.message for f in result.findings if f.rule == "SDC602"]
    assert any("2 of the 2 tables" in m for m in messages)
    assert result.status.value != "pass"


def test_a_workbook_given_a_second_sheet_keeps_its_sidecar(tmp_path: Path) -> None:
    # a guard (passed before too): a sheet added beside the maxima leaves them on their sidecar
    import openpyxl

    root = tmp_path / "r"
    root.mkdir()
    path = root / "t.xlsx"
    df = _firms(False)
    sdc.crosstab(df.sector, df.region, values=df.turnover, aggfunc="max").to_excel(path)
    book = openpyxl.load_workbook(path)
    sheet = book.create_sheet("counts")
    for row in (["sector", "N", "S"], ["A", 40, 40], ["B", 40, 40]):
        sheet.append(row)
    book.save(path)
    stamp_file(root / "t.xlsx.sdc.json")
    result = sdc.check(root, POLICY)
    assert findings_of(result) == {("SDC302", "t.xlsx[Sheet1]", cell)
                                   for cell in ("B2", "C2", "B3", "C3")}
    assert result.status.value == "fail"
