"""``sdc.coords.Coords`` behaves as the coordinates dict it replaces (issue 14 §3): every
operation the rules, reporters, protect and the ledger use, on random names and labels, against
the plain dict of the same pairs; and ``labels_along`` gives what ``.get`` per cell gave."""

from __future__ import annotations

import copy
import json
import pickle
import random
from pathlib import Path

import pytest

from sdc.coords import (
    Coords,
    WideCoords,
    cell_labels,
    distinct_labels_by_dim,
    labels_along,
    labels_by_dim,
    labels_of,
    maker,
    one_layout,
    pairs_of,
    positions,
)
from sdc.policy import build_policy
from sdc.readers import read_output

NAMES = ["region", "age", "sex", "year", "", " ", "Region", "imd", "columns", "value"]
LABELS = ["North", "South", "0-17", "18+", "", " ", "Total", "All", "F", "M", "2020", "n"]


def _pair(rng: random.Random) -> tuple[Coords, dict[str, str]]:
    names = rng.sample(NAMES, rng.randint(0, 6))
    labels = tuple(rng.choice(LABELS) for _ in names)
    return Coords(positions(names), labels), dict(zip(names, labels, strict=True))


@pytest.mark.parametrize("seed", range(200))
def test_coords_behave_as_their_dict(seed: int) -> None:
    rng = random.Random(seed)
    co, d = _pair(rng)
    assert co == d and d == co
    assert (co != d) is False and (d != co) is False  # __ne__ itself, not == negated
    assert list(co) == list(d) and list(reversed(co)) == list(reversed(d))
    assert list(co.keys()) == list(d.keys()) and co.keys() == d.keys()
    assert list(co.values()) == list(d.values())
    assert list(co.items()) == list(d.items()) and co.items() == d.items()
    assert len(co) == len(d) and bool(co) == bool(d)
    assert repr(co) == repr(d) and str(co) == str(d)
    assert dict(co) == d and list(dict(co)) == list(d) and co.copy() == d
    assert type(co.copy()) is dict
    assert sorted(co.items()) == sorted(d.items())
    assert json.dumps(dict(co)) == json.dumps(d)
    for name in [*NAMES, "missing"]:
        assert (name in co) == (name in d)
        assert co.get(name) == d.get(name) and co.get(name, "x") == d.get(name, "x")
        if name in d:
            assert co[name] == d[name]
        else:
            with pytest.raises(KeyError):
                co[name]
    other, od = _pair(rng)
    assert (co == other) == (d == od) and (co != other) == (d != od)
    assert (co == od) == (d == od) and (od == co) == (od == d)
    assert co | od == d | od and list(co | od) == list(d | od)
    assert od | co == od | d and list(od | co) == list(od | d)
    assert co | other == d | od and type(co | other) is dict
    shuffled = list(d.items())
    rng.shuffle(shuffled)  # equal whatever the order, as dicts
    assert (co == Coords(positions([k for k, _ in shuffled]), tuple(v for _, v in shuffled)))
    for back in (pickle.loads(pickle.dumps(co)), copy.copy(co), copy.deepcopy(co)):
        assert type(back) is Coords and back == d and list(back.items()) == list(d.items())
    assert co != list(d.items()) and co != tuple(d) and co != None  # noqa: E711


def test_coords_are_unhashable_and_read_only() -> None:
    co = Coords(positions(["a", "b"]), ("x", "y"))
    with pytest.raises(TypeError):
        hash(co)
    with pytest.raises(TypeError):
        co["a"] = "z"  # type: ignore[index]
    with pytest.raises(TypeError):
        del co["a"]  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        co.get(["unhashable"])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        json.dumps(co)  # not a dict: the ledger writes dict(coords)
    with pytest.raises(ValueError):
        Coords(positions(["a", "b"]), ("x",))


def test_a_pickle_shares_one_position_dict() -> None:
    at = positions(["a", "b"])
    rows = [Coords(at, (str(k), "y")) for k in range(50)]
    back = pickle.loads(pickle.dumps(rows))
    assert back == rows and len({id(co._at) for co in back}) == 1


def test_a_layout_with_a_repeated_name_keeps_dicts() -> None:
    """Two dimensions of one name (the reader makes them unique, but ``a, a, a_2`` gives
    ``a_2`` twice): the later label wins, as in the dict the reader made before."""
    make = maker(["a", "a_2", "a_2"])
    got = make(("x", "y", "z"))
    assert type(got) is dict and got == {"a": "x", "a_2": "z"}
    assert type(maker(["a", "b"])(("x", "y"))) is Coords


