"""HTML pages (pandas ``to_html``, R ``gt``/``kableExtra``, ``great_tables``): every ``<table>``
becomes a text grid with ``rowspan``/``colspan`` expanded; everything else is located text.

Parsed with lxml's HTML parser, which is what browsers' error recovery is modelled on. Content a
reader of the rendered page would not see (comments, ``hidden`` and ``display:none`` elements,
``<template>``, attributes) is extracted and checked too, and flagged. Active or external content
(scripts, frames, objects, event handlers, external or ``data:`` resources) is flagged: a
released page must be inert and self-contained.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sdc.readers.documents.data_uris import find_data_uris, read_data_uri, without_data_uris
from sdc.readers.documents.edges import APART, resolve
from sdc.readers.documents.model import (
    Document,
    DocumentError,
    Flag,
    TextPart,
    TextTable,
    TooManyCells,
)

_ACTIVE_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "portal"}
_RESOURCE_ATTRS = ("src", "href", "data", "poster", "action", "formaction", "background",
                   "srcset", "xlink:href")
_EXTERNAL = re.compile(r"^\s*(https?:|ftp:|//|file:)", re.I)
_DATA_URI = re.compile(r"^\s*data:", re.I)
_JS_URI = re.compile(r"^\s*(javascript|vbscript):", re.I)
# a size or opacity of zero (``font-size: 0``, ``opacity: 0.0``), not ``font-size: 0.9em``
_ZERO = r"\s*:\s*(0+(\.0*)?|\.0+)[a-z%]*\s*(;|$|!|\})"
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*(hidden|collapse)|"
                           r"font-size" + _ZERO + r"|opacity" + _ZERO +
                           r"|(?<![\w-])color\s*:\s*transparent", re.I)
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*(https?:|//|data:)", re.I)
# CSS that writes text into the page (``td::after { content: "3" }``): shown, in no cell
_CSS_CONTENT = re.compile(r"(?<![\w-])content\s*:\s*(?!\s*(?:none|normal|''|\"\")\s*[;}]|"
                          r"\s*(?:none|normal|''|\"\")\s*$)", re.I)
if TYPE_CHECKING:  # lxml loads when an HTML file is read, not for every check
    from lxml import etree

_SPACES = re.compile(r"\s+")
# lxml (libxml2) stops at the first </html> and drops all that follows: a second table after
# it would be read by nothing, while a browser shows it (HTML5 moves it into the body). The
# end tags are removed before parsing, so the tree holds what a browser renders.
_END_TAGS = re.compile(rb"</\s*(?:html|body)\s*>", re.I)
_HTML_END = re.compile(rb"</\s*html\s*>", re.I)
# Attributes whose text a person may see (tooltips, alt text) or a smuggler may fill; an
# ordered list's ``start`` is the number its first item shows (``<ol start="3">`` shows
# ``3.``, which no text holds: it passed, hunt51)
_TEXT_ATTRS = ("title", "alt", "aria-label", "data-value", "value", "content", "summary",
               "start")


_SUPERSCRIPTS = str.maketrans("0123456789+-", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077"
                              "\u2078\u2079\u207a\u207b")
_SUBSCRIPTS = str.maketrans("0123456789+-", "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087"
                            "\u2088\u2089\u208a\u208b")
# an element's edge while its text is gathered, and digits on both sides of one: the page sets
# them apart (an element of its own: a link, a block), so they are no one number
_EDGE = "\x00"
_DIGITS_APART = re.compile(r"(?<=\d)\x00+(?=\d)")
# a letter and a digit on the two sides of one: style can set any element apart (a margin,
# ``display: block``), so ``North<b>3</b>`` or ``<span>North</span><span>3</span>`` is read
# ``North 3``, a value beside a name, not the code ``North3`` it was read as (hunt50: passed)
_LETTER = "[^\\W\\d_\u00b2\u00b3\u00b9\u2070-\u209f]"  # (a raised mark is no letter)
_WORD_DIGIT_APART = re.compile(rf"(?<={_LETTER})\x00+(?=\d)|(?<=\d)\x00+(?={_LETTER})")
# elements whose text a reader sees apart from the text beside it
_APART = ("del", "s", "strike", "rt", "rp")
_SIGN = re.compile("[<>\u2264\u2265]")
# raised digits glued to a word (``West<sup>1</sup>``): the page shows a footnote mark, ``West¹``
_MARK = re.compile(r"\d{1,2}")
# a CSS rule that hides what it selects: ``.x { display: none }``
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SIMPLE_SELECTOR = re.compile(r"([A-Za-z][\w-]*)?(?:([.#])([\w-]+))?")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)

# a declared encoding of 16 or 32 bits a page (or its XML declaration) may name
_WIDE_CHARSET = re.compile(
    rb"""(?:charset|encoding)\s*=\s*["']?\s*(?:utf-?(?:16|32)|ucs-?[24]|unicode|"""
    rb"""csunicode|iso-10646)""", re.I)
