"""Numeric label columns of a long table whose blocks are not all full (``sdc.readers.layout.
_in_blocks``): ``groupby().size()`` leaves out empty combinations and researchers drop small
rows, so a block may hold one row. One such run in ten no longer reads a year or a
deprivation code as counts; a column whose values change from row to row stays a measure."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import sdc
from sdc.policy import build_policy

POLICY = build_policy({})


def _long_table(seed: int, drop_last: int) -> str:
    rng = random.Random(seed)
    lines = ["region,age,year,imd,n"]
    for combo in itertools.product(["North", "South", "East"], ["0-17", "18-64", "65+"],
                                   ["2020", "2021"], ["1", "2", "3"]):
        lines.append(",".join(combo) + f",{rng.randint(20, 60)}")
    return "\n".join(lines[:len(lines) - drop_last]) + "\n"


def _findings(path: Path) -> set[tuple[str, str | None, str]]:
    return {(f.rule, f.location.cell, f.status.value) for f in sdc.check(path, POLICY).findings}


def test_a_long_table_whose_last_block_holds_one_row(tmp_path: Path) -> None:
    # East / 65+ / 2021 keeps imd 1 only: one run of one row among 18 (year) blocks
    path = tmp_path / "counts.csv"
    path.write_text(_long_table(1, drop_last=2))
    table = sdc.check(path, POLICY).outputs[0]
    assert _findings(path) == set()
    assert table.status.value == "pass"


def test_the_same_table_with_a_small_count_still_fails_at_it(tmp_path: Path) -> None:
    lines = _long_table(1, drop_last=2).splitlines()
    lines[2] = "North,0-17,2020,2,3"  # was 2020's imd 2; 2021's is 27
    path = tmp_path / "counts.csv"
    path.write_text("\n".join(lines) + "\n")
    # the 3 itself, and 27 of the 30 across the years of North / 0-17 / imd 2
    assert _findings(path) == {("SDC101", "E3", "fail"), ("SDC103", "E6", "fail")}


def test_a_column_that_changes_row_to_row_stays_a_measure(tmp_path: Path) -> None:
    # deaths 1..5 in runs of one row inside repeated (ward, age) groups: a measure, its
    # small values checked as counts (not labels because they form a code sequence)
    rows = ["ward,age,deaths,admissions"]
    deaths = itertools.cycle(["1", "2", "3", "4", "5"])
    for ward, age in itertools.product(["A", "B", "C", "D"], ["0-64", "65+"]):
        for _ in range(3):
            rows.append(f"{ward},{age},{next(deaths)},{40}")
    path = tmp_path / "deaths.csv"
    path.write_text("\n".join(rows) + "\n")
    rules = {rule for rule, _, status in _findings(path) if status == "fail"}
    assert "SDC101" in rules
