"""A large table's link keys and the unpublished totals of its lines when they print none, made
all at once (``sdc.line_systems``, issue 14 §3), are those made cell by cell and line by line:
the same variables, bounds, link keys (the same codes), values and equations, in the same
order. Each random table is built twice in one process, as shipped and with both shortcuts
refused (``linking._plainly_totalless``, ``linking.KEYS_WITH_NUMPY_FROM``), with one
``LabelCodes`` shared by two tables as in a release, and a linked release finds the same."""

from __future__ import annotations

import csv
import io
import itertools
import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sdc
from sdc import linking
from sdc.outputs import Output
from sdc.policy import build_policy
from sdc.table import Table
from tests.test_columnar_equivalence import _table
from tests.test_line_shortcuts import TEXTS, _fresh, _numpy_always, _system

# labels that repeat across dimensions (one key less two labels), differ in case or spaces,
# or read as totals; values hidden, negative, decimal, huge (sums not exact in floats)
LABELS = ["a", "b", "A", " b", "1", "2", "Total", "x", ""]
VALUES = ["0", "1", "3", "12", "40", "[c]", "[c]", "-2", "2.5", "0.1", "9007199254740993",
          "1e300"]


@st.composite
def wide_long_tables(draw: st.DrawFn) -> str:
    """Long count tables of two to four label columns whose labels may repeat across them."""
    width = draw(st.integers(2, 4))
    vocab = [draw(st.lists(st.sampled_from(LABELS), min_size=1, max_size=3, unique=True))
             for _ in range(width)]
    rows = [[f"d{k}" for k in range(width)] + ["n"]]
    for combo in itertools.product(*vocab):
        if draw(st.integers(0, 5)) > 0:
            rows.append([*combo, draw(st.sampled_from(VALUES))])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _pair(first: Table, second: Table, base: int | None, refused: bool) -> list:
    """Both tables' systems (one ``LabelCodes``, as ``table_systems`` shares it)."""
    codes = linking.LabelCodes()
    built = []
    with pytest.MonkeyPatch.context() as m:
        if refused:
            m.setattr(linking, "_plainly_totalless", lambda *a: False)
        # the keys made whole however small the table, or each by ``link_key``
        m.setattr(linking, "KEYS_WITH_NUMPY_FROM", 10**9 if refused else 0)
        for k, table in enumerate((first, second)):
            output = Output(path=f"t{k}.csv", file=None, extension="csv", size=0, sha256="",
                            table=table)
            for measure in table.measures:
                try:
                    ts = linking.build_table_system(
                        output, measure, base, infer_totals=True, virtual_totals=True,
                        codes=codes, link=True, assume_sums=True)
                except ValueError as exc:  # NaN bounds: both ways alike
                    built.append(("raised", str(exc)))
                    continue
                built.append(_system(ts))
    return built


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(wide_long_tables(), TEXTS), st.one_of(wide_long_tables(), TEXTS),
       st.sampled_from([None, 5]), st.booleans())
def test_line_totals_made_whole_are_those_made_line_by_line(first: str, second: str,
                                                            base: int | None,
                                                            grouped: bool) -> None:
    one, two = _table(first), _table(second)
    if one is None or two is None:
        return
    with pytest.MonkeyPatch.context() as m:
        if grouped:  # the lines grouped with numpy, as a large table's are
            _numpy_always(m)
        shipped = _pair(_fresh(one), _fresh(two), base, refused=False)
        plain = _pair(_fresh(one), _fresh(two), base, refused=True)
    assert shipped == plain


def _long_text(seed: int, labels_twice: bool = False) -> str:
    rng = random.Random(seed)
    rows = ["sex,age,region,n"]
    regions = ["1", "2", "North"] if labels_twice else ["North", "South", "East"]
    for sex, age, region in itertools.product(["F", "M"], ["1", "2", "3"], regions):
        v = rng.randint(0, 60)
        rows.append(f"{sex},{age},{region},{'[c]' if 0 < v < 10 else v}")
    return "\n".join(rows) + "\n"


