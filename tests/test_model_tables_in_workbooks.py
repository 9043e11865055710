"""A regression table saved to a workbook (Stata ``etable, export(model.xlsx)``) read as the
same table in a CSV or a document is (hunt round 14). The Markdown, HTML, Word and LaTeX exports
went through ``esttab.model_table`` (round 13); the workbook went through the layout: every
number not understood (two SDC602 ``review``), the 8 observations never checked. Now the sheet's
shown text goes through the same reading: SDC301 ``fail`` at the ``N`` cell. Stata writes the
standard errors in brackets as text; a workbook that holds them as numbers under a bracketed
number format shows no bracket in its cells and stays with the layout (``review``)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of
from tests.test_model_tables_in_documents import _etable


def _workbook(folder: Path, rows: list[list[object]], number_format: str | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    sheet = book.active
    sheet.title = "etable"
    for row in rows:
        sheet.append(row)
    if number_format is not None:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, float) and cell.row % 2 == 1:
                    cell.number_format = number_format
    book.save(folder / "model.xlsx")


def _numbers(rows: list[list[str]]) -> list[list[object]]:
    """The coefficients and the N as numbers (as Stata writes them), the brackets as text."""
    return [[float(c) if c and c[0] in "-0123456789" else c for c in row] for row in rows]


def _check(folder: Path) -> tuple[set[tuple[str, str, str | None]], str, sdc.RunResult]:
    result = sdc.check(folder, build_policy({}))
    return findings_of(result), result.status.value, result


def test_etable_workbook_on_8_observations_fails_at_its_n(tmp_path: Path) -> None:
    for rows, name in ((_etable("8"), "text"), (_numbers(_etable("8")), "numbers")):
        _workbook(tmp_path / name, rows)
        findings, status, result = _check(tmp_path / name)
        # was: two SDC602 review (7 numbers not understood; the values in 'mpg' not told)
        assert (findings, status) == ({("SDC301", "model.xlsx[etable]", "B8")}, "fail"), name
        assert [f.message.split(" (")[0] for f in result.findings] == [
            "residual degrees of freedom at most 5"]


def test_etable_workbook_on_800_observations_stays_review(tmp_path: Path) -> None:
    _workbook(tmp_path, _numbers(_etable("800")))
    findings, status, _ = _check(tmp_path)
    assert (findings, status) == ({("SDC301", "model.xlsx[etable]", None)}, "review")


def test_etable_workbook_with_r2_and_adjusted_r2_passes(tmp_path: Path) -> None:
    # the pair as 800 observations and 3 terms give it (0.654, the auto data's on 74, would
    # prove 21 hidden terms: its two terms then possible dummies of groups nothing bounds)
    rows = [*_etable("800"), ["R-squared", "0.663"], ["Adjusted R-squared", "0.662"]]
    _workbook(tmp_path, _numbers(rows))
    findings, status, _ = _check(tmp_path)
    assert (findings, status) == (set(), "pass")


def test_an_identifier_in_a_term_name_is_found(tmp_path: Path) -> None:
    rows = _etable("800")
    rows[3][0] = "Foreign car 943 476 5919"  # an NHS number (valid check digit)
    _workbook(tmp_path, _numbers(rows))
    findings, status, _ = _check(tmp_path)
    assert status == "fail"
    assert {f[0] for f in findings} == {"SDC301", "SDC604"}


def test_bracketed_numbers_by_format_stay_with_the_layout(tmp_path: Path) -> None:
    rows: list[list[object]] = [[float(c.strip("()")) if c and c[0] in "-0123456789(" else c
                                 for c in row] for row in _etable("8")]
    _workbook(tmp_path, rows, number_format="(0.000)")
    findings, status, _ = _check(tmp_path)
    assert status == "review"
    assert "SDC301" not in {f[0] for f in findings}
    assert "SDC602" in {f[0] for f in findings}


def test_a_count_sheet_is_read_by_the_layout(tmp_path: Path) -> None:
    _workbook(tmp_path, [["region", "count"], ["West", 3], ["East", 40], ["N", 43]])
    findings, status, _ = _check(tmp_path)
    assert ("SDC101", "model.xlsx[etable]", "B2") in findings
    assert status == "fail"
