"""An HTML page parsed with its tables' plain rows read as the parser closes them, then
dropped, so a long table's tree is never whole in memory (issue 14 §3; round 39, mem39).

lxml's tree of a 5 MiB ``to_html`` page is ~106 MiB (251,311 elements at ~420 bytes each):
most of a page's check peak while it was read. Here lxml's ``iterparse`` (libxml2's HTML
parser, fed the page in pieces) reports each ``<tr>`` as it closes; a row of a table that
lies in no other table is added to that table's grid at once (the reader's own
row-at-a-time grid, ``add``), and when nothing else the reader does would read the row again
(:func:`_plain_row`, :func:`_plain_above`) its elements are dropped from the tree. The rest
of the reader then runs on the tree as it is, which holds everything but those rows:
prose, hidden text, attributes, colours and active content are read as before.

A row is dropped only when every later pass is known to find nothing in it and to read
nothing of it: elements of a few inline tags, no attribute but a style that only aligns, no
comment, not in a table's footnote lines (``tfoot``: their marks are read after the whole
table), under ancestors none of which is hidden, coloured, or carries ``data-*`` text (whose
check reads the element's text). A page with a style sheet (``<style>``: rules that can hide
or colour any element, anywhere) is read whole. After the parse, each streamed
table's rows left in the tree must be exactly the rows it kept, in order; if not, or if the
parser reports an error, the caller reads the page whole (``None``): the stream never reads
fewer rows than the whole tree holds.
"""

from __future__ import annotations

import io
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from lxml import etree

# a style sheet with content anywhere (in a comment too): its rules may hide or colour any
# element (an empty one, ``Styler.to_html``'s, does neither). A shortcut only (the page read
# whole at once): a ``<style>`` with text found in the tree after the parse (the page's bytes
# in an encoding this does not match) sends the page to the whole read as well
STYLE_SHEET = re.compile(rb"<\s*style\b[^>]*>(?!\s*<\s*/\s*style\s*>)", re.I)
# tags whose only effect is on how a cell's text is read (``_text``), not on any other pass
_PLAIN_TAGS = frozenset({"tr", "td", "th", "b", "strong", "i", "em", "span", "br", "sup",
                         "sub", "small", "code", "p", "div", "u", "nobr"})
# attributes no pass reads but as names searched for identifiers ("other attributes", in
# document order: the dropped rows' are handed over, ``Streamed.others``) or as the grid's
# spans; with no style sheet no selector matches a class or an id
_PLAIN_ATTRS = frozenset({"class", "id", "colspan", "rowspan", "align", "valign", "scope",
                          "headers", "width", "nowrap"})
_DATA_URI = re.compile(r"^\s*data:", re.I)  # read from any attribute (``html._flag_active``)
# a style that only aligns (pandas' ``text-align: right;``, kable's ``text-align:right;``)
_ALIGNING = re.compile(r"(?:\s*(?:text-align|vertical-align)\s*:\s*[a-z-]+\s*(?:;|$))*\s*",
                       re.I)
# ancestors whose colour, or whose hiding, depends on more than their own attributes
_UNSURE_ABOVE = frozenset({"font", "bdo", "details", "dialog", "svg", "template", "noscript",
                           "datalist", "canvas", "progress", "meter", "video", "audio"})
_SECTIONS = ("thead", "tbody", "tfoot")


class Rows(Protocol):
    """A table's grid, read a row at a time (``html._Grid``)."""

    def add(self, row: etree._Element) -> None: ...


@dataclass(frozen=True)
class Reader:
    """What the stream takes of the HTML reader: a new grid, a table's rows, whether an
    element hides itself, and an element's attribute values read as names only."""

    grid: Callable[[], Rows]
    rows_of: Callable[[etree._Element], list[etree._Element]]
    hidden: Callable[[etree._Element], bool]
    others: Callable[[etree._Element], list[str]]


@dataclass
class Streamed:
    """The page's tree (plain rows of its streamed tables dropped), the parser (its error
    log), each streamed table's grid of every row it had, and the dropped rows' attribute
    values read as names (``reader.others``), each under the node they follow in document
    order (the node before the dropped row: its parent or its previous sibling's last)."""

    root: etree._Element
    parser: Any
    grids: dict[etree._Element, Rows] = field(default_factory=dict)
    others: dict[Any, list[str]] = field(default_factory=dict)


