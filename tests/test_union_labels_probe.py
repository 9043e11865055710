"""The label search's first look at a table (round 42, par42): ``sdc.union_labels._states``
reads a count table's first and last cells before the rest, and stops there when they already
vary on more dimensions than a whole may (most tables: a category beside the grand total).

Round 41's search read each table in order until a second dimension varied: a row and a cell
of every count table (7,513 cells made from the forms for the 1,000-table release), in the
parent's alone tail at ``-j 2`` (SDC402's linking). What varies over some cells varies over all,
so the answer is the same; these tests pin the cells read and the answer, against round 41's
loop kept here as the reference."""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pytest

from sdc.union_labels import _states
from sdc.union_totals import _fold


@dataclass
class _Cell:
    coords: dict[str, str]
    total_dims: tuple[str, ...] = ()


@dataclass
class _System:
    """A table's system as ``_states`` reads it: ``cells``, and ``cell(var)`` counted."""

    cells: list[_Cell | None]
    read: list[int] = field(default_factory=list)

    def cell(self, var: int) -> _Cell | None:
        self.read.append(var)
        return self.cells[var] if var < len(self.cells) else None


def _reference(ts: _System, n: int, most: int) -> Any:
    """Round 41's ``_states`` (69cbe5f..e86af91): the cells in order."""
    labels: dict[str, set[str]] = defaultdict(set)
    margins: set[str] = set()
    cells = []
    varying: set[str] = set()
    for var in range(n):
        cell = ts.cell(var)
        if cell is None:
            return None
        totals = {_fold(d) for d in cell.total_dims}
        for d, label in cell.coords.items():
            dim = _fold(d)
            if dim in totals:
                margins.add(dim)
                if labels.get(dim):
                    varying.add(dim)
            else:
                seen = labels[dim]
                if len(seen) < 2:
                    seen.add(_fold(label))
                if len(seen) > 1 or dim in margins:
                    varying.add(dim)
        if len(varying) > most:
            return None
        cells.append((var, cell, totals))
    return labels, margins, cells


def _crosstab(rows: list[str], columns: list[str], totals: bool) -> list[_Cell | None]:
    """``age × sex`` read by rows, with a ``Total`` row and column where ``totals``."""
    out: list[_Cell | None] = []
    for age in [*rows, *(["Total"] if totals else [])]:
        for sex in [*columns, *(["Total"] if totals else [])]:
            margins = tuple(d for d, label in (("age", age), ("sex", sex)) if label == "Total")
            out.append(_Cell({"age": age, "sex": sex}, margins))
    return out


def _same(got: Any, want: Any) -> bool:
    """The two answers alike (the labels kept a dimension may differ: a set of at most two,
    only whether it holds one is read, and then it is the same one)."""
    if got is None or want is None:
        return got is want
    (g_labels, g_margins, g_cells), (w_labels, w_margins, w_cells) = got, want
    return (g_margins == w_margins and g_cells == w_cells and g_labels.keys() == w_labels.keys()
            and all(len(g_labels[d]) == len(w_labels[d]) and
                    (len(g_labels[d]) > 1 or g_labels[d] == w_labels[d]) for d in g_labels))


@pytest.mark.parametrize("totals", [True, False])
def test_a_crosstab_is_no_whole_after_its_first_and_last_cells(totals: bool) -> None:
    cells = _crosstab(["<20", "20-29", "30-39"], ["F", "M"], totals)
    ts = _System(cells)
    assert _states(ts, len(cells), 1) is None
    assert ts.read == [0, len(cells) - 1]
    # round 41 read the first row and the next row's first cell
    old = _System(cells)
    assert _reference(old, len(cells), 1) is None
    assert old.read == [0, 1, 2, 3] if totals else [0, 1, 2]


def test_a_table_of_one_label_a_cell_is_read_whole_as_before() -> None:
    # ``group,F,M,Total / All,...``: margins only along ``group``; one label a cell
    cells: list[_Cell | None] = [_Cell({"group": "All", "sex": s},
                                       ("group",) + (("sex",) if s == "Total" else ()))
                                 for s in ("F", "M", "Total")]
    ts = _System(cells)
    got = _states(ts, 3, 1)
    assert got is not None
    labels, margins, read = got
    assert margins == {"group", "sex"} and dict(labels) == {"sex": {"f", "m"}}
    assert [var for var, _, _ in read] == [0, 1, 2]
    assert ts.read == [0, 2, 0, 1, 2]
    assert _same(got, _reference(_System(cells), 3, 1))


def test_corners_alike_and_a_middle_cell_that_varies_is_still_none() -> None:
    # first and last cells print the same labels; a middle one two others
    cells: list[_Cell | None] = [_Cell({"age": "18-64", "sex": "F"}),
                                 _Cell({"age": "65+", "sex": "M"}),
                                 _Cell({"age": "18-64", "sex": "F"})]
    ts = _System(cells)
    assert _states(ts, 3, 1) is None
    assert ts.read == [0, 2, 0, 1]
    assert _states(_System(cells), 3, 2) is not None


def test_a_missing_last_cell_is_none_as_before() -> None:
    cells = _crosstab(["<20"], ["F"], False)
    ts = _System(cells, [])
    assert _states(ts, 3, 2) is None  # a third cell the table does not hold
    assert _reference(_System(cells), 3, 2) is None


def test_the_answer_is_round_41s_on_random_tables() -> None:
    rng = random.Random(42)
    dims = ["age", "Age", "sex", "region"]
    labels = ["a", "A", "b", "Total", " a"]
    seen_none = seen_some = 0
    for _ in range(3000):
        n = rng.randint(1, 6)
        cells: list[_Cell | None] = []
        for _ in range(n):
            if rng.random() < 0.03:
                cells.append(None)
                continue
            chosen = rng.sample(dims, rng.randint(1, 3))
            coords = {d: rng.choice(labels) for d in chosen}
            cells.append(_Cell(coords, tuple(d for d in chosen if rng.random() < 0.3)))
        for most in (1, 2):
            want = _reference(_System(cells), n, most)
            got = _states(_System(cells), n, most)
            assert _same(got, want), (cells, most)
            seen_none += want is None
            seen_some += want is not None
    assert seen_none > 500 and seen_some > 500  # both answers exercised


def test_every_pair_of_corner_kinds() -> None:
    # each kind of first and last cell (a category, a margin, another label) beside a
    # middle row of each kind: the same answer as round 41's
    kinds = [_Cell({"age": "a", "sex": "F"}), _Cell({"age": "b", "sex": "F"}),
             _Cell({"age": "Total", "sex": "F"}, ("age",)),
             _Cell({"age": "a", "sex": "Total"}, ("sex",)),
             _Cell({"age": "Total", "sex": "Total"}, ("age", "sex"))]
    for first, middle, last in itertools.product(kinds, repeat=3):
        cells: list[_Cell | None] = [first, middle, last]
        for most in (0, 1, 2):
            assert _same(_states(_System(cells), 3, most),
                         _reference(_System(cells), 3, most)), (cells, most)
