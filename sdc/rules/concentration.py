"""A concentration ratio (``CR3``: the share of a total its 3 largest units hold) and a
Herfindahl index (``HHI``: the sum of the units' squared shares) read as the dominance rules'
own quantities (round 52, handbook52).

The ESSnet handbook's (n, k) rule asks whether a cell's ``n`` largest contributions reach ``k``
of its total: a published ``CRn`` is that share, printed. And a ``CRn`` over ``n + 1`` units or
fewer leaves at most one unit outside the top ``n``: ``1 - CRn`` is that one unit's share. An
HHI bounds the largest share from below (the squares sum to at most the largest share times
the shares' sum, 1), and over two units it gives both shares back (``s^2 + (1 - s)^2 = HHI``).
"""

from __future__ import annotations

from sdc.cell_roles import label_dimension
from sdc.table import DataCell, Table


def _name(table: Table, cell: DataCell) -> str:
    """The header that names the cell's statistic: its label in a tidy table, else its
    measure's name."""
    named = label_dimension(table, cell)
    return cell.measure.name if named is None else cell.coords[named[0]]


def concentration_order_of(table: Table, cell: DataCell) -> int | None:
    """The ``n`` of the concentration ratio the cell is (``CR3``: 3), or None."""
    from sdc.readers.roles import concentration_order  # on first use (startup)

    return concentration_order(_name(table, cell))


def is_herfindahl(table: Table, cell: DataCell) -> bool:
    """Whether the cell is a Herfindahl(-Hirschman) index (``HHI``, ``herfindahl``)."""
    from sdc.readers.roles import names_herfindahl  # on first use (startup)

    return names_herfindahl(_name(table, cell))


def concentration_share(table: Table, cell: DataCell) -> tuple[int, float] | None:
    """(``n``, the share as a fraction of 1) of a published concentration ratio, or None.

    A ratio is on the percent scale when its header says so (``cr3_percent``, ``CR3 (%)``)
    or when any ratio of its column is above 1 (97.2 beside 45.0); else it is a fraction
    (0.97). A share outside [0, 1] once scaled is no share: None (the cell stays with the
    rules that read it as a statistic)."""
    from sdc.readers.roles import words  # on first use (startup)

    order = concentration_order_of(table, cell)
    if order is None or cell.value is None or cell.suppressed:
        return None
    name = _name(table, cell)
    percent = "%" in name or bool(set(words(name)) & {"percent", "pct", "percentage"}) \
        or _column_above_one(table, cell)
    share = float(cell.value) / (100.0 if percent else 1.0)
    return (order, share) if 0.0 <= share <= 1.0 else None


def herfindahl_index(table: Table, cell: DataCell) -> float | None:
    """A published HHI as a fraction of 1, or None: on the 0-10,000 scale (shares in percent,
    squared: the competition authorities' convention) when any index of its column is above
    1, else as printed. Outside [0, 1] once scaled: None."""
    if not is_herfindahl(table, cell) or cell.value is None or cell.suppressed:
        return None
    index = float(cell.value) / (10_000.0 if _column_above_one(table, cell) else 1.0)
    return index if 0.0 <= index <= 1.0 else None


def top_share_bound(table: Table, cell: DataCell, m: int) -> tuple[str, float] | None:
    """(what the cell is, the least share of a total its ``m`` largest units can hold) for a
    concentration ratio (``min(1, m/n) * CRn``) or an HHI (the largest alone holds at least
    the HHI), else None."""
    found = concentration_share(table, cell)
    if found is not None:
        order, share = found
        return (f"a concentration ratio of the {order} largest units of {share:.1%}",
                share * min(1.0, m / order))
    index = herfindahl_index(table, cell)
    if index is not None:
        return f"a Herfindahl index of {index:.4f}", index
    return None


def units_revealed(table: Table, cell: DataCell) -> int | None:
    """The most units over which the statistic gives one unit's share back: ``n + 1`` for a
    ``CRn``, 2 for an HHI; None for any other statistic."""
    order = concentration_order_of(table, cell)
    if order is not None:
        return order + 1
    return 2 if is_herfindahl(table, cell) else None


def _column_above_one(table: Table, cell: DataCell) -> bool:
    """Whether a concentration statistic of the same measure and name prints a value above 1
    (one pass over the table's cells, cached on the table)."""
    cached: dict[tuple[str, int | None, str], bool] | None = table.__dict__.get(
        "_sdc_cr_above_one")
    if cached is None:
        cached = {}
        for other in table.cells:
            if other.value is None or (concentration_order_of(table, other) is None
                                       and not is_herfindahl(table, other)):
                continue
            key = (other.measure.name, other.measure.col, _name(table, other))
            cached[key] = cached.get(key, False) or float(other.value) > 1.0
        table.__dict__["_sdc_cr_above_one"] = cached
    return cached.get((cell.measure.name, cell.measure.col, _name(table, cell)), False)