@pytest.mark.parametrize("seed", range(50))
def test_labels_along_is_get_per_cell(seed: int) -> None:
    """One layout (the fast path), several layouts, plain dicts and a mix of both."""
    rng = random.Random(seed)
    names = rng.sample(NAMES, rng.randint(1, 5))
    at = positions(names)
    one = [Coords(at, tuple(rng.choice(LABELS) for _ in names)) for _ in range(rng.randint(1, 30))]
    many = [_pair(rng)[0] for _ in range(rng.randint(1, 30))]
    dicts = [dict(co) for co in one + many]
    mixed = [*one, *dicts]
    rng.shuffle(mixed)
    absent = object()
    for coords in (one, many, dicts, mixed, []):
        for dim in [*NAMES, "missing"]:
            for default in (None, absent, ""):
                assert labels_along(coords, dim, default) == [co.get(dim, default)
                                                              for co in coords]


@pytest.mark.parametrize("seed", range(50))
def test_labels_by_dim_is_get_per_cell_and_dimension(seed: int) -> None:
    """Every dimension's labels at once (one layout checked once, the columns cut in one
    pass) are ``get`` per cell and dimension: one layout, equal but distinct position dicts
    (read alike), several layouts, plain dicts, a mix, none; names repeated or absent."""
    rng = random.Random(seed)
    names = rng.sample(NAMES, rng.randint(1, 5))
    at = positions(names)
    one = [Coords(at, tuple(rng.choice(LABELS) for _ in names)) for _ in range(rng.randint(1, 30))]
    equal = [Coords(positions(names), co._labels) if rng.random() < 0.5 else co for co in one]
    many = [_pair(rng)[0] for _ in range(rng.randint(1, 30))]
    dicts = [dict(co) for co in one + many]
    mixed = [*one, *dicts]
    rng.shuffle(mixed)
    absent = object()
    dims = [*rng.sample(NAMES, rng.randint(0, len(NAMES))), "missing", names[0]]
    for coords in (one, equal, many, dicts, mixed, []):
        for default in (None, absent, ""):
            got = labels_by_dim(coords, dims, default)
            assert list(got) == list(dict.fromkeys(dims))
            for dim in dims:
                assert got[dim] == [co.get(dim, default) for co in coords]
            distinct = distinct_labels_by_dim(coords, dims, default)
            assert list(distinct) == list(got)
            for dim in dims:
                assert distinct[dim] == {co.get(dim, default) for co in coords}
    assert one_layout(one) is at and one_layout(equal) == at
    assert one_layout(dicts) is None and one_layout(mixed) is None and one_layout([]) is None
    other = Coords(positions([*names, "extra"]), (*one[0]._labels, "x"))
    assert one_layout([*one, other]) is None  # another layout: read per cell


def test_a_long_and_a_wide_table_read_into_coords(tmp_path: Path) -> None:
    """The readers' coordinates are ``Coords`` (a wide table's ``WideCoords``: its rows' and
    its columns' labels shared) sharing one position dict per table, equal to the dicts of
    names and labels they stand for."""
    policy = build_policy({})
    long = tmp_path / "long.csv"
    long.write_text("region,sex,n\nNorth,F,12\nNorth,M,15\nSouth,F,20\nSouth,M,3\n",
                    encoding="utf-8")
    wide = tmp_path / "wide.csv"
    wide.write_text("region,F,M\nNorth,12,15\nSouth,20,3\n", encoding="utf-8")
    got = {}
    for path in (long, wide):
        table = read_output(path, path.name, policy)[0].table
        assert table is not None
        kind = WideCoords if path is wide else Coords
        assert all(type(c.coords) is kind for c in table.cells)
        assert len({id(c.coords._at) for c in table.cells}) == 1  # type: ignore[attr-defined]
        got[path.name] = [(c.ref, c.coords) for c in table.cells]
        assert cell_labels(table.cells, "region") == [c.coords["region"] for c in table.cells]
    assert got["long.csv"] == [("C2", {"region": "North", "sex": "F"}),
                               ("C3", {"region": "North", "sex": "M"}),
                               ("C4", {"region": "South", "sex": "F"}),
                               ("C5", {"region": "South", "sex": "M"})]
    assert got["wide.csv"] == [("B2", {"region": "North", "columns": "F"}),
                               ("C2", {"region": "North", "columns": "M"}),
                               ("B3", {"region": "South", "columns": "F"}),
                               ("C3", {"region": "South", "columns": "M"})]


@pytest.mark.parametrize("seed", range(50))
def test_labels_of_and_pairs_of_iterate_as_values_and_items(seed: int) -> None:
    co, d = _pair(random.Random(seed))
    for coords in (co, d):
        assert list(labels_of(coords)) == list(d.values())
        assert list(pairs_of(coords)) == list(d.items())
