"""The counts of a table whose columns are a dimension's levels each split by measure, read as a
count table of those levels for the release rules.

A "Table 1" printing ``North n, North %, South n, South %, Total n`` (or two header lines,
``North, , South`` over ``n, %, n``; or ``North (n)``, ``n_North``) is read by the layout as
one measure per column: ``North / n``, ``South / n`` and ``Total / n`` are three measures, and
the audit's lines run along dimensions, one measure at a time. So no line joins a row's
counts to its ``Total n``: ``F, 40, *, 36, 80`` hid South's 4 women and passed (round 39,
hunt39), as did the same table with its percentages beside. The count columns' numbers are
the row's counts of each level as plainly as ``North, South, Total`` headers would print them:
the release rules see the label columns and those columns alone, each headed by its level,
read by the same layout as any count table (``sdc.n_percent_view`` does the same for
``85 (41.5%)`` strings). The view's findings are the table's (same path and sheet); it only
adds equations, so nothing here lets a number go unchecked.
"""

from __future__ import annotations

import re

from sdc.table import Grid, RawCell, Role, Table

# the words a header names a count by, beside its level (``North n``, ``n_North``)
_COUNT_WORDS = frozenset({"n", "count", "counts", "freq", "frequency", "no", "no.", "number",
                          "num", "obs"})
# and a share beside it (``North %``, ``North (%)``, ``pct_North``)
_SHARE_WORDS = frozenset({"%", "pct", "percent", "per cent", "row %", "col %", "column %",
                          "share", "proportion", "prop"})
_SEPARATORS = " /_:;,-|"
_BRACKETED = re.compile(r"^(?P<level>.*?)\s*[(\[]\s*(?P<word>[^()\[\]]+?)\s*[)\]]\s*$")
MIN_LEVELS = 2  # two levels at least: one level's column alone is a column of counts already


def level_of(header: str, words: frozenset[str] = _COUNT_WORDS) -> tuple[str, str] | None:
    """``(level, word)`` of a column's header naming a level and one of ``words`` (``North
    / n``, ``North n``, ``North (n)``, ``n_North``: ``("North", "n")``; pandas' pivot of
    several aggregates, ``count / F`` or ``('count', 'F')``: ``("F", "count")``), else None."""
    text = header.strip()
    if text.startswith("("):  # ``('count', 'F')``: a pandas column pair flattened by ``str``
        from sdc.mean_counts import _TUPLE_NAME

        pair = _TUPLE_NAME.match(text)
        if pair is not None:
            word, level = pair.group(2).strip(), pair.group(4).strip()
            return (level, word.casefold()) if level and word.casefold() in words else None
    match = _BRACKETED.match(text)
    if match and match.group("level") and match.group("word").casefold() in words:
        return match.group("level").strip(_SEPARATORS), match.group("word").casefold()
    for at in range(len(text) - 1, 0, -1):  # the word last: ``North / n``, ``18-29 n``
        if text[at] in _SEPARATORS:
            level, word = text[:at].strip(_SEPARATORS), text[at + 1:].strip(_SEPARATORS)
            if level and word.casefold() in words:
                return level, word.casefold()
            break
    for at, char in enumerate(text):  # the word first: ``n North``, ``n_North``
        if char in _SEPARATORS:
            word, level = text[:at].strip(_SEPARATORS), text[at + 1:].strip(_SEPARATORS)
            if level and word.casefold() in words:
                return level, word.casefold()
            break
    return None


def level_columns(table: Table, shares: bool = False) -> dict[int, str]:
    """The file columns of ``table``'s count measures (``shares``: its percentages) that name
    one count (share) word each beside a level, by column, as their levels; empty unless at
    least two distinct levels share one word (and no two columns one level)."""
    by_word: dict[str, dict[int, str]] = {}
    roles = (Role.PERCENT, Role.UNKNOWN) if shares else (Role.COUNT,)
    for measure in table.measures:
        if measure.role not in roles or measure.col is None:
            continue
        found = level_of(measure.name, _SHARE_WORDS if shares else _COUNT_WORDS)
        if found is not None:
            by_word.setdefault(found[1], {})[measure.col] = found[0]
    if len(by_word) != 1:
        return {}  # ``n`` and ``count`` columns side by side: two tables, not one
    columns = next(iter(by_word.values()))
    levels = [level.casefold() for level in columns.values()]
    if len(set(levels)) < MIN_LEVELS or len(set(levels)) != len(levels):
        return {}
    if any(c in level for level in levels for c in "()[]"):
        return {}  # ``n (column D)``: a repeated header told apart, no level
    if shares:
        return columns
    from sdc.linking import looks_like_total  # the audit's module: loaded by the rules anyway

    # the row's total among them (``Total n``): the line no reading of the table had. Without
    # one (``n_men, n_women``) each column's own lines are the table's already
    return columns if sum(looks_like_total(level) for level in levels) == 1 else {}


def level_grid(table: Table, shares: bool = False) -> Grid | None:
    """The label columns and the level columns of ``table`` (:func:`level_columns`) as a grid
    with one header line naming the levels, or None when it has none."""
    columns = level_columns(table, shares)
    if not columns or not table.header_rows or not table.label_columns:
        return None
    labels = table.label_columns
    first = table.header_rows[0]
    header_rows = set(table.header_rows)
    data_rows = set(table.data_rows)
    header = [RawCell(row=first, col=col, raw=table.column_headers.get(col, ""))
              for col in labels]
    header += [RawCell(row=first, col=col, raw=level) for col, level in sorted(columns.items())]
    rows: list[list[RawCell]] = [header]
    for row in table.grid:
        if not row or row[0].row in header_rows or row[0].row not in data_rows:
            continue
        rows.append([cell for cell in row if cell.col in columns or cell.col in labels])
    return Grid(rows)
