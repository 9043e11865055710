"""Pandoc's other Markdown tables: grid tables (``+---+---+`` borders), simple tables (a line of
dash runs under the header, one run per column) and multiline tables (a full-width dash line
above and below, rows parted by blank lines).

They were read as prose (issue 12), so a count of 3 in one was only a number not understood
(SDC602 ``review``) where the same table as a pipe table fails SDC101. Each is cut into cells
at the columns its dash runs (or ``+`` corners) mark; every character of a row lands in some
cell, so no number is lost when a row is not aligned with its rule (a word crossing a column
edge goes to the column it ends in).
"""

from __future__ import annotations

import re
from itertools import pairwise

_GRID_BORDER = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_DASH_RUNS = re.compile(r"^\s*-+(?:\s+-+)+\s*$")  # two columns or more: one run is a rule
_FULL_RULE = re.compile(r"^\s*-{3,}\s*$")
_RUN = re.compile(r"-+")


def pandoc_table(lines: list[str], i: int) -> tuple[list[list[str]], int] | None:
    """The rows of a grid, simple or multiline table starting on line ``i`` (0-based), and the
    index of the first line after it; None when no such table starts there."""
    line = lines[i]
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    if _GRID_BORDER.match(line):
        return _grid(lines, i)
    if _FULL_RULE.match(line) and nxt.strip():
        return _multiline(lines, i)
    if _column_rule(line) and nxt.strip():
        return _headerless(lines, i)
    if line.strip() and _column_rule(nxt):
        return _simple(lines, i)
    return None


def _cut(line: str, runs: list[tuple[int, int]]) -> list[str]:
    """A row's text cut at the columns' dash runs. A word crossing into the next column stays
    whole: in the column it starts in when it starts under that column's dashes (left-aligned
    text running long), else in the next one (right-aligned text starting early)."""
    edges: list[int] = []
    for k in range(1, len(runs)):
        edge = runs[k][0]
        if 0 < edge < len(line) and not line[edge - 1].isspace() and not line[edge].isspace():
            start = edge
            while start > 0 and not line[start - 1].isspace():
                start -= 1
            if start < runs[k - 1][1]:
                while edge < len(line) and not line[edge].isspace():
                    edge += 1
            else:
                edge = start
        edges.append(max(edge, edges[-1] if edges else 0))
    bounds = [0, *edges, max(len(line), edges[-1] if edges else 0)]
    return [line[bounds[k]:bounds[k + 1]].strip() for k in range(len(runs))]


def _joined(block: list[list[str]]) -> list[str]:
    """A row written over several lines: each column's pieces joined by a space."""
    width = max(len(r) for r in block)
    return [" ".join(r[k] for r in block if k < len(r) and r[k]).strip() for k in range(width)]


def _grid(lines: list[str], i: int) -> tuple[list[list[str]], int] | None:
    border = lines[i]
    corners = [m.start() for m in re.finditer(r"\+", border)]
    rows: list[list[str]] = []
    block: list[list[str]] = []
    j = i + 1
    while j < len(lines):
        line = lines[j]
        if _GRID_BORDER.match(line):
            if block:
                rows.append(_joined(block))
                block = []
            j += 1
            continue
        spanned = _partial_border(line, corners)
        if spanned is not None:  # a row ends under the ruled columns, a row-spanned cell goes on
            if block:
                rows.append(_joined(block))
            block = [spanned] if any(spanned) else []
            j += 1
            continue
        if not line.strip().startswith("|"):
            break
        block.append(_grid_cells(line, corners))
        j += 1
    if block:
        rows.append(_joined(block))
    if not rows:
        return None
    return _padded(rows), j


def _grid_cells(line: str, corners: list[int]) -> list[str]:
    """A grid row's cells at the border's corners; when its bars are elsewhere (a spanned cell,
    wide characters) it is split at its own bars, so every piece of text is kept."""
    if all(c < len(line) and line[c] == "|" for c in corners):
        return [line[a + 1:b].strip() for a, b in pairwise(corners)]
    return [part.strip() for part in line.strip().strip("|").split("|")]


