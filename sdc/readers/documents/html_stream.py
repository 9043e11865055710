"""An HTML page parsed with its tables' plain rows read as the parser closes them, then
dropped, so a long table's tree is never whole in memory (issue 14 §3; round 39, mem39).

lxml's tree of a 5 MiB ``to_html`` page is ~106 MiB (251,311 elements at ~420 bytes each):
most of a page's check peak while it was read. Here lxml's ``HTMLPullParser`` (libxml2's HTML
parser, fed the page in pieces) reports each ``<tr>`` as it closes; a row of a table that
lies in no other table is added to that table's grid at once (the reader's own
row-at-a-time grid, ``add``), and when nothing else the reader does would read the row again
(:func:`_plain_row`, :func:`_plain_above`) its elements are dropped from the tree. The rest
of the reader then runs on the tree as it is, which holds everything but those rows:
prose, hidden text, attributes, colours and active content are read as before.

A row is dropped only when every later pass is known to find nothing in it and to read
nothing of it but the names it carries: elements of a few inline tags, no comment, no
attribute but names and spans (handed over to "other attributes", ``Streamed.others``) and a
style that only aligns, not in a table's footnote lines (``tfoot``: their marks are read
after the whole table), under ancestors none of which is hidden, coloured, or carries
``data-*`` text (whose check reads the element's text). A page with a style sheet with text
(``<style>``: rules that can hide or colour any element, anywhere) is read whole. After the
parse, each streamed table's rows left in the tree must be exactly the rows it kept, in
order; if not, or if the parser raises, the caller reads the page whole (``None``; a parse
that lost content is read whole too, by ``html.read_html``): the stream never reads fewer
rows than the whole tree holds.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable
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
    """The page's tree (plain rows of its streamed tables dropped), the parser's error log,
    each streamed table's grid of every row it had, and the dropped rows' attribute
    values read as names (``reader.others``), each under the node they follow in document
    order (the node before the dropped row: its parent or its previous sibling's last)."""

    root: etree._Element
    errors: Any
    grids: dict[etree._Element, Rows] = field(default_factory=dict)
    others: dict[Any, list[str]] = field(default_factory=dict)


def read_streaming(pieces: Iterable[bytes], encoding: str | None,
                   reader: Reader) -> Streamed | None:
    """Parse the page (``pieces``: its bytes in order; a ``ValueError`` from them: read the
    page whole), feeding each outermost table's rows to its ``grid()`` as they close
    and dropping the plain ones; None when the page must be read whole (see the module)."""
    from lxml import etree

    parser = etree.HTMLPullParser(events=("end",), tag="tr", encoding=encoding)
    stream = _Stream(reader)
    try:
        for piece in pieces:
            parser.feed(piece)
            for _, row in parser.read_events():
                stream.row(row)
        root = parser.close()
        for _, row in parser.read_events():
            stream.row(row)
        errors = parser.feed_error_log  # this run's (``error_log`` holds none of them)
    except (etree.Error, ValueError):
        return None
    finally:
        _let_go(parser)
    return stream.finish(root, errors)


def _let_go(parser: Any) -> None:
    """Make the parser let go of the page's tree. lxml's parser context and its tag matcher
    hold each other and the last document parsed: a cycle only the collector frees, and it
    walks the oldest objects rarely during a check (``gc_pacing``), so a page's whole tree
    (a nested page's is not made smaller) outlived its read by the rest of the check (+70
    MiB on a 5 MiB page). A tiny page parsed after it is what the cycle holds instead."""
    from lxml import etree

    try:
        parser.feed(b"<p></p>")
        parser.close()
    except (etree.Error, ValueError):
        pass  # a parser left broken by the page: the page is read whole, its tree let go


class _Stream:
    """The rows of one page as the parser closes them (``read_streaming``)."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.grids: dict[etree._Element, Rows] = {}
        self.kept: dict[etree._Element, list[etree._Element]] = {}
        self.waiting: dict[etree._Element, list[etree._Element]] = {}  # kept, not yet read
        self.outermost: dict[etree._Element, bool] = {}
        self.plain_above: dict[etree._Element, bool] = {}
        self.cleared: dict[etree._Element, etree._Element] = {}  # per parent its last dropped
        self.anchors: dict[etree._Element, Any] = {}  # per parent: the node that row follows
        self.others: dict[Any, list[str]] = {}

    def row(self, row: etree._Element) -> None:
        """A row the parser closed: read into its table's grid when the table is outermost,
        then dropped when plain (the one before it taken out: a pull parser's safe removal).
        A row kept in the tree is read when the next dropped row of its table is, or after
        the parse: a page whose rows are all kept (tables in cells) is read as the whole
        tree's is, its big cells' texts made after the parse, not beside it (+4 MiB)."""
        table = _table_of(row)
        if table is None:
            return
        if table not in self.outermost:
            self.outermost[table] = not any(a.tag == "table" for a in table.iterancestors())
        if not self.outermost[table]:
            return
        grid = self.grids.setdefault(table, self.reader.grid())
        parent = row.getparent()
        if parent not in self.plain_above:
            self.plain_above[parent] = _plain_above(row, self.reader.hidden)
        if not (self.plain_above[parent] and _plain_row(row)):
            self.kept.setdefault(table, []).append(row)
            self.waiting.setdefault(table, []).append(row)  # read later, from the tree
            return
        for kept in self.waiting.pop(table, ()):
            grid.add(kept)
        grid.add(row)
        cleared = self.cleared
        for other in [p for p in cleared if p is not parent]:
            _drop(cleared.pop(other))  # closed rows of another section: none follows them
        before, previous = cleared.pop(parent, None), row.getprevious()
        if before is not None and previous is before:
            anchor = self.anchors[parent]  # the dropped rows before this one follow it too
        else:
            anchor = parent if previous is None else _last(previous)
        if before is not None:
            _drop(before)  # a closed earlier sibling: safe to take out while parsing
        names = [value for el in row.iter() for value in self.reader.others(el)]
        if names:
            self.others.setdefault(anchor, []).extend(names)
        row.clear(keep_tail=True)
        cleared[parent], self.anchors[parent] = row, anchor

    def finish(self, root: etree._Element, errors: Any) -> Streamed | None:
        """The page read, or None when it must be read whole (see the module)."""
        for row in self.cleared.values():
            _drop(row)
        for table, rows in self.waiting.items():
            for row in rows:
                self.grids[table].add(row)
        self.waiting.clear()
        if any((style.text or "").strip() for style in root.iter("style")):
            return None  # a style sheet the bytes did not show (a page in UTF-16): read whole
        for table in self.grids:
            left, wanted = self.reader.rows_of(table), self.kept.get(table, [])
            if len(left) != len(wanted) or any(
                    a is not b for a, b in zip(left, wanted, strict=True)):
                return None
        return Streamed(root, errors, self.grids, self.others)


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
    """Take a cleared row out of the tree, with its tail when that is only white space (what
    lies between a table's rows, which no pass reads). A row followed by text stays (cleared):
    ``finish`` then finds a row it did not keep and the page is read whole. Moving each tail
    onto the text before it instead made a 40,000-row page's read quadratic (a section's text
    grown and set again per row: 8 s where the whole tree took 3)."""
    parent = row.getparent()
    if parent is not None and not (row.tail or "").strip():
        parent.remove(row)
