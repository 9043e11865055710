"""``coords.cell_labels_each``: each dimension's labels in turn, the cells' store or layout
found once, are ``cell_labels`` per dimension (``.get`` per cell) for cells whose coordinates
are rows of one store, rows of two stores, ``Coords`` of one layout, plain dicts, a mix, none;
names absent or repeated; any default (issue 14 §3: SDC603's row keys read six dimensions)."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest

from sdc.coords import Coords, LabelColumns, cell_labels, cell_labels_each, positions

NAMES = ["region", "age", "sex", "year"]
LABELS = ["North", "South", "0-17", "18+", "", " ", "Total", "F", "M", "2020"]


def _store_rows(rng: random.Random, n: int) -> list:
    store = LabelColumns(positions(NAMES))
    made = [store.add(tuple(rng.choice(LABELS) for _ in NAMES), key)
            for key in sorted(rng.sample(range(1, 400), n))]
    store.freeze()
    return made


@pytest.mark.parametrize("seed", range(20))
def test_each_dimensions_labels_are_cell_labels(seed: int) -> None:
    rng = random.Random(seed)
    stored = _store_rows(rng, rng.randint(1, 40))
    other = _store_rows(rng, 5)
    at = positions(NAMES)
    layout = [Coords(at, tuple(rng.choice(LABELS) for _ in NAMES)) for _ in range(20)]
    dicts = [dict(co) for co in layout]
    picked = rng.sample(stored, len(stored) // 2 + 1)  # a subset, in any order
    absent = object()
    dims = [*rng.sample(NAMES, rng.randint(0, 4)), "missing", NAMES[0]]
    for coords in (stored, picked, [*stored, *other], layout, dicts, [*layout, *dicts],
                   [*stored, *layout], []):
        cells = [SimpleNamespace(coords=co) for co in coords]
        for default in (None, absent, ""):
            got = list(cell_labels_each(cells, dims, default))
            assert got == [cell_labels(cells, dim, default) for dim in dims]
