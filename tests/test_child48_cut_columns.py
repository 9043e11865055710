"""SDC503's forked process holds less in ``_together`` (round 48, child48, issue 14 §3):

* a table's cuttings are columns (``CutColumns``), not a ``Cutting`` object and a tuple of
  places each; the cuttings they make are the plain reading's (``_output_cuttings_plain``),
  through a ``-j`` worker too;
* ``gather`` reads the columns, and keeps its pending cuttings as three columns: the same
  systems, floors, readers and printed counts as from the cuttings, lazy or not;
* ``band_groups`` makes a cutting only where its context is compared: the same groups;
* ``LabelsKeys`` keeps no dict of label-number rows, and gives a form's key numbers
  (``numbers_of_form``) equal to numbering each cell's ``labels_key``.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdc.band_algebra import gather
from sdc.engine import read_release
from sdc.labels_keys import LabelsKeys
from sdc.policy import build_policy
from sdc.release_form import ReleaseTable, TableCells
from sdc.rules.differencing import (
    CutColumns,
    Cutting,
    Differencing,
    band_groups,
    output_cut_columns,
    output_cuttings,
)
from sdc.table import DataCell
from tests.test_bands41_bands_together import _release
from tests.test_bands42_weak_agreement import ONE
from tests.test_labels_keys import _read_table
from tests.test_pass_shortcuts import _output, _output_cuttings_plain, banded_tables


def _as_values(cut: Cutting) -> tuple[Any, ...]:
    return (cut.output.path, cut.dimension, cut.context, cut.places,
            [(b.lo, b.hi, b.label) for b in cut.bands])


def _outputs(texts: list[str]) -> list[Any]:
    found = []
    for k, text in enumerate(texts):
        output = _output(text)
        if output is not None and output.table is not None:
            output.path = f"t{k}.csv"
            found.append(output)
    return found


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(banded_tables())
def test_columns_make_the_plain_cuttings(text: str) -> None:
    output = _output(text)
    if output is None or output.table is None:
        return
    columns = output_cut_columns(output)
    plain = _output_cuttings_plain(output)
    assert list(columns) == plain == output_cuttings(output)
    assert len(columns) == len(plain)
    for i, cut in enumerate(plain):
        assert tuple(columns.span(i)) == cut.places
        assert columns.contexts[i] == cut.context
        assert columns.kinds[columns.kind[i]] == (cut.dimension, cut.bands)
    # held as columns: machine ints, one entry a kind, no cutting kept
    assert all(type(c) is not Cutting for c in (*columns.contexts, *columns.kinds))
    assert len(columns.kinds) == len({(d, id(b)) for d, b in columns.kinds})
    assert columns.ends.typecode == columns.places.typecode == columns.kind.typecode == "i"
    # what a worker sends, received: the same cuttings, the contexts interned
    known: dict[Any, Any] = {}
    again = CutColumns.received(output, TableCells(output), columns.sent(), known)
    assert list(again) == plain
    assert all(known[c] is c for c in again.contexts)


def _systems(cuts: Any, outputs: list[Any], lazy: bool) -> tuple[Any, ...]:
    systems, reads = gather(cuts, outputs, lazy=lazy)
    return ([(s.dimension, s.context, s.floor, s.population, s.tables(),
              {t: [repr(p) for p in items] for t, items in s.printed().items()})
             for s in systems], sorted(reads))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(banded_tables(), min_size=1, max_size=4), st.booleans())
def test_gather_reads_columns_as_it_reads_cuttings(texts: list[str], lazy: bool) -> None:
    outputs = _outputs(texts)
    cuttings = [c for o in outputs for c in output_cuttings(o)]
    columns = [output_cut_columns(o) for o in outputs]
    assert _systems(columns, outputs, lazy) == _systems(cuttings, outputs, lazy)


def _two_tables(tmp_path: Path) -> list[Any]:
    for name, shift, bands in (("a.csv", 0, ("0-17", "18-64", "65+", "Total")),
                               ("b.csv", 3, ("0-29", "30-64", "65+", "Total"))):
        rows = [f"{region},{age},{10 + shift + k}" for k, (region, age) in enumerate(
            (r, a) for r in ("North", "South") for a in bands)]
        (tmp_path / name).write_text("region,age,n\n" + "\n".join(rows) + "\n")
    outputs, *_ = read_release([tmp_path], build_policy({}))
    return sorted(outputs, key=lambda o: o.path)


def test_gather_of_two_tables_exact(tmp_path: Path) -> None:
    outputs = _two_tables(tmp_path)
    columns = [output_cut_columns(o) for o in outputs]
    assert [len(c) for c in columns] == [2, 2]  # a region each
    systems, reads = gather(columns, outputs, lazy=True)
    assert [s.context[1] for s in systems] == [("North",), ("South",)]
    assert sorted(reads) == [0, 1]
    north = systems[0]
    assert list(north.pending_tables) == [0, 1] and list(north.pending_at) == [0, 0]
    assert north.pending_from == [columns[0], columns[1]]
    assert north.floor == 0.0 and north.tables() == 2
    printed = north.printed()
    assert [(p.lo, p.hi, p.value, p.label, p.whole) for p in printed[0]] == [
        (0, 18, 10, "0-17", False), (18, 65, 11, "18-64", False), (65, float("inf"), 12, "65+",
                                                                    False),
        (-float("inf"), float("inf"), 13, "Total", True)]
    assert [p.value for p in printed[1]] == [13, 14, 15, 16]
    assert _systems(columns, outputs, True) == _systems(
        [c for o in outputs for c in output_cuttings(o)], outputs, True)


def test_together_finds_from_columns_what_it_finds_from_cuttings(tmp_path: Path) -> None:
    # round 42's case: Total − (0-19) − (20-29) − (75+) is the ages 30-74, 64 − 60 = 4
    outputs, *_ = read_release([_release(tmp_path / "r", ONE)], build_policy({}))
    outputs = sorted(outputs, key=lambda o: o.path)
    rule = Differencing(Differencing.Params())
    from_columns = rule._together([output_cut_columns(o) for o in outputs], outputs, 10, {})
    from_cuttings = rule._together([c for o in outputs for c in output_cuttings(o)], outputs,
                                   10, {})

    def shown(found: list[Any]) -> list[Any]:
        return [(f.location.path, f.location.cell, f.status, f.message,
                 [r.cell for r in f.related]) for f in found]

    assert shown(from_columns) == shown(from_cuttings)
    assert [(p, c) for p, c, *_ in shown(from_columns)] == [("a.csv", "B4"), ("b.csv", "B3")]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(banded_tables(), min_size=1, max_size=4))
def test_band_groups_of_columns_are_those_of_cuttings(texts: list[str]) -> None:
    outputs = _outputs(texts)
    cuttings = [c for o in outputs for c in output_cuttings(o)]
    columns = [output_cut_columns(o) for o in outputs]
    made = band_groups(columns)
    assert [([_as_values(c) for c in a], [_as_values(c) for c in b]) for a, b in made] == [
        ([_as_values(c) for c in a], [_as_values(c) for c in b])
        for a, b in band_groups(cuttings)]
    # a cutting in several groups (a context of three shapes) is one object in each
    by_value: dict[Any, int] = {}
    for a, b in made:
        for cut in (*a, *b):
            assert by_value.setdefault(repr(_as_values(cut)), id(cut)) == id(cut)


def test_a_context_of_three_shapes_makes_each_cutting_once(tmp_path: Path) -> None:
    for name, bands in (("a.csv", ("0-17", "18+")), ("b.csv", ("0-29", "30+")),
                        ("c.csv", ("0-44", "45+"))):
        rows = [f"North,{age},{20 + k}" for k, age in enumerate(bands)]
        (tmp_path / name).write_text("region,age,n\n" + "\n".join(rows) + "\n")
    outputs, *_ = read_release([tmp_path], build_policy({}))
    outputs = sorted(outputs, key=lambda o: o.path)
    groups = band_groups([output_cut_columns(o) for o in outputs])
    assert [(a[0].output.path, b[0].output.path) for a, b in groups] == [
        ("a.csv", "b.csv"), ("a.csv", "c.csv"), ("b.csv", "c.csv")]
    assert groups[0][0][0] is groups[1][0][0] and groups[0][1][0] is groups[2][0][0]


def test_labels_keys_keeps_no_rows_of_numbers() -> None:
    keys = LabelsKeys()
    assert not hasattr(keys, "_by_numbers")  # base48: a dict of every distinct row of numbers
    assert set(vars(keys)) == {"_numbers", "_labels", "_key_number", "by_number", "_places"}


def test_labels_first_met_out_of_their_order_as_strings(monkeypatch: Any) -> None:
    # "b" and "Z" are numbered before "A" and "a": a key's labels are still in string order
    from sdc import labels_keys
    from tests.test_columnar_equivalence import _table

    monkeypatch.setattr(labels_keys, "FEW_PLACES", 0)  # numpy's path on a small table
    table = _table("d0,d1,d2,n\nb,Z,,1\nb,a,A,2\nZ,a, a ,3\na,A,b,4\n , ,,5\n")
    assert table is not None
    form = ReleaseTable.of(table)
    assert form is not None
    keys = LabelsKeys()
    numbers = keys.numbers_of_form(form, list(range(5)))
    # (the last row's blanks read as the labels above them, as ``labels_key`` reads them)
    assert [keys.key(n) for n in numbers] == [c.labels_key for c in table.cells] == [
        ("Z", "b"), ("A", "a", "b"), ("Z", "a"), ("A", "a", "b"), ("A", "a")]
    assert numbers == [0, 1, 2, 1, 3]


def test_form_numbers_are_the_cells_keys_numbered() -> None:
    for seed in range(80):
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
        keys = LabelsKeys()
        keys.numbers([("x",), ("earlier",)])  # some keys numbered before
        from sdc import labels_keys

        for few in (True, False):
            saved = labels_keys.FEW_PLACES
            labels_keys.FEW_PLACES = 10**9 if few else 0
            try:
                got = keys.numbers_of_form(form, places)
            finally:
                labels_keys.FEW_PLACES = saved
            assert [keys.key(n) for n in got] == expected
            assert got == keys.numbers(expected)
            assert [keys.key(n) for n in got] == keys.of_form(form, places)
