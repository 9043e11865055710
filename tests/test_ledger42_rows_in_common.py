"""A new table hiding nothing that prints a part of a released table's rows (round 42,
ledger42; ledger41's *Left*).

Released ``region,F,M,Total / North,*,*,12 / South,*,*,95 / East,30,31,61 / Total,80,88,
168`` hides North's and South's women and men (North's women anywhere in 0-12 alone). A new
table of two of its rows, ``South,45,50,95 / East,30,31,61``, with no totals row, hides
nothing and gives them back: North's women are 80 - 45 - 30 = 5. Its grand total (156) is
far from the released one (168) and its labels are fewer, so SDC504's lookups
(``candidate_ids``) did not find the released table, and the new table passed with
``--ledger``. Now a released table of the same dimensions that hides a cell and prints a
row the new table prints, every shared number of it equal (two at least), is audited
beside it (``sdc.ledger.index.rows_in_common``); the finding is at the new output, which
adds to what was released.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_ledger41_released_audit import RELEASED, _found, jobs, ledger  # noqa: F401
from tests.test_ledger_support import approve_and_release, write_request


def test_a_part_of_the_released_rows_gives_a_hidden_cell_back(ledger, tmp_path: Path,  # noqa: F811
                                                               jobs: int) -> None:  # noqa: F811
    approve_and_release(ledger, tmp_path / "old", {"r.csv": RELEASED})
    root = write_request(tmp_path / "new", {
        "n.csv": "region,F,M,Total\nSouth,45,50,95\nEast,30,31,61\n"})
    # the released table's four hidden cells (North 5 and 7, South 45 and 50), each at the
    # first cell of the new table its derivation names (main: pass, nothing found)
    assert _found(ledger, root, jobs) == ("fail", {
        ("n.csv", "SDC501", "fail", "B2", 5.0), ("n.csv", "SDC501", "fail", "B2", 45.0),
        ("n.csv", "SDC501", "fail", "C2", 7.0), ("n.csv", "SDC501", "fail", "C2", 50.0)})


@pytest.mark.parametrize("new", [
    # South's total another population's (96, not 95): the tables are never linked
    "region,F,M,Total\nSouth,44,52,96\nEast,30,31,61\n",
    # one row alone (East): North's and South's women stay open
    "region,F,M,Total\nEast,30,31,61\nWest,20,22,42\n",
])
def test_rows_that_give_nothing_back_pass(ledger, tmp_path: Path, jobs: int,  # noqa: F811
                                          new: str) -> None:
    approve_and_release(ledger, tmp_path / "old", {"r.csv": RELEASED})
    assert _found(ledger, write_request(tmp_path / "new", {"n.csv": new}), jobs) == (
        "pass", set())


def _payload(text: str) -> dict:
    """An index payload's cells (``sdc.ledger.index``) of a ``region,F,M,Total`` table."""
    head, *rows = [line.split(",") for line in text.splitlines()]
    cells = []
    for r, (label, *numbers) in enumerate(rows, start=2):
        for c, (sex, raw) in enumerate(zip(head[1:], numbers, strict=True), start=2):
            margins = [d for d, is_total in (("region", label == "Total"),
                                             ("sex", sex == "Total")) if is_total]
            cells.append(["n", {"region": label, "sex": sex}, margins, r, c, raw,
                          None if raw == "*" else float(raw)])
    return {"cells": cells}


@pytest.mark.parametrize(("new", "expected"), [
    ("region,F,M,Total\nSouth,45,50,95\nEast,30,31,61\n", True),  # East's row, all equal
    ("region,F,M,Total\nEast,30,32,62\n", False),  # East's row: one number differs
    ("region,F,M,Total\nEast,30,*,*\n", False),  # one number in common only
    ("region,F,M,Total\nWest,30,31,61\n", False),  # the same numbers, another row
])
def test_rows_in_common(new: str, expected: bool) -> None:
    from sdc.ledger.index import by_key, payload_values, rows_in_common

    printed = by_key([payload_values(_payload(new))])
    assert rows_in_common(printed, _payload(RELEASED), 2) is expected


def test_a_released_table_hiding_nothing_is_no_row_in_common() -> None:
    from sdc.ledger.index import by_key, payload_values, rows_in_common

    released = "region,F,M,Total\nEast,30,31,61\nWest,20,22,42\n"
    printed = by_key([payload_values(_payload(released))])
    assert rows_in_common(printed, _payload(released), 2) is False
