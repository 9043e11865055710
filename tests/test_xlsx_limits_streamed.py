"""A workbook over the row limit is refused from its streamed rows, before openpyxl loads it
(issue 12 channel 12): a finding on that file, never a crash or a load of 100 MB of XML, and
the rest of the release is still checked."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

SHEET = "xl/worksheets/sheet1.xml"


def _long_workbook(path: Path, rows: int, *, claimed: str = "A1:C2") -> None:
    """An openpyxl workbook whose sheet then gets ``rows`` data rows (inline strings and
    numbers, as Excel writes them); its ``<dimension>`` claims ``claimed`` whatever it holds."""
    wb = Workbook()
    ws = wb.active
    ws.title = "data"
    ws.append(["patient", "sex", "age"])
    ws.append(["P000001", "F", 42])
    buf = io.BytesIO()
    wb.save(buf)
    body = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>P{r:06d}</t></is></c>'
        f'<c r="B{r}" t="inlineStr"><is><t>{"FM"[r % 2]}</t></is></c>'
        f'<c r="C{r}"><v>{18 + r % 70}</v></c></row>' for r in range(2, rows + 2))
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<dimension ref="{claimed}"/><sheetData><row r="1">'
             '<c r="A1" t="inlineStr"><is><t>patient</t></is></c>'
             '<c r="B1" t="inlineStr"><is><t>sex</t></is></c>'
             '<c r="C1" t="inlineStr"><is><t>age</t></is></c></row>'
             f"{body}</sheetData></worksheet>")
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = sheet.encode() if info.filename == SHEET else src.read(info)
            dst.writestr(info.filename, data)


def _no_load(*args: object, **kwargs: object) -> None:
    raise AssertionError("openpyxl loaded a workbook over the row limit")


def test_150k_row_workbook_is_refused_before_loading(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _long_workbook(tmp_path / "cohort.xlsx", 150_000)
    (tmp_path / "small.csv").write_text("grp,n\na,3\nb,40\nc,45\n")
    monkeypatch.setattr("openpyxl.load_workbook", _no_load)
    result = sdc.check(tmp_path, build_policy({}))
    assert findings_of(result) == {("SDC602", "cohort.xlsx", None),
                                   ("SDC606", "cohort.xlsx", None),
                                   ("SDC101", "small.csv", "B2")}
    (big,) = [o for o in result.outputs if o.path == "cohort.xlsx"]
    assert big.status.value == "fail" and big.table is None
    assert all("more than 100,000 rows" in f.message for f in big.findings)


def test_row_limit_counts_rows_not_the_claimed_dimension(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    """The sheet claims two rows; it holds 60. A policy limit of 50 refuses it unloaded, one
    of 61 reads it (and finds its row-level data)."""
    _long_workbook(tmp_path / "cohort.xlsx", 60, claimed="A1:C2")
    limited = build_policy({"rules": {"file-too-large": {"max_rows": 50}}})
    with monkeypatch.context() as patched:
        patched.setattr("openpyxl.load_workbook", _no_load)
        result = sdc.check(tmp_path, limited)
    assert findings_of(result) == {("SDC602", "cohort.xlsx", None),
                                   ("SDC606", "cohort.xlsx", None)}
    roomy = build_policy({"rules": {"file-too-large": {"max_rows": 61}}})
    result = sdc.check(tmp_path, roomy)
    assert ("SDC606", "cohort.xlsx", None) not in findings_of(result)
    assert "SDC603" in {f.rule for f in result.findings}  # one row per patient
