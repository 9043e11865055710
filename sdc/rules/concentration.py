"""A concentration ratio (``CR3``: the share of a total its 3 largest units hold) and a
Herfindahl index (``HHI``: the sum of the units' squared shares) read as the dominance rules'
own quantities (round 52, handbook52).

The ESSnet handbook's (n, k) rule asks whether a cell's ``n`` largest contributions reach ``k``
of its total: a published ``CRn`` is that share, printed. And a ``CRn`` over ``n + 1`` units or
fewer leaves at most one unit outside the top ``n``: ``1 - CRn`` is that one unit's share. An
HHI bounds the largest share from below (the squares sum to at most the largest share times
the shares' sum, 1), and over two units it gives both shares back (``s^2 + (1 - s)^2 = HHI``).

As printed (round 53): a bound the printed value reaches is the rule's own comparison (a
``CR2`` printed 0.90 meets k = 90%, whatever it was rounded from). A printed value stands for
anything within half its last digit, and an HHI of ``92`` in a column of values up to 100 may
be on the 0-100 scale (0.92) as well as the 0-10,000 one: a bound only those readings reach
may be dominance, and a person is asked (``review``), never ``pass``.
"""

from __future__ import annotations

import re

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
    order = concentration_order_of(table, cell)
    if order is None or cell.value is None or cell.suppressed:
        return None
    share = float(cell.value) / (100.0 if concentration_scaled(table, cell) else 1.0)
    return (order, share) if 0.0 <= share <= 1.0 else None


def concentration_scaled(table: Table, cell: DataCell) -> bool:
    """Whether a concentration ratio is printed in percent: its header says so or a ratio of
    its column is above 1."""
    from sdc.readers.roles import words  # on first use (startup)

    name = _name(table, cell)
    return "%" in name or bool(set(words(name)) & {"percent", "pct", "percentage"}) \
        or _column_above(table, cell, 1.0)


def herfindahl_index(table: Table, cell: DataCell) -> float | None:
    """A published HHI as a fraction of 1, or None: on the 0-10,000 scale (shares in percent,
    squared: the competition authorities' convention) when its header says so or any index
    of its column is above 1, else as printed. Outside [0, 1] once scaled: None."""
    readings = herfindahl_readings(table, cell)
    return None if not readings else readings[0]


def herfindahl_readings(table: Table, cell: DataCell) -> list[float]:
    """Every reading of a published HHI as a fraction of 1, the usual one first (empty for no
    HHI). A column whose indices are above 1 but none above 100 (``58``, ``92``) may be on
    the 0-10,000 scale (0.0058) or on the 0-100 one (0.58: squared shares times 100): its
    header settles it when it names a scale (``10000``; ``%``, ``percent``, ``0-100``), else
    both are kept and the stricter reading may only ask a person (round 53)."""
    value = None if cell.suppressed else cell.value
    return [] if value is None else [float(value) / scale
                                     for scale in _herfindahl_scales(table, cell)
                                     if 0.0 <= float(value) / scale <= 1.0]


def _herfindahl_scales(table: Table, cell: DataCell) -> list[float]:
    """The scales an HHI may be printed on, the usual one first; empty for no HHI."""
    if not is_herfindahl(table, cell):
        return []
    if not _column_above(table, cell, 1.0):
        return [1.0]
    stated = _stated_scale(_name(table, cell))
    if stated is not None:
        return [stated]
    return [10_000.0] if _column_above(table, cell, 100.0) else [10_000.0, 100.0]


def _stated_scale(name: str) -> float | None:
    """The scale a Herfindahl header names: 10,000 (``HHI (0-10000)``) or 100 (``HHI (%)``,
    ``hhi_percent``, ``HHI (0-100)``), else None."""
    from sdc.readers.roles import words  # on first use (startup)

    if _TEN_THOUSAND.search(name):
        return 10_000.0
    if "%" in name or _HUNDRED.search(name) or set(words(name)) & {"percent", "pct",
                                                                   "percentage"}:
        return 100.0
    return None


_TEN_THOUSAND = re.compile(r"(?<![\d,.])10,?000(?![\d,.])")
_HUNDRED = re.compile(r"(?<![\d,.])100(?![\d,.])")


def top_share_bound(table: Table, cell: DataCell, m: int) -> tuple[str, float] | None:
    """(what the cell is, the least share of a total its ``m`` largest units can hold) for a
    concentration ratio (``min(1, m/n) * CRn``) or an HHI (the largest alone holds at least
    the HHI), as printed and read the usual way, else None."""
    found = top_share_bounds(table, cell, m)
    return None if found is None else (found[0], found[1])


def top_share_bounds(table: Table, cell: DataCell, m: int
                     ) -> tuple[str, float, float] | None:
    """:func:`top_share_bound` and beside it the most that bound may be: the printed value
    plus half its last printed digit (``0.8`` may be 0.85 rounded down), over every scale an
    HHI may be on. A share that reaches ``k`` only there is not certain (round 53)."""
    from sdc.printed_precision import half_unit  # on first use (startup)

    found = concentration_share(table, cell)
    readings = [] if found is not None else herfindahl_readings(table, cell)
    if found is None and not readings:
        return None  # every other statistic: its printing not looked at
    slack = half_unit(cell.source.raw.strip().rstrip("%").strip())
    if found is not None:
        order, share = found
        scale = 100.0 if concentration_scaled(table, cell) else 1.0
        factor = min(1.0, m / order)
        return (f"a concentration ratio of the {order} largest units of {share:.1%}",
                share * factor, min(1.0, (share + slack / scale) * factor))
    value = float(cell.value or 0.0)
    most = max(min(1.0, (value + slack) / scale) for scale in _herfindahl_scales(table, cell)
               if 0.0 <= value / scale <= 1.0)
    return f"a Herfindahl index of {readings[0]:.4f}", readings[0], most


def units_revealed(table: Table, cell: DataCell) -> int | None:
    """The most units over which the statistic gives one unit's share back: ``n + 1`` for a
    ``CRn``, 2 for an HHI; None for any other statistic."""
    order = concentration_order_of(table, cell)
    if order is not None:
        return order + 1
    return 2 if is_herfindahl(table, cell) else None


def _column_above(table: Table, cell: DataCell, limit: float) -> bool:
    """Whether a concentration statistic of the same measure and name prints a value above
    ``limit`` (1 or 100; one pass over the table's cells, cached on the table)."""
    cached: dict[tuple[str, int | None, str], float] | None = table.__dict__.get(
        "_sdc_cr_largest")
    if cached is None:
        cached = {}
        for other in table.cells:
            if other.value is None or (concentration_order_of(table, other) is None
                                       and not is_herfindahl(table, other)):
                continue
            key = (other.measure.name, other.measure.col, _name(table, other))
            cached[key] = max(cached.get(key, float("-inf")), float(other.value))
        table.__dict__["_sdc_cr_largest"] = cached
    largest = cached.get((cell.measure.name, cell.measure.col, _name(table, cell)))
    return largest is not None and largest > limit
