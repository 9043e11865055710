"""Secondary suppression in a three-way table with a hierarchy (the SDC Handbook ch. 4.2 on
linked and hierarchical tables; τ-ARGUS's and sdcTable's three-dimensional examples, region >
district by sex by age band): one CSV with a row per (region, district, sex), the district,
region and grand sub-totals written as ``Total`` rows, the age bands and their total as
columns. Each suppression pattern's feasible intervals are solved here by linear programming
(scipy's HiGHS) over the table's own equations (age bands add to the total column, the sexes
to the ``Total`` sex row, the districts to their region's ``Total`` district, the regions to
the grand total, every cell >= 0), never copied as answers. sdc must agree cell for cell:
SDC501 where an interval has width 0, SDC502 where a hidden count's upper bound is below the
threshold, nothing else.

The three-way point: a pattern that protects a two-way view (a rectangle of districts by age
among the males) is undone through the third dimension when the sexes' total is published."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from sdc.protect.protection import protect
from tests.test_handbook_examples_hierarchy import audit_agrees, line_intervals

AGES = ["0-15", "16-64", "65+"]
SEXES = ["Male", "Female"]
# region -> district -> sex -> counts by age band; the small counts (under 10): N1 male 65+
# (3), S1 male 0-15 (5) and S1 female 0-15 (4), the last two a band of 9 children in S1
DATA = {"North": {"N1": {"Male": (12, 40, 3), "Female": (15, 38, 11)},
                  "N2": {"Male": (20, 51, 14), "Female": (18, 47, 22)}},
        "South": {"S1": {"Male": (5, 44, 12), "Female": (4, 36, 17)},
                  "S2": {"Male": (25, 44, 19), "Female": (21, 49, 23)}}}
THRESHOLD = 10
Row = tuple[str, str, str, tuple[int, ...]]  # region, district, sex, the counts with the total


def _with_total(counts: list[int]) -> tuple[int, ...]:
    return (*counts, sum(counts))


def published_rows() -> list[Row]:
    """The table as written: per district its Male, Female and Total rows; each region's
    ``Total`` district after its districts; the grand total last."""
    rows: list[Row] = []

    def add(region: str, district: str, by_sex: dict[str, list[int]]) -> None:
        for sex in SEXES:
            rows.append((region, district, sex, _with_total(by_sex[sex])))
        rows.append((region, district, "Total",
                     _with_total([m + f for m, f in zip(*by_sex.values(), strict=True)])))

    def summed(parts: list[dict[str, list[int]]]) -> dict[str, list[int]]:
        return {sex: [sum(p[sex][a] for p in parts) for a in range(len(AGES))] for sex in SEXES}

    regions = []
    for region, districts in DATA.items():
        parts = [{sex: list(counts[sex]) for sex in SEXES} for counts in districts.values()]
        for district, part in zip(districts, parts, strict=True):
            add(region, district, part)
        regions.append(summed(parts))
        add(region, "Total", regions[-1])
    add("Total", "Total", summed(regions))
    return rows


def ref(row: int, col: int) -> str:
    """One header line; the counts start in column D."""
    return f"{'DEFG'[col]}{row + 2}"


def lines(rows: list[Row]) -> list[tuple[list[tuple[int, int]], tuple[int, int]]]:
    """The table's equations as (members, total) over (row, column) positions."""
    where = {(r, d, s): i for i, (r, d, s, _) in enumerate(rows)}
    columns = range(len(AGES) + 1)
    out = [([(i, a) for a in range(len(AGES))], (i, len(AGES))) for i in range(len(rows))]
    for region, district, sex, _ in rows:
        if sex == "Total":  # the sexes add to their Total row
            out += [([(where[region, district, s], j) for s in SEXES],
                     (where[region, district, "Total"], j)) for j in columns]
        if district == "Total" and region != "Total":  # the districts to their region
            members = [where[region, d, sex] for d in DATA[region]]
            out += [([(i, j) for i in members], (where[region, "Total", sex], j))
                    for j in columns]
        if region == "Total":  # the regions to the grand total
            members = [where[r, "Total", sex] for r in DATA]
            out += [([(i, j) for i in members], (where["Total", "Total", sex], j))
                    for j in columns]
    return out


def feasible_intervals(rows: list[Row], hidden: set[tuple[int, int]]
                       ) -> dict[str, tuple[float, float]]:
    """Each hidden cell's [min, max] over every non-negative table with the published cells."""
    return line_intervals(lines(rows), lambda key: rows[key[0]][3][key[1]], hidden, ref)


def write(folder: Path, rows: list[Row], hidden: set[tuple[int, int]]) -> None:
    folder.mkdir()
    text = ["region,district,sex," + ",".join(AGES) + ",Total"]
    for i, (region, district, sex, counts) in enumerate(rows):
        text.append(",".join([region, district, sex,
                              *("[c]" if (i, j) in hidden else str(v)
                                for j, v in enumerate(counts))]))
    (folder / "population.csv").write_text("\n".join(text) + "\n")


def block(rows: list[Row], districts: list[str], sexes: list[str], ages: list[str]
          ) -> set[tuple[int, int]]:
    """The cells of these districts, sexes (``Total`` allowed) and age bands (or ``Total``)."""
    columns = [*AGES, "Total"]
    return {(i, columns.index(a)) for i, (_, d, s, _) in enumerate(rows)
            for a in ages if d in districts and s in sexes}


