"""Every cell's ``labels_key`` made for a whole table at once (``sdc.labels_keys``, issue 14
§3) is the key ``DataCell.labels_key`` makes cell by cell: random long tables read from CSV
(labels blank, spaced, in another case, repeated across dimensions, margins), tables whose
cells carry dict coordinates, and cells whose key was made before. Equal keys are one tuple
across the tables of a release, and SDC503's index is the one made cell by cell."""

from __future__ import annotations

import copy
import csv
import io
import itertools
import random
from pathlib import Path

import pytest

from sdc.labels_keys import LabelsKeys
from sdc.rules import differencing
from sdc.table import DataCell, Role
from tests.test_columnar_equivalence import _table

LABELS = ["a", "b", "A", " b", "b ", "1", "2", "Total", "All", "x", "", " ", "18-24", "25+"]


def _long_csv(rng: random.Random) -> str:
    width = rng.randint(1, 4)
    vocab = [rng.sample(LABELS, rng.randint(1, 4)) for _ in range(width)]
    rows = [[f"d{k}" for k in range(width)] + ["n"]]
    for combo in itertools.product(*vocab):
        if rng.random() < 0.8:
            rows.append([*combo, rng.choice(["0", "3", "12", "40", "[c]", "7"])])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _read_table(rng: random.Random):
    """The first of ``rng``'s long CSVs read as a table with cells (a draw with no data row,
    or none read as a table, is drawn again), so every seed checks something."""
    for _ in range(50):
        table = _table(_long_csv(rng))
        if table is not None and table.cells:
            return table
    raise AssertionError("no draw of 50 was read as a table")


@pytest.mark.parametrize("seed", range(120))
def test_keys_of_a_table_are_the_per_cell_keys(seed: int) -> None:
    rng = random.Random(seed)
    table = _read_table(rng)
    cells = list(table.cells)
    if rng.random() < 0.3:  # margins: a cell's own dimensions are left out of its key
        for cell in rng.sample(cells, min(3, len(cells))):
            dims = [d for d in table.dimensions if rng.random() < 0.6] + ["not a dimension"]
            cell.total_dims = frozenset(dims)
    if rng.random() < 0.3:  # some keys made before: kept as they are
        for cell in rng.sample(cells, min(2, len(cells))):
            _ = cell.labels_key
    expected = [DataCell(c.measure, c.coords, c.source, c.total_dims).labels_key
                if c._labels_key is None else c._labels_key for c in cells]
    keys = LabelsKeys()
    got = keys.of(cells)
    assert got == expected
    assert [c._labels_key for c in cells] == expected  # each cell's cache, as labels_key sets it
    assert keys.of(cells) == expected  # again: every key already made


@pytest.mark.parametrize("seed", range(30))
def test_dict_coordinates_and_mixed_layouts_read_cell_by_cell(seed: int) -> None:
    rng = random.Random(seed)
    table = _read_table(rng)
    cells = [DataCell(c.measure, dict(c.coords) if rng.random() < 0.5 else c.coords, c.source,
                      c.total_dims) for c in table.cells]
    expected = [DataCell(c.measure, c.coords, c.source, c.total_dims).labels_key for c in cells]
    assert LabelsKeys().of(cells) == expected


def test_a_label_in_two_dimensions_is_once_and_blanks_are_none() -> None:
    table = _table("d0,d1,d2,n\nx, x ,,3\nx,y, ,4\nb,A,a,5\n")
    assert table is not None
    keys = LabelsKeys().of(list(table.cells))
    assert keys == [("x",), ("x", "y"), ("A", "a", "b")]


def test_equal_keys_are_one_tuple_across_tables() -> None:
    text = "region,sex,n\nNorth,F,3\nNorth,M,4\nSouth,F,5\nSouth,M,6\n"
    first, second = _table(text), _table(text.replace("3", "8"))
    assert first is not None and second is not None
    keys = LabelsKeys()
    a, b = keys.of(list(first.cells)), keys.of(list(second.cells))
    assert a == b == [("F", "North"), ("M", "North"), ("F", "South"), ("M", "South")]
    assert all(x is y for x, y in zip(a, b, strict=True))
    made = ("F", "North")
    assert keys.intern(tuple(list(made))) is a[0]  # a key sent back by a worker: the same one


@pytest.mark.parametrize("seed", range(40))
def test_sdc503_index_is_the_per_cell_index(seed: int) -> None:
    """``_count_index`` through the shared keys is the index made with ``cell_key`` per cell."""
    from sdc.linking import cell_key
    from sdc.outputs import Output

    rng = random.Random(seed)
    table = _read_table(rng)
    output = Output(path="t.csv", file=Path("t.csv"), extension=".csv", size=0, sha256="",
                    kind="table", table=table)
    fresh = copy.deepcopy(output)
    expected: dict = {}
    named: dict = {}  # a long table's other count columns, keyed with their measure (954c942)
    ambiguous = False
    for cell in [c for c in fresh.table.cells if Role.COUNT in (c.measure.role, c.measure.read_as)]:
        key = cell_key(fresh.table, cell)  # type: ignore[arg-type]
        held = expected.setdefault(key, cell)
        if held is not cell:
            ambiguous |= held.measure is cell.measure or named.setdefault(
                differencing.measure_key(key, cell), cell) is not cell
    several = sum(1 for m in fresh.table.measures if Role.COUNT in (m.role, m.read_as)) > 1
    if several and not ambiguous:
        expected.update(named)
    got = differencing._count_index(output, LabelsKeys())
    assert list(got) == list(expected)
    assert [c.source.ref for c in got.values()] == [c.source.ref for c in expected.values()]


def test_sdc503_index_keys_a_long_tables_other_counts_with_their_measure() -> None:
    from sdc.outputs import Output

    table = _table("practice,admissions,discharges\nA,30,28\nB,41,39\nC,55,50\n")
    assert table is not None
    output = Output(path="t.csv", file=Path("t.csv"), extension=".csv", size=0, sha256="",
                    kind="table", table=table)
    got = differencing._count_index(output, LabelsKeys())
    assert sorted(c.source.ref for c in got.values()) == ["B2", "B3", "B4", "C2", "C3", "C4"]
    bare = [k for k, c in got.items() if c.source.ref.startswith("B")]
    assert bare == [("A",), ("B",), ("C",)]  # the first count keeps the bare key


@pytest.mark.parametrize("seed", range(60))
def test_a_forms_few_cells_are_keyed_as_numpy_keys_them(seed: int, monkeypatch) -> None:
    # of_form reads up to FEW_PLACES cells one by one (a small check then imports no numpy):
    # the same keys as its numpy path and as each cell's labels_key, margins left out
    from sdc import labels_keys
    from sdc.release_form import ReleaseTable

    rng = random.Random(seed)
    table = _read_table(rng)
    cells = list(table.cells)
    for cell in rng.sample(cells, min(3, len(cells))) if rng.random() < 0.5 else []:
        cell.total_dims = frozenset(d for d in table.dimensions if rng.random() < 0.6)
    form = ReleaseTable.of(table)
    assert form is not None
    places = rng.sample(range(len(cells)), rng.randint(1, len(cells)))
    expected = [DataCell(cells[i].measure, cells[i].coords, cells[i].source,
                         cells[i].total_dims).labels_key for i in places]
    few = LabelsKeys().of_form(form, places)
    monkeypatch.setattr(labels_keys, "FEW_PLACES", 0)
    assert few == LabelsKeys().of_form(form, places) == expected
