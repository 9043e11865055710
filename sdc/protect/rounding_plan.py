"""Rounding methods for counts: conventional, OpenSAFELY (redact then round, totals
recomputed) and midpoint 6.

What each leaves an attacker (integer counts; the "existence interval" of a published value):

* ``round`` to base ``b``, half up, every count rounded on its own (totals from the unrounded
  totals): a published ``r`` means ``[r - floor(b/2), r + ceil(b/2) - 1]`` (``b = 5``:
  ``[r-2, r+2]``; ``b = 10``: ``[r-5, r+4]``), clipped at 0.
* ``opensafely`` (OpenSAFELY output checking): counts below the small-count threshold (``<= 7``
  with the ``opensafely`` profile) are redacted, then the rest are rounded to the nearest 5;
  totals are the sum of the rounded published cells (redacted cells left out), as OpenSAFELY's
  guidance shows ("column and row totals are the sum of the rounded counts"). A redacted cell is
  ``[1, t-1]``; a published ``r`` is ``[max(r-2, t), r+2]``; a total is not an estimate of the
  true total but of what was published: the true total lies within ``2 k + (t-1) m`` of it for k
  published and m redacted cells. A total whose every cell is redacted is redacted too.
* ``midpoint6`` (OpenSAFELY's "midpoint 6" for rates): ``ceiling(x/6)*6 - 3`` for ``x > 0``,
  ``0`` stays ``0``: 1-6 -> 3, 7-12 -> 9, 13-18 -> 15. A published ``r > 0`` is ``[r-2, r+3]``.
  Every count (numerator, denominator, totals) is rounded on its own. OpenSAFELY asks for a
  ``_midpoint6`` suffix on such columns; sdc keeps the header as it is and says so in the log.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from sdc.table import DataCell, Role, Table

ROUNDING_METHODS = ("round", "opensafely", "midpoint6")


def round_half_up(value: float, base: int) -> int:
    """The nearest multiple of ``base``; halves go up (12.5 -> 15 for base 5)."""
    return math.floor(value / base + 0.5) * base


def midpoint6(value: float) -> int:
    """OpenSAFELY's ``roundmid_any(x, to=6)``: ``ceiling(x/6)*6 - floor(6/2)*(x != 0)``."""
    if value == 0:
        return 0
    return math.ceil(value / 6) * 6 - 3


@dataclass
class RoundingChange:
    cell: DataCell
    new: int | None  # None: redacted
    action: str  # "rounded", "redacted", "recomputed"
    reason: str


@dataclass
class RoundingPlan:
    changes: list[RoundingChange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _count_cells(table: Table) -> dict[str, list[DataCell]]:
    by_measure: dict[str, list[DataCell]] = defaultdict(list)
    for cell in table.cells:
        if cell.measure.role is Role.COUNT and cell.value is not None and not cell.suppressed:
            by_measure[cell.measure.name].append(cell)
    return by_measure


def plan_rounding(table: Table, method: str, *, base: int, threshold: int,
                  redact_zeros: bool) -> RoundingPlan:
    """What to write in each count cell of ``table`` under ``method``."""
    if method not in ROUNDING_METHODS:
        raise ValueError(f"unknown rounding method {method!r}")
    plan = RoundingPlan()
    groups = _count_cells(table)
    if not groups:
        plan.notes.append("no count cells: nothing was rounded")
    for cells in groups.values():
        if method == "round":
            for cell in cells:
                plan.changes.append(RoundingChange(
                    cell, round_half_up(cell.value, base), "rounded",  # type: ignore[arg-type]
                    f"rounded to base {base}"))
        elif method == "midpoint6":
            for cell in cells:
                plan.changes.append(RoundingChange(
                    cell, midpoint6(cell.value), "rounded", "midpoint 6"))  # type: ignore[arg-type]
        else:
            _opensafely(table, cells, plan, base=base, threshold=threshold,
                        redact_zeros=redact_zeros)
    if method == "midpoint6" and groups:
        plan.notes.append("OpenSAFELY asks for a `_midpoint6` suffix on midpoint-6 columns (and "
                          "`_midpoint6_derived` on values derived from them); the header was "
                          "left as it was")
    return plan


def _opensafely(table: Table, cells: list[DataCell], plan: RoundingPlan, *, base: int,
                threshold: int, redact_zeros: bool) -> None:
    """Redact small counts, round the rest, recompute every total from its published cells."""
    measure = cells[0].measure
    inner: list[DataCell] = []
    margins: list[DataCell] = []
    for cell in cells:
        (margins if cell.total_dims else inner).append(cell)
    published: dict[int, int] = {}
    for cell in inner:
        value = cell.value or 0.0
        if (0 < value < threshold) or (value == 0 and redact_zeros):
            why = ("a zero count (zero-count is fail under the policy)" if value == 0
                   else f"a count below {threshold}")
            plan.changes.append(RoundingChange(cell, None, "redacted", why))
        else:
            rounded = round_half_up(value, base)
            published[id(cell)] = rounded
            plan.changes.append(RoundingChange(cell, rounded, "rounded", f"rounded to base {base}"))
    all_inner = [c for c in table.cells if c.measure is measure and not c.total_dims]
    sums: dict[frozenset[str], dict[tuple, tuple[int, int]]] = {}
    for margin in margins:
        pattern = frozenset(margin.total_dims)
        if pattern not in sums:
            keep = sorted(d for d in table.dimensions if d not in pattern)
            acc: dict[tuple, tuple[int, int]] = {}
            for cell in all_inner:
                key = tuple(cell.coords.get(d) for d in keep)
                total, count = acc.get(key, (0, 0))
                if id(cell) in published:
                    acc[key] = (total + published[id(cell)], count + 1)
                else:
                    acc[key] = (total, count)
            sums[pattern] = acc
        keep = sorted(d for d in table.dimensions if d not in pattern)
        key = tuple(margin.coords.get(d) for d in keep)
        if key not in sums[pattern]:  # a total of nothing in the table: round it on its own
            plan.changes.append(RoundingChange(margin, round_half_up(margin.value or 0.0, base),
                                               "rounded", f"rounded to base {base}"))
            continue
        total, count = sums[pattern][key]
        if count == 0:
            plan.changes.append(RoundingChange(margin, None, "redacted",
                                               "a total whose every cell is redacted"))
        else:
            plan.changes.append(RoundingChange(
                margin, total, "recomputed",
                "recomputed as the sum of the rounded published cells"))
