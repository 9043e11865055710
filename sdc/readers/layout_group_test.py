"""A Table 1's p-values that test the counts it prints (gtsummary ``add_p()``).

``tbl_summary(by = trt) |> add_p()`` writes each categorical variable as a line with its
p-value over its levels' ``n (%)`` in each group, the groups' sizes in their headers
(``**Drug A**, N = 612``). The p-value column is the table's only numeric column, so the table
read as a model's with no source for its degrees of freedom (SDC301 review). A chi-squared or
Fisher test of counts the table prints gives nothing they do not: the p-value is a statistic of
the groups (evidence ``n_units``: the smallest group's N, so SDC303 checks it, and a group of
8 fails there as its counts do at SDC101).

Read only where certain: one measure, headed a p-value, every value in 0..1 or gtsummary's
``<0.001``; at least two group columns, each headed ``N = n`` and each a column of ``n (%)``
strings; every p-value on a line whose group cells are empty, over at least two level lines
with an ``n (%)`` in every group and no p-value. A continuous variable's line (its own
``47 (35, 59)``, a test of values the table does not print) or any other shape keeps the
column a model's, as before.
"""

from __future__ import annotations

import re

from sdc.table import RawCell, Role, Table

# a header's footnote marks: gt's ``<sup>1</sup>`` after a header, read as ``¹`` (html.py)
_MARKS = "\u00b9\u00b2\u00b3\u2070\u2074-\u2079"
_P_VALUE = re.compile(rf"^\W*p[\s-]?value[\W{_MARKS}]*$", re.I)
_GROUP_N = re.compile(rf"\bN\s*=\s*(\d{{1,3}}(?:,\d{{3}})+|\d+)[\W{_MARKS}]*$")
# gtsummary's smallest p-value shown: ``<0.001`` (a bound, no count)
_BELOW = re.compile(r"^<\s*0?\.0*1$")
MIN_LEVELS = 2


def read_group_tests(table: Table) -> None:
    """Make a Table 1's p-value column a statistic of its groups when it tests printed counts."""
    if table.layout != "long" or len(table.measures) != 1:
        return
    measure = table.measures[0]
    if measure.role is not Role.MODEL or not _P_VALUE.match(measure.name):
        return
    cells = [c for c in table.cells if c.measure is measure and _text(c.source)]
    if not cells or not all(_BELOW.match(_text(c.source)) or (
            c.value is not None and not c.source.marker and 0 <= c.value <= 1) for c in cells):
        return
    sizes = {col: _group_n(table.column_headers.get(col, "")) for col in table.label_columns}
    groups = sorted(col for col, n in sizes.items() if n is not None)
    if len(groups) < 2 or not _tests_printed_counts(table, groups, cells[0].source.col):
        return
    smallest = min(n for n in sizes.values() if n is not None)
    measure.role = Role.STATISTIC
    for cell in cells:
        if cell.evidence is None:
            cell.evidence = {"n_units": smallest}


def _group_n(header: str) -> int | None:
    m = _GROUP_N.search(header)
    return int(m.group(1).replace(",", "")) if m else None


def _tests_printed_counts(table: Table, groups: list[int], p_col: int) -> bool:
    """Every p-value heads a variable's line (its groups empty) over two or more level lines
    with an ``n (%)`` in every group and no p-value; every data line is one or the other, but
    for note lines (nothing in the groups or the p-value) after the last levels."""
    from sdc.derived_counts import parse_n_percent  # no cycle: used late

    rows = set(table.data_rows)
    lines: dict[int, dict[int, RawCell]] = {}
    for row in table.grid:
        for cell in row:
            if cell.row in rows:
                lines.setdefault(cell.row, {})[cell.col] = cell
    levels = -1  # before the first variable's line
    notes = False  # the footnote lines under the last levels (gt's ``¹ n (%)``)
    for number in sorted(rows):
        line = lines.get(number, {})
        p = _text(line.get(p_col))
        shown = [_text(line.get(col)) for col in groups]
        if notes and (p or any(shown)):
            return False
        if p:  # a variable's line: the one before it had its levels
            if any(shown) or 0 <= levels < MIN_LEVELS:
                return False
            levels = 0
        elif levels >= 0 and all(parse_n_percent(s, True) is not None for s in shown):
            levels += 1
        elif levels >= MIN_LEVELS and not any(shown):
            notes = True  # its words are the document's to check, as any note's
        else:
            return False
    return levels >= MIN_LEVELS


def _text(cell: RawCell | None) -> str:
    return cell.raw.strip() if cell is not None and cell.raw else ""
