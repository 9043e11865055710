"""A table whose first column holds one letter a row that is also a suppression marker
(``sdc.aggregate(df, "region", ...)`` of a region named ``X``: ``region,sum`` over
``X,2010.0``; or regions ``X`` and ``C``) names its rows with those letters: they are the
labels, not a fully suppressed measure.

Before, ``X`` was a hidden cell of a measure ``region`` the layout could not tell (SDC602), the
table had no label column, and the API's evidence sidecar, keyed by region, matched none of its
cells (SDC602 "does not match the table as read"; a dominated sum was only ``review``). A
letter holds no number, so reading it as a label leaves no number unchecked. The reading is
kept only where no column could give a hidden cell away:

- every other cell a published number (no other hidden cell), each row's letter a different one
  (hunt round 14: several rows too; with the whole first column hidden no line could be told
  for a column margin, so no total recomputes a letter);
- no header naming a margin (``Total``, ``All``: ``a,Total`` over ``x,20`` recomputes ``x``),
  except ``sum`` among columns that all name statistics, as ``sdc.aggregate`` writes them,
  which the audit never read as a margin (``a,b,Sum`` keeps the hidden cell);
- the letter's header names no statistic (``count,sum`` over ``x,2010``: a hidden count)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sdc.readers.layout_header import MARGIN_LABEL
from sdc.readers.roles import role_from_text
from sdc.table import RawCell, Role

MAX_ROWS = 26  # one row per letter at most


def _one_letter(raw: str) -> bool:
    stripped = raw.strip()
    return len(stripped) == 1 and stripped.isalpha()


def letter_label_column(label_cols: list[int], cols: list[int],
                        data_by_col: Sequence[Mapping[int, RawCell]],
                        header_text: Mapping[int, str]) -> list[int]:
    """``[first column]`` when it is a table's letter labels (see the module doc), else
    ``label_cols`` unchanged."""
    if label_cols or not data_by_col or len(data_by_col) > MAX_ROWS or len(cols) < 2:
        return label_cols
    first, rest = cols[0], cols[1:]
    name = header_text.get(first, "").strip()
    if not name or MARGIN_LABEL.match(name) or role_from_text(name) is not Role.UNKNOWN:
        return label_cols
    headers = [header_text.get(c, "").strip() for c in rest]
    statistics = all(role_from_text(h) is not Role.UNKNOWN for h in headers)
    if any(MARGIN_LABEL.match(header) and not (
            statistics and role_from_text(header) is Role.MAGNITUDE) for header in headers):
        return label_cols
    letters: set[str] = set()
    for row in data_by_col:
        cell = row.get(first)
        if cell is None or cell.value is not None or not cell.marker \
                or not _one_letter(cell.raw) or cell.raw.strip().lower() in letters:
            return label_cols  # a blank, a number, a longer marker or a letter given twice
        letters.add(cell.raw.strip().lower())
        if any((other := row.get(col)) is None or other.value is None for col in rest):
            return label_cols  # another hidden (or blank) cell: the letter may be one too
    return [first]
