"""Holdings in a hierarchical magnitude table (the SDC Handbook ch. 4.2, "Holdings", and
τ-ARGUS's holding option on a region > district hierarchy): branch records of companies,
turnover by district with a ``Total`` row per region and a grand total, written as τ-ARGUS
writes its evidence (``freq`` holdings, ``top1``, ``top2`` grouped by company) in the copy
kept in the TRE. Every expected finding is computed here from the branch records with the
handbook's rules on contributions grouped by company (p% ``X - x1 - x2 < p x1``, (n, k)
``x1 + .. + xn >= k X``), and a hidden cell's feasible interval and protection level
(``p x1 - (X - x1 - x2)``, symmetric as τ-ARGUS's default) by linear programming; never
copied as answers.

Company H has two branches in N1 (300 + 200) and one in N2: by branches N1 is safe (its
second branch is the second contribution), grouped it is H's 500 beside 60 and 40 (p% and
(2, 90%)).
The region's ``Total`` row groups H's three branches (650)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import linprog

import sdc
from sdc.policy import build_policy

P, NK, THRESHOLD = 0.10, (2, 0.9), 3
POLICY = {"rules": {"small-count": {"threshold": THRESHOLD}, "p-percent": {"p": P},
                    "nk-dominance": {"rules": [{"n": NK[0], "k": NK[1]}]}}}
BRANCHES = [("North", "N1", "H", 300), ("North", "N1", "H", 200), ("North", "N1", "a", 60),
            ("North", "N1", "b", 40), ("North", "N2", "H", 150), ("North", "N2", "c", 140),
            ("North", "N2", "d", 130), ("North", "N2", "e", 120), ("North", "N3", "f", 5),
            ("North", "N3", "g", 2), ("North", "N3", "h", 1), ("South", "S1", "i", 400),
            ("South", "S1", "j", 30), ("South", "S1", "k", 20), ("South", "S2", "l", 210),
            ("South", "S2", "m", 190), ("South", "S2", "n", 170), ("South", "S3", "o", 230),
            ("South", "S3", "q", 220), ("South", "S3", "r", 160)]
Row = tuple[str, str, list[float]]  # region, district, each company's contribution
Branch = tuple[str, str, str, int]  # region, district, company, turnover


def contributions(branches: list[Branch], holding: bool) -> list[float]:
    """A cell's contributions: one per company (the handbook's grouping) or per branch."""
    if not holding:
        return [float(v) for *_, v in branches]
    grouped: dict[str, float] = {}
    for _, _, company, value in branches:
        grouped[company] = grouped.get(company, 0.0) + value
    return list(grouped.values())


def table(holding: bool = True, branches: list[Branch] = BRANCHES) -> list[Row]:
    """The rows as written: each region's districts, its ``Total`` row, the grand total."""
    rows: list[Row] = []
    for region in ("North", "South"):
        mine = [b for b in branches if b[0] == region]
        for district in sorted({b[1] for b in mine}):
            rows.append((region, district,
                         contributions([b for b in mine if b[1] == district], holding)))
        rows.append((region, "Total", contributions(mine, holding)))
    rows.append(("Total", "Total", contributions(branches, holding)))
    return rows


def tops(values: list[float]) -> list[float]:
    return [*sorted(values, reverse=True), 0.0, 0.0][:2]


def sensitive(values: list[float]) -> set[str]:
    (x1, x2), total = tops(values), sum(values)
    rules = {"SDC202"} if total - x1 - x2 < P * x1 else set()
    return rules | ({"SDC201"} if x1 + x2 >= NK[1] * total else set())


def write(folder: Path, rows: list[Row], hidden: set[str]) -> None:
    folder.mkdir()
    text = ["region,district,turnover,freq,top1,top2"]
    for region, district, values in rows:
        x1, x2 = tops(values)
        shown = "[c]" if district in hidden else f"{sum(values):g}"
        text.append(f"{region},{district},{shown},{len(values)},{x1:g},{x2:g}")
    (folder / "turnover.csv").write_text("\n".join(text) + "\n")


