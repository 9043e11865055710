"""A wide table's cell coordinates as its row's and its column's shared label tuples
(``sdc.coords.WideCoords``, issue 14 §3, round 41): the same mapping as the ``Coords`` of
the joined labels, read the same way by every column-at-a-time reader (``labels_at``)."""

from __future__ import annotations

import copy
import json
import pickle
import random
from pathlib import Path

import pytest

import sdc
from sdc.coords import (
    Coords,
    WideAt,
    WideCoords,
    cell_labels_each,
    distinct_labels,
    distinct_labels_by_dim,
    label_columns,
    labels_along,
    labels_at,
    labels_by_dim,
    labels_of,
    one_layout,
    pairs_of,
    positions,
    wide_maker,
)
from sdc.policy import build_policy
from sdc.readers import read_output
from sdc.table import DataCell, Measure, RawCell, Role

NAMES = ["region", "age", "sex", "year", "", " ", "Region", "imd", "columns", "value"]
LABELS = ["North", "South", "0-17", "18+", "", " ", "Total", "All", "F", "M", "2020", "n"]


def _wide(rng: random.Random, names: list[str] | None = None, cut: int | None = None
          ) -> tuple[WideCoords, dict[str, str]]:
    names = rng.sample(NAMES, rng.randint(0, 6)) if names is None else names
    cut = rng.randint(0, len(names)) if cut is None else cut
    labels = tuple(rng.choice(LABELS) for _ in names)
    return (WideCoords(WideAt(names, cut), labels[:cut], labels[cut:]),
            dict(zip(names, labels, strict=True)))


@pytest.mark.parametrize("seed", range(200))
def test_wide_coords_behave_as_their_dict_and_their_coords(seed: int) -> None:
    rng = random.Random(seed)
    co, d = _wide(rng)
    joined = Coords(co._at, co._row + co._column)
    for same in (d, joined):
        assert co == same and same == co
        assert (co != same) is False and (same != co) is False
    assert list(co) == list(d) and list(reversed(co)) == list(reversed(d))
    assert list(co.keys()) == list(d.keys()) and list(co.values()) == list(d.values())
    assert list(co.items()) == list(d.items()) and len(co) == len(d) and bool(co) == bool(d)
    assert repr(co) == repr(d) and dict(co) == d and list(dict(co)) == list(d)
    assert type(co.copy()) is dict and co.copy() == d
    assert json.dumps(dict(co)) == json.dumps(d)
    assert co._labels == tuple(d.values())
    assert list(labels_of(co)) == list(d.values()) and list(pairs_of(co)) == list(d.items())
    for name in [*NAMES, "missing"]:
        assert (name in co) == (name in d)
        assert co.get(name) == d.get(name) and co.get(name, "x") == d.get(name, "x")
        if name in d:
            assert co[name] == d[name]
        else:
            with pytest.raises(KeyError):
                co[name]
    other, od = _wide(rng)
    assert (co == other) == (d == od) and (co != other) == (d != od)
    assert (co == od) == (d == od) and (other == joined) == (od == d)
    assert co | od == d | od and list(co | od) == list(d | od) and type(co | other) is dict
    for back in (pickle.loads(pickle.dumps(co)), copy.copy(co), copy.deepcopy(co)):
        assert type(back) is WideCoords and back == d and list(back.items()) == list(d.items())
    assert co != list(d.items()) and co != tuple(d) and co != None  # noqa: E711


def test_wide_coords_are_unhashable_read_only_and_checked() -> None:
    co = WideCoords(WideAt(["a", "b"], 1), ("x",), ("y",))
    with pytest.raises(TypeError):
        hash(co)
    with pytest.raises(TypeError):
        co["a"] = "z"  # type: ignore[index]
    with pytest.raises(TypeError):
        json.dumps(co)
    with pytest.raises(ValueError):
        WideCoords(WideAt(["a", "b"], 1), ("x",), ())
    with pytest.raises(ValueError):  # the row's labels as many as its names
        WideCoords(WideAt(["a", "b"], 1), (), ("x", "y"))


def test_a_pickle_shares_the_row_and_column_tuples() -> None:
    at = WideAt(["r", "c"], 1)
    columns = [(f"c{k}",) for k in range(3)]
    rows = [(f"r{k}",) for k in range(4)]
    cells = [WideCoords(at, row, column) for row in rows for column in columns]
    back = pickle.loads(pickle.dumps(cells))
    assert back == cells and all(type(co) is WideCoords for co in back)
    assert len({id(co._at) for co in back}) == 1 and type(back[0]._at) is WideAt
    assert back[0]._at == at and back[0]._at.cut == 1
    assert len({id(co._row) for co in back}) == 4 and len({id(co._column) for co in back}) == 3


def test_a_wide_layout_is_equal_only_to_one_of_the_same_cut() -> None:
    """Two wide tables of the same names read as one layout only when their rows hold as
    many of them: else ``labels_at`` would read a label from the wrong part."""
    names = ["region", "sex", "age"]
    a, b, c = WideAt(names, 1), WideAt(names, 1), WideAt(names, 2)
    assert (a == b) is True and (a != b) is False and (a != c) is True and (a == c) is False
    assert (a != positions(names)) is True and (positions(names) == a) is False
    assert dict(a) == positions(names) and a.cut == 1
    with pytest.raises(TypeError):
        hash(a)
    one = [WideCoords(a, ("North",), ("F", "0-17")), WideCoords(b, ("South",), ("M", "18+"))]
    two = [*one, WideCoords(c, ("East", "F"), ("65+",))]
    assert one_layout(one) == a and one_layout(two) is None
    assert labels_at(one, 2) == ["0-17", "18+"] and labels_at(one, 0) == ["North", "South"]
    assert labels_along(two, "sex") == ["F", "M", "F"]
    assert labels_along(two, "age") == ["0-17", "18+", "65+"]


