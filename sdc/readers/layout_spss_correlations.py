"""SPSS's ``CORRELATIONS`` table exported from the Viewer (CSV or XLSX): per variable, a
line of coefficients (``Pearson Correlation``), one of p-values (``Sig. (2-tailed)``) and
one of ``N``, the number of people with both variables (pairwise deletion: one ``N`` per
pair). Round 53 (handbook53): the SDAP guidance's rule that a correlation needs its units.

Read as a plain grid, the column of statistic names left every number not understood
(SDC602 ``review``), and a pair of 8 people was never asked the threshold. Here the block
is read only when it is certainly one: a header of variable names right of the statistic
names; one group of lines per variable, in the header's order, led by its name; each
group's lines named ``Pearson Correlation`` (or ``Correlation Coefficient``), ``Sig.``,
``N`` and nothing else (``Covariance`` and the cross-products are statistics too); the
coefficients in [-1, 1] with 1 on the diagonal, symmetric; the ``N`` whole, symmetric,
none above either variable's own. SPSS's significance marks (``.350*``) are read off the
number. Each ``N`` is a count (SDC101); each coefficient and p-value a statistic resting on
its pair's ``N`` (SDC303). Anything else leaves the grid to the general reading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sdc.coords import maker
from sdc.readers.layout_spss import filled, numeric
from sdc.readers.roles import role_from_text
from sdc.table import DataCell, Grid, Measure, RawCell, Role, Table

if TYPE_CHECKING:
    from sdc.readers.layout import LayoutOptions

_TOP = 12  # a title, the header and the first coefficient line, with room for notes above
_MAX_VARIABLES = 60
_COEFFICIENT = re.compile(r"^(pearson correlation|correlation coefficient)$", re.I)
_SIGNIFICANCE = re.compile(r"^sig\.?\s*(\((1|2)-tailed\))?$", re.I)
_OTHER = re.compile(r"^(covariance|sum of squares and cross-products)$", re.I)
_MARKED = re.compile(r"^\s*([+-]?(?:\d+\.?\d*|\.\d+))\s*(\*{1,3}|[a-z])?\s*$")
_ROW_NAME = "variable"
_LINE_NAME = "statistic"  # each line its own labels (no row-level data's repeated labels)
_COL_NAME = "with"


def _text(cell: RawCell | None) -> str:
    return "" if cell is None else cell.raw.strip()


def _kind(label: str) -> str | None:
    """``r``, ``sig``, ``n`` or ``other`` for a statistic line's name, else None."""
    if _COEFFICIENT.match(label):
        return "r"
    if _SIGNIFICANCE.match(label):
        return "sig"
    if _OTHER.match(label):
        return "other"
    return "n" if label and role_from_text(label) is Role.COUNT and len(label) <= 3 else None


def _number(cell: RawCell | None) -> tuple[RawCell, float] | None:
    """The cell as a number, SPSS's significance mark read off (``.350*``), or None."""
    if cell is None or cell.marker:
        return None
    if cell.value is not None:
        return cell, float(cell.value)
    found = _MARKED.match(cell.raw)
    if found is None:
        return None
    return cell, float(found.group(1))


def _near_the_top(grid: Grid | list[list[RawCell]]) -> bool:
    """A ``Pearson Correlation`` label within the first lines (``Grid.head``: nothing else
    is turned into maps)."""
    top = grid.head(_TOP) if isinstance(grid, Grid) else grid[:_TOP]
    return any(_COEFFICIENT.match(_text(cell)) for row in top for cell in row)


def read_spss_correlations(grid: Grid | list[list[RawCell]], path: str, sheet: str | None,
                           options: LayoutOptions, context: Sequence[str] = ()
                           ) -> Table | None:
    """The correlations, p-values and pairwise ``N`` the grid holds, or None (module doc)."""
    if len(grid) > 5 * _MAX_VARIABLES + 12 or not _near_the_top(grid):
        return None
    rows = [filled(r) for r in grid]
    stat_cols = {c for r in rows for c, cell in r.items() if _COEFFICIENT.match(_text(cell))}
    if len(stat_cols) != 1:
        return None
    stat = stat_cols.pop()
    name_col = stat - 1
    starts = [i for i, r in enumerate(rows) if _COEFFICIENT.match(_text(r.get(stat)))]
    header_at = next((i for i in range(starts[0] - 1, -1, -1) if rows[i]), None)
    if header_at is None:
        return None
    head = rows[header_at]
    var_cols = sorted(c for c in head if c > stat)
    if set(head) - set(var_cols) - {name_col, stat} or any(numeric(head[c]) for c in var_cols):
        return None
    variables = [_text(head[c]) for c in var_cols]
    k = len(variables)
    if not 2 <= k <= _MAX_VARIABLES or len(starts) != k or len(set(variables)) != k:
        return None
    if any(numeric(c) for r in rows[:header_at] for c in r.values()):
        return None  # a number above the header: not this table
    ends = [*starts[1:], len(rows)]
    lines: list[dict[str, dict[int, RawCell]]] = []
    for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
        group: dict[str, dict[int, RawCell]] = {}
        for at in range(start, end):
            r = rows[at]
            kind = _kind(_text(r.get(stat)))
            if kind is None:
                if (at > start and all(c < name_col for c in r)) or (
                        i == k - 1 and not any(numeric(c) for c in r.values())):
                    continue  # a blank line, a note below the table
                return None
            allowed = {stat, *var_cols} | ({name_col} if at == start else set())
            if at == starts[0]:
                allowed |= {c for c in r if c < name_col}  # ``Spearman's rho`` left of it
            if set(r) - allowed or kind in group:
                return None
            if at == start and _text(r.get(name_col)) != variables[i]:
                return None
            group[kind] = r
        if "r" not in group or "n" not in group:
            return None
        lines.append(group)
    if any(numeric(c) for r in rows[header_at + 1:starts[0]] for c in r.values()):
        return None
    return _table(grid, path, sheet, context, head, name_col, variables, var_cols, lines)


