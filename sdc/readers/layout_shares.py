"""Row percentages that no header marks with ``%``.

``(pd.crosstab(region, sex, normalize="index") * 100).round(1)`` with an ``n`` column beside it
writes ``region,Female,Male,n`` over ``West,47.1,52.9,17``: nothing says the first two columns
are percentages, so they used to be values of unknown role (SDC602 ``review``) and the counts
they give away (47.1% of 17 is 8) went unchecked. Columns whose values are decimals between 0
and 100 that add up to 100 on every row (within the rounding of the printed decimals) are read
as row percentages; each is then a part of the count beside it (``sdc.derived_counts``), so the
implied counts are checked by SDC101/SDC103 at the percentage's cell.

Whole numbers that add up to 100 on every row (``.round(0)``) may be counts or percentages:
they keep the count reading and are checked as percentages of the count beside them as well
(``Measure.per``), the stricter of the two. Decimals are percentages only.

A wrong guess only adds checks: decimal columns were of unknown role (never checked as counts),
a percentage with no base is still SDC303 ``review``, and one row adding up to 100 is not
enough (chance), so the columns stay unknown (SDC602 ``review``).
"""

from __future__ import annotations

import itertools

from sdc.printed_precision import share_half_unit
from sdc.readers.row_maps import column_facts
from sdc.table import RawCell, Role

_SCALES = (100.0, 1.0)  # percentages, then proportions (R's prop.table: 0.4711765)


def row_share_columns(measure_cols: list[int], named_roles: list[Role],
                      data_by_col: list[dict[int, RawCell]]) -> tuple[set[int], float]:
    """The measure columns that are row percentages (or proportions) and their scale (100 or
    1), or no columns (see the module docstring). A column among them reading the scale on
    every row is the others' total (:func:`whole_columns`)."""
    for scale in _SCALES:
        unknown = [col for col, role in zip(measure_cols, named_roles, strict=True)
                   if role is Role.UNKNOWN and _in_range(col, data_by_col, scale)]
        # a header may name a count and still be a share (``yes``/``no`` after normalize=):
        # such columns join when the shares only add up with them; ``n`` never adds up
        counted = [col for col, role in zip(measure_cols, named_roles, strict=True)
                   if role is Role.COUNT and _in_range(col, data_by_col, scale)][:4]
        for size in range(len(counted), -1, -1):
            for extra in itertools.combinations(counted, size):
                candidates = sorted([*unknown, *extra])
                if scale == 1.0 and all(all_whole(col, data_by_col) for col in candidates):
                    continue  # 0/1 columns are indicators or counts, not proportions
                if _add_up(candidates, data_by_col, scale):
                    return set(candidates), scale
    return set(), 100.0


def _add_up(candidates: list[int], data_by_col: list[dict[int, RawCell]], scale: float
            ) -> bool:
    if len(candidates) < 2:
        return False
    totals = {col for col in candidates if _all_equal(col, data_by_col, scale)}
    parts = [col for col in candidates if col not in totals]
    if len(parts) < 2:
        return False
    complete = 0
    for row in data_by_col:
        cells = [row.get(col) for col in parts]
        if any(cell is None or cell.value is None for cell in cells):
            continue  # a suppressed or blank share: the other rows decide
        values = [cell.value for cell in cells if cell is not None and cell.value is not None]
        tolerance = sum(_half_unit(cell) for cell in cells if cell is not None) + 1e-9
        if abs(sum(values) - scale) > tolerance:
            return False
        complete += 1
    return complete >= 2  # one row adding up may be chance; two or more are shares


def named_percent_wholes(measure_cols: list[int], named_roles: list[Role],
                         data_by_col: list[dict[int, RawCell]]) -> set[int]:
    """Among columns whose headers name percentages (``18-29 (%)``, ``Total (%)``), the ones
    reading 100 on every row while the others add up to 100 on every complete row (at least
    two): the row shares' total, kept apart from the counts it is the share of (hunt40). The
    caller keeps those headed as a total; their roles do not change, the others are checked as
    before."""
    cols = [col for col, role in zip(measure_cols, named_roles, strict=True)
            if role is Role.PERCENT and _in_range(col, data_by_col, 100.0)]
    return whole_columns(set(cols), data_by_col, 100.0) if _add_up(cols, data_by_col, 100.0) \
        else set()


def whole_columns(share_cols: set[int], data_by_col: list[dict[int, RawCell]], scale: float
                  ) -> set[int]:
    """The share columns that read ``scale`` (100, or 1) on every row: the total the others
    were proven to add up to (``_add_up`` takes them out of the parts), each row's whole."""
    return {col for col in share_cols if _all_equal(col, data_by_col, scale)}


def _values(col: int, data_by_col: list[dict[int, RawCell]]) -> list[float]:
    return [cell.value for cell in column_facts(data_by_col, col)
            if cell is not None and cell.value is not None]


def _in_range(col: int, data_by_col: list[dict[int, RawCell]], scale: float) -> bool:
    values = _values(col, data_by_col)
    return bool(values) and all(0 <= v <= scale for v in values)


def all_whole(col: int, data_by_col: list[dict[int, RawCell]]) -> bool:
    return all(float(v).is_integer() for v in _values(col, data_by_col))


def _all_equal(col: int, data_by_col: list[dict[int, RawCell]], scale: float) -> bool:
    return all(abs(v - scale) < 1e-9 for v in _values(col, data_by_col))


def _half_unit(cell: RawCell) -> float:
    """Half the last printed digit: ``47.1`` may be 47.05 to 47.15."""
    return share_half_unit(cell.raw)
