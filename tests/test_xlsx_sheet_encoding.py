"""A sheet whose XML is not in an encoding with ASCII tags is refused before openpyxl loads
anything (issue 12 channel 12): the row limit is applied by counting ``<row>`` tags in the
bytes, which a UTF-16 sheet hides (a 50-row UTF-16 sheet scanned as 0 rows and was loaded
whole). A sheet declared in latin-1 or cp1252 is still counted and read."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from sdc.policy import build_policy
from sdc.readers import read_output
from sdc.readers.xlsx_reader import _uncounted, scan_sheet

SHEET = "xl/worksheets/sheet1.xml"


def _rewritten(tmp_path: Path, edit: Callable[[str, bytes], tuple[str, bytes]]) -> Path:
    """A 51-row workbook written by openpyxl, each part of its package passed through
    ``edit`` (its name and bytes, to rename or rewrite)."""
    wb = Workbook()
    ws = wb.active
    ws.append(["group", "n"])
    for k in range(50):
        ws.append([f"g{k}", 20 + k])
    plain = tmp_path / "plain.xlsx"
    wb.save(plain)
    out = tmp_path / "t.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            name, data = edit(item.filename, src.read(item.filename))
            dst.writestr(name, data)
    return out


def _workbook(tmp_path: Path, encode: Callable[[bytes], bytes]) -> Path:
    return _rewritten(tmp_path, lambda name, data: (name, encode(data) if name == SHEET
                                                    else data))


def _utf16(data: bytes) -> bytes:
    return data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")


def test_a_utf16_sheet_is_refused_before_anything_is_loaded(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    path = _workbook(tmp_path, _utf16)
    with zipfile.ZipFile(path) as zf, zf.open(SHEET) as fh:
        scan = scan_sheet(fh, 10)
    assert scan.uncounted == "is XML in UTF-16 or UTF-32" and not scan.plain

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl loaded the workbook")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    out = read_output(path, path.name, build_policy({}))[0]
    assert out.table is None
    assert out.too_large == (f"{SHEET} is XML in UTF-16 or UTF-32, whose rows sdc cannot "
                             "count before loading it; not loaded")
    assert out.unreadable == f"not parsed: {out.too_large}"


def test_declared_encodings(tmp_path: Path) -> None:
    head = b'<?xml version="1.0" encoding="%s" standalone="yes"?>\n<worksheet>'
    assert _uncounted(head % b"UTF-8") is None
    assert _uncounted(b"\xef\xbb\xbf" + head % b"windows-1252") is None
    assert _uncounted(b"<worksheet><sheetData/>") is None  # no declaration: UTF-8
    assert _uncounted(head % b"UTF-7") == "is XML in the encoding 'utf-7'"
    assert _uncounted(head % b"cp500") == "is XML in the encoding 'cp500'"
    assert _uncounted("<?xml".encode("utf-16-le")) == "is XML in UTF-16 or UTF-32"


def test_a_latin1_sheet_is_counted_and_read(tmp_path: Path) -> None:
    def latin1(data: bytes) -> bytes:
        return data.replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"')

    path = _workbook(tmp_path, latin1)
    out = read_output(path, path.name, build_policy({}))[0]
    assert out.too_large is None and out.table is not None
    assert len(out.table.cells) == 50


def _moved(name: str, data: bytes) -> tuple[str, bytes]:
    """The one sheet part moved to ``xl/data/s.xml``, named there by the workbook's
    relationships and content types (openpyxl loads it from there)."""
    if name == SHEET:
        return "xl/data/s.xml", data
    if name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
        return name, data.replace(b"/xl/worksheets/sheet1.xml", b"/xl/data/s.xml") \
            .replace(b"worksheets/sheet1.xml", b"data/s.xml")
    return name, data


def test_a_sheet_moved_out_of_its_folder_is_counted_before_the_load(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # round 25: the pre-load scan counted only xl/worksheets/*.xml; openpyxl follows the
    # workbook's relationships and loaded all 51 rows of a sheet moved to xl/data/s.xml
    path = _rewritten(tmp_path, _moved)
    out = read_output(path, path.name, build_policy({}))[0]
    assert out.table is not None and len(out.table.cells) == 50  # openpyxl reads it there

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl loaded the workbook")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    limited = build_policy({"rules": {"file-too-large": {"max_rows": 50}}})
    out = read_output(path, path.name, limited)[0]
    assert out.table is None
    assert out.too_large == "xl/data/s.xml has more than 50 rows (limit 50); not loaded"


def test_unreadable_workbook_relationships_refuse_the_load(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _rewritten(tmp_path, lambda name, data: (  # the relationships cut: not XML
        name, data[: len(data) // 2] if name == "xl/_rels/workbook.xml.rels" else data))

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl loaded the workbook")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    out = read_output(path, path.name, build_policy({}))[0]
    assert out.table is None and out.too_large is None
    assert out.unreadable == ("the workbook package is corrupt: xl/_rels/workbook.xml.rels "
                              "cannot be read, so which parts are sheets is not known; "
                              "not loaded")
