"""One name for a column of several header levels, whichever file format carries it.

pandas writes a MultiIndex column as header lines in CSV, HTML and XLSX (``count`` over
``F``: the layout joins them as ``count / F``), but ``to_markdown`` (and ``str`` of a column,
``to_flat_index``) writes it as one cell holding the tuple, ``('count', 'F')``. Read apart,
a markdown copy's ``('count', 'F')`` never met a CSV copy's ``count / F``: not as the same
measure across outputs (SDC503, SDC504), nor as a level of a count (round 48: a re-run CSV
one man fewer beside the markdown original passed, the two CSVs fail SDC503). Every reader
names such a column here, so the copies' measures are one name.
"""

from __future__ import annotations

import re

LEVEL_JOIN = " / "  # between a column's header levels, top first: ``count / F``

# one element of a flattened tuple: a quoted text (either quote, backslash escapes) or a bare
# token as ``repr`` writes a number, a bool, None or a float NaN (``2019``, ``True``, ``nan``)
_ELEMENT = r"""(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[-+.\w]+)"""
_TUPLE = re.compile(rf"^\(\s*{_ELEMENT}(?:\s*,\s*{_ELEMENT})+\s*,?\s*\)$", re.S)
_ITEM = re.compile(rf"\s*({_ELEMENT})\s*(?:,|$)", re.S)
_QUOTED = re.compile(r"['\"]")
_NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
_ESCAPE = re.compile(r"\\(.)", re.S)
MAX_TUPLE = 400  # characters: a header cell longer than this is not a flattened column name
# a missing label as ``to_markdown`` (tabulate) prints it where ``to_csv`` writes a blank:
# a float NaN, pandas' NA, a missing time (``None`` is left: a category as often as not)
MISSING_LABELS = frozenset({"nan", "NaN", "<NA>", "NaT"})


def tuple_levels(text: str) -> list[str] | None:
    """The levels of a header written as a tuple's ``repr`` (``('count', 'F')``: ``["count",
    "F"]``; ``('std', nan, 'g1')``: ``["std", "nan", "g1"]``, as pandas' CSV header writes
    the NaN level; ``('Total', '')``: ``["Total", ""]``), or None for any other text. A bare
    element keeps its text as the CSV header prints it (``2019``, ``True``; ``(2019,
    False)``: a year and a flag); two bare numbers are not read as one (``(1, 2)``: an open
    interval as likely as a column)."""
    inner = text.strip()
    if len(inner) > MAX_TUPLE or not _TUPLE.match(inner):
        return None
    body = inner[1:-1].strip()
    if body.endswith(","):
        body = body[:-1]
    levels = []
    for match in _ITEM.finditer(body):
        item = match.group(1)
        if item[:1] in "'\"":
            item = _ESCAPE.sub(r"\1", item[1:-1])
        levels.append(item.strip())
    if not _QUOTED.search(inner) and len(levels) == 2 and all(map(_NUMBER.match, levels)):
        return None  # ``(1, 2)``: an open interval as likely as two levels
    return levels


def header_levels(text: str) -> list[str]:
    """A header cell's levels: a flattened tuple's elements, else the cell itself."""
    levels = tuple_levels(text)
    return [text] if levels is None else levels


def join_levels(levels: list[str]) -> str:
    """The one name of a column's levels, top first, blank levels left out (a margin's
    ``All`` over blanks, ``('Total', '')``, is ``Total``): as the layout joins header lines."""
    return LEVEL_JOIN.join(level for level in levels if level)


def column_name(text: str) -> str:
    """``text`` named as a column of levels: ``('count', 'F')`` is ``count / F``; any other
    text is itself."""
    levels = tuple_levels(text)
    return text if levels is None else join_levels(levels)


def index_levels(rows: list[list[str]]) -> int:
    """How many levels a table's first column holds as flattened tuples: ``to_markdown`` of
    a frame indexed by several variables writes each row's labels as one cell, ``('North',
    'F')``, where CSV, HTML and XLSX print a column per variable (``North``, ``F``). The
    first column is read so only when every row under the header holds a tuple
    (``tuple_levels``) of one length ``k`` >= 2 and the header's cell is empty (pandas writes no
    name there) or a tuple of ``k``; else 1."""
    if len(rows) < 2 or not all(rows[1:]) or not rows[0]:
        return 1
    lengths = {len(levels) if (levels := tuple_levels(row[0])) is not None else 0
               for row in rows[1:]}
    if len(lengths) != 1 or (k := lengths.pop()) < 2:
        return 1
    head = rows[0][0].strip()
    named = tuple_levels(head)
    return k if not head or (named is not None and len(named) == k) else 1


def split_index(rows: list[list[str]]) -> tuple[list[list[str]], int]:
    """``rows`` with a first column of flattened tuples (``index_levels``) spread over one
    column per level, as the other formats print it, and how many columns the labels now
    take (1: unchanged). A level that is a missing value's text (``('North', nan)``) is
    blank, as the CSV writes it. The columns right of it move ``k - 1`` places, so the
    table's cells are never read from these rows, only their labels
    (``sdc.readers.documents.pandas_labels``: the letters stay the file's)."""
    k = index_levels(rows)
    if k == 1:
        return rows, 1
    head = tuple_levels(rows[0][0].strip()) or [""] * k
    out = [[*head, *rows[0][1:]]]
    out += [[*("" if level in MISSING_LABELS else level for level in tuple_levels(row[0]) or []),
             *row[1:]] for row in rows[1:]]
    return out, k


def spread_levels(line: dict[int, str]) -> list[dict[int, str]]:
    """One header line (text by column) as the header lines pandas writes in CSV, HTML and
    XLSX: a line holding flattened tuples (``('count', 'F')``, ``('All', '')``) is one line
    per level, each cell's levels top first, a shorter one's left blank below (pandas'
    ``All`` over a blank); any other line is itself. So the layout names the columns
    ``count / F`` and reads their levels as it reads a CSV's lines."""
    split = {col: tuple_levels(text) for col, text in line.items()}
    depth = max((len(levels) for levels in split.values() if levels is not None), default=1)
    if depth < 2:
        return [line]
    spread: list[dict[int, str]] = [{} for _ in range(depth)]
    for col, text in line.items():
        levels = split[col] or [text]
        for at in range(depth):
            spread[at][col] = levels[at] if at < len(levels) else ""
    return spread
