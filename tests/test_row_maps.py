"""The layout's column -> cell view of a regular row (``sdc.readers.row_maps``) reads as the
dict per row it replaced (issue 12 channel 12, issue 14 §3): as a mapping, and in whole
tables read and checked both ways."""

from __future__ import annotations

import csv
import io
import random
import tempfile
from collections.abc import MutableMapping
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sdc
from sdc.readers import layout, read_output
from sdc.readers.row_maps import RowMap, column_cells, row_maps
from sdc.table import RawCell
from tests.test_columnar_equivalence import long_tables, share_tables, small_tables
from tests.test_coverage import POLICY


def _row(width: int, line: int = 3) -> list[RawCell]:
    return [RawCell(line, j, f"t{j}", float(j) if j % 2 else None) for j in range(1, width + 1)]


def reads_and_sets_as_a_dict(view: MutableMapping[int, RawCell], plain: dict[int, RawCell],
                             rng: random.Random, top: int, line: int) -> None:
    """Twelve random reads of ``view`` and ``plain`` (columns -1 to ``top``), about a third
    after setting the same new cell (on file line ``line``) in both, agree in every way a
    dict is read."""
    for _ in range(12):
        col = rng.randint(-1, top)
        if rng.random() < 0.3:
            cell = RawCell(line, col, f"set{col}")
            view[col] = cell
            plain[col] = cell
        assert view.get(col) is plain.get(col)
        assert view.get(col, "x") is plain.get(col, "x")
        assert (col in view) == (col in plain)
        if col in plain:
            assert view[col] is plain[col]
        else:
            with pytest.raises(KeyError):
                view[col]
        assert list(view) == list(plain)
        assert len(view) == len(plain)
        assert list(view.items()) == list(plain.items())
        assert list(view.values()) == list(plain.values())
        assert list(view.keys()) == list(plain.keys())
        assert view == plain and plain == view


@pytest.mark.parametrize("seed", range(40))
def test_a_row_map_reads_and_sets_as_the_dict_of_its_row(seed: int) -> None:
    rng = random.Random(seed)
    row = _row(rng.randint(0, 6))
    before = list(row)
    view, plain = RowMap(row), {c.col: c for c in row}
    reads_and_sets_as_a_dict(view, plain, rng, top=9, line=4)
    assert "1" not in view and 1.0 not in RowMap([])
    assert row == before and all(a is b for a, b in zip(row, before, strict=True))


def test_row_maps_are_views_only_of_regular_rows() -> None:
    rows = [_row(3), _row(2, line=4)]
    assert all(type(m) is RowMap for m in row_maps(rows, regular=True))
    assert all(type(m) is dict for m in row_maps(rows, regular=False))
    assert row_maps(rows, regular=True) == row_maps(rows, regular=False)
    views = row_maps(rows, regular=True)
    data = views[1:]  # a slice keeps the rows it views: its columns read from them
    assert data._rows == rows[1:] and views._rows == rows  # type: ignore[attr-defined]
    views[0][5] = RawCell(3, 5, "carried")  # a cell set on a view: read view by view
    assert data._set[0] and views._set[0]  # type: ignore[attr-defined]
    assert column_cells(views, 5)[0].raw == "carried"


@pytest.mark.parametrize("seed", range(60))
def test_a_column_of_maps_is_each_maps_cell(seed: int) -> None:
    """``column_cells`` is ``[m.get(col) for m in maps]`` (the same objects, None where a map
    has no cell) whatever the maps: views of rows of one width (gathered in C), short rows,
    views with a cell set, dicts, or a mix."""
    rng = random.Random(seed)
    width = rng.randint(0, 6)
    rows = [_row(width if rng.random() < 0.8 else rng.randint(0, 7), line)
            for line in range(1, rng.randint(1, 40))]
    maps: list = row_maps(rows, regular=True)
    if seed % 3 == 1:
        for m in rng.sample(maps, k=min(len(maps), 2)):
            m[rng.randint(1, 8)] = RawCell(99, 1, "carried")
    if seed % 3 == 2 and maps:
        maps[rng.randrange(len(maps))] = {c.col: c for c in rng.choice(rows)}
    for col in range(-1, 10):
        got, want = column_cells(maps, col), [m.get(col) for m in maps]
        assert len(got) == len(want) and all(a is b for a, b in zip(got, want, strict=True))
    # slices (the layout's data rows, its chunks), changes of the list, a cell set on a view
    # after a slice was taken: each read as the views say
    pieces = [maps, maps[1:], maps[:-1], maps[::2], maps[2:5]]
    if maps and seed % 4 == 0:
        maps[rng.randrange(len(maps))] = RowMap(_row(3, 50))
    if maps and seed % 4 == 1:
        del maps[:1]
    if seed % 4 == 2:
        maps.append(RowMap(_row(2, 60)))
        maps += [RowMap(_row(8, 61))]
    if maps and seed % 4 == 3:
        rng.choice(maps)[rng.randint(1, 9)] = RawCell(98, 1, "late")
    pieces.append(maps)
    for piece in pieces:
        for col in range(-1, 10):
            got, want = column_cells(piece, col), [m.get(col) for m in piece]
            assert len(got) == len(want) and all(
                a is b for a, b in zip(got, want, strict=True))