_MAX_SRCDOC_DEPTH = 2  # an <iframe srcdoc> inside a srcdoc inside a page; deeper: flagged


_CELL_TAG = re.compile(rb"<t[dh](?=[\s/>])", re.I)


def table_cells(data: bytes) -> int:
    """How many table cells a page opens (``<td``, ``<th``: in a comment or a script too),
    counted on its bytes before it is parsed, so a page of more cells than the policy's
    ``max_cells`` is refused before its tree is built."""
    return sum(1 for _ in _CELL_TAG.finditer(data))


@dataclass
class CellBudget:
    """The table cells a page may open, its ``srcdoc`` pages' counted with its own: a
    srcdoc's cells are escaped in an attribute (``&lt;td``), so the count of the page's bytes
    (:func:`table_cells`) does not see them, and a page under ``max_cells`` carried millions
    of cells in one (round 35, html35). ``counted`` starts at the page's own count; a
    srcdoc's ``<td`` written unescaped is counted twice, which can only refuse sooner."""

    limit: int
    counted: int = 0

    def take(self, data: bytes) -> None:
        """Count a srcdoc page's cells before it is parsed; raise past the limit."""
        self.counted += table_cells(data)
        if self.counted > self.limit:
            raise TooManyCells(self.counted, self.limit)


def read_html(data: bytes, depth: int = 0, budget: CellBudget | None = None) -> Document:
    """``budget``: the cells left to the srcdoc pages inside (None: not counted)."""
    from lxml import etree
    from lxml import html as lxml_html

    from sdc.readers.documents.html_stream import STYLE_SHEET, Reader, read_streaming

    end = _HTML_END.search(data)
    encoding = "utf-8" if _wide_charset_declared(data) else None  # where a browser would
    # its tables' plain rows read as parsed, then dropped (round 39): else the whole tree
    streamed = (read_streaming(_pieces_without_end_tags(data), encoding, Reader(
        _Grid, _rows_of, _is_hidden, _other_attributes))
                if STYLE_SHEET.search(data) is None else None)
    if streamed is not None and _content_lost(streamed.errors) is None:
        root, grids, names = streamed.root, streamed.grids, streamed.others
    else:
        del streamed  # its tree, before the page's whole one is built
        # its own parser: the errors of this page alone
        parser = lxml_html.HTMLParser(encoding=encoding)
        try:
            root = lxml_html.document_fromstring(_END_TAGS.sub(b"", data), parser=parser)
        except (etree.ParserError, ValueError) as exc:
            raise DocumentError(f"the HTML could not be parsed: {exc}") from exc
        lost = _content_lost(parser.error_log)
        if lost is not None:
            raise DocumentError(f"the HTML could not be read whole: {lost}")
        grids, names = {}, {}
    doc = Document()
    tables = [t for t in root.iter("table")]  # first: a CSV in a data: URI is one table more
    for index, table in enumerate(tables, start=1):
        grid = grids.pop(table, None)
        doc.tables.append(grid.table(table, index) if isinstance(grid, _Grid)
                          else _table(table, index))
    _read_srcdocs(root, doc, depth, budget)
    if end is not None and data[end.end():].strip():
        doc.flags.append(Flag("content after the end", "content after </html>: a browser "
                              "shows it, some readers drop it (read as part of the page)"))
    docinfo = root.getroottree().docinfo  # a DOCTYPE's identifiers are free text
    ids = [i for i in (docinfo.public_id, docinfo.system_url) if i and i.strip()]
    if ids:
        doc.text.append(TextPart("<!DOCTYPE>", "\n".join(ids), hidden=True,
                                 numbers_accounted=True))
    _flag_active(root, doc)
    _hide_by_stylesheet(root, doc)
    _collect_hidden(root, doc, names)
    _collect_prose(root, doc)
    _collect_head_title(root, doc)
    return doc


