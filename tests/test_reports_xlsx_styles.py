"""The XLSX report styles a cell with the style ids of the first cell styled the same way
(round 32): the workbook is the one openpyxl writes when every cell is styled one by one."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from sdc.reports import ReportOptions, get_reporter
from sdc.reports import xlsx as xlsx_report
from tests.conftest import write_files


class _NeverKept(dict):
    """A style cache that keeps nothing: every cell styled one by one, as before."""

    def __setitem__(self, key: object, value: object) -> None:
        return None


def _parts(result: sdc.RunResult) -> dict[str, bytes]:
    stream = io.BytesIO()
    get_reporter("xlsx")(result, stream, ReportOptions())
    with zipfile.ZipFile(stream) as archive:
        return {name: archive.read(name) for name in archive.namelist()
                if name != "docProps/core.xml"}  # its creation time


def test_the_workbook_is_the_one_styled_cell_by_cell(tmp_path: Path, monkeypatch) -> None:
    write_files(tmp_path / "rel", {
        "t.csv": "age,female,male\n18-24,7,4321\n25-34,0,28\n35-44,3,2\n",
        "u.csv": "region,n\nNorth,4\nSouth,52\n",
        "wb.xlsx": {"sheets": [{"title": "Ages", "rows": [["age", "n"], ["18-24", 4],
                                                          ["25-34", 30]]}]}})
    result = sdc.check(tmp_path / "rel", build_policy({}))
    assert len(result.findings) >= 4  # fills, fonts, links and wrapped messages in use
    monkeypatch.setattr(xlsx_report, "dt", _FixedClock)  # the "generated" cell
    fast = _parts(result)
    monkeypatch.setattr(xlsx_report._STYLES, "setdefault", lambda wb, _: _NeverKept())
    slow = _parts(result)
    assert fast.keys() == slow.keys()
    for name in fast:
        assert fast[name] == slow[name], name
    assert b"FFC7CE" in fast["xl/styles.xml"]  # the red fill is there


class _FixedClock:
    """``datetime`` as the report reads it, stopped at one minute."""

    UTC = dt.UTC

    class datetime:
        @staticmethod
        def now(tz: object) -> dt.datetime:
            return dt.datetime(2026, 12, 5, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("n", [1, 3])
def test_each_workbook_has_its_own_styles(tmp_path: Path, n: int) -> None:
    # the ids of one workbook are not another's: each report starts its own
    write_files(tmp_path / "rel", {"t.csv": "age,female,male\n18-24,7,4321\n25-34,0,28\n"})
    result = sdc.check(tmp_path / "rel", build_policy({}))
    first = _parts(result)
    for _ in range(n):
        assert _parts(result)["xl/styles.xml"] == first["xl/styles.xml"]
