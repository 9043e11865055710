"""Issue 12, channel 5 again: the structural parts of a workbook carry text too.

The package walk skipped its "structural" parts: printer settings (a binary part, read by
nothing), relationship files and ``[Content_Types].xml`` (not searched). An insider puts the
patient list after the printer settings' DEVMODE, inside its driver data, in a relationship's
target or a content type; each is found. A workbook written by pandas with a well-formed
DEVMODE raises nothing new.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from tests.test_smuggle_insider import NHS, PATIENTS, _release
from tests.test_smuggling_files import findings, run_check


def _devmode(driver_extra: bytes = b"") -> bytes:
    """A DEVMODEW: the printer's name (32 UTF-16 characters), then the public fields up to
    ``dmSize`` (220 bytes), then the driver's own bytes."""
    name = "Office Printer".encode("utf-16-le").ljust(64, b"\0")
    fields = struct.pack("<HHHH", 0x0401, 0, 220, len(driver_extra))
    return (name + fields).ljust(220, b"\0") + driver_extra


def _workbook(path: Path, extra: dict[str, bytes], replace: dict[str, tuple[bytes, bytes]]
              ) -> None:
    base = path.with_suffix(".base.xlsx")
    pd.DataFrame({"grp": ["a", "b"], "n": [12, 25]}).to_excel(base, index=False)
    with zipfile.ZipFile(base) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in replace:
                old, new = replace[info.filename]
                assert old in data
                data = data.replace(old, new)
            zout.writestr(info, data)
        for name, data in extra.items():
            zout.writestr(name, data)
    base.unlink()


def _check(tmp_path: Path, extra: dict[str, bytes] | None = None,
           replace: dict[str, tuple[bytes, bytes]] | None = None) -> dict:
    folder = _release(tmp_path, {})
    _workbook(folder / "t.xlsx", extra or {}, replace or {})
    return run_check(folder)


PRINTER = "xl/printerSettings/printerSettings1.bin"


def test_a_patient_list_after_the_printer_settings_is_found(tmp_path: Path) -> None:
    report = _check(tmp_path, {PRINTER: _devmode() + PATIENTS.encode("utf-16-le")})
    assert {(w, c) for _, w, c in findings(report, {"SDC605"})} == {("t.xlsx[Sheet1]", None)}
    assert ("SDC604", "t.xlsx[package]") in {(r, w) for r, w, _ in findings(report)}
    assert report["status"] == "fail"


def test_a_patient_list_in_the_driver_data_is_found(tmp_path: Path) -> None:
    """The length is what the DEVMODE declares (the list is its driver data): no SDC605, but
    its strings are searched and the NHS numbers fail."""
    report = _check(tmp_path, {PRINTER: _devmode(PATIENTS.encode("ascii"))})
    assert findings(report, {"SDC605"}) == set()
    assert ("SDC604", "t.xlsx[package]") in {(r, w) for r, w, _ in findings(report)}


def test_well_formed_printer_settings_raise_nothing(tmp_path: Path) -> None:
    report = _check(tmp_path, {PRINTER: _devmode(b"\x01\x02" * 40)})
    assert report["status"] == "pass"


@pytest.mark.parametrize(("part", "old", "new"), [
    ("xl/_rels/workbook.xml.rels", b"</Relationships>",
     f'<Relationship Id="rId99" Type="x" Target="{NHS}"/></Relationships>'.encode()),
    ("[Content_Types].xml", b"</Types>",
     f'<Default Extension="p{NHS}" ContentType="text/{NHS}"/></Types>'.encode()),
])
def test_an_identifier_in_a_relationship_or_content_type_is_found(
        tmp_path: Path, part: str, old: bytes, new: bytes) -> None:
    report = _check(tmp_path, replace={part: (old, new)})
    assert ("SDC604", "t.xlsx[package]") in {(r, w) for r, w, _ in findings(report)}
    assert report["status"] == "fail"
