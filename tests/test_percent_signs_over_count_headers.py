"""Percentages printed with a percent sign under a header that names a count: ``12%`` under
``Deaths``, or gtsummary's ``Drug A, N = 500`` over ``4.0%``. The header's count reading won
over the signs, so ``12%``/``88%`` of deaths by region (base unknown) passed as counts of 12
and 88, and ``4.0%`` of 500 (20 deaths) failed as a count of 4. A count is never printed with
a percent sign: the column is percentages, checked against its printed base when it has one
and ``review`` (units unknown) when not. Files on disk as a researcher writes them."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.policy import build_policy
from tests.conftest import found_with_status as _found


def _check(tmp_path: Path, text: str) -> sdc.RunResult:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "t.csv").write_text(text)
    return sdc.check(folder, build_policy({}))


def test_percentages_under_a_count_header_without_a_base_are_review(tmp_path: Path) -> None:
    # was: pass (12 and 88 read as counts)
    result = _check(tmp_path, "outcome,Deaths\nNorth,12%\nSouth,88%\n")
    assert _found(result) == {("SDC303", None, "review")}
    assert result.status.value == "review"


def test_gtsummary_percentages_of_a_large_base_pass(tmp_path: Path) -> None:
    # was: fail SDC101 at B2 ("count 4") and SDC103 at B3; 4.0% of 500 is 20 deaths
    text = ('"**Characteristic**","**Drug A**, N = 500","**Drug B**, N = 520"\n'
            '"Died","4.0%","59%"\n"Grade III","32%","32%"\n')
    result = _check(tmp_path, text)
    assert result.findings == [] and result.status.value == "pass"


def test_gtsummary_percentages_of_a_small_base_fail_at_the_implied_count(tmp_path: Path
                                                                         ) -> None:
    # was: SDC101 "count 4.1" and SDC103 "leaves only 4.1 of 36.1" at B3 (wrong rule reading)
    text = ('"**Characteristic**","**Drug A**, N = 98","**Drug B**, N = 102"\n'
            '"Died","4.1%","59%"\n"Grade III","32%","32%"\n')
    result = _check(tmp_path, text)
    assert _found(result) == {("SDC101", "B2", "fail")}
    (finding,) = result.findings
    assert "of the printed base 98 is 4" in finding.message


def test_a_printed_base_still_gives_the_counts_away(tmp_path: Path) -> None:
    # unchanged: 12% of 50 is 6, 88% of 50 leaves 6 outside
    text = 'Characteristic,"Drug A (N=50)"\nDied,12.0%\nAlive,88.0%\n'
    assert _found(_check(tmp_path, text)) == {("SDC101", "B2", "fail"),
                                              ("SDC103", "B3", "fail")}


def test_a_sheet_formatted_as_percent_under_a_count_header_is_review(tmp_path: Path) -> None:
    import openpyxl

    folder = tmp_path / "x"
    folder.mkdir()
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [["region", "Deaths"], ["North", 0.12], ["South", 0.88]]:
        ws.append(row)
    for ref in ("B2", "B3"):
        ws[ref].number_format = "0%"
    wb.save(folder / "t.xlsx")
    result = sdc.check(folder, build_policy({}))
    # was: pass (the sheet shows 12% and 88%, read as counts)
    assert _found(result) == {("SDC303", None, "review")}