def _matrix(lines: list[dict[str, dict[int, RawCell]]], kind: str, var_cols: list[int]
            ) -> list[list[tuple[RawCell, float] | None]] | None:
    """The k x k numbers of one kind of line (a blank cell None), or None when a cell is
    text that is no number."""
    out: list[list[tuple[RawCell, float] | None]] = []
    for group in lines:
        line = group.get(kind)
        row: list[tuple[RawCell, float] | None] = []
        for c in var_cols:
            cell = None if line is None else line.get(c)
            if cell is not None and cell.raw.strip() == ".":
                cell = None  # SPSS's "cannot be computed" (the diagonal's p-value)
            number = _number(cell)
            if cell is not None and number is None:
                return None
            row.append(number)
        out.append(row)
    return out


def _valid(r: list[list[tuple[RawCell, float] | None]],
           n: list[list[tuple[RawCell, float] | None]]) -> bool:
    """Coefficients in [-1, 1], 1 on the diagonal, symmetric; every ``N`` printed, whole,
    symmetric, no pair above either variable's own."""
    k = len(r)
    for i in range(k):
        for j in range(k):
            a, m = r[i][j], n[i][j]
            if a is None or m is None or not -1.0 <= a[1] <= 1.0:
                return False
            if (i == j and a[1] != 1.0) or (r[j][i] or a)[1] != a[1]:
                return False
            own = min((n[i][i] or m)[1], (n[j][j] or m)[1])
            if m[1] < 0 or not m[1].is_integer() or (n[j][i] or m)[1] != m[1] or m[1] > own:
                return False
    return True


def _table(grid: Grid | list[list[RawCell]], path: str, sheet: str | None,
           context: Sequence[str], head: dict[int, RawCell], name_col: int,
           variables: list[str], var_cols: list[int],
           lines: list[dict[str, dict[int, RawCell]]]) -> Table | None:
    coefficients, counts = _matrix(lines, "r", var_cols), _matrix(lines, "n", var_cols)
    if coefficients is None or counts is None or not _valid(coefficients, counts):
        return None
    others = {kind: _matrix(lines, kind, var_cols) for kind in ("sig", "other")}
    if any(m is None for m in others.values()):
        return None
    table = Table(path=path, sheet=sheet, dimensions=[_ROW_NAME, _LINE_NAME, _COL_NAME],
                  row_dimensions=[_ROW_NAME, _LINE_NAME], column_dimensions=[_COL_NAME],
                  measures=[],
                  cells=[], layout="wide", title=list(context), notes=[],
                  header_rows=[head[min(head)].row], label_columns=[name_col, name_col + 1],
                  grid=grid if isinstance(grid, Grid) else Grid(grid),
                  column_headers={c: _text(head[c]) for c in var_cols},
                  data_rows=sorted(r[min(r)].row for g in lines for r in g.values()))
    make = maker([_ROW_NAME, _LINE_NAME, _COL_NAME])
    named = {kind: _text(group[kind].get(name_col + 1)) for group in lines for kind in group}
    measures = {kind: Measure(name="correlation" if kind == "r" else named.get(kind, kind),
                              role=Role.STATISTIC) for kind in ("r", "sig", "other")}
    table.measures = [measures["r"]]
    for i, a in enumerate(variables):
        for j, b in enumerate(variables):
            pair = counts[i][j]
            assert pair is not None  # _valid
            # each variable's and each pair's N a count of its own (no group disclosure
            # between two variables' N)
            count = Measure(name=f"N of {a} with {b}", role=Role.COUNT, read_as=Role.COUNT)
            table.measures.append(count)
            table.cells.append(DataCell(measure=count, coords=make((a, named["n"], b)),
                                        source=pair[0]))
            for kind, matrix in (("r", coefficients), *others.items()):
                number = None if matrix is None else matrix[i][j]
                if number is None:
                    continue  # a blank (the diagonal's p-value) or a line not printed
                if number[0].value is None:
                    number[0].value = number[1]  # ``.350*``: the number, its mark read off
                table.cells.append(DataCell(measure=measures[kind],
                                            coords=make((a, named[kind], b)),
                                            source=number[0],
                                            evidence={"n_units": pair[1]}))
    table.measures += [m for kind, m in measures.items() if kind != "r"
                       and any(c.measure is m for c in table.cells)]
    table.correlation_matrix = True
    return table
