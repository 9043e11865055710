"""A sheet's cell data read in one pass when it is in the plain form pandas and openpyxl write.

openpyxl parses a sheet's ``<sheetData>`` in Python, element by element (a 1 MiB long table
is ~200,000 cells: a third of the workbook's read, round 46), and the package walk parses it
again. Most sheets written by a program are a run of ``<row r="N">`` and ``<c r="A1" s="1"
t="s"><v>12</v></c>`` (or ``t="inlineStr"`` with one ``<is><t>`` text): for those, one regex
pass over the bytes gives every cell's place, style and value text exactly as expat would.

Fail closed: the cell data is *plain* only when every byte between the one ``<sheetData>``
and the one ``</sheetData>`` is such a token (whitespace between them), rows and cells come
in strictly increasing order with each cell in its row, a row's attributes are plain names
(a prefix only one the root declares) with plain values, a cell has none but ``r``, ``s``
and ``t`` in that order (``s``, ``n``, ``inlineStr``, ``str``, ``b``, ``e`` or ``d``, its
content matching its type), a number is a decimal, a shared string's index is digits, a boolean
``0`` or ``1``, a text holds no markup, character reference or carriage return (the five
predefined entities are decoded) and is UTF-8 in a part declared UTF-8, a formula is plain,
shared (round 48: Excel's shared formulas, LibreOffice's ``aca``) or an array formula (round
49; as an ISO date cell, ``t="d"``); the part's default namespace is SpreadsheetML's, declared
once before the cells. Anything else (a data-table formula, a formula in a date cell, a rich or
phonetic text, a row or cell out of order, a character reference, a comment or CDATA holding
``sheetData``...) is not plain, and the caller reads
the sheet as before. ``emptied`` is the part with its cell data cut out (``<sheetData/>``):
everything outside the cells is still parsed by the same parsers as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from sdc.readers.xml_stream import non_ascii_markup

_SHEET_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DEFAULT_NS = re.compile(rb"""\sxmlns\s*=\s*["']([^"']*)["']""")
_OPEN, _CLOSE = b"<sheetData>", b"</sheetData>"
_UTF8 = re.compile(rb"""\A<\?xml[^>]*?encoding\s*=\s*["'](utf-8|UTF-8|utf8|UTF8)["']""")
_DECLARES = re.compile(rb"""\A<\?xml[^>]*?encoding\s*=""")

# one token of plain cell data: a row's start, a cell, a row's end (groups: 1 row number,
# 2 its spans, 3 its other attributes; 4 column letters, 5 row number, 6 style, 7 type, 8 a
# formula's whole element (checked by ``_FORMULA``), 9 a number (or a shared string's index,
# a boolean), 10 a value's text (a formula's text result, an error, an ISO date), 11 inline
# text; 12 a row's end; 13 any other byte but whitespace: the cell data is not plain). The
# 13th alternative lets one ``findall`` both tokenize and check (round 49): the scan tries
# the tokens first at each place, so before the first such byte it finds exactly the
# tokens a ``sub`` of the tokens alone removes, and that byte is one ``sub`` would leave.
# A text is characters XML allows, its ``&`` only one of the five predefined
# entities (decoded by ``_text``); no character reference, no carriage return (both are
# translated by expat: not plain).
_CHAR = rb"[^<&\r\x00-\x08\x0b\x0c\x0e-\x1f]"
_TEXT = _CHAR + rb"*+(?:&(?:amp|lt|gt|quot|apos);" + _CHAR + rb"*+)*+"  # perhaps empty
_SOME = rb"(?!<)" + _TEXT  # not empty (a text is followed by ``<``)
_NUMBER = rb"-?[0-9]{1,300}(?:\.[0-9]{1,300})?(?:[Ee][+-]?[0-9]{1,3})?"
_TOKEN = re.compile(
    rb'[ \t\r\n]*(?:<row r="([1-9][0-9]{0,6})"( spans="[0-9]{1,5}:[0-9]{1,5}")?'
    rb'((?: [A-Za-z][A-Za-z0-9]{0,30}(?::[A-Za-z]'
    rb'[A-Za-z0-9]{0,30})?="[\x20\x21\x23-\x25\x27-\x3b\x3d-\x7e]{0,64}"){0,16})>'
    rb'|<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"(?: s="([0-9]{1,6})")?'
    rb'(?: t="(s|n|inlineStr|str|b|e|d)")?'
    rb'(?:/>|>(<f(?:[^<>]{0,200}/>|[^<>/]{0,200}>' + _TEXT + rb'</f>))?'
    rb'(?:<v>(?:(' + _NUMBER + rb')|(' + _SOME + rb'))?</v>'
    rb'|<is><t(?: xml:space="preserve")?>(' + _SOME + rb')</t></is>)?</c>)'
    rb'|(</row>)'
    rb'|([^ \t\r\n]))')
# a formula's element (``_TOKEN``'s group 8) in the forms openpyxl reads as a formula's text:
# plain, or shared (``si``: its master carries the text, the others translate it, as
# ``WorkSheetParser.parse_formula``), or an array formula (round 49: openpyxl's
# ``ArrayFormula``, whose ``text`` — ``=`` and the element's text — is what the formulas' read
# takes, ``formula_text``); LibreOffice's ``aca`` and Excel's ``ca`` change nothing read. A
# data-table formula (another object in openpyxl) is not plain.
_REF = rb'[A-Z]{1,3}[1-9][0-9]{0,6}(?::[A-Z]{1,3}[1-9][0-9]{0,6})?'
_FORMULA = re.compile(
    rb'<f(?: t="shared"(?: ref="' + _REF + rb'")? si="([0-9]{1,6})"'
    rb'| t="array"(?: ref="' + _REF + rb'")?)?(?: aca="(?:true|false)")?(?: ca="(?:1|true)")?'
    rb'(?:/>|>(' + _TEXT + rb')</f>)')
_ATTRIBUTE = re.compile(rb' ([A-Za-z0-9:]+)="([^"]*)"')
_ROOT = re.compile(rb"<worksheet\s[^<>]*>")
_CHUNK = 1 << 20  # the cell data is read in blocks of whole rows of about this many bytes

# a cell: (row, column, style id, type, value text: a number, shared string index or
# boolean (``0``, ``1``) as ASCII, a text decoded; None for a cell without a value; its
# formula's text (``""`` for an ``f`` without one) or None; its shared formula's ``si`` or
# None)
PlainCell = tuple[int, int, int, str, str | None, str | None, str | None]


class NotPlain(Exception):
    """The cell data is not in the plain form (read as before)."""


@dataclass
class PlainSheet:
    """A plain sheet part: where its cell data lies, and the part without it."""

    data: bytes
    start: int  # the cell data: data[start:end]
    end: int
    emptied: bytes
    prefixes: frozenset[bytes]  # namespace prefixes the root element declares
    # the attributes of each row openpyxl makes a dimension of (``WorkSheetParser.parse_row``:
    # one with an attribute besides ``r``, ``spans`` and namespaced ones), by row number;
    # filled by ``plain_cells``
    rows: dict[int, dict[str, str]] = field(default_factory=dict)
    # each distinct run of a row's attributes (besides ``r``) read once: Excel and LibreOffice
    # give every row the same ones (``_row_attributes``)
    seen: dict[bytes, dict[str, str] | None] = field(default_factory=dict)


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
    root = _ROOT.search(data, 0, start)
    if declared != [_SHEET_MAIN] or root is None or \
            _DEFAULT_NS.search(data, root.start(), root.end()) is None:
        return None  # the cells' names would not be SpreadsheetML's (openpyxl skips them)
    prefixes = frozenset(re.findall(rb"\sxmlns:([A-Za-z][A-Za-z0-9]*)\s*=", root.group()))
    emptied = data[:start - len(_OPEN)] + b"<sheetData/>" + data[end + len(_CLOSE):]
    return PlainSheet(data, start, end, emptied, prefixes)


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

    columns: dict[bytes, int] = {}
    row = col = 0
    row_text = b""  # the row's number as written (digits, no leading zero: one spelling)
    in_row = False
    for block in _blocks(sheet):
        for (start, spans, attributes, letters, at_row, style, kind, formula, number, text,
             inline, end, other) in _TOKEN.findall(block):
            if letters:
                column = columns.get(letters)
                if column is None:
                    column = columns[letters] = column_index_from_string(letters.decode())
                if not in_row or at_row != row_text or column <= col:
                    raise NotPlain("a cell out of its row or out of order")
                col = column
                type_ = _TYPES[kind]
                if number and (type_ == "n" or (type_ == "s" and number.isdigit())):
                    value: str | None = number.decode("ascii")  # the common case, at once
                else:
                    value = _value(type_, number, text, inline)
                if formula:
                    yield (row, column, int(style) if style else 0, type_, value,
                           *_formula(type_, formula))
                else:
                    yield row, column, int(style) if style else 0, type_, value, None, None
            elif start:
                number_of_row = int(start)
                if in_row or number_of_row <= row:
                    raise NotPlain("a row out of order or not closed")
                row, row_text, col, in_row = number_of_row, start, 0, True
                if attributes:
                    _row_attributes(sheet, row, start, spans, attributes)
            elif end:
                if not in_row:
                    raise NotPlain("a row closed twice")
                in_row = False
            else:
                raise NotPlain(f"cell data outside the plain form ({other!r})")
    if in_row:
        raise NotPlain("a row not closed")


_TYPES = {b"": "n", b"n": "n", b"s": "s", b"inlineStr": "inlineStr", b"str": "str",
          b"b": "b", b"e": "e", b"d": "d"}


def _value(kind: str, number: bytes, text: bytes, inline: bytes) -> str | None:
    """A cell's value text as ``WorkSheetParser.parse_cell`` reads it for its type; raises
    ``NotPlain`` for a value that does not fit its type (read as before, whatever openpyxl
    makes of it): a number's cell holds a decimal, a shared string's an index, a boolean's
    ``0`` or ``1``, an inline text's an ``is`` (openpyxl ignores its ``v``), a text result's,
    an error's or an ISO date's (``t="d"``: its text, which the reader reads by openpyxl's
    ``from_ISO8601``) a ``v`` text."""
    if inline:
        if kind != "inlineStr":
            raise NotPlain("an inline text in a cell of another type")
        return _text(inline)
    if number:
        if kind == "n" or (kind == "s" and number.isdigit()) or kind in ("str", "e", "d") or \
                (kind == "b" and number in (b"0", b"1")):
            return number.decode("ascii")
        raise NotPlain("a value that does not fit its type")
    if text:
        if kind not in ("str", "e", "d"):
            raise NotPlain("a text value in a cell of a type other than a text result")
        return _text(text)
    return None


def _formula(kind: str, element: bytes) -> tuple[str | None, str | None]:
    """A cell's formula (``_TOKEN``'s whole ``f`` element): its text (``""`` when it has
    none) and its shared formula's index, or (None, None) for no formula."""
    if not element:
        return None, None
    if kind not in ("n", "str", "b", "e"):
        raise NotPlain("a formula in a cell of a shared string's or inline text's type")
    match = _FORMULA.fullmatch(element)
    if match is None:
        raise NotPlain("a formula the plain form does not cover (a data table...)")
    shared, text = match.groups()
    return (_text(text) if text else ""), (shared.decode("ascii") if shared else None)


def _text(data: bytes) -> str:
    """A text of the plain form as expat gives it: UTF-8 (the part declares no other), no
    reference or carriage return to translate; a character XML does not allow raises."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotPlain("a text not in UTF-8") from exc
    if "\ufffe" in text or "\uffff" in text:
        raise NotPlain("a character XML does not allow")
    if "&" in text:  # the five predefined entities (``_TEXT``); ``&amp;`` last, never twice
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"') \
            .replace("&apos;", "'").replace("&amp;", "&")
    return text


def _row_attributes(sheet: PlainSheet, row: int, number: bytes, spans: bytes,
                    attributes: bytes) -> None:
    """A row's attributes besides ``r``: kept (``PlainSheet.rows``) when openpyxl would make
    a row dimension of them; a prefix the root does not declare, or a name given twice
    (both errors to expat), raises ``NotPlain``. Each distinct run of them is read once."""
    key = spans + attributes
    if key in sheet.seen:
        kept = sheet.seen[key]
    else:
        kept = sheet.seen[key] = _kept_attributes(sheet, key)
    if kept is not None:
        sheet.rows[row] = {"r": number.decode("ascii"), **kept}


def _kept_attributes(sheet: PlainSheet, attributes: bytes) -> dict[str, str] | None:
    """``_row_attributes`` of one run of attributes: those openpyxl keeps, or None when it
    makes no row dimension of them."""
    pairs = _ATTRIBUTE.findall(attributes)
    names = [name for name, _ in pairs]
    if len(set(names)) != len(names) or b"r" in names or b"xmlns" in names:
        raise NotPlain("a row's attribute given twice, or a namespace declared on it")
    kept: dict[str, str] = {}
    for name, value in pairs:
        prefix, colon, _local = name.partition(b":")
        if colon:
            if prefix not in sheet.prefixes or prefix == b"xmlns":
                raise NotPlain("a row's attribute under a prefix the root does not declare")
            continue  # openpyxl skips a namespaced attribute
        kept[name.decode("ascii")] = value.decode("ascii")
    return kept if set(kept) - {"spans"} else None  # as ``parse_row``: then a dimension


@dataclass(frozen=True)
class PlainTexts:
    """What the package walk needs of a plain sheet's cells when the cells shown are known
    (``xlsx_package._kept_texts``): each formula's text in order, and the texts cells hold
    that are not numbers or shared strings' indices, with their cells' types (an inline
    text, a formula's text result, an error)."""

    formulas: tuple[str, ...]
    texts: frozenset[tuple[str, str]]


# the plain sheets the reader read last, by their bytes, for the package walk that follows
# in the same process (``read_xlsx_file``): the cell data is then not tokenized twice
_READ: list[tuple[bytes, PlainTexts]] = []
_KEPT = 8


def remember(data: bytes, texts: PlainTexts) -> None:
    """Keep ``texts`` of the plain sheet part ``data`` for ``recall`` (the last few)."""
    _READ.append((data, texts))
    del _READ[:-_KEPT]


def recall(data: bytes) -> PlainTexts | None:
    """The texts ``remember`` kept for a part of exactly these bytes (then forgotten), or
    None."""
    for i, (seen, texts) in enumerate(_READ):
        if len(seen) == len(data) and seen == data:
            del _READ[i]
            return texts
    return None
