"""Columns of ``n (%)`` strings are measures, not labels (gtsummary's and Stata ``dtable``'s
Table 1 of a numeric categorical: ``cyl`` over levels ``4, 6, 8`` beside ``11 (34%)``).

The layout takes a column of text for labels and a column of numbers for a measure. A Table 1
of a variable whose levels are numbers turns that round: the levels looked like counts
(SDC101 at ``4``, ``6``, ``8``: a false ``fail``) and the ``n (%)`` strings like labels. The
strings are checked as counts wherever they stand (``sdc.derived_counts``), and the numbers
moved to the labels are still checked by the coverage as label numbers (a level list is
understood, anything else is named for a person), so no number goes unchecked."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from sdc.readers.roles import role_from_text
from sdc.readers.row_maps import column_facts
from sdc.table import RawCell, Role

MIN_STRINGS = 2  # one ``n (%)`` string among blanks is no column of them


# tableone's lines that are no ``n (%)`` line, told by their label: the sample line ``n`` (a
# whole number, checked as a count by ``derived_counts``) and a continuous variable's
# ``age (mean (SD))`` / ``time (median [IQR])`` (its numbers are named for a person)
_STATISTIC_LABEL = re.compile(r"\((mean \(sd\)|median \[iqr\]|median \[range\])\)\s*$", re.I)


def n_percent_column(data_by_col: Sequence[Mapping[int, RawCell]], col: int,
                     header: str, first: int | None = None) -> bool:
    """Every filled data cell of ``col`` is an ``n (%)`` string or a marker (``[c]``), and at
    least two are strings. A plain number or any other text keeps it a label column, except
    on tableone's lines whose label in column ``first`` says what they are (``n``,
    ``age (mean (SD))``)."""
    from sdc.derived_counts import parse_n_percent  # no cycle: used late

    strings = 0
    context = "%" in header
    said: bool | None = None  # do the first column's labels say (%)? read once, if needed
    labelled = first is not None and first < col
    for i, cell in enumerate(column_facts(data_by_col, col)):
        if cell is None or cell.marker:
            continue
        raw = cell.raw
        if not raw or raw.isspace():
            continue
        if cell.value is None and not raw.rstrip().endswith((")", "]")):
            return False  # other text: a label column
        parsed = None
        if cell.value is None:
            parsed = parse_n_percent(raw, context)
            if parsed is None and not context and labelled:
                if said is None:  # tableone says (%) in its labels (``sex = f (%)``)
                    said = any(_label(row, first).endswith("(%)") for row in data_by_col)
                if said:
                    parsed = parse_n_percent(raw, True)
        if parsed is None:
            if labelled and _told_by_label(_label(data_by_col[i], first), cell.value):
                continue
            return False
        strings += 1
    return strings >= MIN_STRINGS


def _label(row: Mapping[int, RawCell], first: int | None) -> str:
    cell = row.get(first) if first is not None else None
    return cell.raw.strip() if cell is not None else ""


def _told_by_label(text: str, value: float | None) -> bool:
    """tableone's ``n`` line over a whole number, or a line whose label names its statistic."""
    if text in ("n", "N"):
        return value is not None and float(value).is_integer() and value >= 0
    return value is None and bool(_STATISTIC_LABEL.search(text))


def levels_beside_n_percent(label_cols: list[int], cols: list[int],
                            data_by_col: Sequence[Mapping[int, RawCell]],
                            header_text: Mapping[int, str]) -> list[int]:
    """The label columns, with the columns left of the first one added when every label
    column is a column of ``n (%)`` strings: those strings are the table's measures, and the
    columns before them its labels (a variable's name over its levels), unless a header names
    them a count. Otherwise unchanged."""
    first_col = min(cols) if cols else None
    if not label_cols or not all(n_percent_column(data_by_col, c, header_text.get(c, ""),
                                                  first_col) for c in label_cols):
        return label_cols
    first = min(label_cols)
    # a column its header names a count (``n`` beside ``n (%)``) stays a measure: the stricter
    # reading, its numbers checked as counts
    before = [c for c in cols if c < first and c not in label_cols
              and role_from_text(header_text.get(c, "")) is not Role.COUNT]
    return sorted({*label_cols, *before}) if before else label_cols