def _pieces_without_end_tags(data: bytes, size: int = 1 << 16) -> Iterator[bytes]:
    """``_END_TAGS.sub(b"", data)`` in pieces of about ``size`` bytes, with no copy of the
    whole page beside its grid while it is streamed. Each piece ends before a ``<`` of its
    second half, so an end tag lies in one piece; one that does not (a tag longer than half a
    piece) is found by the count of all the page's end tags, and raises ``ValueError``: the
    page is then read whole."""
    start, removed = 0, 0
    while start < len(data):
        stop = len(data) if start + size >= len(data) else data.rfind(
            b"<", start + size // 2, start + size)  # -1: none in the piece's second half
        stop = start + size if stop < 0 else stop
        piece, n = _END_TAGS.subn(b"", data[start:stop])
        removed += n
        yield piece
        start = stop
    if removed != sum(1 for _ in _END_TAGS.finditer(data)):
        raise ValueError("an end tag across two pieces")


def _wide_charset_declared(data: bytes) -> bool:
    """Whether a page with no byte-order mark declares a 16- or 32-bit Unicode encoding
    (``<meta charset="utf-16">``). libxml2 then decodes its ASCII bytes as UTF-16: the page
    became a few CJK characters, no table and no number, and passed (round 32, hunt32). A
    browser never does: the HTML standard reads such a declaration as UTF-8 (and knows no
    UTF-32), so the page shows its table. Read as UTF-8 then, as the browser reads it."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return False  # a BOM decides, for libxml2 as for a browser
    return _WIDE_CHARSET.search(data) is not None


def _content_lost(errors: Any) -> str | None:
    """Why the parser dropped part of the page, or None. libxml2 recovers from a page nested
    past its depth limit (256 elements) by leaving out all that lies deeper, silently: a table
    inside 300 ``<div>`` was no table, its 3 no number, and the page passed where a browser
    shows the table (round 32, hunt32). A fatal error (a resource limit) means content was
    left out; the page is then unreadable (SDC602), never read in part."""
    for error in errors:
        if error.level_name == "FATAL" or error.type_name == "ERR_RESOURCE_LIMIT":
            what = error.message.split(", use ")[0].strip()
            return f"{what} (line {error.line}): the rest was not read"
    return None


def _read_srcdocs(root: etree._Element, doc: Document, depth: int,
                  budget: CellBudget | None) -> None:
    """An ``<iframe srcdoc="...">`` is a whole page the browser shows inside this one: it is
    read as a page (its tables are tables of this document, its text hidden text), besides
    being active content (flagged). Past ``_MAX_SRCDOC_DEPTH`` it is flagged, not read."""
    for el in root.iter("iframe", "frame"):
        srcdoc = el.get("srcdoc") or ""
        if not srcdoc.strip():
            continue
        if depth >= _MAX_SRCDOC_DEPTH:
            doc.flags.append(Flag("embedded file", "an <iframe srcdoc> nested too deep to "
                                  "read; a person must check it"))
            continue
        page = srcdoc.encode("utf-8")
        if budget is not None:
            budget.take(page)  # TooManyCells: the whole page is refused, not one frame
        try:
            inner = read_html(page, depth + 1, budget)
        except TooManyCells:
            raise
        except DocumentError:
            doc.flags.append(Flag("embedded file", "an <iframe srcdoc> that cannot be read; "
                                  "a person must check it"))
            continue
        for table in inner.tables:
            table.index = len(doc.tables) + 1
            table.caption = table.caption or "<iframe srcdoc>"
            doc.tables.append(table)
        doc.text.extend(TextPart(f"<iframe srcdoc> {part.where}", part.text, hidden=True,
                                 numbers_accounted=part.numbers_accounted)
                        for part in inner.text)
        doc.flags.extend(inner.flags)


def _collect_head_title(root: etree._Element, doc: Document) -> None:
    """The page's ``<title>``: a browser shows it on the tab and in bookmarks, and no table
    or block of the body holds it (one in the body is read with the body's text), so its
    numbers are checked as prose's are."""
    head = root.find("head")
    for el in head.iter("title") if head is not None else ():
        text = _SPACES.sub(" ", "".join(el.itertext())).strip()
        if text:
            doc.text.append(TextPart("<title>", text,
                                     numbers_accounted=_title_of_only_table(doc, text)))


def _title_of_only_table(doc: Document, text: str) -> bool:
    """A ``<title>`` printing a base (``Admissions (N=205)``) over a page's only table, which
    has no caption, is that table's title: its base is checked as a count and against the
    table's counts, as a caption's is. True when those bases are the title's only numbers (it
    needs no reading by a person); any other number in it is still named."""
    from sdc.derived_counts import printed_base_numbers, without_printed_bases
    from sdc.readers.roles import prose_numbers_not_understood

    if len(doc.tables) != 1 or doc.tables[0].caption or not printed_base_numbers(text):
        return False
    doc.tables[0].caption = text
    return not prose_numbers_not_understood(without_printed_bases(text))


def _text(element: etree._Element, lead_mark: bool = False) -> str:
    """The text of an element as a person reads it: ``<br>`` as a space, whitespace collapsed;
    comments and scripts inside it are not part of it (they are collected elsewhere).

    Nothing joins the digits of a number beside it that the page does not join: a footnote
    mark ``3<sup>1</sup>`` is ``3¹`` (it read as 31, where the page shows a 3), a label's
    ``West<sup>1</sup>`` is ``West¹`` as the page shows it (it read as ``West1``, how a count
    could be written: SDC602 on a safe table; a CSV's ``West¹`` passes), and struck or
    annotating text (``<del>30</del><ins>3</ins>``, ruby ``<rt>``) stands apart (it read as
    303). Nor do two elements: digits on both sides of an element's edge
    (``3<a href="#n1">1</a>``, a footnote link; ``<div>3</div><div>1</div>``) are set apart
    by ``|`` (:data:`_DIGITS_APART`), so the cell is no number (``review``) where it read as 31
    and a count of 3 passed.

    ``lead_mark``: the element is a table's footnote line (its ``tfoot``), where a raised mark
    may open the text (gt's ``<sup>1</sup> n (%)``): read as ``¹`` only when words follow it
    and the same mark stands raised elsewhere in the table (``marks``, see ``_table``); a
    raised digit alone or before a number stays a digit."""
    parts: list[str] = []

    def walk(el: etree._Element) -> None:
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "template"):
            return
        before = _last_shown(parts)
        opens = lead_mark and not any(part.strip(_EDGE + " ") for part in parts)
        if (el.tag in ("sup", "sub") and before.isdigit()) or (
                el.tag == "sup" and (before.isalpha() or opens) and _MARK.fullmatch(
                    "".join(el.itertext()).strip()) is not None):
            table = _SUPERSCRIPTS if el.tag == "sup" else _SUBSCRIPTS
            parts.append(_SPACES.sub(" ", "".join(el.itertext())).translate(table))
            return
        # a raised or lowered comparison sign (``<sup>&lt;</sup>3``) is no marker's sign
        apart = el.tag in _APART or (el.tag in ("sup", "sub") and _SIGN.search(
            "".join(el.itertext())) is not None)
        if el.tag == "br":
            parts.append(" ")
        elif apart:
            parts.append(APART)
        start = len(parts)
        parts.append(_EDGE)
        parts.append(el.text or "")
        for child in el:
            walk(child)
            parts.append(child.tail or "")
        if not apart and not any(parts[i].strip(_EDGE) for i in range(start, len(parts))):
            del parts[start:]  # an empty element (``3<span></span>1``) sets nothing apart
            return
        parts.append(APART if apart else _EDGE)

    walk(element)
    joined = resolve(_WORD_DIGIT_APART.sub(" ", _DIGITS_APART.sub("|", "".join(parts)))
                     .replace(_EDGE, ""))
    text = _SPACES.sub(" ", joined).strip()
    if lead_mark and text[:1] in _RAISED and not _OPENING_MARK.match(text):
        return _text(element)  # no words after it: a raised number, read as its digits
    return text


def _last_shown(parts: list[str]) -> str:
    """The last character of ``"".join(parts)`` that is no element edge ("" when none), found
    from the end: joining all parts at every element made a cell holding a nested table of
    50,000 cells cost minutes (its text grows with each element: round 35, html35)."""
    for part in reversed(parts):
        if kept := part.rstrip(_EDGE):
            return kept[-1]
    return ""


# a footnote line opened by its raised mark, then words (``¹ n (%)``, ``² Pearson's test``)
_RAISED = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
_OPENING_MARK = re.compile(f"[{_RAISED}]{{1,2}} ?[^\\W\\d_]")


def _rows_of(table: etree._Element) -> list[etree._Element]:
    """The table's own rows (thead, tbody, tfoot or bare), not those of nested tables."""
    rows = []
    for child in table:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if isinstance(r.tag, str) and r.tag == "tr")
    return rows


