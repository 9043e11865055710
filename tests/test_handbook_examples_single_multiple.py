"""τ-ARGUS's "single-multiple" problem of secondary suppression (its manual's modular method
options ``SingleSingle`` / ``SingleMultiple``; the ESSnet *Handbook on SDC* ch. 4.2 on the
singleton problem): a one-firm cell hidden in a line beside one other hidden sensitive cell
of several firms. The single firm subtracts its own turnover from what the line leaves and
has the other cell's total exactly; the other cell's firms are then each other's
neighbours, as if it were published. The two-singleton case is in
``test_handbook_examples.py``; this is its twin with the partner cell of two and three
firms, and the safe twin in which a third hidden cell of the line leaves the partner free.

Each expectation comes from ``insider_oracle`` (linear programs over the published table,
the single firm's own value added as a known cell; the p% and (2, 90%) protection levels of
the handbook), never copied: sdc's SDC502 must name exactly the cells it finds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_handbook_examples import (
    BOTH,
    COLS,
    ROWS,
    findings,
    firms,
    insider_oracle,
    singleton_cells,
    upper_protection,
    write_turnover,
)

RECTANGLE = {("North", "Mining"), ("North", "Retail"), ("South", "Mining"), ("South", "Retail")}
PARTNERS = [firms(3_000, 2_800), firms(3_000, 200), firms(3_000, 2_900, 100)]


@pytest.mark.parametrize("partner", PARTNERS)
def test_the_single_firm_gives_its_partner_away(partner: list[float], tmp_path: Path) -> None:
    cells = singleton_cells(firms(400, 380, 350))
    cells[("North", "Retail")] = partner
    assert upper_protection(partner, p=0.10, nk=[(2, 0.9)]) > 0  # the partner is sensitive
    published = write_turnover(tmp_path / "release", cells, RECTANGLE)
    by_outsider, by_insider = insider_oracle(published, cells, RECTANGLE)
    assert by_outsider == set()
    assert "D2" in by_insider  # North/Retail: the single firm's subtraction
    found = findings(tmp_path / "release", BOTH, "SDC502")
    assert set(found) == by_insider
    assert all(f.status.value == "fail" for f in found.values())
    assert found["D2"].evidence["interval"] == [sum(partner), sum(partner)]


@pytest.mark.parametrize("partner", PARTNERS)
def test_a_third_hidden_cell_leaves_the_partner_protected(partner: list[float],
                                                         tmp_path: Path) -> None:
    """North and South hidden but their margins, North/Farming's firms large: the single
    firm's value leaves the partner free to move by as much as Farming holds."""
    cells = singleton_cells(firms(2_000, 1_900, 1_800))
    cells[("North", "Retail")] = partner
    hidden = {(r, c) for r in ROWS for c in COLS}
    published = write_turnover(tmp_path / "release", cells, hidden)
    assert insider_oracle(published, cells, hidden) == (set(), set())
    assert findings(tmp_path / "release", BOTH, "SDC502") == {}
