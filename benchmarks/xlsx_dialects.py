"""A workbook's sheet parts rewritten in the forms Excel and LibreOffice write (round 48).

No Excel or LibreOffice runs here: the forms follow ECMA-376's published markup as those
programs use it. Excel: the root declares ``mc``, ``x14ac`` and ``xr`` namespaces, each row
has ``spans`` and ``x14ac:dyDescent``, a number's cell has no ``t``; with ``formula_column``
a column of one shared formula (``<f t="shared" ref si>`` then ``<f t="shared" si/>``) with
its cached values. LibreOffice: each row carries ``customFormat``, ``ht``, ``hidden``,
``customHeight``, ``outlineLevel`` and ``collapsed``; each cell ``s`` and ``t``.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
EXCEL_NAMESPACES = (
    b' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    b' mc:Ignorable="x14ac xr xr2 xr3"'
    b' xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"'
    b' xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision"'
    b' xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2"'
    b' xmlns:xr3="http://schemas.microsoft.com/office/spreadsheetml/2016/revision3"'
    b' xr:uid="{00000000-0001-0000-0000-000000000000}"')
_ROW = re.compile(rb'<row r="([0-9]+)"(?: spans="[^"]*")?([^>]*)>')
_SHEET = re.compile(r"^xl/worksheets/sheet[0-9]+\.xml$")


def excel_form(data: bytes, formula_column: bytes | None = None) -> bytes:
    """A sheet part as Excel writes it; ``formula_column`` (e.g. ``b"H"``): a shared formula
    doubling column F added down every row but the first."""
    data = data.replace(MAIN, MAIN + EXCEL_NAMESPACES, 1)
    data = _ROW.sub(lambda m: b'<row r="' + m.group(1) + b'" spans="1:8"' + m.group(2)
                    + b' x14ac:dyDescent="0.25">', data)
    data = re.sub(rb'(<c r="[A-Z]+[0-9]+"(?: s="[0-9]+")?) t="n">', rb"\1>", data)
    if formula_column is not None:
        last = max(int(r) for r in re.findall(rb'<row r="([0-9]+)"', data))
        col = formula_column

        def formula(m: re.Match[bytes]) -> bytes:
            row = m.group(1)
            if row == b"1":
                return m.group(0)
            value = re.search(rb'<c r="F' + row + rb'"[^>]*><v>([^<]*)</v>', m.group(2))
            cached = b"" if value is None else b"<v>%d</v>" % (2 * float(value.group(1)))
            head = (b't="shared" ref="' + col + row + b":" + col + b"%d" % last + b'" si="0">'
                    b"F" + row + b"*2</f>") if row == b"2" else b't="shared" si="0"/>'
            return (m.group(0)[:-len(b"</row>")] + b'<c r="' + col + row + b'"><f ' + head
                    + cached + b"</c></row>")

        data = re.sub(rb'<row r="([0-9]+)"[^>]*>(.*?)</row>', formula, data, flags=re.S)
    return data


def libre_form(data: bytes) -> bytes:
    """A sheet part as LibreOffice Calc writes it."""
    data = _ROW.sub(lambda m: b'<row r="' + m.group(1) + b'" customFormat="false" ht="12.8" '
                    b'hidden="false" customHeight="false" outlineLevel="0" collapsed="false">',
                    data)
    data = re.sub(rb'<c r="([A-Z]+[0-9]+)"( t="[a-zA-Z]+")?>',
                  lambda m: b'<c r="' + m.group(1) + b'" s="0"' + (m.group(2) or b' t="n"')
                  + b">", data)
    return data.replace(b"<f>", b'<f aca="false">')


def rewrite(source: Path, target: Path, form: str) -> None:
    """``source`` with its sheet parts in ``form`` (``excel``, ``excel-formulas``,
    ``libre``)."""
    with zipfile.ZipFile(source) as zin, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if _SHEET.match(info.filename):
                data = (libre_form(data) if form == "libre"
                        else excel_form(data, b"H" if form == "excel-formulas" else None))
            zout.writestr(info.filename, data)
