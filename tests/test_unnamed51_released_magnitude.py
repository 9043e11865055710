"""A released column read as a magnitude too still gives the ledger its count margins (round
51, unnamed51; ``sdc.ledger.index._count_cells``).

A released ``area,Total`` (a one-way table whose only column a pandas ``margins=True`` or a
hand-made summary heads ``Total``) is read as counts *and* as magnitudes: the header names no
quantity, so either may be meant (``sdc.readers.layout_magnitude``). The ledger indexed only
cells whose measure's role is ``count``, so the released counts never entered its margins and
a later ``area × sex`` hiding North's women (23 − 20 = 3) passed under ``--ledger``, though
the same two tables in one release are linked (SDC501). The count reading is kept whatever
the header calls the column: SDC501 ``review`` at the hidden cell.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_ledger41_released_audit import _found
from tests.test_ledger_support import approve_and_release, ledger_location, opened, write_request

BY_AREA_SEX = "area,F,M\nNorth,*,20\nSouth,25,27\nEast,15,15\n"


@pytest.fixture
def ledger(tmp_path: Path):
    """SQLite only: the lookup is the backends' shared code (test_part50_* runs both)."""
    with ledger_location("sqlite", tmp_path) as url, opened(url) as led:
        yield led


@pytest.mark.parametrize("header", ["Total", "value", "x", "age"])
def test_a_released_column_read_as_both_pins_a_hidden_cell(
        ledger, tmp_path: Path, header: str) -> None:
    """SDC501 ``review`` at B2, North's women 3 (base51: pass, nothing found)."""
    approve_and_release(ledger, tmp_path / "old",
                        {"a.csv": f"area,{header}\nNorth,23\nSouth,52\nEast,30\n"})
    root = write_request(tmp_path / "new", {"x.csv": BY_AREA_SEX})
    assert _found(ledger, root, 1) == ("review", {("x.csv", "SDC501", "review", "B2", 3.0)})


@pytest.mark.parametrize("old", [
    # other areas: no margin in common
    "area,Total\nNorth,23\nSouth,52\nWest,30\n",
    # a mean is no count: read as a magnitude only, nothing to pin
    "area,mean\nNorth,23\nSouth,52\nEast,30\n",
])
def test_twins_pass(ledger, tmp_path: Path, old: str) -> None:
    approve_and_release(ledger, tmp_path / "old", {"a.csv": old})
    root = write_request(tmp_path / "new", {"x.csv": BY_AREA_SEX})
    assert _found(ledger, root, 1) == ("pass", set())


def test_a_new_column_read_as_both_pins_a_released_hidden_cell(ledger, tmp_path: Path) -> None:
    """The other way: the released table hides North's women, the new ``area,Total`` pins
    them (23 − 20 = 3): SDC501 ``review`` at the new table's B2 beside its own SDC203."""
    approve_and_release(ledger, tmp_path / "old", {"x.csv": BY_AREA_SEX})
    root = write_request(tmp_path / "new",
                         {"a.csv": "area,Total\nNorth,23\nSouth,52\nEast,30\n"})
    status, found = _found(ledger, root, 1)
    assert status == "review"
    assert {f for f in found if f[1] == "SDC501"} == {("a.csv", "SDC501", "review", "B2", 3.0)}
