"""The row-level tests of SDC603/SDC203 (``content._individual_rows``) over one int key a row
(``content._LabelKeys``) say what they said over a dictionary of a label tuple per row and a
``Counter`` of them (the oracle below, the code before the keys; issue 14 §3: +30 MiB of a
whole check's peak on the 100,000-row long table). Random long tables with repeated and
sparse label combinations, running row numbers under row-number names and others, counts
named or not, their cells in file order and shuffled, under several ``min_rows``."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from math import prod

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sdc.coords import cell_labels
from sdc.rules import content
from sdc.rules.content import (
    SMALL_LISTING,
    _names_a_count,
    _row_number_name,
    _running_index,
    _small_listing,
)
from sdc.table import Table
from tests.test_coverage_codes import _table  # a plain CSV read as the layout reads it


def _oracle(table: Table, min_rows: int) -> str | None:
    """``_individual_rows`` as it was: a tuple of stripped labels per row, by row."""
    if table.n_rows < SMALL_LISTING or any(c.is_margin for c in table.cells):
        return None
    firsts: dict = {}
    for cell in table.cells:
        firsts.setdefault(cell.source.row, cell)
    # rows told only by their line numbers (``rows_unlabelled``) have no labels
    dims = [] if table.rows_unlabelled else table.row_dimensions
    columns = [list(map(str.strip, cell_labels(firsts.values(), d, ""))) for d in dims]
    rows = dict(zip(firsts, zip(*columns, strict=True) if columns else itertools.repeat(()),
                    strict=False))
    if len(rows) < min_rows:
        return _small_listing(table, rows, dims) if len(rows) >= SMALL_LISTING else None
    if _names_a_count(table):
        if not dims:
            return None
        repeated = sum(n for n in Counter(rows.values()).values() if n > 1)
        if repeated * 2 > len(rows):
            return (f"{repeated} of {len(rows)} rows repeat another row's labels beside a "
                    "count column (a frequency table has one row per label combination)")
        return None
    if not dims:
        return f"{len(rows)} rows of measurements with no labels"
    repeated = sum(n for n in Counter(rows.values()).values() if n > 1)
    if repeated >= max(2, len(rows) // 10):
        return (f"{repeated} of {len(rows)} rows repeat another row's labels (a table has one "
                "row per label combination)")
    if len(dims) >= 3:
        combos = set(rows.values())
        space = prod(len({combo[i] for combo in combos}) for i in range(len(dims)))
        if len(combos) < 0.5 * space:
            return (f"{len(combos)} label combinations fill under half of the {space} "
                    "possible: sparse, like records")
    for i, name in enumerate(dims):
        labels = [combo[i] for _, combo in sorted(rows.items())]
        if _running_index(labels) and _row_number_name(name):
            return f"column '{name}' is a running row number"
    return None


LABELS = [["North", "South", "East"], ["F", "M"], ["0-17", "18-64", "65+", " 65+"],
          ["2019", "2020"], ["a", "b", "c", "d", "e"], ["1", "2", "3", "²"]]


@st.composite
def long_tables(draw: st.DrawFn) -> str:
    """Long CSV tables: 1-4 label columns from small pools (so combinations repeat or leave
    the cross-product sparse), maybe a running number first, one or two measures."""
    pools = draw(st.lists(st.sampled_from(range(len(LABELS))), min_size=0, max_size=4))
    index = draw(st.sampled_from([None, None, "", "row", "index", "id", "Unnamed: 0",
                                  "year"]))
    start = draw(st.sampled_from([0, 1, 2]))
    measures = draw(st.lists(st.sampled_from(["n", "count", "value", "mean", "sbp"]),
                             min_size=1, max_size=2, unique=True))
    header = ([index] if index is not None else []) + [f"l{k}" for k in range(len(pools))]
    lines = [",".join(header + measures)]
    full = list(itertools.product(*(LABELS[p] for p in pools)))
    rows = draw(st.integers(5, 70))
    for i in range(rows):
        combo = (full[i % len(full)] if draw(st.booleans()) or not full
                 else draw(st.sampled_from(full)))
        lead = [str(start + i if draw(st.integers(0, 20)) else i * 3)] if index is not None \
            else []
        values = [str(draw(st.integers(0, 500))) for _ in measures]
        lines.append(",".join(lead + list(combo) + values))
    return "\n".join(lines) + "\n"


def _outcome(func, table: Table, min_rows: int) -> tuple[str, object]:
    try:
        return "said", func(table, min_rows)
    except Exception as exc:  # the same failure both ways (a label int() cannot read)
        return "raised", type(exc)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(long_tables(), st.sampled_from([1, 5, 10, 20, 40, 1000]), st.integers(0, 3))
def test_the_keys_say_what_the_label_tuples_said(text: str, min_rows: int,
                                                 shuffle: int) -> None:
    table = _table(text)
    if shuffle == 0:  # cells out of file order: the rows by a dictionary
        random.Random(len(text)).shuffle(table.cells)
    got = _outcome(content._individual_rows, table, min_rows)
    event(f"{got[0]}: {str(got[1]).split(' ')[-1] if got[1] else None}")
    assert got == _outcome(_oracle, table, min_rows)


def _long(lines: list[str]) -> Table:
    return _table("\n".join(lines) + "\n")


@pytest.mark.parametrize(("lines", "min_rows", "said"), [
    (["region,sex,n"] + [f"{r},{s},{k}" for k in range(3) for r in ("N", "S")
                         for s in ("F", "M")], 10,
     "12 of 12 rows repeat another row's labels beside a count column (a frequency table "
     "has one row per label combination)"),
    (["region,sex,sbp"] + [f"{r},{s},{k}" for k in range(2) for r in ("N", "S")
                           for s in ("F", "M")] + ["E,F,3", "E,M,4"], 10,
     "8 of 10 rows repeat another row's labels (a table has one row per label "
     "combination)"),
    ([",region,sbp"] + [f"{k},{'NSEW'[k % 4]}{k},{k}" for k in range(12)], 10,
     "column 'row' is a running row number"),  # the layout names the blank header
    (["a,b,c,sbp"] + [f"a{k},b{k},c{k},{k}" for k in range(12)], 10,
     "12 label combinations fill under half of the 1728 possible: sparse, like records"),
    (["region,sex,n"] + [f"{r},{s},{k}" for r in "NSEWXY" for s in "FM"
                         for k in range(1)], 10, None),
])
def test_exact_verdicts(lines: list[str], min_rows: int, said: str | None) -> None:
    table = _long(lines)
    assert content._individual_rows(table, min_rows) == said == _oracle(table, min_rows)


def test_cells_out_of_order_take_each_rows_first_cell() -> None:
    table = _long(["region,sex,n,mean"] + [f"R{k},F,{k},{k}" for k in range(12)])
    firsts = content._first_cells(table.cells)
    assert [c.source.row for c in firsts] == list(range(2, 14))
    shuffled = table.cells[::-1]
    assert content._first_cells(shuffled) == [
        next(c for c in shuffled if c.source.row == row) for row in range(2, 14)]