def test_a_long_table_without_totals_is_not_read_line_by_line(
        monkeypatch: pytest.MonkeyPatch) -> None:
    table = _table(_long_text(1))
    assert table is not None
    read: list[int] = []
    real = linking._line_totals
    monkeypatch.setattr(linking, "_line_totals", lambda *a, **k: read.append(1) or real(*a, **k))
    output = Output(path="t.csv", file=None, extension="csv", size=0, sha256="", table=table)
    ts = linking.build_table_system(output, table.measures[0], None, infer_totals=True,
                                    virtual_totals=True, codes=linking.LabelCodes(), link=True)
    assert read == []
    assert ts is not None
    from sdc.line_systems import folded_keys

    # the cells' coordinates are of one layout: their keys can be made whole
    assert folded_keys(table.cells, linking.LabelCodes()) is not None
    # 18 cells; lines along sex (9), age (6), region (6): 21 totals, keyed by the other two
    # labels, none shared
    assert len(ts.cells) == 18 and ts.n_vars == 18 + 21 and len(ts.equation_cells) == 21
    first = list(ts.equation_cells[0])  # F,1 and M,1 (North), then their total
    assert [ts.cells[v].ref for v in first[:-1]] == [ts.cells[0].ref, ts.cells[9].ref]
    assert first[-1] == 18


def test_labels_repeated_across_dimensions_share_a_total() -> None:
    """``age`` and ``region`` both hold ``1`` and ``2``: the line along region at age 1 less
    its first label (region 1) is keyed {F} once ``1`` is gone from both, as a line along
    age at region 1 is: one variable, as the line-by-line reading gives."""
    table = _table(_long_text(2, labels_twice=True))
    other = _table(_long_text(3))
    assert table is not None and other is not None
    shipped = _pair(_fresh(table), _fresh(other), None, refused=False)
    plain = _pair(_fresh(table), _fresh(other), None, refused=True)
    assert shipped == plain
    n_cells, n_vars = len(shipped[0][0]), len(shipped[0][1])
    assert n_vars - n_cells < 9 + 6 + 6  # some lines' totals are one variable


def _digest(folder: Path) -> list:
    result = sdc.check(folder, build_policy({}))
    return [(f.rule, f.status.value, f.location.path, f.location.cell, f.message)
            for f in result.findings]


def test_a_linked_release_finds_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long table and its margins by sex and by age (published where the long table hides
    a cell): they link to the long table's unpublished totals, which recover the hidden cell
    (19 at age 1 less the 12 men)."""
    rows = ["sex,age,n", "F,1,[c]", "F,2,30", "F,3,25", "M,1,12", "M,2,40", "M,3,33"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "long.csv").write_text("\n".join(rows) + "\n")
        (folder / "margin.csv").write_text("sex,n\nF,62\nM,85\n")
        (folder / "ages.csv").write_text("age,n\n1,19\n2,70\n3,58\n")
        shipped = _digest(folder)
        monkeypatch.setattr(linking, "_plainly_totalless", lambda *a: False)
        monkeypatch.setattr(linking, "KEYS_WITH_NUMPY_FROM", 10**9)
        plain = _digest(folder)
    assert shipped == plain
    assert [(r, s, p, c) for r, s, p, c, _ in shipped] == [("SDC501", "fail", "long.csv", "C2")]
    assert "it is 7" in shipped[0][4]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["a", " a", "a ", "", "  ", "B", "b", "1"]), min_size=1,
                max_size=5),
       st.sets(st.integers(0, 4)))
def test_labels_key_of_coords_is_that_of_a_dict(labels: list[str], margins: set[int]) -> None:
    """``DataCell.labels_key`` reads a non-margin cell's ``Coords`` labels without a dict:
    the same key as the dict's reading (stripped, blanks out, each once, sorted)."""
    from sdc.coords import Coords, positions
    from sdc.table import DataCell, Measure, RawCell, Role

    names = [f"d{k}" for k in range(len(labels))]
    total_dims = frozenset(names[k] for k in margins if k < len(names))
    measure = Measure("n", Role.COUNT)
    fast = DataCell(measure, Coords(positions(names), tuple(labels)), RawCell(1, 1, "1"),
                    total_dims)
    plain = DataCell(measure, dict(zip(names, labels, strict=True)), RawCell(1, 1, "1"),
                     total_dims)
    assert fast.labels_key == plain.labels_key == tuple(sorted(
        {label.strip() for name, label in zip(names, labels, strict=True)
         if name not in total_dims and label.strip()}))


