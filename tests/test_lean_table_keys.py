"""Lighter keys for a large long table (issue 14 §3) change no reading and no finding: the
layout stops sharing coordinates once its first rows never repeat, and SDC503 keeps a
cutting's other labels as a sorted tuple instead of a frozenset."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from sdc.readers import layout, read_output

POLICY = build_policy({})


def _long_csv(path: Path, repeat_from: int) -> None:
    """A long count table of distinct label rows, then rows repeating earlier labels from row
    ``repeat_from`` on (a duplicated block, as an append of the same extract gives)."""
    combos = list(itertools.product([f"area {a}" for a in range(40)], ["0-17", "18-64", "65+"],
                                    ["FY2019", "FY2020"], ["Female", "Male"]))
    rows = [",".join(c) + f",{(7 * k) % 97}" for k, c in enumerate(combos)]
    rows += [",".join(c) + ",[c]" for c in combos[:repeat_from and 30]]
    path.write_text("area,age,year,sex,n\n" + "\n".join(rows) + "\n", encoding="utf-8")


def _reading(path: Path) -> tuple[list, list]:
    table = read_output(path, path.name, POLICY)[0].table
    assert table is not None
    cells = [(c.ref, c.measure.name, c.coords, sorted(c.total_dims)) for c in table.cells]
    findings = [f.to_dict() for f in sdc.check(str(path), POLICY).findings]
    return cells, findings


@pytest.mark.parametrize("repeat_from", [0, 1])
def test_unshared_coordinates_read_as_shared_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  repeat_from: int) -> None:
    """480 distinct rows, sharing stopped after 64 of them: the same cells with the same
    coordinates and the same findings as when every row is looked up (the repeated block
    after the stop included)."""
    path = tmp_path / "long.csv"
    _long_csv(path, repeat_from)
    monkeypatch.setattr(layout._Interned, "NO_REPEAT_AFTER", 10**9)
    shared = _reading(path)
    monkeypatch.setattr(layout._Interned, "NO_REPEAT_AFTER", 64)
    assert _reading(path) == shared
    assert len(shared[0]) == 480 + (30 if repeat_from else 0)
    if repeat_from:  # the stop did happen: the repeated block has coordinates of its own
        table = read_output(path, path.name, POLICY)[0].table
        assert table is not None and len({id(c.coords) for c in table.cells}) == 510
        monkeypatch.setattr(layout._Interned, "NO_REPEAT_AFTER", 10**9)
        table = read_output(path, path.name, POLICY)[0].table
        assert table is not None and len({id(c.coords) for c in table.cells}) == 480


def test_rows_that_repeat_early_still_share_their_coordinates(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    monkeypatch.setattr(layout._Interned, "NO_REPEAT_AFTER", 4)
    path = tmp_path / "rows.csv"
    path.write_text("sex,n\n" + "".join(f"{s},{k}\n" for k in range(12)
                                         for s in ("Female", "Male")), encoding="utf-8")
    table = read_output(path, path.name, POLICY)[0].table
    assert table is not None and len(table.cells) == 24
    assert len({id(c.coords) for c in table.cells}) == 2


def test_a_recut_band_across_tables_whose_columns_are_in_another_order(tmp_path: Path) -> None:
    """``sex,age`` beside ``age,sex``: the cuttings' other labels are the same set in either
    order of the columns, so the 16-17 year olds are found at each sex's band."""
    (tmp_path / "a.csv").write_text("sex,age,n\nFemale,0-17,50\nFemale,18-64,200\n"
                                    "Female,65+,90\nMale,0-17,45\nMale,18-64,210\nMale,65+,80\n",
                                    encoding="utf-8")
    (tmp_path / "b.csv").write_text("age,sex,n\n0-15,Female,47\n16-64,Female,203\n"
                                    "65+,Female,90\n0-15,Male,40\n16-64,Male,215\n65+,Male,80\n",
                                    encoding="utf-8")
    result = sdc.check(str(tmp_path), POLICY)
    found = [(o.path, f.rule, f.status.value, f.location.cell, f.message)
             for o in result.outputs for f in o.findings]
    assert found == [
        ("b.csv", "SDC503", "fail", "C2",
         "age [16, 18) = (0-17) − (0-15) = 3, below the threshold 10"),
        ("b.csv", "SDC503", "fail", "C5",
         "age [16, 18) = (0-17) − (0-15) = 5, below the threshold 10"),
    ]


def _wide_csv(path: Path, labelled: bool, repeat: bool) -> None:
    """A wide count table of 300 rows (distinct area labels, or no label column at all), then
    with ``repeat`` 20 rows repeating the first areas' labels."""
    head = "area,Female,Male,Total" if labelled else "Female,Male,Total"
    rows = [(f"area {a}," if labelled else "") + f"{(7 * a) % 50},{(3 * a) % 40},"
            f"{(7 * a) % 50 + (3 * a) % 40}" for a in range(300)]
    if repeat and labelled:
        rows += [f"area {a},[c],5,{a + 5}" for a in range(20)]
    path.write_text(head + "\n" + "\n".join(rows) + "\n", encoding="utf-8")


@pytest.mark.parametrize(("labelled", "repeat"), [(True, False), (True, True), (False, False)])
def test_wide_rows_past_the_sharing_stop_read_as_shared_ones(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, labelled: bool, repeat: bool) -> None:
    """A wide table's coordinates by row and column stop being remembered once 64 rows had
    labels of their own (a table with no label column: every row is its own line): the same
    cells, coordinates and findings as when every row is looked up."""
    path = tmp_path / "wide.csv"
    _wide_csv(path, labelled, repeat)
    monkeypatch.setattr(layout._Interned, "NO_REPEAT_AFTER", 10**9)
    shared = _reading(path)
    monkeypatch.setattr(layout._Interned, "NO_REPEAT_AFTER", 64)
    assert _reading(path) == shared
    assert len(shared[0]) == 3 * (320 if repeat else 300)
    assert any(f["rule"] == "SDC101" for f in shared[1])  # small counts: not a finding-free file
    if not labelled:  # each row a line of its own: no row repeats, the stop happens
        assert all(coords["row"].startswith("line ") for _, _, coords, _ in shared[0])
        table = read_output(path, path.name, POLICY)[0].table
        assert table is not None and len({id(c.coords) for c in table.cells}) == 3 * 300
    if repeat:  # the stop did happen: the repeated rows have coordinates of their own
        table = read_output(path, path.name, POLICY)[0].table
        assert table is not None and len({id(c.coords) for c in table.cells}) == 3 * 320
        monkeypatch.setattr(layout._Interned, "NO_REPEAT_AFTER", 10**9)
        table = read_output(path, path.name, POLICY)[0].table
        assert table is not None and len({id(c.coords) for c in table.cells}) == 3 * 300


def test_wide_rows_that_repeat_early_still_share_their_coordinates(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout._Interned, "NO_REPEAT_AFTER", 4)
    path = tmp_path / "rows.csv"
    path.write_text("area,Female,Male,Total\n" + "".join(
        f"{a},{(7 * k) % 13 + 5},{(5 * k) % 11 + 5},{(7 * k) % 13 + (5 * k) % 11 + 10}\n"
        for k in range(12) for a in ("North", "South")),
        encoding="utf-8")
    table = read_output(path, path.name, POLICY)[0].table
    assert table is not None and table.column_dimensions and len(table.cells) == 72
    assert len({id(c.coords) for c in table.cells}) == 6  # 2 areas x 3 columns
