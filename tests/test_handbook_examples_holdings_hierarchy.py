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


def printed_bounds(values: list[float]) -> tuple[float, float]:
    """What a hidden cell's own row (``freq``, ``top1``, ``top2`` as :func:`write` prints
    them) tells any reader: at least its two tops (no contribution is negative), at most
    those and ``freq - 2`` more, none larger than the second (N1: 500 and 60 of 3 companies,
    so [560, 620])."""
    x1, x2 = tops(values)
    return x1 + x2, x1 + x2 + (len(values) - 2) * x2


def verdict(values: list[float], lo: float, hi: float) -> str | None:
    """SDC502's status for a hidden cell whose total the file does not give, by the
    handbook's levels at the smallest total its tops allow (``S = x1 + x2``: p%'s ``p x1``,
    (2, 90%)'s ``S / 0.9 - S``): its interval must reach ``S + level`` above (the same for
    every total: short is ``fail``) and, at the smallest total it can hold, as far below
    (short: ``review``, the true total is not given)."""
    x1, x2 = tops(values)
    s = x1 + x2
    reach = s + max(P * x1, s / NK[1] - s, 0.0)
    if reach <= s:
        return None
    if hi < reach:
        return "fail"
    return "review" if lo > 2 * max(lo, s) - reach else None


def intervals(rows: list[Row], hidden: set[str], at_least: dict[str, float] | None = None
              ) -> dict[str, tuple[float, float]]:
    """Each hidden district's [min, max] given its region's published total and the other
    districts (the hierarchy's one equation per region; each cell within what its own row
    prints, :func:`printed_bounds`, and at least ``at_least``, what an insider knows of its
    own district)."""
    at_least = at_least or {}
    printed = {d: printed_bounds(v) for _, d, v in rows if d in hidden}
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
                                 bounds=[(max(at_least.get(d, 0.0), printed[d][0]),
                                          printed[d][1]) for d in unknown],
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
    """N1 and S1 hidden alone are exact through their region's total (SDC501). Hidden with a
    large partner, each is still pinned by the tops its own row prints (round 21): N1 (500 and
    60 of 3 companies) is at most 500 + 60 + 60 = 620, short of the 560 / 0.9 = 622.2 it must
    reach, S1 (400 and 30 of 3) at most 460, short of 430 / 0.9 = 477.8: SDC502 at both,
    whatever partner; N2 (at least 290 + 230 = 520 beside N1's 620) and S2 lie above their
    reach at every total they can hold (nothing)."""
    rows = table()
    write(tmp_path / "release", rows, hidden)
    found = intervals(rows, hidden)
    exact = {d for d, (lo, hi) in found.items() if hi - lo < 1e-6}
    assert exact == ({"N1", "S1"} if len(hidden) == 2 else set())
    short = {d for d, (lo, hi) in found.items() if d not in exact
             and verdict(next(v for _, e, v in rows if e == d), lo, hi)}
    assert short == (set() if len(hidden) == 2 else {"N1", "S1"})
    assert unprotected(rows, hidden) == exact | short  # short for the true totals too
    got = {(rule, at) for rule, at in findings(tmp_path / "release")
           if rule in ("SDC501", "SDC502", "SDC201", "SDC202")}
    assert got == ({("SDC501", cell(rows, d)) for d in exact}
                   | {("SDC502", cell(rows, d)) for d in short})


def test_hidden_cell_with_a_small_partner_is_too_narrow(tmp_path: Path) -> None:
    """N1 (600) hidden with N3 (8): N1 + N3 = 608 and N3's row prints 5 and 2 of 3
    companies (N3 in [7, 9]), N1's 500 and 60 of 3 ([560, 620]): N1 lies in [599, 601], short
    of 600 + 22.2 (the (2, 90%) level 560 / 0.9 - 600; p% asks 10): unprotected, SDC502
    ``fail`` at N1. The evidence columns do not give a hidden cell's total; the upper reach
    ``X + level`` is the same for every total (560 / 0.9), so the audit needs none. Passed
    before (no level without a total). N3 in [7, 9] would be sensitive at 7 (its tops 5 + 2
    all of it): its reach 7 / 0.9 = 7.8 is not met below at that total, which the file does
    not settle (its true 8 is safe): ``review``. S1 ``fail`` by its own tops (at most 460,
    reach 477.8)."""
    rows, hidden = table(), {"N1", "N3", "S1", "S2"}
    write(tmp_path / "release", rows, hidden)
    assert unprotected(rows, hidden) == {"N1", "S1"}
    found = intervals(rows, hidden)
    assert found["N1"] == (599.0, 601.0) and found["N3"] == (7.0, 9.0)
    want = sorted((cell(rows, d), status) for d, (lo, hi) in found.items()
                  if (status := verdict(next(v for _, e, v in rows if e == d), lo, hi)))
    assert want == [(cell(rows, "N1"), "fail"), (cell(rows, "N3"), "review"),
                    (cell(rows, "S1"), "fail")]
    result = sdc.check(tmp_path / "release", build_policy(POLICY))
    got = [f for f in result.findings if f.rule in ("SDC501", "SDC502")]
    assert sorted((f.location.cell, f.status.value) for f in got) == want
    assert {f.rule for f in got} == {"SDC502"}
    got = [f for f in got if f.location.cell == cell(rows, "N1")]
    assert got[0].evidence["interval"] == list(intervals(rows, hidden)["N1"])
    assert got[0].evidence["reach"] == pytest.approx(sum(tops(rows[0][2])) / NK[1])
    assert got[0].evidence["reach"] == pytest.approx(sum(rows[0][2]) + level(rows[0][2]))


