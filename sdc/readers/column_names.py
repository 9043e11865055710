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
_QUOTED = re.compile(r"['\"]")  # a text element: ``(1, 2)`` alone may be an open interval
_ESCAPE = re.compile(r"\\(.)", re.S)
MAX_TUPLE = 400  # characters: a header cell longer than this is not a flattened column name


def tuple_levels(text: str) -> list[str] | None:
    """The levels of a header written as a tuple's ``repr`` (``('count', 'F')``: ``["count",
    "F"]``; ``('std', nan, 'g1')``: ``["std", "nan", "g1"]``, as pandas' CSV header writes
    the NaN level; ``('Total', '')``: ``["Total", ""]``), or None for any other text. A bare
    element keeps its text as the CSV header prints it (``2019``, ``True``); a tuple of bare
    elements only is not read as one (``(1, 2)``: an open interval as likely as a column)."""
    inner = text.strip()
    if len(inner) > MAX_TUPLE or not _TUPLE.match(inner) or not _QUOTED.search(inner):
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
