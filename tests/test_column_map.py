"""``CodeRows.column_map``: a function of what a cell says, asked once per distinct code and
once per made cell, gives per row what asking it of ``column_read``'s objects row by row
gives, whichever cells were made (a few, more than an eighth, every row) and whichever rows
are asked (all, a run, rows with gaps), a changed made cell read as itself (issue 14 §3)."""

from __future__ import annotations

import random

import pytest

from sdc.code_rows import CodeRows, Fact
from sdc.table import RawCell
from tests.test_code_rows import _columns


def _says(o: RawCell | Fact) -> tuple:
    return (o.raw, o.value, o.marker, o.kind)


def _plain(rows: CodeRows, col: int, at: list[int] | range) -> list:
    return [("none",) if o is None else _says(o) for o in rows.column_read(col, at)]


def _text(seed: int) -> str:
    rng = random.Random(seed)
    lines = ["region,age,n"]
    for _ in range(200):
        lines.append(",".join([rng.choice(["North", "South", "1", "2", "All", " "]),
                               rng.choice(["0-15", "16-64", "", "[c]"]),
                               rng.choice(["3", "12", "[c]", "", "x"])]))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("made", ["none", "few", "dense", "all", "changed"])
@pytest.mark.parametrize("which", ["all", "run", "gaps", "empty"])
def test_column_map_is_the_row_by_row_map(made: str, which: str) -> None:
    packed = _columns(_text(len(made) * 7 + len(which)))
    assert packed is not None
    rows = CodeRows(packed)
    n = len(rows)
    if made in ("few", "changed"):
        for i in (1, 5, 150):
            rows.cell(i, 1)
    elif made == "dense":
        rows.column_cells(1)
    elif made == "all":
        rows.all_rows()
    if made == "changed":  # a pass set a made cell's marker: read as itself, not its code
        cell = rows.cell(5, 1)
        assert cell is not None
        cell.marker = "[c]"
    at: list[int] | range = {"all": range(n), "run": list(range(3, 120)),
                             "gaps": [i for i in range(n) if i % 3], "empty": []}[which]
    for col in (1, 2, 3, 4):  # column 4: none there
        assert rows.column_map(col, at, _says, ("none",)) == _plain(rows, col, at)
    if made == "changed" and which in ("all", "run"):
        assert rows.column_map(1, at, _says, ("none",))[5 - at[0]][2] == "[c]"


def test_column_map_asks_once_per_distinct_code_and_made_cell() -> None:
    packed = _columns("a,b\n" + "".join(f"{'xyz'[i % 3]},{i}\n" for i in range(3000)))
    assert packed is not None
    rows = CodeRows(packed)
    rows.cell(10, 1)
    asked: list[str] = []
    got = rows.column_map(1, range(1, 3001), lambda o: asked.append(o.raw) or o.raw, None)
    assert got == [c.raw for c in rows.column_read(1, range(1, 3001))]
    assert sorted(asked) == ["x", "x", "y", "z"]  # three codes and the one made cell


@pytest.mark.parametrize("which", ["all", "run", "gaps", "empty"])
def test_widest_and_column_any_are_the_row_by_row_forms(which: str) -> None:
    text = "a,b,c\n" + "".join(["x,,\n", "y, ,\n", "x,,\n", "1,,[c]\n", "z,,\n"][i % 5]
                               for i in range(60))
    packed = _columns(text)
    assert packed is not None
    rows = CodeRows(packed)
    n = len(rows)
    at: list[int] | range = {"all": range(n), "run": list(range(2, 40)),
                             "gaps": [i for i in range(n) if i % 5 != 4], "empty": []}[which]
    assert rows.widest(at) == max(map(rows.width, at), default=0)
    for col in (1, 2, 3, 4):
        for test in (lambda f: f.kind != "empty", lambda f: f.marker is not None):
            plain = any(f is not None and test(f) for f in rows.column_facts(col, at))
            assert rows.column_any(col, at, test) is plain
    if which == "gaps":  # the rows with the marker left out: column 3 holds none there
        assert not rows.column_any(3, at, lambda f: f.marker is not None)
    if which == "all":
        assert rows.column_any(3, at, lambda f: f.marker is not None)