def test_long_tables_built_in_workers_are_the_serial_ones(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """Systems built in ``-j`` workers come back with their keys as the worker's codes
    (``_PackedSystem``) and are coded again by the parent (``linking._recoded``): the same
    keys, codes given in the same order, as a serial build, on long tables whose keys and
    line totals are made whole and whose labels differ between tables (new ones in each)."""
    import dataclasses

    from sdc import pool
    from sdc.engine import read_release
    from sdc.linking import TableSystem, table_systems

    if pool.start_context().get_start_method() != "fork":
        pytest.skip("needs forked workers")
    for k in range(4):
        rng = random.Random(k)
        rows = ["sex,age,region,n"]
        regions = ["North", "South", f"Area {k}", f"Area {k + 1}"]
        for sex, age, region in itertools.product(["F", "M"], [str(a) for a in range(20)],
                                                  regions):
            v = rng.randint(0, 60)
            rows.append(f"{sex},{age},{region},{'[c]' if 0 < v < 10 else v}")
        (tmp_path / f"t{k}.csv").write_text("\n".join(rows) + "\n")
    outputs, *_ = read_release([tmp_path], build_policy({}))
    monkeypatch.setattr(linking, "KEYS_WITH_NUMPY_FROM", 0)
    serial = table_systems(outputs, None)
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 2)
    pooled = table_systems(outputs, None, jobs=2)
    assert len(pooled) == len(serial) == 4
    assert all(len(ts.keys) > len(ts.cells) for ts in serial)  # line totals keyed too
    for a, b in zip(serial, pooled, strict=True):
        assert all(x is y for x, y in zip(a.cells, b.cells, strict=True))
        for f in dataclasses.fields(TableSystem):
            if f.name not in ("output", "measure", "cells", "inconsistent"):
                assert getattr(a, f.name) == getattr(b, f.name), f.name


def test_compact_systems_built_in_workers_are_the_serial_ones(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    """The audit's build (``compact``) under ``-j``: a worker cuts each system's bounds'
    open tail and packs its values as float bits and a known mask (``_packed_values``) before
    sending it; the parent's compact systems are field by field the serial build's (bounds
    and their sign bits, open tail, hidden variables, link numbers, values and known)."""
    import math

    import numpy as np

    from sdc import pool
    from sdc.engine import read_release
    from sdc.linking import _packed_values, _unpacked_values, table_systems

    if pool.start_context().get_start_method() != "fork":
        pytest.skip("needs forked workers")
    for k in range(4):
        rng = random.Random(10 + k)
        rows = ["sex,age,region,n"]
        for sex, age, region in itertools.product(["F", "M"], [str(a) for a in range(15)],
                                                  ["North", "South", f"Area {k}"]):
            v = rng.randint(0, 60)
            rows.append(f"{sex},{age},{region},{'[c]' if 0 < v < 10 else v}")
        (tmp_path / f"t{k}.csv").write_text("\n".join(rows) + "\n")
    outputs, *_ = read_release([tmp_path], build_policy({}))
    serial = table_systems(outputs, None, compact=True)
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 2)
    pooled = table_systems(outputs, None, jobs=2, compact=True)
    assert len(pooled) == len(serial) == 4
    assert all(ts.open_tail > 0 and ts.links is not None for ts in serial)
    for a, b in zip(serial, pooled, strict=True):
        assert all(x is y for x, y in zip(a.cells, b.cells, strict=True))
        assert (a.lower, a.upper, a.open_tail) == (b.lower, b.upper, b.open_tail)
        assert [math.copysign(1, v) for v in a.lower] == [math.copysign(1, v) for v in b.lower]
        assert list(a.suppressed) == list(b.suppressed) and len(a.suppressed) > 0
        assert (a.keys, a.values, b.keys, b.values) == ([], [], [], [])
        assert a.links is not None and b.links is not None
        assert a.links.population == b.links.population
        assert np.array_equal(a.links.ids, b.links.ids)
        assert np.array_equal(a.links.known, b.links.known)
        assert np.array_equal(a.links.floats, b.links.floats, equal_nan=True)
        assert a.links.objects == b.links.objects
    # the values' packing keeps each float's bits, None where unknown, others as they are
    values = [1.0, None, -0.0, math.inf, float("nan"), 3.5]
    back = _unpacked_values(_packed_values(values))
    assert [None if v is None else struct_bits(v) for v in back] == \
        [None if v is None else struct_bits(v) for v in values]
    mixed = [1.0, 2, None]
    assert _packed_values(mixed) is mixed and _unpacked_values(mixed) is mixed