def _span(cell: etree._Element, name: str) -> int:
    try:
        return max(1, min(int(cell.get(name, "1")), 1000))
    except ValueError:
        return 1


def _table(table: etree._Element, index: int) -> TextTable:
    """Expand spans: a spanned cell's text is repeated over every grid position it covers, as
    the XLSX reader does for merged cells, so no position is silently empty. A cell spanning
    the whole width alone on its row (a title or a source note) is kept once, in the first
    column, so it reads as a title or note line does in a CSV (see :class:`_Grid`)."""
    grid = _Grid()
    for row in _rows_of(table):
        grid.add(row)
    return grid.table(table, index)


class _Grid:
    """A table's grid read a row at a time (round 36, mem36): each row's texts are settled
    when the row is done (no later row places a cell in it), and only the positions spans
    reach below are held beside them, where a dict of every position and a list of every
    cell's element were ~100 MiB on a 5 MiB ``to_html`` page (as much as lxml's tree). A
    footnote line's (``tfoot``) texts wait for the marks of all other rows (``_foot_text``),
    so its cells' elements are held. A row, once added, is not read again: the streaming read
    (round 39, :mod:`html_stream`) adds each row as the parser closes it, then drops it."""

    def __init__(self) -> None:
        self.done: list[tuple[list[str], bool]] = []  # per row its texts, one cell spans it
        self.below: dict[int, dict[int, tuple[str, int]]] = {}  # rows' positions spans reach
        self.feet: list[tuple[etree._Element, str, list[tuple[int, int]]]] = []
        self.marks: set[str] = set()  # raised after a word or a number outside the feet
        self.cell_id = 0

    def add(self, row: etree._Element) -> None:
        """Read the table's next row (``_rows_of``' order)."""
        r = len(self.done)
        foot = row.getparent() is not None and row.getparent().tag == "tfoot"
        slots = self.below.pop(r, {})
        c = 0
        for cell in row:
            if not isinstance(cell.tag, str) or cell.tag not in ("td", "th"):
                continue
            text = _text(cell)
            while c in slots:
                c += 1
            self.cell_id += 1
            value, taken = (text, self.cell_id), []
            colspan = _span(cell, "colspan")
            for dr in range(_span(cell, "rowspan")):
                into = slots if not dr else self.below.setdefault(r + dr, {})
                for dc in range(c, c + colspan):
                    if dc not in into:
                        into[dc] = value
                        taken.append((r + dr, dc))
            if foot:
                self.feet.append((cell, text, taken))
            else:
                self.marks.update(_RAISED_AFTER.findall(text))
                self.marks.update(_RAISED_ENDING.findall(text))  # ``West ²``
            c += colspan
        self.done.append(_settled(slots))

    def table(self, table: etree._Element, index: int) -> TextTable:
        """The table of the rows added (``table``: its caption)."""
        done, below = self.done, self.below
        for r in range(len(done), max(below, default=-1) + 1):  # rows only spans reach
            done.append(_settled(below.pop(r, {})))
        for cell, text, taken in self.feet:
            settled = _foot_text(cell, text, self.marks)
            for r, c in taken:
                done[r][0][c] = settled
        while done and not done[-1][0]:
            done.pop()  # a last row no cell reaches is no row
        n_cols = max((len(texts) for texts, _ in done), default=0)
        rows = [[texts[0]] + [""] * (n_cols - 1) if whole and n_cols > 1
                and len(texts) == n_cols else texts + [""] * (n_cols - len(texts))
                for texts, whole in done]
        caption_el = table.find("caption")
        caption = _text(caption_el) if caption_el is not None else None
        # pandas' ``to_html`` writes a missing label as ``NaN`` where ``to_csv`` writes a
        # blank: read as the CSV writes it, the cells kept in place (``pandas_labels``)
        return TextTable(index=index, rows=rows, caption=caption or None, pandas_labels=True)


