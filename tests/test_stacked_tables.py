"""The same table twice in one CSV or one sheet, parted by a blank line, with one count changed
by 1 was SDC602 `review` (the second header read as text in the first table's count column),
never the differencing finding two files of those tables get (issue 12). Each block is now a
table of the release (``sdc.readers.csv_blocks``), numbered in the file, and SDC503 compares
them as it compares two files. Safe twins: the table twice unchanged, or changed by 20, passes;
a title above and a total or note below a single table leave it one table. Files on disk."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of, write_files
from tests.conftest import found_with_status as _found

FIRST = [["region", "count"], ["West", 40], ["East", 41], ["North", 50]]


def _second(west: int) -> list[list[object]]:
    return [["region", "count"], ["West", west], ["East", 41], ["North", 50]]


def _csv(rows: list[list[object]]) -> str:
    return "".join(",".join(str(v) for v in row) + "\n" for row in rows)


def _check(tmp_path: Path, files: dict) -> sdc.RunResult:
    folder = write_files(tmp_path / "r", files)
    return sdc.check(folder, build_policy({}))


def test_a_csv_of_one_table_twice_with_a_count_changed_by_one_fails_sdc503(
        tmp_path: Path) -> None:
    result = _check(tmp_path, {"t.csv": _csv(FIRST) + "\n" + _csv(_second(41))})
    # was: SDC602 review at B6 (the second header in the count column)
    assert _found(result) == {("SDC503", "B7", "fail")}
    assert findings_of(result) == {("SDC503", "t.csv#table2", "B7")}
    (finding,) = result.findings
    assert [loc.cell for loc in finding.related] == ["B2"]


def test_a_sheet_of_one_table_twice_with_a_count_changed_by_one_fails_sdc503(
        tmp_path: Path) -> None:
    rows = [*FIRST, [], *_second(41)]
    result = _check(tmp_path, {"t.xlsx": {"sheets": [{"title": "deaths", "rows": rows}]}})
    assert _found(result) == {("SDC503", "B7", "fail")}
    assert findings_of(result) == {("SDC503", "t.xlsx[deaths]#table2", "B7")}


def test_the_same_table_on_a_second_sheet_fails_sdc503(tmp_path: Path) -> None:
    # a second sheet was already a table of its own: held here beside the stacked reading
    sheets = [{"title": "a", "rows": FIRST}, {"title": "b", "rows": _second(41)}]
    result = _check(tmp_path, {"t.xlsx": {"sheets": sheets}})
    assert findings_of(result) == {("SDC503", "t.xlsx[b]", "B2")}
    assert _found(result) == {("SDC503", "B2", "fail")}


def test_the_same_as_two_files(tmp_path: Path) -> None:
    # the yardstick: what two files of those tables already gave
    result = _check(tmp_path, {"a.csv": _csv(FIRST), "b.csv": _csv(_second(41))})
    assert findings_of(result) == {("SDC503", "b.csv", "B2")}


def test_a_table_twice_unchanged_or_changed_by_twenty_passes(tmp_path: Path) -> None:
    for west in (40, 60):
        result = _check(tmp_path / str(west), {"t.csv": _csv(FIRST) + "\n" + _csv(_second(west))})
        assert result.findings == [] and result.status.value == "pass"
        assert [o.table_number for o in result.outputs] == [1, 2]


def test_a_small_count_in_the_second_table_fails_there(tmp_path: Path) -> None:
    text = _csv(FIRST) + ",\n" + _csv([["sex", "n"], ["F", 3], ["M", 88]])
    result = _check(tmp_path, {"t.csv": text})
    assert ("SDC101", "t.csv#table2", "B7") in findings_of(result)


def test_a_title_a_total_and_a_note_leave_one_table(tmp_path: Path) -> None:
    text = "Deaths by region\n\n" + _csv(FIRST) + "\nTotal,131\n\nNote: counts rounded\n"
    result = _check(tmp_path, {"t.csv": text})
    assert [o.table_number for o in result.outputs] == [None]
    assert result.status.value == "pass"
