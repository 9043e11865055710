"""Markdown: pipe tables (pandas ``to_markdown``, knitr ``kable``, GitHub-flavoured) and
Pandoc's grid, simple and multiline tables (``sdc.readers.documents.markdown_pandoc``) become
text grids; every other line is located text.

A pipe table is a header line, a delimiter line of dashes (``|---|:--:|``) and the rows under
it, as GitHub-flavoured Markdown defines it. Lines are kept with their numbers, so a finding in
prose names the line a person opens.
"""

from __future__ import annotations

import re

from sdc.readers.documents.markdown_pandoc import pandoc_table
from sdc.readers.documents.model import Document, TextPart, TextTable, TooManyCells

_DELIMITER_CELL = re.compile(r"^\s*:?-{1,}:?\s*$")
_CODE_FENCE = re.compile(r"^\s*(```|~~~)")
_HTML_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_HTML_TABLE_TAG = re.compile(r"<table\b|</table\s*>", re.I)


def split_row(line: str) -> list[str]:
    """Cells of a pipe-table line: outer pipes optional, ``\\|`` is a literal pipe."""
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    cells, current, i = [], [], 0
    while i < len(s):
        ch = s[i]
        if ch == "\\" and i + 1 < len(s) and s[i + 1] == "|":
            current.append("|")
            i += 2
            continue
        if ch == "|":
            cells.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    cells.append("".join(current))
    return [_inline(c) for c in cells]


def _inline(cell: str) -> str:
    """Strip emphasis and code marks a renderer would not show."""
    text = cell.strip()
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])([*_])(\S(?:.*?\S)?)\1(?![\w*])", r"\2", text)
    return text.replace("`", "").strip()


def _is_delimiter(line: str) -> bool:
    if "-" not in line:
        return False
    cells = split_row(line)
    return bool(cells) and all(_DELIMITER_CELL.match(c) for c in cells) and (
        "|" in line or len(cells) > 1)


def read_markdown(text: str, max_cells: int | None = None) -> Document:
    """``max_cells``: the table cells its raw HTML blocks may open, as a page's
    (``html.TooManyCells`` past it; None: not counted)."""
    doc = Document()
    for n, comment in enumerate(_HTML_COMMENT.findall(text), start=1):
        if comment.strip():
            doc.text.append(TextPart(f"comment {n}", comment.strip(), hidden=True))
    text = _html_tables(text, doc, max_cells)
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if "|" in line and _is_delimiter(nxt) and not _CODE_FENCE.match(line):
            header = split_row(line)
            rows = [header]
            j = i + 2
            while j < len(lines) and "|" in lines[j] and lines[j].strip():
                rows.append(split_row(lines[j]))
                j += 1
            width = max(len(r) for r in rows)
            rows = [r + [""] * (width - len(r)) for r in rows]
            caption = _caption_before(lines, i)
            # to_markdown's rows of several index levels, ``('North', 'F')``, stay one label
            # column: splitting it into a column per level (md48) moved every cell's letter
            # off the file's own column, the place ACRO and a reviewer name (round 48, the
            # lead); its levels and ``nan`` labels are read as the CSV writes them, the
            # cells kept in place (``pandas_labels``, round 49)
            # the line above the dashes is the header by the format, numbers or not (a
            # crosstab's 0/1 or years: pandas' to_markdown)
            doc.tables.append(TextTable(index=len(doc.tables) + 1, rows=rows, caption=caption,
                                        first_line=i + 1, header_certain=True,
                                        pandas_labels=True))
            i = j
            continue
        found = None if _CODE_FENCE.match(line) else pandoc_table(lines, i)
        if found is not None:
            rows, j = found
            # ``to_markdown(tablefmt="grid")`` (or ``simple``) prints pandas' tuples and
            # ``nan`` as its pipe tables do: read as the CSV too (round 50)
            doc.tables.append(TextTable(index=len(doc.tables) + 1, rows=rows,
                                        caption=_caption_before(lines, i), first_line=i + 1,
                                        pandas_labels=True))
            i = j
            continue
        if line.strip():
            doc.text.append(TextPart(f"line {i + 1}", line.strip()))
        i += 1
    doc.tables.sort(key=lambda t: t.first_line or 0)  # HTML blocks and pipe tables in order
    for index, table in enumerate(doc.tables, start=1):
        table.index = index
    return doc


def _html_tables(text: str, doc: Document, max_cells: int | None = None) -> str:
    """Raw HTML ``<table>`` blocks (kableExtra, gt or ``to_html`` pasted into a Markdown file, as
    R Markdown's ``github_document`` keeps them) read as the HTML reader reads a page's tables:
    their lines were prose, so a count of 3 in one was only a number not understood (SDC602)
    where the same table in a page fails SDC101. The text without the blocks is returned, line
    numbers kept. Their cells are bounded by ``max_cells`` as one page's are: all blocks'
    counted on their bytes before any is parsed, their srcdoc pages' as each is read
    (``html.CellBudget``); past it, ``TooManyCells``."""
    from sdc.readers.documents.html import CellBudget, read_html, table_cells

    blocks = _html_blocks(text)
    budget = None
    if max_cells is not None:
        cells = sum(table_cells(text[start:end].encode("utf-8")) for start, end in blocks)
        if cells > max_cells:
            raise TooManyCells(cells, max_cells, srcdocs=False)
        budget = CellBudget(max_cells, cells)
    out: list[str] = []
    pos = 0
    for start, end in blocks:
        block = text[start:end]
        first_line = text.count("\n", 0, start) + 1
        page = read_html(block.encode("utf-8"), budget=budget)
        for table in page.tables:
            table.index = len(doc.tables) + 1
            table.first_line = first_line
            doc.tables.append(table)
        doc.text.extend(TextPart(f"HTML table on line {first_line}: {part.where}", part.text,
                                 part.hidden, part.numbers_accounted) for part in page.text)
        doc.flags.extend(page.flags)
        out.append(text[pos:start])
        out.append("\n" * block.count("\n"))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _html_blocks(text: str) -> list[tuple[int, int]]:
    """Where each outermost ``<table>`` .. ``</table>`` block of ``text`` starts and ends."""
    blocks: list[tuple[int, int]] = []
    depth, start = 0, 0
    for m in _HTML_TABLE_TAG.finditer(text):
        if not m.group(0).startswith("</"):
            if depth == 0:
                start = m.start()
            depth += 1
            continue
        if depth == 0:
            continue
        depth -= 1
        if not depth:
            blocks.append((start, m.end()))
    return blocks


def _caption_before(lines: list[str], i: int) -> str | None:
    """A ``Table: ...`` (pandoc) or emphasised line right above the table names it."""
    j = i - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    if j >= 0 and re.match(r"^\s*(Table:|\*\*|#)", lines[j]):
        return lines[j].strip().lstrip("#").strip()
    return None
