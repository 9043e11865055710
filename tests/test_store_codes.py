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