_RAISED_AFTER = re.compile(f"(?<=[^\\s{_RAISED}])[{_RAISED}]{{1,2}}")
_LEAD_MARK = re.compile(f"[{_RAISED}]{{1,2}}")
# a mark set apart ending a cell (``West<sup> 2 </sup>``, ``South &sup3;``): a footnote's too,
# whose note the foot opens with it (hunt52: read as ``2 Includes``, a number, it left the
# label's mark unexplained)
_RAISED_ENDING = re.compile(f"\\s([{_RAISED}]{{1,2}})\\s*$")


def _settled(slots: dict[int, tuple[str, int]]) -> tuple[list[str], bool]:
    """A done row's texts up to its last placed position (a gap: ""), and whether one cell
    fills every one of them."""
    width = max(slots, default=-1) + 1
    texts = [slots[c][0] if c in slots else "" for c in range(width)]
    whole = len(slots) == width > 0 and len({cid for _, cid in slots.values()}) == 1
    return texts, whole


def _foot_text(cell: etree._Element, text: str, marks: set[str]) -> str:
    """A footnote line's cell opened by a raised mark raised elsewhere in its table (gt's
    ``<sup>1</sup> n (%)``): read with the mark (``_text``'s ``lead_mark``), else as read."""
    opened = _text(cell, lead_mark=True)
    mark = _LEAD_MARK.match(opened)
    return opened if mark and mark.group(0) in marks else text


# shapes an SVG draws with sizes of their own: a bar's ``height``, a slice's path
_SVG_SHAPES = frozenset({"rect", "path", "circle", "ellipse", "line", "polyline", "polygon"})


def _drawn(svg: etree._Element) -> bool:
    """An inline ``<svg>`` that draws shapes (not only a title): a chart whose values are its
    shapes' sizes (``<rect height="3">``), which no table or text holds."""
    return any(isinstance(el.tag, str) and el.tag.lower().rpartition("}")[2] in _SVG_SHAPES
               for el in svg.iterdescendants())