def struct_bits(value: float) -> bytes:
    import struct

    return struct.pack("<d", value)


def test_a_long_tables_rows_get_their_keys_made_whole(tmp_path: Path) -> None:
    """A long table read from its file holds its labels as columns (``RowCoords`` of one
    ``LabelColumns``): its link keys are made whole, and they and the codes are those made
    one cell at a time (round 24: the store's rows were read as neither kind of coordinates,
    so every long table's keys were made cell by cell)."""
    from benchmarks.bench_large import make_long
    from sdc.coords import RowCoords
    from sdc.line_systems import folded_keys
    from sdc.readers import read_output

    make_long(path := tmp_path / "long.csv", 0.2, seed=3)  # columns from 2,048 rows
    [output] = [o for o in read_output(path, path.name, build_policy({})) if o.table]
    cells = list(output.table.cells)
    assert len(cells) >= linking.KEYS_WITH_NUMPY_FROM
    assert {type(c.coords) for c in cells} == {RowCoords}
    whole, one_by_one = linking.LabelCodes(), linking.LabelCodes()
    keys = folded_keys(cells, whole)
    assert keys is not None
    assert keys == [linking.link_key(c, frozenset(), one_by_one) for c in cells]
    assert whole._codes == one_by_one._codes


@pytest.mark.parametrize("seed", [1, 2])
def test_a_long_tables_rows_get_their_line_totals_made_whole(tmp_path: Path, seed: int) -> None:
    """A long table whose rows are a ``LabelColumns`` store (from 2,048 rows), with blank
    labels, labels repeated across dimensions and differing only in case or spaces: the
    unpublished line totals made from the store's codes (``line_systems._codes_along``) and
    the keys made a width at a time (``_interned``) are those made line by line and cell by
    cell, with a second table sharing the codes."""
    from sdc.coords import RowCoords
    from sdc.readers import read_output

    rng = random.Random(seed)
    vocab = [["1", "2", "a", "A", " b", "", "x", "b"], ["a", " A", "b", "c", "", "y", "Y"],
             ["F", "M", "a", "z", " z", "M "], ["p", "q", "1", "r", "", "s", "t", "u"]]
    rows = ["d0,d1,d2,d3,n"]
    for combo in itertools.product(*vocab):
        if rng.random() < 0.97:
            v = rng.randint(0, 60)
            rows.append(",".join(combo) + f",{'[c]' if 0 < v < 10 else v}")
    path = tmp_path / "long.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    [output] = [o for o in read_output(path, path.name, build_policy({})) if o.table]
    table = output.table
    assert len(table.cells) >= 2_048 and table.dimensions == ["d0", "d1", "d2", "d3"]
    assert {type(c.coords) for c in table.cells} == {RowCoords}
    shipped = _pair(_fresh(table), _fresh(table), None, refused=False)
    plain = _pair(_fresh(table), _fresh(table), None, refused=True)
    assert shipped == plain
    assert shipped[0][4] and len(shipped[0][4]) > len(table.cells)  # keys, totals' too
