"""A hidden magnitude whose evidence lists fewer largest contributions than the policy's rules
read (SDC502, issue 12): ``sdc.crosstab`` stores as many as the policy it ran under reads
(three by default); checked under p% with a coalition of 3 the rule reads ``x4`` too. Read as
zero, the missing contribution understated the cell's protection level and a hidden cell
pinned inside it passed. Each expected level is computed here from the contributions with
the handbook's p% level ``p x1 - (X - x1 - ... - x_{c+1})``; the interval from the margins
of a 2 x 2 table whose four inner cells are hidden (one free variable)."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import publish_turnover

P = 0.10
HIDDEN = {(r, c) for r in ("North", "South") for c in ("Mining", "Retail")}
SMALL_FIRMS = [30.0, 25.0, 25.0, 20.0] + [1.0] * 8  # twelve firms, none dominant


def release(north_mining: list[float], scale: float = 1.0
            ) -> dict[tuple[str, str], list[float]]:
    small = [scale * v for v in SMALL_FIRMS]
    return {("North", "Mining"): north_mining, ("North", "Retail"): small,
            ("South", "Mining"): small,
            ("South", "Retail"): [500.0 + i for i in range(12)]}


def p_level(values: list[float], c: int) -> float:
    top = sorted(values, reverse=True)
    return P * top[0] - (sum(top) - sum(top[:c + 1]))


def interval(cells: dict[tuple[str, str], list[float]]) -> tuple[float, float]:
    """North/Mining's feasible values: the row, column and other row's margins published."""
    total = {rc: sum(v) for rc, v in cells.items()}
    north = total["North", "Mining"] + total["North", "Retail"]
    mining = total["North", "Mining"] + total["South", "Mining"]
    south = total["South", "Mining"] + total["South", "Retail"]
    return max(0.0, mining - south), min(north, mining)


def sdc502(folder: Path, c: int) -> list[tuple[str | None, str]]:
    # the threshold the handbook ties to a coalition of 3 (n0 = c + 2): a cell of fewer units
    # would be asked the threshold rule's level too (round 51), which these cells are not about
    policy = build_policy({"rules": {"p-percent": {"p": P, "c": c},
                                     "small-count": {"threshold": 5}}})
    return [(f.location.cell, f.status.value) for f in sdc.check(folder, policy).findings
            if f.rule == "SDC502"]


def test_a_fourth_contribution_the_evidence_lacks_is_not_read_as_zero(tmp_path: Path) -> None:
    """2000, 100, 100, 100, 50 (X = 2350): the level with c = 3 is 200 - 50 = 150, read with
    x4 = 0 it was 200 - 150 = 50. The cell lies in [0, 2458]: 108 above its value, short of
    150, not of 50. SDC502 ``review`` at B2 (the level is a bound: x4 is not listed); the
    policy of c = 1 (what the API wrote for) finds the cell protected."""
    cells = release([2000.0, 100.0, 100.0, 100.0, 50.0])
    publish_turnover(tmp_path / "release", cells, HIDDEN)
    value = sum(cells["North", "Mining"])
    lo, hi = interval(cells)
    level = p_level(cells["North", "Mining"], c=3)
    assert hi - value < level and value - lo >= level  # unprotected above
    listed = sorted(cells["North", "Mining"], reverse=True)[:3]  # what the sidecar holds
    assert hi - value >= P * listed[0] - (value - sum(listed))  # x4 read as 0: protected
    assert hi - value >= p_level(cells["North", "Mining"], c=1)
    assert sdc502(tmp_path / "release", c=3) == [("B2", "review")]
    assert sdc502(tmp_path / "release", c=1) == []


@pytest.mark.parametrize(("north_mining", "scale"), [
    ([2000.0, 100.0, 100.0], 2.0),  # three firms: nothing is missing, x4 is 0
    ([2000.0, 100.0, 100.0, 100.0, 50.0], 2.0),  # North/Retail of 216: the cell reaches 150
])
def test_a_cell_that_reaches_the_bound_is_protected(north_mining: list[float], scale: float,
                                                    tmp_path: Path) -> None:
    """The safe twins: the level the bound gives (the missing contribution no larger than
    the last listed nor the rest of the total) is within the cell's reach (computed)."""
    cells = release(north_mining, scale)
    publish_turnover(tmp_path / "release", cells, HIDDEN)
    value = sum(north_mining)
    lo, hi = interval(cells)
    top = sorted(north_mining, reverse=True)[:3]
    bound = p_level([*top, min(top[-1], value - sum(top))], c=3)
    assert hi - value >= bound and value - lo >= bound
    assert sdc502(tmp_path / "release", c=3) == []
