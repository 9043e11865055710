"""Bands read together skip a system of one table's counts (round 42, par42).

``sdc.band_algebra.derive`` finds only what counts of two tables or more give (one table's
own are the per-table rules' and the audit's). On the 1,000-table release 261 of the 344
systems it was given held one table's printed counts (the others' cells there hidden, or
their counts another population's): each solved its equations and found nothing. Now no
equation is solved for them; the same gap read over two tables is still found."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sdc.band_algebra import Printed, derive


def _gap(tables: tuple[int, int, int], hidden: int | None = None) -> list[Printed]:
    """``30-64`` = 50, ``65+`` = 48 and ``Total`` = 100 (the ages below 30: 2), each in the
    table given; ``hidden``: a fourth table's ``<30`` hidden."""
    a, b, c = tables
    items = [Printed(30, 65, 50.0, a, 0, "30-64"), Printed(65, math.inf, 48.0, b, 1, "65+"),
             Printed(-math.inf, math.inf, 100.0, c, 2, "Total", True)]
    if hidden is not None:
        items.append(Printed(-math.inf, 30, None, hidden, 0, "<30"))
    return items


@pytest.fixture
def solved(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many least-squares solutions ``derive`` asks for."""
    calls: list[int] = []
    real = np.linalg.lstsq

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(np.linalg, "lstsq", counted)
    return calls


@pytest.mark.parametrize("hidden", [None, 1])
def test_one_tables_counts_solve_nothing(solved: list[int], hidden: int | None) -> None:
    assert derive(_gap((0, 0, 0), hidden), 10, 0.0) == []
    assert solved == []  # main (e86af91) solved the system: 2 (the check, then the runs)


@pytest.mark.parametrize("tables", [(0, 0, 1), (0, 1, 2), (1, 0, 0)])
def test_the_same_counts_over_two_tables_give_the_gap(solved: list[int],
                                                      tables: tuple[int, int, int]) -> None:
    (found,) = derive(_gap(tables), 10, 0.0)
    assert (found.lo, found.hi, found.value) == (0.0, 30.0, 2.0)
    assert found.how == "(Total) − (30-64) − (65+)"
    assert found.tables == set(tables)
    assert solved  # solved as before


def test_copies_in_other_tables_are_read_where_the_first_table_was_reported(
        solved: list[int]) -> None:
    # table 0 prints all three first; tables 1 and 2 print copies of them. Table 0 reported
    # for a run inside [0, 30) (SDC503's sliver there): the gap is given by the copies
    items = [*_gap((0, 0, 0)), Printed(30, 65, 50.0, 1, 0, "30-64"),
             Printed(65, math.inf, 48.0, 2, 0, "65+"),
             Printed(-math.inf, math.inf, 100.0, 2, 1, "Total", True)]
    (found,) = derive(items, 10, 0.0, {0: [(0.0, 10.0)]})
    assert (found.lo, found.hi, found.value) == (0.0, 30.0, 2.0)
    assert found.tables == {1, 2}
    assert solved