def intervals(rows: list[Row], hidden: set[str], at_least: dict[str, float] | None = None
              ) -> dict[str, tuple[float, float]]:
    """Each hidden district's [min, max] given its region's published total and the other
    districts (the hierarchy's one equation per region; cells >= 0, or ``at_least`` what an
    insider knows of its own district)."""
    at_least = at_least or {}
    out = {}
    for region in {r for r, d, _ in rows if d in hidden}:
        cells = [(d, sum(v)) for r, d, v in rows if r == region and d != "Total"]
        unknown = [d for d, _ in cells if d in hidden]
        rest = next(sum(v) for r, d, v in rows if r == region and d == "Total") - sum(
            x for d, x in cells if d not in hidden)
        for k, district in enumerate(unknown):
            bounds = []
            for sense in (1.0, -1.0):
                objective = np.zeros(len(unknown))
                objective[k] = sense
                solved = linprog(objective, A_eq=np.ones((1, len(unknown))), b_eq=[rest],
                                 bounds=[(at_least.get(d, 0.0), None) for d in unknown],
                                 method="highs")
                assert solved.status == 0
                bounds.append(round(sense * solved.fun, 6))
            out[district] = (bounds[0], bounds[1])
    return out


def level(values: list[float]) -> float:
    """The protection a hidden cell needs: the larger of the p% and (n, k) levels."""
    (x1, x2), total = tops(values), sum(values)
    return max(P * x1 - (total - x1 - x2), (x1 + x2) / NK[1] - total, 0.0)


def unprotected(rows: list[Row], hidden: set[str]) -> set[str]:
    """Hidden districts whose interval does not reach X +- their protection level (τ-ARGUS'
    symmetric default), or is exact."""
    found = set()
    for district, (lo, hi) in intervals(rows, hidden).items():
        values = next(v for _, d, v in rows if d == district)
        total, needed = sum(values), level(values)
        if lo > total - needed or hi < total + needed or hi - lo < 1e-6:
            found.add(district)
    return found


def cell(rows: list[Row], district: str, region: str | None = None) -> str:
    """Where the turnover of a row is: one header line, column C."""
    index = next(i for i, (r, d, _) in enumerate(rows)
                 if d == district and (region is None or r == region))
    return f"C{index + 2}"


def findings(folder: Path) -> set[tuple[str, str]]:
    return {(f.rule, f.location.cell) for f in sdc.check(folder, build_policy(POLICY)).findings}


def test_holding_makes_the_district_sensitive() -> None:
    """The example discriminates: N1 is sensitive grouped by company, safe by branches."""
    grouped = {(r, d): sensitive(v) for r, d, v in table()}
    by_branch = {(r, d): sensitive(v) for r, d, v in table(holding=False)}
    assert grouped[("North", "N1")] == {"SDC201", "SDC202"}
    assert by_branch[("North", "N1")] == set()
    assert [k for k in grouped if grouped[k]] == [("North", "N1"), ("South", "S1")]


def test_published_table_fails_at_the_sensitive_cells(tmp_path: Path) -> None:
    """Nothing hidden: SDC201/SDC202 exactly where the grouped contributions say, the top
    contributions themselves SDC302 (single companies' values), no small count (every cell
    has 3 or more companies)."""
    rows = table()
    write(tmp_path / "release", rows, set())
    want = {(rule, cell(rows, d, r)) for r, d, v in rows for rule in sensitive(v)}
    want |= {("SDC302", f"{col}{i + 2}") for i in range(len(rows)) for col in "EF"}
    assert findings(tmp_path / "release") == want


@pytest.mark.parametrize("hidden", [{"N1", "S1"}, {"N1", "N2", "S1", "S2"}])
def test_hidden_cells_audited_as_the_linear_program_says(hidden: set[str],
                                                        tmp_path: Path) -> None:
    """N1 and S1 hidden alone are exact through their region's total (SDC501); hidden with a
    large partner each keeps an interval reaching its protection level (nothing)."""
    rows = table()
    write(tmp_path / "release", rows, hidden)
    exact = {d for d, (lo, hi) in intervals(rows, hidden).items() if hi - lo < 1e-6}
    assert exact == ({"N1", "S1"} if len(hidden) == 2 else set())
    assert unprotected(rows, hidden) == exact
    got = {(rule, at) for rule, at in findings(tmp_path / "release")
           if rule in ("SDC501", "SDC502", "SDC201", "SDC202")}
    assert got == {("SDC501", cell(rows, d)) for d in exact}


