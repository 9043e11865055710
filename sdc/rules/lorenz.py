"""A Lorenz or concentration curve saved as its points (``population_share, income_share``):
its end points (0, 0) and (1, 1) are definitions, and its values are cumulative shares, not
group proportions or records. Told by its shape as well as its headers, since a header is the
researcher's word (docs/decisions.md)."""

from __future__ import annotations

import re
from itertools import pairwise

from sdc.table import RawCell, Table

# a cumulative share curve's headers (Lorenz, concentration): ``population_share``,
# ``cum_share_income``, ``Cumulative % of income``
_SHARE_WORDS = frozenset({"share", "shares", "cumulative", "cum", "cumshare", "lorenz",
                          "concentration"})


def names_shares(table: Table, col: int) -> bool:
    """Whether the column's header names a (cumulative) share."""
    from sdc.readers.roles import words

    return not _SHARE_WORDS.isdisjoint(words(table.column_headers.get(col, "")))


def lorenz_shape(xs: list[RawCell], ys: list[RawCell]) -> bool:
    """Whether the points (x, y) are a Lorenz curve, within the rounding of their printed
    digits: from exactly (0, 0) to exactly (1, 1), x strictly and y weakly increasing, every
    point on or below the diagonal (y <= x), and its slopes non-decreasing (convex: the
    poorest first). A quantile ladder of a [0, 1] variable headed ``..._share`` is rarely all
    of these; a concentration curve that is not convex keeps SDC302 (a false ``fail``, never a
    pass)."""
    x = [c.value for c in xs]
    y = [c.value for c in ys]
    if None in x or None in y or len(x) != len(y) or len(x) < 3:
        return False
    fx = [float(v) for v in x if v is not None]
    fy = [float(v) for v in y if v is not None]
    if (fx[0], fy[0], fx[-1], fy[-1]) != (0.0, 0.0, 1.0, 1.0):
        return False
    e = max(_rounding(xs), _rounding(ys))  # how far a printed share may be from its value
    if any(b <= a for a, b in pairwise(fx)) or any(b < a for a, b in pairwise(fy)):
        return False
    if any(not 0 <= v <= 1 or v > u + 2 * e + 1e-12 for u, v in zip(fx, fy, strict=True)):
        return False
    for i in range(1, len(fx) - 1):
        # slope (i, i+1) >= slope (i-1, i), cross-multiplied; each printed value is off by
        # at most e, which moves this by at most 2e times the two spans
        bend = ((fy[i + 1] - fy[i]) * (fx[i] - fx[i - 1])
                - (fy[i] - fy[i - 1]) * (fx[i + 1] - fx[i]))
        slack = 2 * e * ((fx[i + 1] - fx[i - 1]) + (fy[i + 1] - fy[i - 1])) + 1e-12
        if bend < -slack:
            return False
    return True


_DECIMALS = re.compile(r"\.(\d+)\s*$")


def _rounding(cells: list[RawCell]) -> float:
    """Half a unit of the last digit a column of shares is printed to: its longest decimals
    (``0.098`` beside ``0.1``: 0.0005; a writer drops trailing zeros), 0 when every value is
    whole or in a form not understood (read as exact: stricter)."""
    places = [len(found.group(1)) for c in cells if (found := _DECIMALS.search(c.raw.strip()))]
    return 0.5 * 10.0 ** -max(places) if places else 0.0


def is_lorenz_table(table: Table) -> bool:
    """Whether the whole table is one Lorenz curve: exactly two measures, a header naming a
    share, every cell published, and the two columns a Lorenz curve read either way round
    (:func:`lorenz_shape`). Anything beside it (a count, a label, a third column, a hidden
    cell) and the table is read as any other. Cached on the table."""
    cached = table.__dict__.get("_sdc_lorenz")
    if cached is None:
        cached = table.__dict__["_sdc_lorenz"] = _is_lorenz_table(table)
    return bool(cached)


def _is_lorenz_table(table: Table) -> bool:
    if len(table.measures) != 2 or table.label_columns or len(table.cells) > 2 * 1001:
        return False
    columns: list[list[RawCell]] = [[], []]
    for cell in table.cells:
        if cell.suppressed or cell.value is None or cell.measure not in table.measures:
            return False
        columns[table.measures.index(cell.measure)].append(cell.source)
    xs, ys = (sorted(column, key=lambda c: c.row) for column in columns)
    if len(xs) != len(ys) or any(a.row != b.row for a, b in zip(xs, ys, strict=True)):
        return False
    if not (names_shares(table, xs[0].col) or names_shares(table, ys[0].col)):
        return False
    return lorenz_shape(xs, ys) or lorenz_shape(ys, xs)
