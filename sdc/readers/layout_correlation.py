"""A correlation matrix with the number of units behind it (``df.corr()`` with an ``N`` line
below, SPSS/Stata's ``N`` under the coefficients): the SDAP guidance's rule that a
correlation needs its units (round 52, handbook52).

Read as a plain grid, the ``N`` line was one more row of numbers: the matrix was SDC602
``review`` (no rule understood it) or its coefficients were read as shares of ``N`` (``0.3 of
8 is 2``), and the ``N`` of 8 itself was never asked the threshold. Here the block is read
only when it is certainly a correlation matrix: the same names down its first column as
across its header, in the same order, each coefficient in [-1, 1], exactly 1 on the diagonal,
the matrix symmetric (or one triangle left blank); and every other line (or column) is
headed as a count (``N``, ``n``, ``Obs``) and holds whole numbers. The counts are counts
(SDC101); each coefficient is a statistic resting on the smaller ``N`` of its two variables
(SDC303). Anything else leaves the grid to the general reading (``review`` at least).

A matrix of ``N`` per pair (round 53: pairwise deletion, each coefficient over the people
with both variables, as ``Hmisc::rcorr``'s ``n`` or SPSS's pairwise ``N``): one count line
per variable, in the matrix's order, each naming its variable (``N bmi``, ``bmi_n``), the
block symmetric with each pair's ``N`` at most either variable's own (its diagonal). Each
coefficient then rests on its own pair's ``N``; read as lines of one ``N`` each, the
smallest pair of a variable was put behind every coefficient of it (a false SDC303 at
coefficients over 40 people beside one pair of 8).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sdc.coords import maker
from sdc.readers.layout_spss import filled, numeric
from sdc.readers.roles import role_from_text
from sdc.table import DataCell, Grid, Measure, RawCell, Role, Table

if TYPE_CHECKING:
    from sdc.readers.layout import LayoutOptions

_MAX_VARIABLES = 60  # a matrix wider than this is not looked at (the general reading)
_ROW_NAME = "variable"
_COL_NAME = "with"


def _text(cell: RawCell | None) -> str:
    return "" if cell is None else cell.raw.strip()


def _is_count_name(text: str) -> bool:
    """``N``, ``n``, ``Obs``, ``count``: a header that names the units, nothing else."""
    return bool(text) and role_from_text(text) is Role.COUNT


def _whole(cell: RawCell | None) -> bool:
    return cell is not None and cell.value is not None and float(cell.value) >= 0 \
        and float(cell.value).is_integer()


def read_correlation_matrix(grid: Grid | list[list[RawCell]], path: str, sheet: str | None,
                            options: LayoutOptions, context: Sequence[str] = ()
                            ) -> Table | None:
    """The correlation matrix and its unit counts the grid holds, or None (module doc)."""
    if len(grid) > 2 * _MAX_VARIABLES + 4 or not _begins_like_one(grid):
        return None
    rows = [r for r in (filled(row) for row in grid) if r]
    if len(rows) < 4:  # a header, two variables and an N
        return None
    first = min(min(r) for r in rows)
    head = rows[0]
    header_cols = sorted(c for c in head if c > first)
    if any(numeric(head[c]) for c in header_cols):
        return None
    names = [_text(head[c]) for c in header_cols]
    variables = [n for n in names if not _is_count_name(n)]
    k = len(variables)
    if not 2 <= k <= _MAX_VARIABLES or names[:k] != variables:
        return None  # count columns, if any, after the variables
    var_cols, count_cols = header_cols[:k], header_cols[k:]
    body = rows[1:1 + k]
    if len(body) < k or [_text(r.get(first)) for r in body] != variables:
        return None
    matrix = _coefficients(body, var_cols)
    if matrix is None:
        return None
    count_rows = rows[1 + k:]
    if any(not _is_count_name(_text(r.get(first))) or set(r) - {first, *var_cols}
           or not all(_whole(r.get(c)) for c in var_cols) for r in count_rows):
        return None
    if any(set(r) - {first, *var_cols, *count_cols}
           or not all(_whole(r.get(c)) for c in count_cols) for r in body):
        return None
    if not count_rows and not count_cols:
        return None  # a matrix with no units: the general reading (review)
    pairs = _pairwise(count_rows, first, variables, var_cols)
    return _table(grid, path, sheet, context, head, first, variables, var_cols, count_cols,
                  body, count_rows, pairs)


_COUNT_WORDS = frozenset({"n", "obs", "count", "no", "observations", "number"})


def _pairwise(count_rows: list[dict[int, RawCell]], first: int, variables: list[str],
              var_cols: list[int]) -> list[list[float]] | None:
    """The ``N`` of each pair when the count lines are one per variable in the matrix's
    order, each naming its variable, symmetric, no pair above either variable's own ``N``;
    else None (the lines are read as one ``N`` each, the smallest behind a variable)."""
    from sdc.readers.roles import words  # on first use (startup)

    k = len(variables)
    if len(count_rows) != k:
        return None
    for r, name in zip(count_rows, variables, strict=True):
        named = [w for w in words(_text(r.get(first))) if w not in _COUNT_WORDS]
        if not named or named != words(name):
            return None
    block = [[float(r[c].value or 0) for c in var_cols] for r in count_rows]
    for i in range(k):
        for j in range(k):
            if block[i][j] != block[j][i] or block[i][j] > min(block[i][i], block[j][j]):
                return None
    return block


def _begins_like_one(grid: Grid | list[list[RawCell]]) -> bool:
    """A look at the first two lines, letting them go (``Grid.head``: a grid of codes is not
    turned into cells for every table): a header of names, then a line led by the first of
    them with a 1 under it."""
    top = grid.head(2) if isinstance(grid, Grid) else grid[:2]
    if len(top) < 2:
        return False
    head, line = filled(top[0]), filled(top[1])
    if not head or not line:
        return False
    first = min(min(head), min(line))
    names = sorted(c for c in head if c > first)
    if len(names) < 2 or any(numeric(head[c]) for c in names):
        return False
    diagonal = line.get(names[0])
    return _text(line.get(first)) == _text(head[names[0]]) and diagonal is not None \
        and diagonal.value is not None and float(diagonal.value) == 1.0


def _coefficients(body: list[dict[int, RawCell]], var_cols: list[int]
                  ) -> list[list[RawCell | None]] | None:
    """The k x k cells when they are a correlation matrix (symmetric, or one triangle
    blank; 1 on the diagonal; every value in [-1, 1]), else None."""
    k = len(var_cols)
    matrix = [[r.get(c) for c in var_cols] for r in body]
    blank_upper = blank_lower = True
    for i in range(k):
        for j in range(k):
            cell = matrix[i][j]
            if cell is not None and cell.marker is not None:
                return None  # a hidden coefficient: the general reading
            if cell is None:
                if i == j:
                    return None
                blank_upper &= j > i
                blank_lower &= j < i
                continue
            if cell.value is None or not -1.0 <= float(cell.value) <= 1.0:
                return None
            if i == j and float(cell.value) != 1.0:
                return None
            blank_upper &= not j > i
            blank_lower &= not j < i
    for i in range(k):
        for j in range(i + 1, k):
            a, b = matrix[i][j], matrix[j][i]
            if a is None or b is None:
                if not (blank_upper or blank_lower):
                    return None
            elif a.value != b.value:
                return None
    return matrix


def _table(grid: Grid | list[list[RawCell]], path: str, sheet: str | None,
           context: Sequence[str], head: dict[int, RawCell], first: int, variables: list[str],
           var_cols: list[int], count_cols: list[int], body: list[dict[int, RawCell]],
           count_rows: list[dict[int, RawCell]], pairs: list[list[float]] | None = None
           ) -> Table:
    headers = {c: _text(head[c]) for c in (*var_cols, *count_cols)}
    table = Table(path=path, sheet=sheet, dimensions=[_ROW_NAME, _COL_NAME],
                  row_dimensions=[_ROW_NAME], column_dimensions=[_COL_NAME], measures=[],
                  cells=[], layout="wide", title=list(context), notes=[],
                  header_rows=[head[min(head)].row], label_columns=[first],
                  grid=grid if isinstance(grid, Grid) else Grid(grid),
                  column_headers=headers, data_rows=[r[first].row for r in (*body, *count_rows)])
    make = maker([_ROW_NAME, _COL_NAME])
    coefficient = Measure(name="correlation", role=Role.STATISTIC)
    measures = [coefficient]

    def count_of(label: str, variable: str) -> Measure:
        """One measure a count: the ``N`` of two variables are two counts of units, not two
        categories of one count (no group disclosure or difference between them)."""
        measure = Measure(name=f"{label} of {variable}", role=Role.COUNT, read_as=Role.COUNT)
        measures.append(measure)
        return measure

    units: dict[str, list[float]] = {v: [] for v in variables}
    for r in count_rows:
        label = _text(r[first])
        for col, name in zip(var_cols, variables, strict=True):
            source = r[col]
            units[name].append(float(source.value or 0))
            table.cells.append(DataCell(measure=count_of(label, name),
                                        coords=make((label, name)), source=source))
    own: dict[str, list[float]] = {v: [] for v in variables}  # the count columns' alone
    for r, name in zip(body, variables, strict=True):
        for col in count_cols:
            source = r[col]
            units[name].append(float(source.value or 0))
            own[name].append(float(source.value or 0))
            table.cells.append(DataCell(measure=count_of(headers[col], name),
                                        coords=make((name, headers[col])), source=source))
    for i, r in enumerate(body):
        for j, col in enumerate(var_cols):
            coefficient_at = r.get(col)
            if coefficient_at is None:
                continue  # a blank triangle
            behind = ([pairs[i][j]] + own[variables[i]] + own[variables[j]]
                      if pairs is not None else units[variables[i]] + units[variables[j]])
            table.cells.append(DataCell(
                measure=coefficient, coords=make((variables[i], variables[j])),
                source=coefficient_at,
                evidence={"n_units": min(behind)}))
    table.measures = measures
    table.correlation_matrix = True
    return table