def _flag_active(root: etree._Element, doc: Document) -> None:
    drawings = 0
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag == "svg" and not any(isinstance(a.tag, str) and a.tag.lower() == "svg"
                                    for a in el.iterancestors()) and _drawn(el):
            drawings += 1  # an SVG bar chart passed, its bars' sizes unread (hunt53)
        if tag in _ACTIVE_TAGS:
            doc.flags.append(Flag("active content", f"a <{tag}> element"))
        if tag == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
            doc.flags.append(Flag("active content", "a <meta http-equiv=refresh> redirect"))
        if tag == "link" and el.get("href"):
            doc.flags.append(Flag("external resource", f"a <link> to {el.get('href')[:80]}"))
            continue
        for name, value in el.attrib.items():
            low = name.lower()
            if low.startswith("on"):
                doc.flags.append(Flag("active content", f"an event handler '{low}' on <{tag}>"))
            elif low == "download" and _download_states_a_count(value):
                doc.flags.append(Flag("hidden text", f"<{tag} download=...> names the file it "
                                      "saves by a count"))
            elif low in ("srcset", "style"):  # may hold several URIs, data or not
                for n, uri in enumerate(find_data_uris(value), 1):
                    read_data_uri(uri, f"<{tag} {low}> ({n})", doc)
            elif _DATA_URI.match(value):  # any attribute: data-src, poster, href, ...
                read_data_uri(value, f"<{tag} {low}>", doc)
                continue
            if low in _RESOURCE_ATTRS or low.endswith(":href"):
                if _EXTERNAL.match(value):
                    doc.flags.append(Flag("external resource", f"<{tag} {low}=...> points "
                                          "outside the page"))
                elif _JS_URI.match(value):
                    doc.flags.append(Flag("active content", f"a script URI in <{tag} {low}>"))
            if low == "style" and _CSS_URL.search(value):
                doc.flags.append(Flag("external resource", f"a CSS url() on <{tag}>"))
        if tag == "style" and _CSS_URL.search(el.text or ""):
            doc.flags.append(Flag("external resource", "a CSS url() in a <style> block"))
        css = (el.text or "") if tag == "style" else (el.get("style") or "")
        if _CSS_CONTENT.search(css):
            doc.flags.append(Flag("generated text", f"CSS on <{tag}> writes text of its own "
                                  "(content:): the page shows text no cell holds"))
    if drawings:
        doc.flags.append(Flag("embedded file", f"{drawings} inline <svg> drawing(s): a chart "
                              "whose values are its shapes' sizes, which sdc does not read"))


def _hide_by_stylesheet(root: etree._Element, doc: Document) -> None:
    """Elements a ``<style>`` rule hides (``.x { display: none }``) are hidden as an inline
    style would make them: a page whose cell ``3<span class=x>0</span>`` shows 3 read as 30 and
    passed. A simple selector (a tag, ``.class``, ``#id``, ``tag.class``) marks its elements
    with that inline style; a rule that hides by any other selector is flagged, since what it
    hides is not worked out."""
    unresolved = 0
    for style in root.iter("style"):
        css = _CSS_COMMENT.sub("", style.text or "")
        for rule in _CSS_RULE.finditer(css):
            if not _HIDDEN_STYLE.search(rule.group(2)):
                continue
            for selector in rule.group(1).split(","):
                m = _SIMPLE_SELECTOR.fullmatch(selector.strip())
                if not m or not (m.group(1) or m.group(2)):
                    unresolved += 1
                    continue
                tag, kind, name = m.group(1), m.group(2), m.group(3)
                for el in root.iter(tag.lower() if tag else None):
                    if not isinstance(el.tag, str) or el.tag in ("style", "script", "head"):
                        continue
                    if kind == "." and name not in (el.get("class") or "").split():
                        continue
                    if kind == "#" and el.get("id") != name:
                        continue
                    el.set("style", (el.get("style") or "") + ";display:none")
    if unresolved:
        doc.flags.append(Flag("hidden text", f"{unresolved} style sheet rule(s) hide elements "
                              "by selectors that are not worked out"))
    _hide_faint_text(root, doc)


def _hide_faint_text(root: etree._Element, doc: Document) -> None:
    """Text coloured like what it stands on is hidden as ``display:none`` is: a white ``&lt;``
    before a 3 (``.w { color: #fff }``) read as the marker ``<3`` and passed, where the page
    shows 3. Colours come from inline styles, ``<font>``, ``bgcolor`` and style sheets (see
    :mod:`html_colours`); text that may be faint on some background it may stand on, or whose
    colour is not understood, is flagged for a person, not read as surely shown."""
    from sdc.readers.documents.html_colours import Colours

    if not root.xpath("boolean(//style|//*[@style]|//*[@bgcolor]|//font|//bdo)"):
        return  # nothing on the page sets a colour or a layout: black on white throughout
    colours = Colours(root)
    may = 0
    body = root.find("body")
    for el, look in colours.looks(body if body is not None else root):
        if el.tag in ("script", "style", "template", "head"):
            continue
        direct = (el.text or "") + "".join(child.tail or "" for child in el)
        if not direct.strip():
            continue
        verdict = colours.verdict(look)
        if verdict == "hidden":
            el.set("style", (el.get("style") or "") + ";display:none")
        elif verdict == "may":
            may += 1
    if may:
        doc.flags.append(Flag("hidden text", f"{may} element(s) whose text may be coloured "
                              "like a background it stands on (or in a colour not understood), "
                              "clipped, moved off the page, shrunk to nothing, laid over other "
                              "text or reversed: a person must see the page"))


