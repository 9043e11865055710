"""SDC503's re-run buckets (tables of the same label combinations) are grouped by the key
set's size and hash and then by comparing the tables' keys, not keyed by a frozenset of each
set: tables of the same size and hash but other combinations never share a bucket (every
hash made equal below), and the findings are those of the buckets by set."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import sdc
from sdc.rules import differencing


def _found(folder: Path) -> list[tuple[str, str, str | None, str]]:
    return [(f.rule, f.location.path, f.location.cell, f.message)
            for f in sdc.check(folder).findings if f.rule == "SDC503"]


def _write(folder: Path, tables: dict[str, dict[str, int]]) -> None:
    for name, counts in tables.items():
        (folder / name).write_text("region,n\n" + "".join(f"{k},{v}\n"
                                                          for k, v in counts.items()))


@pytest.mark.parametrize("colliding", [False, True], ids=["hashes", "every-hash-equal"])
def test_tables_of_other_combinations_are_no_rerun_of_each_other(
        tmp_path: Path, colliding: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if colliding:
        monkeypatch.setattr(differencing, "hash", lambda _: 0, raising=False)
    _write(tmp_path, {
        "a.csv": {"North": 40, "South": 50, "East": 60, "West": 70},
        "b.csv": {"North": 40, "South": 53, "East": 60, "West": 70},  # a re-run of a
        "c.csv": {"North": 40, "South": 50, "East": 61, "Wales": 70},  # other labels
        "d.csv": {"North": 41, "South": 50, "East": 60, "West": 70},
    })
    found = [(path, cell, message.split(" publishes")[0]) for _, path, cell, message
             in _found(tmp_path)]
    assert found == [("b.csv", "B3", "a.csv"), ("c.csv", "B4", "a.csv"),
                     ("d.csv", "B2", "a.csv"), ("d.csv", "B2", "b.csv"),
                     ("d.csv", "B3", "b.csv")]


def test_random_releases_find_the_same_with_every_hash_equal(tmp_path: Path) -> None:
    rng = random.Random(3)
    checked = 0
    for case in range(12):
        folder = tmp_path / str(case)
        folder.mkdir()
        sets = [["North", "South", "East", "West"], ["North", "South", "East", "Wales"],
                ["North", "South", "West", "East"]]
        base = {k: rng.randint(10, 90) for k in ["North", "South", "East", "West", "Wales"]}
        _write(folder, {f"t{k}.csv": {label: base[label] + rng.choice([0, 0, 0, 1, 3, 12])
                                      for label in rng.choice(sets)}
                        for k in range(rng.randint(2, 6))})
        plain = _found(folder)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(differencing, "hash", lambda _: 0, raising=False)
            assert _found(folder) == plain
        checked += bool(plain)
    assert checked >= 6  # most releases have re-runs to find