def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    """A dict per row, as before ``row_maps``."""
    find_header = layout._find_header
    monkeypatch.setattr(layout, "_find_header",
                        lambda rows, cols, regular=False: find_header(rows, cols))
    monkeypatch.setattr(layout, "row_maps",
                        lambda rows, regular: [{c.col: c for c in row} for row in rows])


def _read(text: str) -> tuple:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_text(text, encoding="utf-8")
        output = read_output(path, "t.csv", POLICY)[0]
        findings = [(f.rule, f.status.value, f.location.cell, f.message)
                    for f in sdc.check(str(path), POLICY).findings]
    table = output.table
    if table is None:
        return (output.unreadable, findings)
    cells = [(c.ref, c.measure.name, c.measure.role, tuple(c.coords.items()),
              tuple(sorted(c.total_dims)), c.source.raw, c.source.value, c.source.marker)
             for c in table.cells]
    grid = [[(c.row, c.col, c.raw, c.value, c.marker) for c in row] for row in table.grid]
    return (table.layout, table.title, table.notes, table.header_rows, table.label_columns,
            table.dimensions, table.problems, [c.ref for c in table.unparsed], cells, grid,
            findings)


@st.composite
def hierarchical_tables(draw: st.DrawFn) -> str:
    """Outer labels left blank under their first row (carried down by the layout), rows
    that may be short, an empty line."""
    rows = [["region", "sex", "n"]]
    for region in draw(st.lists(st.sampled_from(["North", "South", "Total"]), min_size=1,
                                max_size=3)):
        for k, sex in enumerate(draw(st.lists(st.sampled_from(["F", "M", "All", ""]),
                                              min_size=1, max_size=3))):
            count = draw(st.sampled_from(["3", "40", "[c]", "", "120", "0"]))
            row = [region if k == 0 else "", sex, count]
            if draw(st.integers(0, 9)) == 0:
                row = row[:2] if count else row[:1]
            rows.append(row)
        if draw(st.integers(0, 5)) == 0:
            rows.append([])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(small_tables(), long_tables(), share_tables(), hierarchical_tables()))
def test_tables_read_and_check_as_with_a_dict_per_row(text: str) -> None:
    fast = _read(text)
    with pytest.MonkeyPatch.context() as patched:
        _plain(patched)
        assert _read(text) == fast


def test_a_carried_label_is_not_written_into_the_grid(tmp_path: Path) -> None:
    """``North`` carried down to the blank cell below it labels that row's count, and the
    file's cell stays blank (the view's overlay, not the grid's row)."""
    path = tmp_path / "t.csv"
    path.write_text("region,sex,n\nNorth,F,3\n,M,40\nSouth,F,50\n,M,60\n")
    table = read_output(path, "t.csv", POLICY)[0].table
    assert table is not None
    assert [(c.ref, dict(c.coords)) for c in table.cells] == [
        ("C2", {"region": "North", "sex": "F"}), ("C3", {"region": "North", "sex": "M"}),
        ("C4", {"region": "South", "sex": "F"}), ("C5", {"region": "South", "sex": "M"})]
    assert [row[0].raw for row in table.grid] == ["region", "North", "", "South", ""]
    found = [(f.rule, f.location.cell) for f in sdc.check(str(path), POLICY).findings
             if f.status.value == "fail"]
    assert ("SDC101", "C2") in found