# elements whose content a browser does not render: fallback content of media, canvas and
# gauges, a datalist's options (``<canvas>&lt;</canvas>3`` read as the marker <3)
_UNRENDERED = frozenset({"template", "noscript", "datalist", "canvas", "progress", "meter",
                         "video", "audio"})


def _is_hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true":
        return True
    if _HIDDEN_STYLE.search(el.get("style") or ""):
        return True
    if el.tag in _UNRENDERED or (el.tag == "dialog" and el.get("open") is None):
        return True
    if el.tag == "details" and el.get("open") is None:  # closed: only its summary shows
        return bool((el.text or "").strip()) or any(
            (isinstance(c.tag, str) and c.tag != "summary" and "".join(c.itertext()).strip())
            or (c.tail or "").strip() for c in el)
    # an SVG's title and description are a tooltip and metadata, not drawn
    return el.tag in ("title", "desc") and any(a.tag == "svg" for a in el.iterancestors())


def _collect_hidden(root: etree._Element, doc: Document,
                    dropped: dict[Any, list[str]] | None = None) -> None:
    """Comments, hidden elements, and attribute text: read (checked as text) and flagged.
    ``dropped``: the attribute values of rows the streamed read dropped (``html_stream``),
    each list under the node it follows in document order."""
    from lxml import etree

    n_comments = 0
    for node in root.iter(etree.Comment):
        text = (node.text or "").strip()
        if text and text not in _SAS_TABLE_COMMENTS:
            n_comments += 1
            doc.text.append(TextPart(f"comment {n_comments}", text, hidden=True))
    if n_comments:
        doc.flags.append(Flag("comment", f"{n_comments} HTML comment(s), not shown on the page"))
    n_hidden = 0
    others: list[str] = []
    dropped = dropped or {}
    for el in root.iter():
        if not isinstance(el.tag, str):
            others += dropped.get(el, ())
            continue
        for name, value in el.attrib.items():
            if (_is_text_attribute(name) or _a_number_in_a_setting(name, value)) and \
                    value.strip() and not _DATA_URI.match(value):
                doc.text.append(TextPart(f"<{el.tag} {name}>", value.strip(), hidden=True,
                                         numbers_accounted=_shown_copy(name, value, el)
                                         or _known_meta(el, name)))
        others += _other_attributes(el)
        others += dropped.get(el, ())
        if el.tag in ("script", "style"):
            if (el.text or "").strip():  # a style sheet's numbers are sizes, not statistics
                doc.text.append(TextPart(f"<{el.tag}>", el.text.strip(), hidden=True,
                                         numbers_accounted=el.tag == "style"))
            continue
        if _is_hidden(el) and not any(_is_hidden(a) for a in el.iterancestors()):
            text = _SPACES.sub(" ", "".join(el.itertext())).strip()
            if text:
                n_hidden += 1
                doc.text.append(TextPart(f"hidden <{el.tag}> {n_hidden}", text, hidden=True))
    if n_hidden:
        doc.flags.append(Flag("hidden text", f"{n_hidden} element(s) hidden from the reader"))
    if others:  # ids, classes and link targets: searched for identifiers only
        doc.text.append(TextPart("other attributes", "\n".join(others), hidden=True,
                                 numbers_accounted=True))


_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# SAS's ODS HTML marks each table ``<!--BEGINTABLE-->`` .. ``<!--ENDTABLE-->``: words only
_SAS_TABLE_COMMENTS = frozenset({"BEGINTABLE", "ENDTABLE"})
# a page's declared encoding: the digits of ``utf-8`` or ``windows-1252`` name a character set
_CHARSETS = frozenset({"utf-8", "utf-16", "us-ascii", "iso-8859-1", "iso-8859-15",
                       "windows-1252"})
_CONTENT_TYPE = re.compile(r"text/html;\s*charset=([\w-]+)", re.I)
# the generator lines SAS's ODS HTML writes (its release, no statistic)
_SAS_GENERATORS = frozenset(f"SAS Software Version {v}, see www.sas.com"
                            for v in ("9.2", "9.3", "9.4"))


