"""A long table's coordinates held as columns (``sdc.coords.LabelColumns``, ``RowCoords``;
issue 12 ch. 12): each row's coordinates behave as the ``Coords`` (and dict) of the same labels,
the column readers give what ``.get`` per cell gives, and a long CSV read either way gives the
same findings (cell, rule, status, message) through the engine."""

from __future__ import annotations

import copy
import pickle
import random
from pathlib import Path

import pytest

import sdc
import sdc.readers.layout as layout
from sdc.coords import (
    Coords,
    LabelColumns,
    RowCoords,
    distinct_labels_by_dim,
    labels_along,
    labels_by_dim,
    labels_of,
    one_store,
    pairs_of,
    positions,
)
from sdc.policy import build_policy
from sdc.readers import read_output

NAMES = ["region", "age", "sex", "year"]
LABELS = ["North", "South", "0-17", "18+", "", " ", "Total", "F", "M", "2020"]


def _rows(rng: random.Random, n: int) -> list[tuple[str, ...]]:
    return [tuple(rng.choice(LABELS) for _ in NAMES) for _ in range(n)]


@pytest.mark.parametrize("seed", range(20))
def test_row_coords_behave_as_coords_of_the_same_labels(seed: int) -> None:
    rng = random.Random(seed)
    at = positions(NAMES)
    store = LabelColumns(at)
    rows = _rows(rng, 30)
    keys = sorted(rng.sample(range(1, 200), 30))  # lines with gaps (blank lines) between
    made = [store.add(labels, key) for labels, key in zip(rows, keys, strict=True)]
    store.freeze()
    for co, labels in zip(made, rows, strict=True):
        plain = Coords(at, labels)
        d = dict(zip(NAMES, labels, strict=True))
        assert co == plain and plain == co and co == d and d == co and (co != d) is False
        assert co._labels == labels and co._at is at
        assert list(co) == NAMES and list(co.items()) == list(d.items()) and len(co) == 4
        assert list(co.values()) == list(d.values()) and repr(co) == repr(d)
        assert list(labels_of(co)) == list(labels) and list(pairs_of(co)) == list(d.items())
        for name in [*NAMES, "missing"]:
            assert co.get(name) == d.get(name) and co.get(name, 0) == d.get(name, 0)
            assert (name in co) == (name in d)
        assert co | {"x": "1"} == d | {"x": "1"} and {"x": "1"} | co == {"x": "1"} | d
        for back in (pickle.loads(pickle.dumps(co)), copy.deepcopy(co)):
            assert type(back) is Coords and back == d
    with pytest.raises(ValueError):
        store.add(rows[0])  # frozen
    # the column readers, against .get per cell, on any subset in any order
    picked = rng.sample(made, 12)
    assert one_store(picked) is store
    for name in [*NAMES, "missing"]:
        assert labels_along(picked, name, "?") == [co.get(name, "?") for co in picked]
    assert labels_by_dim(picked, ["sex", "missing", "region"], None) == {
        dim: [co.get(dim) for co in picked] for dim in ["sex", "missing", "region"]}
    assert distinct_labels_by_dim(picked, NAMES, None) == {
        dim: {co.get(dim) for co in picked} for dim in NAMES}
    mixed = [*picked, Coords(at, rows[0])]
    assert one_store(mixed) is None
    assert labels_along(mixed, "age") == [co.get("age") for co in mixed]


def test_keys_that_do_not_grow_and_many_labels() -> None:
    """A key below the last, or far beyond it, is replaced (the row still reads its own
    labels); codes past 255 and 65,535 distinct labels widen."""
    at = positions(["id", "sex"])
    store = LabelColumns(at)
    rows = [(f"p{k}", "FM"[k % 2]) for k in range(70_000)]
    keys = [5, 5, 3, 10_000, *range(10_001, 10_001 + len(rows) - 4)]
    made = [store.add(labels, key) for labels, key in zip(rows, keys, strict=True)]
    assert [co._labels for co in made[::997]] == rows[::997]
    assert labels_along(made, "id") == [r[0] for r in rows]


def test_a_long_csv_reads_the_same_findings_held_as_columns(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    """The same long table (small counts, a suppressed cell, a total row, a blank line) read
    with its coordinates as columns and as ``Coords``: equal cells and the same findings."""
    rng = random.Random(3)
    lines = ["region,sex,age,n"]
    for region in ["North", "South", "East", "Total"]:
        for sex in ["F", "M"]:
            for age in ["0-17", "18-64", "65+"]:
                lines.append(f"{region},{sex},{age},{rng.choice(['3', '[c]', '40', '120'])}")
        lines.append("")
    path = tmp_path / "long.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    policy = build_policy({})
    got = {}
    for columnar in (True, False):
        monkeypatch.setattr(layout, "COLUMNAR_FROM", 0 if columnar else 10**9)
        table = read_output(path, path.name, policy)[0].table
        assert table is not None
        kinds = {type(c.coords) for c in table.cells}
        assert kinds == ({RowCoords} if columnar else {Coords})
        found = [(f.rule, f.status.value, f.location.cell, f.message)
                 for f in sdc.check(str(path), policy).findings]
        got[columnar] = ([(c.ref, dict(c.coords), sorted(c.total_dims)) for c in table.cells],
                         found)
    assert got[True] == got[False]
    cells, found = got[True]
    assert any(rule == "SDC101" and status == "fail" for rule, status, _, _ in found)
    assert cells[0] == ("D2", {"region": "North", "sex": "F", "age": "0-17"}, [])
    assert cells[-1] == ("D28", {"region": "Total", "sex": "M", "age": "65+"}, ["region"])