def test_wide_maker_keeps_dicts_for_a_repeated_name() -> None:
    got = wide_maker(["a"], ["a_2", "a_2"])(("x",), ("y", "z"))
    assert type(got) is dict and got == {"a": "x", "a_2": "z"}
    made = wide_maker(["a"], ["b"])(("x",), ("y",))
    assert type(made) is WideCoords and made == {"a": "x", "b": "y"}


def _lists(rng: random.Random) -> list[list]:
    """Coordinates of one wide layout; equal layouts with the row/column cut elsewhere;
    wide mixed with ``Coords`` and with dicts of the same layout; several layouts; none."""
    names = rng.sample(NAMES, rng.randint(1, 5))
    cut = rng.randint(0, len(names))
    at = WideAt(names, cut)
    one = [WideCoords(at, *_split(rng, len(names), cut)) for _ in range(rng.randint(1, 30))]
    cuts = []
    for _ in range(rng.randint(1, 30)):
        other = rng.randint(0, len(names))
        cuts.append(WideCoords(WideAt(names, other), *_split(rng, len(names), other)))
    with_coords = [*one, *[Coords(at, co._labels) for co in cuts]]
    rng.shuffle(with_coords)
    many = [_wide(rng)[0] for _ in range(rng.randint(1, 30))]
    mixed = [*one, *[dict(co) for co in many]]
    rng.shuffle(mixed)
    return [one, [*one, *cuts], with_coords, [*with_coords[::-1]], many, mixed, []]


def _split(rng: random.Random, width: int, cut: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    labels = tuple(rng.choice(LABELS) for _ in range(width))
    return labels[:cut], labels[cut:]


@pytest.mark.parametrize("seed", range(60))
def test_every_column_reader_is_get_per_cell(seed: int) -> None:
    rng = random.Random(seed)
    absent = object()
    for coords in _lists(rng):
        dims = [*rng.sample(NAMES, rng.randint(0, len(NAMES))), "missing"]
        for default in (None, absent, ""):
            by_dim = labels_by_dim(coords, dims, default)
            distinct = distinct_labels_by_dim(coords, dims, default)
            cells = [DataCell(Measure("n", Role.COUNT), co, RawCell(1, 1, "1", 1.0))
                     for co in coords]
            each = list(cell_labels_each(cells, dims, default))
            for k, dim in enumerate(dims):
                want = [co.get(dim, default) for co in coords]
                assert labels_along(coords, dim, default) == want
                assert by_dim[dim] == want and each[k] == want
                assert distinct[dim] == set(want)
        assert distinct_labels(coords) == {label for co in coords for label in co.values()}
        layout = one_layout(coords)
        if layout is not None:
            for name, at in layout.items():
                assert labels_at(coords, at) == [co[name] for co in coords]
            assert [list(column) for column in label_columns(coords, len(layout))] == [
                [co[name] for co in coords] for name in layout]


@pytest.mark.parametrize("margins", [frozenset(), frozenset({"sex"})])
def test_a_wide_cells_labels_key_is_its_coords(margins: frozenset[str]) -> None:
    at = WideAt(["region", "age", "sex"], 2)
    measure = Measure("n", Role.COUNT)
    wide = DataCell(measure, WideCoords(at, (" North", ""), ("Total ",)), RawCell(2, 2, "5", 5.0),
                    margins)
    same = DataCell(measure, Coords(positions(at), (" North", "", "Total ")),
                    RawCell(2, 2, "5", 5.0), margins)
    assert wide.labels_key == same.labels_key
    assert wide.labels_key == (("North",) if margins else ("North", "Total"))


def _findings(folder: Path) -> list[tuple[str, str, str | None]]:
    result = sdc.check(str(folder), build_policy({}))
    return sorted((o.path, f.rule, f.location.cell) for o in result.outputs
                  for f in o.findings if f.status.value == "fail")


@pytest.mark.parametrize("small", [(4, True), (40, False)])
def test_a_wide_page_and_csv_of_wide_coords_keep_their_findings(tmp_path: Path,
                                                                small: tuple[int, bool]) -> None:
    """Every cell of a wide table is a ``WideCoords``; a 4 among its counts (a page and a CSV
    of the same cells) fails SDC101 at that cell, its twin with 40 does not."""
    value, fails = small
    rows = [[f"r{i}", *[str(100 + 7 * i + j) for j in range(6)]] for i in range(40)]
    rows[25][3] = str(value)
    head = ["area", *[f"c{j}" for j in range(6)]]
    (tmp_path / "cells.csv").write_text("\n".join(",".join(r) for r in [head, *rows]) + "\n")
    cells = "".join("<tr>" + "".join(f"<td>{t}</td>" for t in r) + "</tr>" for r in rows)
    (tmp_path / "page.html").write_text(
        "<table><thead><tr>" + "".join(f"<th>{t}</th>" for t in head) + "</tr></thead>"
        f"<tbody>{cells}</tbody></table>")
    for name in ("cells.csv", "page.html"):
        table = read_output(tmp_path / name, name, build_policy({}))[0].table
        assert table is not None and table.layout == "wide" and len(table.cells) == 240
        assert all(type(c.coords) is WideCoords for c in table.cells)
        assert table.cells[6 * 25 + 2].coords == {"area": "r25", "columns": "c2"}
    got = [f for f in _findings(tmp_path) if f[1] == "SDC101"]
    assert got == ([("cells.csv", "SDC101", "D27"), ("page.html", "SDC101", "D27")] if fails
                   else [])
