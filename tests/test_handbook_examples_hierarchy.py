"""Secondary suppression in a hierarchical table with sub-totals (the SDC Handbook ch. 4.2 and
τ-ARGUS's manual on hierarchical tables; sdcTable's ``protectTable`` on a region → district
hierarchy): districts by sex with a sub-total row per region and a grand total, saved as one
CSV. Each suppression pattern's feasible intervals are computed here by linear programming
(scipy's HiGHS) over the table's own equations: every row adds up to its total column, every
region's districts to its sub-total, the sub-totals to the grand total, every cell >= 0.
sdc must agree cell for cell: SDC501 exactly where an interval has width 0, SDC502 where a
hidden count's upper bound is below the threshold (known to be small), nothing else."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import linprog

import sdc
from sdc.policy import build_policy

# region -> district -> (male, female); the small counts (under 10) are N1 male and S2 male
DATA = {"North": {"N1": (3, 25), "N2": (14, 30), "N3": (22, 19)},
        "South": {"S1": (31, 12), "S2": (4, 27), "S3": (18, 16)}}
THRESHOLD = 10
Row = tuple[str, str, int, int, int]


def published_rows() -> list[Row]:
    """The table as written: each region's districts, then its ``Total`` row; the grand total
    last. Columns: region, district, Male, Female, Total."""
    rows: list[Row] = []
    for region, districts in DATA.items():
        for district, (m, f) in districts.items():
            rows.append((region, district, m, f, m + f))
        m, f = (sum(v[k] for v in districts.values()) for k in (0, 1))
        rows.append((region, "Total", m, f, m + f))
    m, f = (sum(r[k] for r in rows if r[1] == "Total") for k in (2, 3))
    rows.append(("Total", "Total", m, f, m + f))
    return rows


def ref(row: int, col: int) -> str:
    """One header line; the counts start in column C."""
    return f"{'CDE'[col]}{row + 2}"


def lines(rows: list[Row]) -> list[tuple[list[tuple[int, int]], tuple[int, int]]]:
    """The table's equations as (members, total) over (row, column) positions."""
    out = [([(i, 0), (i, 1)], (i, 2)) for i in range(len(rows))]
    subtotals = []
    for region in DATA:
        members = [i for i, r in enumerate(rows) if r[0] == region]
        sub = next(i for i in members if rows[i][1] == "Total")
        subtotals.append(sub)
        out += [([(i, j) for i in members if i != sub], (sub, j)) for j in range(3)]
    out += [([(s, j) for s in subtotals], (len(rows) - 1, j)) for j in range(3)]
    return out


def feasible_intervals(rows: list[Row], hidden: set[tuple[int, int]]
                       ) -> dict[str, tuple[float, float]]:
    """Each hidden cell's [min, max] over every non-negative table with the published cells."""
    return line_intervals(lines(rows), lambda key: rows[key[0]][2 + key[1]], hidden, ref)


Cell = tuple[int, int]


def line_intervals(table_lines: list[tuple[list[Cell], Cell]], value: Callable[[Cell], float],
                   hidden: set[Cell], name: Callable[[int, int], str]
                   ) -> dict[str, tuple[float, float]]:
    """Each ``hidden`` cell's [min, max] by linear programming over every non-negative table
    whose lines (members, their total) add up, the other cells at their published ``value``;
    keyed by each cell's ``name``."""
    unknown = sorted(hidden)
    index = {key: k for k, key in enumerate(unknown)}
    a_eq, b_eq = [], []
    for members, total in table_lines:
        coefficients, rest = np.zeros(len(unknown)), 0.0
        for key, sign in [*((m, 1.0) for m in members), (total, -1.0)]:
            if key in index:
                coefficients[index[key]] += sign
            else:
                rest -= sign * value(key)
        a_eq.append(coefficients)
        b_eq.append(rest)
    out = {}
    for key, k in index.items():
        bounds = []
        for sense in (1.0, -1.0):
            objective = np.zeros(len(unknown))
            objective[k] = sense
            solved = linprog(objective, A_eq=np.array(a_eq), b_eq=np.array(b_eq),
                             bounds=(0, None), method="highs")
            assert solved.status == 0
            bounds.append(round(sense * solved.fun, 6))
        out[name(*key)] = (bounds[0], bounds[1])
    return out


