"""Each large table's grid is packed as soon as it is read and its coverage worked out, and
made rows again only while a pass that reads cells by identity runs on it (issue 14 §3:
a release of many large tables held every table's cells until the per-output rules ended).
The findings are those of the check that packs only after the per-output rules: the whole
report compared, serially and with a pool."""

from __future__ import annotations

import csv
import hashlib
import json
import random
from pathlib import Path

import pytest

import sdc.engine
import sdc.pool
import sdc.table
from sdc.engine import read_release, run
from sdc.policy import build_policy


def _release(folder: Path) -> Path:
    """Large long tables with small counts, suppression markers, ``n (%)`` strings (implied
    counts that hold grid cells) and percentages whose base is published in another table."""
    rng = random.Random(11)
    regions = [f"Region {k}" for k in range(60)]
    for t in range(3):
        rows = [["region", "sex", "age", "n"]]
        for region in regions:
            for sex in ("F", "M"):
                for age in ("0-17", "18-64", "65+", "Total"):
                    roll = rng.random()
                    n = "[c]" if roll < 0.05 else str(rng.randint(1, 9) if roll < 0.15
                                                      else rng.randint(10, 400))
                    rows.append([region, sex, age, n])
        with (folder / f"counts{t}.csv").open("w", newline="") as f:
            csv.writer(f).writerows(rows)
    rows = [["region", "group", "n (%)"]]
    for region in regions:
        for group in ("a", "b", "c", "d", "e", "f", "g", "h"):
            n = rng.choice([2, 3, 15, 40, 120, 300])
            rows.append([region, group, f"{n} ({n / 4:.1f}%)"])
    with (folder / "table1.csv").open("w", newline="") as f:
        csv.writer(f).writerows(rows)
    rows = [["region", "% smoking"]] + [[r, f"{rng.randint(5, 60)}.{rng.randint(0, 9)}"]
                                        for r in regions] * 40
    with (folder / "shares.csv").open("w", newline="") as f:
        csv.writer(f).writerows(rows)
    return folder


def _digest(folder: Path, jobs: int) -> tuple[str, int]:
    result = run([folder], build_policy({}), jobs=jobs).result
    found = [(f.rule, f.status.value, f.location.path, f.location.sheet, f.location.cell,
              f.message) for f in result.findings]
    return hashlib.sha256(json.dumps(found).encode()).hexdigest(), len(found)


@pytest.mark.parametrize("jobs", [1, 2])
def test_packing_on_read_finds_the_same(tmp_path: Path, jobs: int,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _release(tmp_path)
    monkeypatch.setattr(sdc.pool, "MIN_ITEMS_FOR_POOL", 2)  # five outputs: pooled
    early = _digest(folder, jobs)
    monkeypatch.setattr(sdc.engine, "_pack_read", lambda output: None)  # packed after rules
    late = _digest(folder, jobs)
    assert early == late
    assert early[1] > 0


def test_each_grid_is_packed_once_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                       ) -> None:
    """While the release is read, no table read before holds its cells as rows; after the
    per-output rules, every large grid is packed again."""
    folder = _release(tmp_path)
    pack_read = sdc.engine._pack_read
    read: list = []

    def watched(output):  # type: ignore[no-untyped-def]
        assert all(o.table.grid.packed for o in read)
        pack_read(output)
        read.append(output)

    monkeypatch.setattr(sdc.engine, "_pack_read", watched)
    outputs, *_ = read_release([folder], build_policy({}))
    assert len(read) == 5 and all(o.table.grid.packed for o in outputs)
    assert any(o.table.__dict__["_sdc_implied_counts"] for o in outputs)
    checked = run([folder], build_policy({}))
    assert all(o.table.grid.packed for o in checked.outputs)


def test_a_lone_file_is_packed_once_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    """A release of one file is packed as soon as its coverage is worked out, as each table
    of a larger release is: its per-output rules then run beside its codes, not its cells
    (the 100,000-row long table's rules peaked at 134.5 MiB on its cells, see
    benchmarks/RESULTS.md); a long count table's rules read texts only, so it is not
    unpacked for them. The whole report is that of packing only after its rules."""
    _release(tmp_path)
    folder = tmp_path / "alone"
    folder.mkdir()
    (tmp_path / "counts0.csv").rename(folder / "counts0.csv")
    packed_on_read: list = []
    pack_read = sdc.engine._pack_read

    def watched(output):  # type: ignore[no-untyped-def]
        pack_read(output)
        packed_on_read.append(output.table.grid.packed)

    unpacked: list = []
    unpack = sdc.table.Grid.unpack

    def counted(grid):  # type: ignore[no-untyped-def]
        was = unpack(grid)
        if was and grid._unpack_on_use:  # for a pass, not the parser's own codes
            unpacked.append(grid)
        return was

    monkeypatch.setattr(sdc.engine, "_pack_read", watched)
    monkeypatch.setattr(sdc.table.Grid, "unpack", counted)
    checked = run([folder], build_policy({}))
    assert packed_on_read == [True]
    assert unpacked == []
    assert [o.path for o in checked.outputs] == ["counts0.csv"]
    assert all(o.table.grid.packed for o in checked.outputs)
    found = checked.result.findings
    assert any(f.rule == "SDC101" for f in found)
    early = _digest(folder, 1)
    monkeypatch.setattr(sdc.engine, "_pack_read", lambda output: None)  # packed after rules
    assert _digest(folder, 1) == early


@pytest.mark.parametrize("jobs", [1, 2])
def test_rules_reading_texts_leave_the_grid_packed(tmp_path: Path, jobs: int,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The per-output rules run on each packed grid marked ``unpack_on_use``: the whole report
    is that of the check that unpacks every grid before its rules and packs it after (the
    way before), serially and with a pool; and long count tables, whose rules read only
    texts, are not unpacked at all."""
    folder = _release(tmp_path)
    monkeypatch.setattr(sdc.pool, "MIN_ITEMS_FOR_POOL", 2)
    unpacked: list = []
    unpack = sdc.table.Grid.unpack

    def counted(grid):  # type: ignore[no-untyped-def]
        was = unpack(grid)
        if was:
            unpacked.append(grid)
        return was

    monkeypatch.setattr(sdc.table.Grid, "unpack", counted)
    lazy = _digest(folder, jobs)
    if jobs == 1:
        assert unpacked == []  # long tables and n (%) strings: their rules read texts
    monkeypatch.setattr(sdc.table.Grid, "unpack_on_use", lambda grid: grid.unpack())
    monkeypatch.setattr(sdc.table.Grid, "end_unpack_on_use", lambda grid: not grid.packed)
    eager = _digest(folder, jobs)
    assert unpacked  # the way before: each grid unpacked for its rules
    assert lazy == eager
    assert lazy[1] > 0