def read_streaming(data: bytes, encoding: str | None, reader: Reader) -> Streamed | None:
    """Parse ``data``, feeding each outermost table's rows to its ``grid()`` as they close
    and dropping the plain ones; None when the page must be read whole (see the module)."""
    from lxml import etree

    parser = etree.iterparse(io.BytesIO(data), events=("end",), tag="tr", html=True,
                             encoding=encoding)
    grids: dict[etree._Element, Rows] = {}
    kept: dict[etree._Element, list[etree._Element]] = {}
    outermost: dict[etree._Element, bool] = {}
    plain_above: dict[etree._Element, bool] = {}
    cleared: dict[etree._Element, etree._Element] = {}  # per parent its last dropped row
    anchors: dict[etree._Element, Any] = {}  # per parent the node its last dropped row follows
    others: dict[Any, list[str]] = {}
    try:
        for _, row in parser:
            table = _table_of(row)
            if table is None:
                continue
            if table not in outermost:
                outermost[table] = not any(a.tag == "table" for a in table.iterancestors())
            if not outermost[table]:
                continue
            grids.setdefault(table, reader.grid()).add(row)
            parent = row.getparent()
            if parent not in plain_above:
                plain_above[parent] = _plain_above(row, reader.hidden)
            if not (plain_above[parent] and _plain_row(row)):
                kept.setdefault(table, []).append(row)
                continue
            for other in [p for p in cleared if p is not parent]:
                _drop(cleared.pop(other))  # closed rows of another section: none follows them
            before, previous = cleared.pop(parent, None), row.getprevious()
            if before is not None and previous is before:
                anchor = anchors[parent]  # the dropped rows before this one follow it too
            else:
                anchor = parent if previous is None else _last(previous)
            if before is not None:
                _drop(before)  # a closed earlier sibling: safe to take out while parsing
            names = [value for el in row.iter() for value in reader.others(el)]
            if names:
                others.setdefault(anchor, []).extend(names)
            row.clear(keep_tail=True)
            cleared[parent], anchors[parent] = row, anchor
        root = parser.root
    except (etree.Error, ValueError):
        return None
    for row in cleared.values():
        _drop(row)
    if any((style.text or "").strip() for style in root.iter("style")):
        return None  # a style sheet the bytes did not show (a page in UTF-16): read whole
    for table in grids:
        left, wanted = reader.rows_of(table), kept.get(table, [])
        if len(left) != len(wanted) or any(
                a is not b for a, b in zip(left, wanted, strict=True)):
            return None
    return Streamed(root, parser, grids, others)


def _last(node: Any) -> Any:
    """The last node of ``node``'s subtree in document order (``node`` when it has none)."""
    return deque(node.iter(), maxlen=1)[0]


def _table_of(row: etree._Element) -> etree._Element | None:
    """The table ``row`` is a row of (``html._rows_of``), or None."""
    parent = row.getparent()
    if parent is not None and parent.tag in _SECTIONS:
        parent = parent.getparent()
    return parent if parent is not None and parent.tag == "table" else None


def _plain_row(row: etree._Element) -> bool:
    """Whether no pass but the grid's reads anything of ``row`` (and the names of its
    attributes): elements of plain tags only (no comment), no attribute but plain ones and an
    aligning style, no ``data:`` value, not a footnote line."""
    if row.getparent().tag == "tfoot":
        return False
    for el in row.iter():
        if not isinstance(el.tag, str) or el.tag not in _PLAIN_TAGS:
            return False
        for name, value in el.attrib.items():
            if _DATA_URI.match(value) or not (
                    name in _PLAIN_ATTRS or (name == "style" and _aligning(value))):
                return False
    return True


def _aligning(style: str | None) -> bool:
    return style is not None and _ALIGNING.fullmatch(style) is not None


def _plain_above(row: etree._Element, hidden: Callable[[etree._Element], bool]) -> bool:
    """Whether the row's ancestors neither hide it, nor colour it, nor read its text: none is
    hidden by its own attributes, sets a colour or background, or carries ``data-*`` text."""
    for el in row.iterancestors():
        if el.tag in _UNSURE_ABOVE or hidden(el) or el.get("bgcolor") is not None:
            return False
        style = el.get("style")
        if style is not None and not _aligning(style):
            return False
        if any(name.lower().startswith("data-") for name in el.attrib):
            return False
    return True


def _drop(row: etree._Element) -> None:
    """Take a cleared row out of the tree, its tail (the text after it) kept where it was."""
    parent = row.getparent()
    if parent is None:
        return
    tail, before = row.tail, row.getprevious()
    parent.remove(row)
    if tail:
        if before is not None:
            before.tail = (before.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