def audit_agrees(folder: Path, intervals: dict[str, tuple[float, float]]
                 ) -> tuple[sdc.RunResult, set[tuple[str, str | None]]]:
    """``sdc check`` of ``folder`` under the default policy, asserting its audit is the linear
    program's: SDC501 exactly at the cells the program pins, SDC502 at those it leaves below
    the threshold (each stating the program's interval), nothing else. The result and those
    (rule, cell) findings."""
    exact = {at for at, (lo, hi) in intervals.items() if hi - lo < 1e-6}
    narrow = {at for at, (lo, hi) in intervals.items() if at not in exact and hi < THRESHOLD}
    result = sdc.check(folder, build_policy({}))
    found = {(f.rule, f.location.cell) for f in result.findings
             if f.rule in ("SDC501", "SDC502")}
    assert found == {("SDC501", at) for at in exact} | {("SDC502", at) for at in narrow}
    for f in result.findings:
        if f.rule == "SDC502":  # the interval sdc states is the program's
            assert tuple(f.evidence["interval"]) == pytest.approx(intervals[f.location.cell])
    return result, found


def write(folder: Path, rows: list[Row], hidden: set[tuple[int, int]]) -> None:
    folder.mkdir()
    text = ["region,district,Male,Female,Total"]
    for i, (region, district, *counts) in enumerate(rows):
        text.append(",".join([region, district, *("[c]" if (i, j) in hidden else str(v)
                                                   for j, v in enumerate(counts))]))
    (folder / "by_district.csv").write_text("\n".join(text) + "\n")


# rows: 0 N1, 1 N2, 2 N3, 3 North Total, 4 S1, 5 S2, 6 S3, 7 South Total, 8 grand total;
# columns: 0 Male, 1 Female, 2 Total
PATTERNS = {
    # a rectangle in each region's districts: the sub-totals leave each small cell >= 10 wide
    "rectangles within regions": {(0, 0), (0, 1), (1, 0), (1, 1), (5, 0), (5, 1), (6, 0), (6, 1)},
    # the two small cells hidden with each other across regions, with both sub-totals' sexes:
    # the grand total closes the cycle, and the partners are too small to widen it
    "across regions through the sub-totals": {(0, 0), (0, 1), (5, 0), (5, 1), (3, 0), (3, 1),
                                              (7, 0), (7, 1)},
    # each small cell hidden with its row's other sex only: the sub-total pins both
    "rows alone under their sub-total": {(0, 0), (0, 1), (5, 0), (5, 1)},
    # N1 hidden with its region's male sub-total and the grand male: the grand total's row
    # (female published, total published) gives the grand male, then the sub-total, then N1
    "a sub-total and the grand total hidden in one column": {(0, 0), (0, 1), (1, 0), (1, 1),
                                                             (3, 0), (8, 0), (5, 0), (5, 1),
                                                             (6, 0), (6, 1)},
}


@pytest.mark.parametrize("pattern", list(PATTERNS))
def test_hierarchical_pattern_agrees_with_the_linear_program(pattern: str,
                                                            tmp_path: Path) -> None:
    rows, hidden = published_rows(), PATTERNS[pattern]
    write(tmp_path / "release", rows, hidden)
    result, found = audit_agrees(tmp_path / "release", feasible_intervals(rows, hidden))
    small = {at for at in hidden_refs(hidden) if at in ("C2", "C7")}
    assert small == {"C2", "C7"}  # both small counts are hidden in every pattern
    assert not any(f.rule == "SDC101" for f in result.findings)
    assert result.status.value == ("pass" if not found else "fail")


def hidden_refs(hidden: set[tuple[int, int]]) -> set[str]:
    return {ref(*key) for key in hidden}


def test_the_patterns_cover_each_verdict() -> None:
    """The oracle discriminates: a safe pattern, a too-narrow one and exact recoveries."""
    rows = published_rows()
    kinds = {}
    for name, hidden in PATTERNS.items():
        intervals = feasible_intervals(rows, hidden)
        kinds[name] = ("exact" if any(hi - lo < 1e-6 for lo, hi in intervals.values())
                       else "narrow" if any(hi < THRESHOLD for lo, hi in intervals.values())
                       else "safe")
    assert kinds == {"rectangles within regions": "safe",
                     "across regions through the sub-totals": "narrow",
                     "rows alone under their sub-total": "exact",
                     "a sub-total and the grand total hidden in one column": "exact"}