@pytest.mark.parametrize("n3", [(20, 15, 10), (20, 6, 4)])
def test_hidden_cell_beside_a_larger_partner_is_still_pinned_by_its_own_tops(
        n3: tuple[int, int, int], tmp_path: Path) -> None:
    """N3 of 45 (20, 15, 10) or of 30 (20, 6, 4) instead of 8: by the region's total alone
    N1 would lie in [0, 645] or [0, 630], past its reach 560 / 0.9 = 622.2 (nothing, before
    round 21). But N1's own row prints 500 and 60 of 3 companies: N1 is at most 620 whatever
    the partner, so SDC502 ``fail`` at N1 (here [595, 610] and [598, 604]: N3 is at least
    its tops 35 or 26 and at most 50 or 32). N3 itself may be sensitive at the smallest
    total its tops allow (35 against 35 / 0.9; 26 against 26 / 0.9), which the file does not
    settle: ``review``. S1 ``fail`` (at most 460, reach 477.8). The safe twin, a hidden cell
    whose tops leave it room, is in tests/test_printed_tops_bounds.py."""
    branches = [("North", "N3", name, value) for name, value in zip("fgh", n3, strict=True)]
    rows = table(branches=[b for b in BRANCHES if b[1] != "N3"] + branches)
    hidden = {"N1", "N3", "S1", "S2"}
    write(tmp_path / "release", rows, hidden)
    found = intervals(rows, hidden)
    n1 = next(v for _, d, v in rows if d == "N1")
    assert found["N1"][1] <= printed_bounds(n1)[1] == 620.0 < sum(tops(n1)) / NK[1]
    assert 600 + sum(n3) >= sum(tops(n1)) / NK[1]  # the region's total alone: it would reach
    want = sorted((cell(rows, d), status) for d, (lo, hi) in found.items()
                  if (status := verdict(next(v for _, e, v in rows if e == d), lo, hi)))
    assert want == [(cell(rows, "N1"), "fail"), (cell(rows, "N3"), "review"),
                    (cell(rows, "S1"), "fail")]
    got = [f for f in sdc.check(tmp_path / "release", build_policy(POLICY)).findings
           if f.rule in ("SDC501", "SDC502")]
    assert sorted((f.location.cell, f.status.value) for f in got) == want
    assert {f.rule for f in got} == {"SDC502"}
    assert {f.location.cell: f.evidence["interval"] for f in got} == {
        cell(rows, d): list(found[d]) for d in ("N1", "N3", "S1")}


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


def two_way_intervals(cells: dict[tuple[str, str], list[float]], keys: list | None = None,
                      printed: bool = True) -> dict[tuple[str, str], tuple[float, float]]:
    """Each hidden inner cell's [min, max] over the four hidden cells with the published
    margins, each within what its own row prints (:func:`printed_bounds`; ``printed`` False:
    only >= 0, the reading before round 21)."""
    keys = list(cells)
    a_eq = [[1.0 if k[0] == r else 0.0 for k in keys] for r in ("North", "South")]
    a_eq += [[1.0 if k[1] == i else 0.0 for k in keys] for i in ("A", "B")]
    b_eq = [sum(sum(v) for k, v in cells.items() if k[0] == r) for r in ("North", "South")]
    b_eq += [sum(sum(v) for k, v in cells.items() if k[1] == i) for i in ("A", "B")]
    bounds = [printed_bounds(cells[k]) if printed else (0.0, None) for k in keys]
    out = {}
    for target in keys:
        ends = []
        for sense in (1.0, -1.0):
            solved = linprog([sense if k == target else 0.0 for k in keys], A_eq=a_eq,
                             b_eq=b_eq, bounds=bounds, method="highs")
            assert solved.status == 0
            ends.append(round(sense * solved.fun, 6))
        out[target] = (ends[0], ends[1])
    return out