def _partial_border(line: str, corners: list[int]) -> list[str] | None:
    """The cells of a line that rules off some columns and not others (a cell spanning rows:
    ``|  North  +-----+-----+``), the ruled ones empty, the spanning ones' text kept; None for
    any other line. Pandoc gives a row-spanned cell to its first row: the rows part here."""
    if not all(c < len(line) and line[c] in "|+" for c in corners):
        return None
    parts = [line[a + 1:b] for a, b in pairwise(corners)]
    ruled = [bool(re.fullmatch(r"[-=:]+", p)) for p in parts]
    if not any(ruled) or all(ruled):
        return None
    return ["" if rule else p.strip() for p, rule in zip(parts, ruled, strict=True)]


def _column_rule(line: str) -> bool:
    """Two dash runs or more, not all single dashes (``- - -`` is a horizontal rule)."""
    return bool(_DASH_RUNS.match(line)) and "--" in line


def _starts(rule: str) -> list[tuple[int, int]]:
    """The column rule's dash runs, (start, end)."""
    return [m.span() for m in _RUN.finditer(rule)]


def _simple(lines: list[str], i: int) -> tuple[list[list[str]], int]:
    starts = _starts(lines[i + 1])
    rows = [_cut(lines[i], starts)]
    j = i + 2
    while j < len(lines) and lines[j].strip() and not _column_rule(lines[j]):
        rows.append(_cut(lines[j], starts))
        j += 1
    if j < len(lines) and _column_rule(lines[j]):
        j += 1  # a closing rule
    return _padded(rows), j


def _headerless(lines: list[str], i: int) -> tuple[list[list[str]], int]:
    """A table opened by its column rule: rows to the closing rule (a blank line parts the rows
    of a multiline one), or to the first blank line when it has none."""
    starts = _starts(lines[i])
    close = next((j for j in range(i + 1, len(lines)) if _column_rule(lines[j])), None)
    if close is None or not any(lines[j].strip() for j in range(i + 1, close)):
        j = i + 1
        rows = []
        while j < len(lines) and lines[j].strip():
            rows.append(_cut(lines[j], starts))
            j += 1
        return _padded(rows), j
    return _padded(_blocks(lines[i + 1:close], starts, multiline=_has_blank(lines, i + 1,
                                                                            close))), close + 1


def _has_blank(lines: list[str], a: int, b: int) -> bool:
    return any(not lines[j].strip() for j in range(a, b))


def _blocks(lines: list[str], starts: list[tuple[int, int]], multiline: bool) -> list[list[str]]:
    """Rows of the body: one a line, or (multiline) one a block of lines between blank lines."""
    if not multiline:
        return [_cut(line, starts) for line in lines if line.strip()]
    rows: list[list[str]] = []
    block: list[list[str]] = []
    for line in lines:
        if not line.strip():
            if block:
                rows.append(_joined(block))
                block = []
            continue
        block.append(_cut(line, starts))
    if block:
        rows.append(_joined(block))
    return rows


def _multiline(lines: list[str], i: int) -> tuple[list[list[str]], int] | None:
    """A full-width rule, header lines, the column rule, rows parted by blank lines, and a
    closing full-width rule (or the end of the text)."""
    rule = next((j for j in range(i + 1, len(lines))
                 if not lines[j].strip() or _column_rule(lines[j])), None)
    if rule is None or not lines[rule].strip():
        return None  # no column rule under the header: a horizontal rule, or YAML
    starts = _starts(lines[rule])
    header = _joined([_cut(line, starts) for line in lines[i + 1:rule]])
    end = next((j for j in range(rule + 1, len(lines)) if _FULL_RULE.match(lines[j])), None)
    if end is None:
        return None  # not closed: its lines stay prose
    body = _blocks(lines[rule + 1:end], starts, multiline=True)
    return _padded([header, *body]), end + 1


def _padded(rows: list[list[str]]) -> list[list[str]]:
    width = max(len(r) for r in rows)
    return [r + [""] * (width - len(r)) for r in rows]