def test_hidden_cell_with_a_small_partner_is_too_narrow(tmp_path: Path) -> None:
    """N1 (600) hidden with N3 (8): N1 lies in [0, 608], short of 600 + 22.2 (the (2, 90%)
    level 560 / 0.9 - 600; p% asks 10): unprotected, SDC502 ``fail`` at N1. The evidence
    columns do not give a hidden cell's total; the upper reach ``X + level`` is the same for
    every total (560 / 0.9), so the audit needs none. Passed before (no level without a
    total)."""
    rows, hidden = table(), {"N1", "N3", "S1", "S2"}
    write(tmp_path / "release", rows, hidden)
    assert unprotected(rows, hidden) == {"N1"}
    result = sdc.check(tmp_path / "release", build_policy(POLICY))
    got = [f for f in result.findings if f.rule in ("SDC501", "SDC502")]
    assert [(f.rule, f.location.cell, f.status.value) for f in got] == [
        ("SDC502", cell(rows, "N1"), "fail")]
    assert got[0].evidence["interval"] == list(intervals(rows, hidden)["N1"])
    assert got[0].evidence["reach"] == pytest.approx(sum(tops(rows[0][2])) / NK[1])
    assert got[0].evidence["reach"] == pytest.approx(sum(rows[0][2]) + level(rows[0][2]))


@pytest.mark.parametrize(("n3", "status"), [((20, 15, 10), None), ((20, 6, 4), "review")])
def test_hidden_cell_with_a_partner_reaching_its_level_passes(
        n3: tuple[int, int, int], status: str | None, tmp_path: Path) -> None:
    """The safe twin: N3 of 45 (20, 15, 10) instead of 8: N1 lies in [0, 645], beyond 622.2
    and down to 0, and still up to 625 for N3's largest company, who knows its 20 is in N3:
    nothing, as the linear programs say. N3 of 30 (20, 6, 4) leaves N1 reaching 630 from
    outside but only 610 for that company: short of 622.2 when N3 is sensitive, which its
    columns (freq 3, 20, 6) do not settle (its third company could hold less than 2, under
    p%'s 10% of 20, or up to 6): SDC502 ``review`` at N1, N3 related."""
    branches = [("North", "N3", name, value) for name, value in zip("fgh", n3, strict=True)]
    rows = table(branches=[b for b in BRANCHES if b[1] != "N3"] + branches)
    hidden = {"N1", "N3", "S1", "S2"}
    write(tmp_path / "release", rows, hidden)
    assert unprotected(rows, hidden) == set()
    n1 = next(v for _, d, v in rows if d == "N1")
    (x1, x2), freq = tops(n3), len(n3)  # what N3's columns say
    assert (intervals(rows, hidden, {"N3": x1})["N1"][1] < sum(tops(n1)) / NK[1]) is (
        status is not None)
    if status:  # N3 sensitive at a total just above its tops, not at its largest
        assert P * x1 > 0 and P * x1 - (freq - 2) * x2 <= 0
        assert (x1 + x2) / NK[1] < x1 + x2 + (freq - 2) * x2
    got = [(f.rule, f.location.cell, f.status.value, [loc.cell for loc in f.related])
           for f in sdc.check(tmp_path / "release", build_policy(POLICY)).findings
           if f.rule in ("SDC501", "SDC502")]
    assert got == ([("SDC502", cell(rows, "N1"), status, [cell(rows, "N3")])] if status
                   else [])


# -- the lower side at an unknown total: a two-way table of evidence columns ----------------

def two_way(south_b: list[float]) -> dict[tuple[str, str], list[float]]:
    """Turnover by region and industry, each cell's companies' contributions: North/A is
    H's 500 beside 60 and 40 (sensitive, level 560 / 0.9 - 600 = 22.2)."""
    return {("North", "A"): [500.0, 60.0, 40.0], ("North", "B"): [40.0, 35.0, 25.0],
            ("South", "A"): [40.0, 38.0, 32.0], ("South", "B"): south_b}