TWO_WAY_AT = {("North", "A"): "C2", ("North", "B"): "C3", ("South", "A"): "C5",
              ("South", "B"): "C6"}  # where write_two_way puts them


@pytest.mark.parametrize("south_b", [[5.0, 3.0, 2.0], [50.0, 35.0, 25.0]])
def test_the_lower_side_at_an_unknown_total(south_b: list[float], tmp_path: Path) -> None:
    """By the margins alone North/A lies in [590, 700] (South/B of 10) or [490, 700] (South/B
    of 110): above it would reach 622.2 for any total (before round 21: ``review`` for the
    lower side with South/B of 10, nothing with 110). Its own row prints 500 and 60 of 3
    companies: at most 620, short of 622.2 whatever the margins, so SDC502 ``fail`` at C2 in
    both (the margins and the other cells' tops: [598, 601] and [594, 610]). South/B of 10
    (5, 3 of 3: in [8, 11]) may be sensitive at 8 and is not protected below there:
    ``review``; of 110 (50, 35 of 3: [85, 120], reach 94.4) it is not, at any total it can
    hold that is short below: nothing, as North/B and South/A."""
    cells = two_way(south_b)
    outside = two_way_intervals(cells, printed=False)[("North", "A")]
    values = cells[("North", "A")]
    reach = sum(tops(values)) / NK[1]
    assert outside[1] >= reach  # the margins alone would let it reach
    found = two_way_intervals(cells)
    assert found[("North", "A")][1] <= printed_bounds(values)[1] == 620.0 < reach
    want = sorted((TWO_WAY_AT[k], status) for k, (lo, hi) in found.items()
                  if (status := verdict(cells[k], lo, hi)))
    assert want == [("C2", "fail")] + ([("C6", "review")] if sum(south_b) < 20 else [])
    write_two_way(tmp_path / "release", cells)
    got = [f for f in sdc.check(tmp_path / "release", build_policy(POLICY)).findings
           if f.rule in ("SDC501", "SDC502")]
    assert sorted((f.location.cell, f.status.value) for f in got) == want
    assert {f.rule for f in got} == {"SDC502"}
    at = {v: k for k, v in TWO_WAY_AT.items()}
    assert all(f.evidence["interval"] == list(found[at[f.location.cell]]) for f in got)


def test_too_few_tops_for_a_coalition_is_for_a_person(tmp_path: Path) -> None:
    """p% with a coalition of 2 needs x3, which ``top1, top2`` do not give: the reach is only
    bounded (x3 taken as large as x2: 0.1 * 500 + 500 + 60 + 60 = 670), so N1 in [599, 601]
    (N1 + N3 = 608, N3 in [7, 9] by its own tops, N1 in [560, 620] by its) is SDC502
    ``review``, not ``fail`` and not nothing. Each other hidden cell is too (round 21: its
    own tops bound it), short of its bounded reach: N3 in [7, 9] of 0.5 + 5 + 2 + 2 = 9.5,
    S1 in [430, 460] of 40 + 400 + 30 + 30 = 500, S2 in [560, 590] (S1 + S2 = 1,020) of
    21 + 210 + 190 + 190 = 611."""
    rows, hidden = table(), {"N1", "N3", "S1", "S2"}
    write(tmp_path / "release", rows, hidden)
    found = intervals(rows, hidden)
    expected = {"N1": (P * 500 + 500 + 60 + 60, (599.0, 601.0)), "N3": (9.5, (7.0, 9.0)),
                "S1": (500.0, (430.0, 460.0)), "S2": (611.0, (560.0, 590.0))}
    for d, (reach, interval) in expected.items():
        x1, x2 = tops(next(v for _, e, v in rows if e == d))
        assert reach == pytest.approx(P * x1 + x1 + 2 * x2) and found[d] == interval
        assert interval[1] < reach
    policy = {"rules": {**POLICY["rules"], "p-percent": {"p": P, "c": 2}}}
    got = [f for f in sdc.check(tmp_path / "release", build_policy(policy)).findings
           if f.rule in ("SDC501", "SDC502")]
    assert sorted((f.rule, f.location.cell, f.status.value) for f in got) == sorted(
        ("SDC502", cell(rows, d), "review") for d in expected)
    for f in got:
        d = next(d for d in expected if cell(rows, d) == f.location.cell)
        assert f.evidence["reach"] == pytest.approx(expected[d][0])
        assert f.evidence["interval"] == list(expected[d][1])