ROWS = published_rows()
SMALL = {"F2", "D11", "D12"}  # N1 male 65+ (3), S1 male (5) and female (4) 0-15
PATTERNS = {
    # each small cell hidden with its row's neighbour: the sexes' Total row pins them
    "rows alone": (block(ROWS, ["N1"], ["Male"], ["16-64", "65+"])
                   | block(ROWS, ["S1"], SEXES, ["0-15", "16-64"])),
    # a rectangle of sex by age inside each small cell's district, which would protect the
    # district's own two-way table: the region's sub-total (the third dimension) undoes it
    "sex by age rectangles undone by the region's sub-total": (
        block(ROWS, ["N1"], SEXES, ["16-64", "65+"])
        | block(ROWS, ["S1"], SEXES, ["0-15", "16-64"])),
    # a rectangle of districts by age among one sex, which would protect that sex's two-way
    # table: the district's published Total row (the sexes) undoes it
    "district by age rectangles undone by the sexes' total": (
        block(ROWS, ["N1", "N2"], ["Male"], ["16-64", "65+"])
        | block(ROWS, ["S1", "S2"], SEXES, ["0-15", "16-64"])),
    # a cube of district by sex by age in each region: one degree of freedom each, but S1's
    # two small children's counts stay under their published band total of 9
    "cubes of district by sex by age": (
        block(ROWS, ["N1", "N2"], SEXES, ["16-64", "65+"])
        | block(ROWS, ["S1", "S2"], SEXES, ["0-15", "16-64"])),
    # the same cubes with the districts' sex totals of the hidden bands hidden too
    "cubes with the sexes' totals hidden": (
        block(ROWS, ["N1", "N2"], SEXES, ["16-64", "65+"])
        | block(ROWS, ["S1", "S2"], [*SEXES, "Total"], ["0-15", "16-64"])),
}


def shown_small(hidden: set[tuple[int, int]]) -> set[tuple[str, str]]:
    """What the published cells give away as they stand: SDC101 at a published count under
    the threshold, SDC103 at a published cell that leaves fewer than the threshold of its
    line's published total to the line's other cells."""
    value = {(i, j): v for i, row in enumerate(ROWS) for j, v in enumerate(row[3])}
    out = {("SDC101", ref(*key)) for key, v in value.items()
           if key not in hidden and 0 < v < THRESHOLD}
    for members, total in lines(ROWS):
        if total not in hidden:
            out |= {("SDC103", ref(*m)) for m in members
                    if m not in hidden and 0 < value[total] - value[m] < THRESHOLD}
    return out


def kind(intervals: dict[str, tuple[float, float]]) -> str:
    if any(hi - lo < 1e-6 for lo, hi in intervals.values()):
        return "exact"
    return "narrow" if any(hi < THRESHOLD for lo, hi in intervals.values()) else "safe"


@pytest.mark.parametrize("pattern", list(PATTERNS))
def test_three_way_pattern_agrees_with_the_linear_program(pattern: str,
                                                          tmp_path: Path) -> None:
    hidden = PATTERNS[pattern]
    assert {ref(*key) for key in hidden} >= SMALL  # both small counts are hidden
    write(tmp_path / "release", ROWS, hidden)
    result, found = audit_agrees(tmp_path / "release", feasible_intervals(ROWS, hidden))
    assert {(f.rule, f.location.cell) for f in result.findings} - found == shown_small(hidden)
    assert result.status.value == ("pass" if not found else "fail")


def test_the_patterns_cover_each_verdict() -> None:
    """The oracle discriminates: safe patterns, exact recoveries, a too-narrow one."""
    kinds = {name: kind(feasible_intervals(ROWS, hidden)) for name, hidden in PATTERNS.items()}
    assert kinds == {"rows alone": "exact",
                     "sex by age rectangles undone by the region's sub-total": "exact",
                     "district by age rectangles undone by the sexes' total": "exact",
                     "cubes of district by sex by age": "narrow",
                     "cubes with the sexes' totals hidden": "safe"}


def test_protect_plans_a_pattern_the_linear_program_finds_safe(tmp_path: Path) -> None:
    """``sdc protect`` of the unsuppressed table: its pattern hides the three small counts and
    leaves every hidden cell an interval of width >= 1 reaching the threshold (the program's
    audit, not protect's own), and ``sdc check`` of the written table passes."""
    write(tmp_path / "source", ROWS, set())
    result = protect(tmp_path / "source" / "population.csv", policy={})
    (tmp_path / "release").mkdir()
    result.write(tmp_path / "release" / "population.csv", log=False)
    published = pd.read_csv(tmp_path / "release" / "population.csv", dtype=str)
    hidden = {(i, j) for i in range(len(ROWS)) for j in range(len(AGES) + 1)
              if published.iloc[i, 3 + j] == "[c]"}
    assert {ref(*key) for key in hidden} >= SMALL
    assert kind(feasible_intervals(ROWS, hidden)) == "safe"
    assert sdc.check(tmp_path / "release", build_policy({})).status.value == "pass"