def write_two_way(folder: Path, cells: dict[tuple[str, str], list[float]]) -> None:
    """Every inner cell hidden, the margins published with their evidence columns."""
    folder.mkdir()
    text = ["region,industry,turnover,freq,top1,top2"]
    for region in ("North", "South", "Total"):
        for industry in ("A", "B", "Total"):
            values = [v for (r, i), vs in cells.items()
                      if region in (r, "Total") and industry in (i, "Total") for v in vs]
            x1, x2 = tops(values)
            shown = "[c]" if "Total" not in (region, industry) else f"{sum(values):g}"
            text.append(f"{region},{industry},{shown},{len(values)},{x1:g},{x2:g}")
    (folder / "turnover.csv").write_text("\n".join(text) + "\n")


def north_a_interval(cells: dict[tuple[str, str], list[float]]) -> tuple[float, float]:
    """North/A's [min, max] over the four hidden cells >= 0 with the published margins."""
    keys = list(cells)
    a_eq = [[1.0 if k[0] == r else 0.0 for k in keys] for r in ("North", "South")]
    a_eq += [[1.0 if k[1] == i else 0.0 for k in keys] for i in ("A", "B")]
    b_eq = [sum(sum(v) for k, v in cells.items() if k[0] == r) for r in ("North", "South")]
    b_eq += [sum(sum(v) for k, v in cells.items() if k[1] == i) for i in ("A", "B")]
    bounds = []
    for sense in (1.0, -1.0):
        solved = linprog([sense if k == ("North", "A") else 0.0 for k in keys], A_eq=a_eq,
                         b_eq=b_eq, bounds=(0, None), method="highs")
        assert solved.status == 0
        bounds.append(round(sense * solved.fun, 6))
    return bounds[0], bounds[1]


@pytest.mark.parametrize(("south_b", "status"), [([5.0, 3.0, 2.0], "review"),
                                                 ([50.0, 35.0, 25.0], None)])
def test_the_lower_side_at_an_unknown_total(south_b: list[float], status: str | None,
                                            tmp_path: Path) -> None:
    """North/A lies in [590, 700] (South/B of 10): above it reaches 622.2 for any total, but
    below, the true 600 asks 577.8 and only a total of 612 or more would be protected; the
    columns do not say which, so SDC502 ``review``. With South/B of 110 it lies in [490, 700],
    protected below at every total it can have (>= its tops' 560): nothing."""
    cells = two_way(south_b)
    lo, hi = north_a_interval(cells)
    values = cells[("North", "A")]
    total, needed = sum(values), level(values)
    reach = sum(tops(values)) / NK[1]
    assert hi >= reach  # the upper side holds for every total
    assert (lo > total - needed) is (status is not None)  # the truth, which sdc cannot see
    assert (lo > 2 * sum(tops(values)) - reach) is (status is not None)  # what it can see
    write_two_way(tmp_path / "release", cells)
    got = [f for f in sdc.check(tmp_path / "release", build_policy(POLICY)).findings
           if f.rule in ("SDC501", "SDC502")]
    assert [(f.rule, f.location.cell, f.status.value) for f in got] == (
        [("SDC502", "C2", status)] if status else [])
    if got:
        assert got[0].evidence["interval"] == [lo, hi]


def test_too_few_tops_for_a_coalition_is_for_a_person(tmp_path: Path) -> None:
    """p% with a coalition of 2 needs x3, which ``top1, top2`` do not give: the reach is only
    bounded (x3 taken as large as x2: 0.1 * 500 + 500 + 60 + 60 = 670), so N1 in [0, 608] is
    SDC502 ``review``, not ``fail`` and not nothing."""
    rows, hidden = table(), {"N1", "N3", "S1", "S2"}
    write(tmp_path / "release", rows, hidden)
    policy = {"rules": {**POLICY["rules"], "p-percent": {"p": P, "c": 2}}}
    got = [f for f in sdc.check(tmp_path / "release", build_policy(policy)).findings
           if f.rule in ("SDC501", "SDC502")]
    assert [(f.rule, f.location.cell, f.status.value) for f in got] == [
        ("SDC502", cell(rows, "N1"), "review")]
    assert got[0].evidence["reach"] == pytest.approx(P * 500 + 500 + 60 + 60)
