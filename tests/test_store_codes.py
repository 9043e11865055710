"""A long table's labels read as the store's codes (speed4, round 23; issue 14 §3):
``LabelColumns.codes`` gives equal codes exactly to equal labels on any rows,
``distinct_labels`` gives every label the coordinates hold, and a table's lines
(``Table.line_parts``, grouped with numpy) are the same whether its coordinates are
``RowCoords`` of a store (the codes read from it) or ``Coords`` (the labels coded anew)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import sdc.readers.layout as layout
import sdc.table as table_module
from sdc.coords import Coords, LabelColumns, RowCoords, distinct_labels, labels_of, positions
from sdc.policy import build_policy
from sdc.readers import read_output

NAMES = ["region", "age", "sex"]
LABELS = ["North", "South", "0-17", "18+", "", " ", "Total", "F", "M", "2020"]


def _store(rng: random.Random, n: int, *, first: int, extra: int = 0
           ) -> tuple[LabelColumns, list[RowCoords], list[tuple[str, ...]]]:
    pool = LABELS + [f"L{k}" for k in range(extra)]  # past 255 labels: codes widen
    at = positions(NAMES)
    store = LabelColumns(at)
    rows = [tuple(rng.choice(pool) for _ in NAMES) for _ in range(n)]
    keys = sorted(rng.sample(range(first, first + 3 * n), n))  # gaps: blank lines
    made = [store.add(labels, key) for labels, key in zip(rows, keys, strict=True)]
    store.freeze()
    return store, made, rows


@pytest.mark.parametrize("seed", range(10))
def test_codes_are_equal_exactly_where_labels_are(seed: int) -> None:
    rng = random.Random(seed)
    store, made, rows = _store(rng, 400, first=rng.choice([0, 1, 7]),
                               extra=300 if seed % 2 else 0)
    picked = rng.sample(range(len(made)), 150)
    for at, _ in enumerate(NAMES):
        codes = store.codes(at, [made[k]._row for k in picked]).tolist()
        labels = [rows[k][at] for k in picked]
        assert len(codes) == len(labels)
        for i in range(0, 150, 7):
            for j in range(150):
                assert (codes[i] == codes[j]) == (labels[i] == labels[j])


@pytest.mark.parametrize("seed", range(10))
def test_distinct_labels_as_a_set_of_each_coordinates_labels(seed: int) -> None:
    rng = random.Random(seed)
    store, made, rows = _store(rng, 200, first=rng.choice([0, 3]))
    picked = rng.sample(made, 40)
    expected = {label for co in picked for label in labels_of(co)}
    assert distinct_labels(picked) == expected
    assert expected != set(LABELS) or len(picked) > 20  # a subset reads its rows only
    plain = [Coords(store.at, co._labels) for co in picked]
    assert distinct_labels(plain) == expected
    dicts = [dict(co.items()) for co in picked[:5]]
    mixed = [*picked[:5], *dicts, plain[0]]
    assert distinct_labels(mixed) == {label for co in mixed for label in labels_of(co)}
    assert distinct_labels([]) == set()
    # a row's own labels only: one row of a store gives its three labels, not the store's
    one = distinct_labels([made[0]])
    assert one == set(rows[0])


def test_a_row_outside_the_rows_read_is_not_counted() -> None:
    at = positions(["region"])
    store = LabelColumns(at)
    north, south = store.add(("North",), 1), store.add(("South",), 2)
    store.freeze()
    assert distinct_labels([north]) == {"North"}
    assert distinct_labels([south, north]) == {"North", "South"}
    assert store.codes(0, [2, 1, 2]).tolist() == [1, 0, 1]


def _lines(table: table_module.Table) -> list[tuple[str, list[str], str | None]]:
    return [(dim, [c.ref for c in members], total.ref if total is not None else None)
            for dim, members, total in table.lines()]


@pytest.mark.parametrize("seed", range(4))
def test_a_long_tables_lines_are_the_same_read_from_the_store(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    """Totals, blank lines, a dimension's labels shared across rows: the lines grouped with
    numpy over the store's codes are those over labels coded anew (and those of the
    dictionary grouping of a small table)."""
    rng = random.Random(seed)
    lines = ["region,sex,age,n"]
    for region in ["North", "South", "East", "Total"]:
        for sex in ["F", "M", "Total"]:
            for age in ["0-17", "18-64", "65+"]:
                if rng.random() < 0.15:
                    continue  # a combination not printed
                lines.append(f"{region},{sex},{age},{rng.choice(['3', '[c]', '40', '120'])}")
        lines.append("")
    path = tmp_path / "long.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    policy = build_policy({})
    got = {}
    for columnar, numpy_from in ((True, 0), (False, 0), (False, 10**9)):
        monkeypatch.setattr(layout, "COLUMNAR_FROM", 0 if columnar else 10**9)
        monkeypatch.setattr(table_module, "LINES_WITH_NUMPY_FROM", numpy_from)
        table = read_output(path, path.name, policy)[0].table
        assert table is not None
        assert {type(c.coords) for c in table.cells} == ({RowCoords} if columnar else {Coords})
        got[columnar, numpy_from] = _lines(table)
    assert got[True, 0] == got[False, 0] == got[False, 10**9]
    assert any(total is not None for _, _, total in got[True, 0])  # totals were found
    assert {dim for dim, _, _ in got[True, 0]} == {"region", "sex", "age"}


def _add_both(rows: list[tuple[str, ...]], chunks: list[tuple[int, list]]
              ) -> tuple[LabelColumns, list, LabelColumns, list]:
    """The same rows added row by row and by ``add_many`` in chunks (start, keys)."""
    one, many = LabelColumns(positions(NAMES)), LabelColumns(positions(NAMES))
    by_row, by_chunk = [], []
    for start, keys in chunks:
        part = rows[start:start + len(keys)]
        by_row += [one.add(labels, key) for labels, key in zip(part, keys, strict=True)]
        by_chunk += many.add_many(part, keys)
    return one, by_row, many, by_chunk


@pytest.mark.parametrize("seed", range(12))
def test_add_many_is_add_row_by_row(seed: int) -> None:
    """Keys that follow each other (taken a dimension at a time), keys with gaps, keys that
    do not grow, None keys, a first key of 0 or not, codes widening past 255: the same
    codes, the same keys and the same labels read back as adding row by row."""
    rng = random.Random(seed)
    pool = LABELS + [f"L{k}" for k in range(300 if seed % 3 == 0 else 0)]
    rows = [tuple(rng.choice(pool) for _ in NAMES) for _ in range(600)]
    first = rng.choice([0, 2, 9])
    chunks, start, key = [], 0, first
    while start < len(rows):
        n = min(rng.choice([1, 50, 200]), len(rows) - start)
        kind = rng.choice(["follow", "follow", "gap", "none", "back"])
        if kind == "follow":
            keys = list(range(key, key + n))
        elif kind == "gap":
            keys = sorted(rng.sample(range(key, key + 3 * n), n))
        elif kind == "none":
            keys = [None] * n
        else:
            keys = [max(0, key - 5)] * n
        chunks.append((start, keys))
        start += n
        key = (keys[-1] if isinstance(keys[-1], int) else key + n) + 1
    one, by_row, many, by_chunk = _add_both(rows, chunks)
    assert [co._row for co in by_chunk] == [co._row for co in by_row]
    assert [co._labels for co in by_chunk] == [co._labels for co in by_row] == rows
    assert many._first == one._first and many.rows == one.rows
    assert [list(c) for c in many._codes] == [list(c) for c in one._codes]
    assert [c.typecode for c in many._codes] == [c.typecode for c in one._codes]
    assert many._labels == one._labels


def test_add_many_keeps_the_key_objects_and_fails_as_add() -> None:
    store = LabelColumns(positions(NAMES))
    keys = [int(str(k)) for k in range(1000, 1300)]  # int objects of their own
    rows = [("North", "0-17", "F")] * len(keys)
    made = store.add_many(rows, keys)
    assert all(co._row is key for co, key in zip(made, keys, strict=True))
    assert store.add_many([], []) == []
    with pytest.raises(ValueError, match="2 labels for 3"):
        store.add_many([("North", "0-17", "F"), ("North", "F")], [1300, 1301])
    assert store.rows == 301  # the rows before the bad one were added, as ``add`` does
    with pytest.raises(ValueError, match="rows for"):
        store.add_many(rows[:2], [1])
    store.freeze()
    with pytest.raises(ValueError, match="frozen"):
        store.add_many(rows[:2], [1302, 1303])


def test_a_long_csv_with_chunks_of_rows_reads_as_row_by_row(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A long table of 5,000 rows, a blank line in it: the cells' coordinates made a chunk at
    a time are those made row by row (a chunk of one row is ``coords_of`` each row)."""
    rng = random.Random(7)
    lines = ["region,age,year,n"]
    for k in range(5000):
        lines.append(f"R{k % 37},A{k % 11},Y{2000 + k % 23},{rng.choice(['3', '[c]', '40'])}")
        if k == 3500:
            lines.append("")
    path = tmp_path / "long.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    policy = build_policy({})
    got = {}
    for chunk in (layout.BUILD_CHUNK, 1):
        monkeypatch.setattr(layout, "BUILD_CHUNK", chunk)
        table = read_output(path, path.name, policy)[0].table
        assert table is not None and {type(c.coords) for c in table.cells} == {RowCoords}
        store = table.cells[0].coords._store
        got[chunk] = ([(c.ref, c.coords._row, c.coords._labels) for c in table.cells],
                      [list(codes) for codes in store._codes], store._first, store.rows)
    assert got[layout.BUILD_CHUNK] == got[1]
    cells = got[1][0]
    assert len(cells) == 5000 and cells[0] == ("D2", 2, ("R0", "A0", "Y2000"))
    assert cells[-1][1] == 5002  # the blank line's key padded, the rows after it follow