def _known_meta(el: etree._Element, name: str) -> bool:
    """A ``<meta content>`` whose digits are a name the page must carry, not a number it
    hides: the encoding declared by ``http-equiv="Content-Type"`` (one of a closed set of
    character sets) or SAS's exact generator line. Exact texts only, so a number written
    into either (``charset=17``, ``Version 3``) is still hidden text to be read."""
    if el.tag != "meta" or name.lower() != "content":
        return False
    value = (el.get(name) or "").strip()
    if (el.get("http-equiv") or "").lower() == "content-type":
        m = _CONTENT_TYPE.fullmatch(value)
        return m is not None and m[1].lower() in _CHARSETS
    return (el.get("name") or "").lower() == "generator" and value in _SAS_GENERATORS


def _shown_copy(name: str, value: str, el: etree._Element) -> bool:
    """A ``data-*`` value whose every number the element itself shows (Quarto's
    ``<h2 data-number="2.1">2.1 Results``, a sortable table's ``<td data-sort="120">120``):
    a copy of what a reader sees, no number of its own (still searched for identifiers)."""
    numbers = _NUMBER.findall(value)
    return name.lower().startswith("data-") and bool(numbers) and set(numbers) <= set(
        _NUMBER.findall(_text(el)))


# what ``<time datetime>`` holds when it is a time: a date, a clock time, a zone or a duration
_DATETIME = re.compile(
    r"(?:\d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2})?)?(?:[T ]?\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
    r"(?:Z|[+-]\d{2}:?\d{2})?|P(?:\d+[YMWD])*(?:T(?:\d+(?:\.\d+)?[HMS])+)?|"
    r"(?:\d+(?:\.\d+)?[wdhms]\s*)+", re.I)


def _a_number_in_a_setting(name: str, value: str) -> bool:
    """A ``datetime`` that is no time (``<time datetime="3">``): a number no page shows,
    which passed as a setting (hunt52's left, hunt53); read as hidden text."""
    return name.lower() == "datetime" and _DATETIME.fullmatch(value.strip()) is None


def _download_states_a_count(value: str) -> bool:
    """A link's ``download`` name stating a count as a released file's name would
    (``download="west_3_deaths.csv"``, ``sdc.readers.name_counts``; hunt53)."""
    from sdc.readers.name_counts import count_in_name

    return count_in_name(value.strip().rsplit("/", 1)[-1])


def _is_text_attribute(name: str) -> bool:
    """An attribute whose value is text a person may see (a tooltip, alt text) or data the
    page carries for a script (``data-*``: ``<td data-n="3">``): its numbers are checked as
    hidden text. Ids, classes and link targets are names, searched for identifiers only."""
    low = name.lower()
    return low in _TEXT_ATTRS or low.startswith("data-")


def _other_attributes(el: etree._Element) -> list[str]:
    """The values of an element's attributes not read as text above (ids, classes, link
    targets): any of them can carry an identifier. Styles, event handlers, an iframe's
    ``srcdoc`` page and data URIs (a ``srcset``'s among them) are read elsewhere."""
    values = [(name.lower(), value.strip()) for name, value in el.attrib.items()
              if not _is_text_attribute(name) and name.lower() != "style"
              and not (name.lower() == "srcdoc" and el.tag in ("iframe", "frame"))
              and not name.lower().startswith("on") and value.strip()
              and not _DATA_URI.match(value)]
    return [without_data_uris(value) if name == "srcset" else value for name, value in values]


def _collect_prose(root: etree._Element, doc: Document) -> None:
    """Visible text outside tables (captions included), one part per block of text."""
    body = root.find("body")
    top = body if body is not None else root
    blocks: list[str] = []
    current: list[str] = []

    def walk(el: etree._Element) -> None:
        if not isinstance(el.tag, str):
            if el.tail:
                current.append(el.tail)
            return
        if el.tag in ("table", "script", "style", "template", "head") or _is_hidden(el):
            flush()
            if el.tail:
                current.append(el.tail)
            return
        block = el.tag in ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr",
                           "section", "article", "pre", "blockquote", "dt", "dd", "caption")
        if block:
            flush()
        current.append(_EDGE)  # (``_WORD_DIGIT_APART``: an inline element's edges)
        if el.text:
            current.append(el.text)
        for child in el:
            walk(child)
        current.append(_EDGE)
        if block:
            flush()
        if el.tail:
            current.append(el.tail)

    def flush() -> None:
        joined = _WORD_DIGIT_APART.sub(" ", "".join(current)).replace(_EDGE, "")
        text = _SPACES.sub(" ", joined).strip()
        current.clear()
        if text:
            blocks.append(text)

    walk(top)
    flush()
    for i, text in enumerate(blocks, start=1):
        doc.text.append(TextPart(f"text block {i}", text))
