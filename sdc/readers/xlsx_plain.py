"""A sheet's cell data read in one pass when it is in the plain form pandas and openpyxl write.

openpyxl parses a sheet's ``<sheetData>`` in Python, element by element (a 1 MiB long table
is ~200,000 cells: a third of the workbook's read, round 46), and the package walk parses it
again. Most sheets written by a program are a run of ``<row r="N">`` and ``<c r="A1" s="1"
t="s"><v>12</v></c>`` (or ``t="inlineStr"`` with one ``<is><t>`` text): for those, one regex
pass over the bytes gives every cell's place, style and value text exactly as expat would.

Fail closed: the cell data is *plain* only when every byte between the one ``<sheetData>``
and the one ``</sheetData>`` is such a token (whitespace between them), rows and cells come
in strictly increasing order with each cell in its row, a row has no attribute but ``r`` and
``spans`` (so no hidden row, no height), a cell none but ``r``, ``s`` and ``t`` (``s``,
``n`` or ``inlineStr``, its content matching its type), a number is a decimal, a shared
string's index is digits, an inline text holds no markup, reference or carriage return and
is UTF-8 in a part declared UTF-8; the part's default namespace is SpreadsheetML's, declared
once before the cells. Anything else (a formula, a rich or phonetic text, a boolean, an
error, a row or cell out of order, an entity, a comment or CDATA holding ``sheetData``...)
is not plain, and the caller reads the sheet as before. ``emptied`` is the part with its
cell data cut out (``<sheetData/>``): everything outside the cells is still parsed by the
same parsers as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sdc.readers.xml_stream import non_ascii_markup

_SHEET_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DEFAULT_NS = re.compile(rb"""\sxmlns\s*=\s*["']([^"']*)["']""")
_OPEN, _CLOSE = b"<sheetData>", b"</sheetData>"
_UTF8 = re.compile(rb"""\A<\?xml[^>]*?encoding\s*=\s*["'](utf-8|UTF-8|utf8|UTF8)["']""")
_DECLARES = re.compile(rb"""\A<\?xml[^>]*?encoding\s*=""")

# one token of plain cell data: a row's start, a cell, a row's end (groups: 1 row number;
# 2 column letters, 3 row number, 4 style, 5 type, 6 number or string index, 7 inline text;
# 8 a row's end)
_TOKEN = re.compile(
    rb'[ \t\r\n]*(?:<row r="([1-9][0-9]{0,6})"(?: spans="[0-9]{1,5}:[0-9]{1,5}")?>'
    rb'|<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"(?: s="([0-9]{1,6})")?(?: t="(s|n|inlineStr)")?'
    rb'(?:/>|>(?:<v>(-?[0-9]{1,300}(?:\.[0-9]{1,300})?(?:[Ee][+-]?[0-9]{1,3})?)</v>'
    rb'|<is><t(?: xml:space="preserve")?>([^<&\r\x00-\x08\x0b\x0c\x0e-\x1f]{1,32767})'
    rb'</t></is>)</c>)'
    rb'|(</row>))')
_CHUNK = 1 << 20  # the cell data is read in blocks of whole rows of about this many bytes

# a cell: (row, column, style id, type, value text: a number or shared string index as
# ASCII, an inline text decoded; None for a cell without a value)
PlainCell = tuple[int, int, int, str, str | None]


class NotPlain(Exception):
    """The cell data is not in the plain form (read as before)."""


@dataclass(frozen=True)
class PlainSheet:
    """A plain sheet part: where its cell data lies, and the part without it."""

    data: bytes
    start: int  # the cell data: data[start:end]
    end: int
    emptied: bytes


def plain_sheet(data: bytes) -> PlainSheet | None:
    """``data`` (a sheet part's bytes) as a ``PlainSheet`` when its markup allows the cell
    data to be read by tokens (the module doc), or None. The tokens themselves are checked
    as they are read (``plain_cells``: raises ``NotPlain``)."""
    if non_ascii_markup(data[:4096]) is not None:
        return None
    head = data.removeprefix(b"\xef\xbb\xbf")
    if _DECLARES.match(head) and not _UTF8.match(head):
        return None  # inline text is decoded as UTF-8
    if data.count(b"sheetData") != 2 or data.count(_OPEN) != 1 or data.count(_CLOSE) != 1:
        return None  # a prefixed, empty or attributed sheetData, or one in a comment
    if b"]]>" in data or b"<!DOCTYPE" in data:
        return None
    start = data.index(_OPEN) + len(_OPEN)
    end = data.index(_CLOSE)
    if end < start:
        return None
    declared = _DEFAULT_NS.findall(data, 0, start)
    if declared != [_SHEET_MAIN]:
        return None  # the cells' names would not be SpreadsheetML's (openpyxl skips them)
    emptied = data[:start - len(_OPEN)] + b"<sheetData/>" + data[end + len(_CLOSE):]
    return PlainSheet(data, start, end, emptied)


def _blocks(sheet: PlainSheet) -> Iterator[bytes]:
    """The cell data in blocks of whole tokens (cut just after a ``</row>``, which no token
    holds inside it: an inline text holds no ``<``)."""
    at, end = sheet.start, sheet.end
    while at < end:
        cut = sheet.data.find(b"</row>", min(at + _CHUNK, end), end)
        stop = end if cut < 0 else cut + len(b"</row>")
        yield sheet.data[at:stop]
        at = stop


def plain_cells(sheet: PlainSheet) -> Iterator[PlainCell]:
    """Every cell of a plain sheet in order; raises ``NotPlain`` at the first thing the
    plain form does not cover (the caller then reads the sheet as before)."""
    from openpyxl.utils.cell import column_index_from_string

    row = col = 0
    in_row = False
    for block in _blocks(sheet):
        if _TOKEN.sub(b"", block).strip(b" \t\r\n"):
            raise NotPlain("cell data outside the plain form")
        for start, letters, at_row, style, kind, number, text, _end in _TOKEN.findall(block):
            if start:
                number_of_row = int(start)
                if in_row or number_of_row <= row:
                    raise NotPlain("a row out of order or not closed")
                row, col, in_row = number_of_row, 0, True
            elif letters:
                column = column_index_from_string(letters.decode("ascii"))
                if not in_row or int(at_row) != row or column <= col:
                    raise NotPlain("a cell out of its row or out of order")
                col = column
                type_ = kind.decode("ascii") if kind else "n"
                value: str | None = None
                if number:
                    if type_ == "inlineStr" or (type_ == "s" and not number.isdigit()):
                        raise NotPlain("a value that does not fit its type")
                    value = number.decode("ascii")
                elif text:
                    if type_ != "inlineStr":
                        raise NotPlain("an inline text in a cell of another type")
                    try:
                        value = text.decode("utf-8")
                    except UnicodeDecodeError as exc:
                        raise NotPlain("an inline text not in UTF-8") from exc
                    if "\ufffe" in value or "\uffff" in value:
                        raise NotPlain("a character XML does not allow")
                yield row, column, int(style) if style else 0, type_, value
            else:
                if not in_row:
                    raise NotPlain("a row closed twice")
                in_row = False
    if in_row:
        raise NotPlain("a row not closed")
