"""When the insider audit may leave out a hidden margin its own largest contributor leads
(``insiders._leads_its_margin``, round 31): only when that contributor, knowing the margin
exactly, could still not estimate the margin's second contribution to within the p% rule's
``(p/q) x2``; never under the (n,k) rules or a coalition, and never without the evidence."""

from __future__ import annotations

import pytest

from sdc.rules.insiders import _leads_its_margin
from sdc.rules.protection_levels import DominanceLevels
from sdc.table import DataCell, Measure, RawCell, Role

TURNOVER = Measure("turnover", Role.MAGNITUDE)
PQ = DominanceLevels(p=0.10, q=0.4)  # p/q = 25%


def _cell(region: str, top: list[float], total: float | None, *, margin: bool = False,
          n_units: int | None = None) -> DataCell:
    evidence: dict[str, object] = {"top": top}
    if total is not None:
        evidence["total"] = total
    if n_units is not None:
        evidence["n_units"] = n_units
    return DataCell(TURNOVER, {"region": region, "industry": "All" if margin else "Mining"},
                    RawCell(1, 1, "x", total), frozenset({"industry"}) if margin else frozenset(),
                    evidence)


CELL = _cell("North", [80.0, 5.0], 86.0)


def _margin(second: float, total: float) -> DataCell:
    return _cell("North", [80.0, second], total, margin=True)


def test_the_second_far_from_the_first_is_safe_from_it() -> None:
    # X - x1 - x2 = 150 - 80 - 20 = 50 >= 0.25 * 20
    assert _leads_its_margin(_margin(20.0, 150.0), CELL, PQ)


def test_a_second_close_to_the_first_is_still_a_target() -> None:
    # the margin's second (70) is learnt by the first to within X - x1 - x2 = 2 < 0.25 * 70
    assert not _leads_its_margin(_margin(70.0, 152.0), CELL, PQ)


@pytest.mark.parametrize("levels", [
    DominanceLevels(p=0.10, q=0.4, nk=((2, 0.9),)),  # (n,k) has no attacker to read
    DominanceLevels(p=0.10, q=0.4, c=2),  # a coalition
    DominanceLevels(p=None, nk=((2, 0.9),)),
])
def test_other_rules_keep_the_target(levels: DominanceLevels) -> None:
    assert not _leads_its_margin(_margin(20.0, 150.0), CELL, levels)


def test_without_the_evidence_the_target_is_kept() -> None:
    assert not _leads_its_margin(_cell("North", [80.0, 20.0], None, margin=True), CELL, PQ)
    assert not _leads_its_margin(_cell("North", [80.0], 150.0, margin=True), CELL, PQ)
    assert not _leads_its_margin(_margin(80.0, 200.0), CELL, PQ)  # not the sole largest
    other = _cell("South", [80.0, 20.0], 150.0, margin=True)  # not a margin of the cell
    assert not _leads_its_margin(other, CELL, PQ)