@pytest.mark.parametrize("seed", range(6))
def test_distinct_by_counts_the_codes_of_the_rows_read(seed: int,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Many rows (codes counted with numpy) or few (a set each): each dimension's distinct
    labels on exactly the rows given (a subset, repeats, any order, widened codes)."""
    import sdc.coords as coords_module

    rng = random.Random(seed)
    store, made, rows = _store(rng, 3000, first=rng.choice([0, 5]), extra=400 * (seed % 2))
    picked = [rng.randrange(len(made)) for _ in range(rng.choice([10, 2500, 4000]))]
    keys = [made[k]._row for k in picked]
    expected = [{rows[k][at] for k in picked} for at in range(len(NAMES))]
    for numpy_from in (0, 10**9):
        monkeypatch.setattr(coords_module, "DISTINCT_WITH_NUMPY_FROM", numpy_from)
        assert store.distinct_by(range(len(NAMES)), keys) == expected
        assert store.distinct_by([2, 0], keys) == [expected[2], expected[0]]
    # a label only on rows not given is not among them
    only = LabelColumns(positions(["x"]))
    made_x = [only.add(("a" if k else "b",), k) for k in range(3000)]
    monkeypatch.setattr(coords_module, "DISTINCT_WITH_NUMPY_FROM", 0)
    assert only.distinct_by([0], [co._row for co in made_x[1:]]) == [{"a"}]
    assert only.distinct_by([0], [co._row for co in made_x]) == [{"a", "b"}]


@pytest.mark.parametrize("columnar", [True, False])
def test_row_dimension_labels_are_each_dimensions_set_of_cell_labels(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columnar: bool) -> None:
    """``derived_counts._row_dimension_labels`` (speed4): what ``set(cell_labels(...))`` per
    row dimension gave, on a long table read as a store or as ``Coords``, a cross-table, and
    a table whose cells lack a dimension (the default stands in)."""
    from sdc.coords import cell_labels
    from sdc.derived_counts import _row_dimension_labels

    monkeypatch.setattr(layout, "COLUMNAR_FROM", 0 if columnar else 10**9)
    long = tmp_path / "long.csv"
    long.write_text("region,sex,n\n" + "".join(
        f"{r},{s},{k}\n" for k, (r, s) in enumerate(
            (r, s) for r in ["North", "South", "All excluding West"] for s in ["F", "M"])),
        encoding="utf-8")
    wide = tmp_path / "wide.csv"
    wide.write_text("region,F,M\nNorth,12,30\nof whom in towns,5,7\nSouth,40,44\n",
                    encoding="utf-8")
    policy = build_policy({})
    tables = [read_output(p, p.name, policy)[0].table for p in (long, wide)]
    assert all(t is not None and t.row_dimensions for t in tables)
    bare = tables[1]
    assert bare is not None
    bare.cells[0].coords = {"other": "x"}  # lacks the row dimension
    tables.append(bare)
    absent = object()
    for table in tables:
        assert table is not None
        for default in (None, absent):
            assert _row_dimension_labels(table, default) == {
                dim: set(cell_labels(table.cells, dim, default))
                for dim in table.row_dimensions}
    assert _row_dimension_labels(tables[0])["region"] == {"North", "South",
                                                          "All excluding West"}
    assert None in _row_dimension_labels(bare)[bare.row_dimensions[0]]


@pytest.mark.parametrize("seed", range(3))
def test_a_long_tables_lines_without_margins_are_the_same_read_from_the_store(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    """No total anywhere: every cell is a member of its line in each dimension, grouped
    without a copy of the keys (``_Lines.of``), the same lines as the dictionary grouping."""
    rng = random.Random(seed)
    lines = ["region,sex,age,n"]
    for region in ["North", "South", "East"]:
        for sex in ["F", "M"]:
            for age in ["0-17", "18-64", "65+"]:
                if rng.random() < 0.15:
                    continue
                lines.append(f"{region},{sex},{age},{rng.choice(['3', '[c]', '40', '120'])}")
    path = tmp_path / "long.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    policy = build_policy({})
    got = {}
    for numpy_from in (0, 10**9):
        monkeypatch.setattr(layout, "COLUMNAR_FROM", 0)
        monkeypatch.setattr(table_module, "LINES_WITH_NUMPY_FROM", numpy_from)
        table = read_output(path, path.name, policy)[0].table
        assert table is not None and not any(c.total_dims for c in table.cells)
        got[numpy_from] = _lines(table)
    assert got[0] == got[10**9]
    assert {dim for dim, _, _ in got[0]} == {"region", "sex", "age"}


@pytest.mark.parametrize("seed", range(8))
def test_first_groups_are_numpys_unique(seed: int) -> None:
    """``_first_groups`` gives what ``np.unique(..., return_index, return_inverse)`` gives."""
    import numpy as np

    rng = np.random.default_rng(seed)
    for dtype in (np.int32, np.int64):
        key = rng.integers(0, [1, 3, 50, 10**6][seed % 4], size=seed * 37, dtype=dtype)
        found, first, line = table_module._first_groups(key)
        want = np.unique(key, return_index=True, return_inverse=True)
        assert [a.tolist() for a in (found, first, line)] == [
            want[0].tolist(), want[1].tolist(), want[2].reshape(-1).tolist()]
