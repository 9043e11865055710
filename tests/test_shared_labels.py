"""Linked tables' equal label tuples are held once (``sdc.coords.SharedLabels``, issue 14
§3): the engine points each table's ``Coords`` at the equal tuple of an earlier table, and a
release checked so finds exactly what it finds with every table keeping its own tuples."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import pytest

import sdc
from sdc import engine
from sdc.coords import Coords, SharedLabels, positions
from sdc.policy import build_policy
from sdc.table import DataCell, Measure, RawCell, Role


def _cell(coords: object) -> DataCell:
    return DataCell(measure=Measure(name="n", role=Role.COUNT), coords=coords,  # type: ignore[arg-type]
                    source=RawCell(1, 1, "3", 3.0))


def test_equal_labels_share_the_first_tuple_met() -> None:
    at = positions(["region", "sex"])
    first = [_cell(Coords(at, ("North", "F"))), _cell(Coords(at, ("North", "M")))]
    later = [_cell(Coords(positions(["region", "sex"]), (f"{'North'}", "".join("F")))),
             _cell(Coords(at, ("South", "M"))), _cell({"region": "North", "sex": "F"})]
    assert later[0].coords._labels is not first[0].coords._labels  # type: ignore[attr-defined]
    shared = SharedLabels()
    shared.share(first)
    shared.share(later)
    assert later[0].coords._labels is first[0].coords._labels  # type: ignore[attr-defined]
    assert later[0].coords == {"region": "North", "sex": "F"}
    assert later[1].coords == {"region": "South", "sex": "M"}  # new: kept as it was
    assert later[2].coords == {"region": "North", "sex": "F"}  # a dict: left alone
    assert set(shared.known) == {("North", "F"), ("North", "M"), ("South", "M")}


def test_no_more_tuples_remembered_than_the_limit() -> None:
    at = positions(["k"])
    shared = SharedLabels(limit=2)
    shared.share([_cell(Coords(at, (str(k),))) for k in range(5)])
    assert set(shared.known) == {("0",), ("1",)}
    late = _cell(Coords(at, ("".join(["1"]),)))
    unknown = _cell(Coords(at, ("".join(["4"]),)))
    shared.share([late, unknown])
    assert late.coords._labels is shared.known[("1",)]  # type: ignore[attr-defined]
    assert ("4",) not in shared.known and unknown.coords == {"k": "4"}


def _linked_release(folder: Path, tables: int, seed: int) -> None:
    """``tables`` cuts of one population with totals by sex: the counts drawn once, each
    table hiding its own small cells (so the audit links them and recovers some)."""
    rng = random.Random(seed)
    counts = {(region, age, sex): rng.choice([0, 2, 5, 12, 40, 41, 300])
              for region in ("North", "South", "East") for age in ("0-17", "18-64", "65+")
              for sex in ("Female", "Male")}
    for t in range(tables):
        lines = ["region,age,sex,n"]
        for region in ("North", "South", "East"):
            for age in ("0-17", "18-64", "65+"):
                both = 0
                for sex in ("Female", "Male"):
                    v = counts[region, age, sex]
                    both += v
                    hide = 0 < v < 10 and rng.random() < 0.7
                    lines.append(f"{region},{age},{sex},{'[c]' if hide else v}")
                lines.append(f"{region},{age},Total,{both}")
        (folder / f"t{t}.csv").write_text("\n".join(lines) + "\n")


def _digest(result: object) -> str:
    found = [(f.rule, f.status.value, f.location.path, f.location.cell, f.message)
             for f in result.findings]  # type: ignore[attr-defined]
    return hashlib.sha256(json.dumps(found).encode()).hexdigest()


@pytest.mark.parametrize("seed", range(3))
def test_a_release_read_with_shared_labels_finds_the_same(tmp_path: Path, seed: int,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    _linked_release(tmp_path, 4, seed)
    policy = build_policy({})
    outputs, *_ = engine.read_release([tmp_path], policy)
    tables = [o.table for o in outputs if o.table is not None]
    assert len(tables) == 4
    firsts = {c.coords._labels: c.coords._labels for c in tables[0].cells}  # type: ignore[attr-defined]
    for table in tables[1:]:  # every later table's labels are the first table's tuples
        assert all(c.coords._labels is firsts[c.coords._labels]  # type: ignore[attr-defined]
                   for c in table.cells)
    result = sdc.check(tmp_path, policy)
    assert "SDC501" in {f.rule for f in result.findings}  # linked and audited
    shared = _digest(result)
    monkeypatch.setattr(SharedLabels, "share", lambda self, cells: None)
    outputs, *_ = engine.read_release([tmp_path], policy)
    tables = [o.table for o in outputs if o.table is not None]
    assert tables[1].cells[0].coords._labels is not tables[0].cells[0].coords._labels  # type: ignore[attr-defined,union-attr]
    assert _digest(sdc.check(tmp_path, policy)) == shared
