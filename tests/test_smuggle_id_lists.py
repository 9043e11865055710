"""A short list of people's numbers under a header naming an identifier (issue 12, hunt13).

Fewer than 30 rows of bare measurements are too few for SDC603's shape alone, and a column
whose header names no role is read as counts: a column ``id`` (or CPRD's ``patid``, UK
Biobank's ``eid``, REDCap's ``record_id``) of 1023, 1187, ... passed as counts of 10 or more,
in a CSV or on a workbook's second sheet beside a safe table. The participant identifiers of
those TREs are now named as such (SDC604 ``fail`` at the header); a bare ``id`` names no kind
(a region's code, or a person's), so it is SDC604 ``review`` at the header. A safe table
headed by its category's code (``region_id``) still passes. Files written by pandas and
openpyxl, checked by the engine in-process."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy

POLICY = build_policy({})
IDS = [1023, 1187, 1204, 1311, 1420, 1533]


@pytest.mark.parametrize("header, status", [
    ("patid", "fail"), ("eid", "fail"), ("record_id", "fail"),  # a TRE's participant numbers
    ("id", "review"), ("ID", "review"), ("identifier", "review"),  # a bare id: a region's too
])
def test_a_column_of_participant_numbers_is_an_identifier(tmp_path: Path, header: str,
                                                          status: str) -> None:
    pd.DataFrame({header: IDS}).to_csv(tmp_path / "t.csv", index=False)
    (finding,) = sdc.check(tmp_path, POLICY).findings
    assert (finding.rule, finding.status.value, finding.location.cell) == (
        "SDC604", status, "A1")


def _workbook(path: Path, second: list[list[object]]) -> None:
    book = openpyxl.Workbook()
    for row in [["Region", "Patients"], ["North", 30], ["South", 40]]:
        book.active.append(row)
    sheet = book.create_sheet("Sheet2")
    for row in second:
        sheet.append(row)
    book.save(path)


def test_ids_on_a_second_sheet_are_reviewed(tmp_path: Path) -> None:
    _workbook(tmp_path / "w.xlsx", [["id"], *[[i] for i in IDS[:3]]])
    (finding,) = sdc.check(tmp_path, POLICY).findings
    assert (finding.rule, finding.status.value) == ("SDC604", "review")
    assert (finding.location.sheet, finding.location.cell) == ("Sheet2", "A1")


def test_the_safe_twin_passes(tmp_path: Path) -> None:
    """The same workbook with a second sheet of counts by a category's code."""
    _workbook(tmp_path / "w.xlsx", [["region_id", "Patients"], ["N1", 30], ["S1", 40]])
    result = sdc.check(tmp_path, POLICY)
    assert result.status.value == "pass", result.findings
