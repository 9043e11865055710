"""A hidden magnitude is bounded by the contributions its own row prints (issue 12, SDC502).

τ-ARGUS-style evidence columns (``freq``, ``top1``, ``top2``) published beside a hidden
turnover tell any reader of the file that it is at least ``top1 + top2`` (no contribution is
negative) and at most that and ``freq - 2`` more, none larger than ``top2``. The audit read
the hidden cell as ``[0, inf)``: D1 (250, 25 and 25 of 3 companies) hidden beside D2 lies in
[275, 300] for anyone, short of the (2, 90%) reach 275 / 0.9 = 305.6, and got no SDC502.
The bounds are set from the file's own columns only (``Table.printed_tops``), never from a
sidecar. Each interval here is the linear program's (scipy) over the hidden districts with
the region's total and each cell's printed bounds; each reach is the handbook's level at the
smallest total the tops allow. The files are written with pandas, as a τ-ARGUS-style
export is."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

import sdc
from sdc.policy import build_policy
from sdc.protect import protect

P, NK = 0.10, (2, 0.9)
# threshold 3 (the handbook's n0 for a coalition of 1): the districts of 3 and 5 firms are no
# threshold cells, so each is asked the dominance rules' levels only (round 51 asks a cell of
# fewer units than the threshold (p/q) x1 as well, which these tables are not about)
RULES = {"rules": {"p-percent": {"p": P}, "nk-dominance": {"rules": [{"n": 2, "k": NK[1]}]},
                   "extreme-value": {"status": "off"}, "small-count": {"threshold": 3}}}
SENSITIVE = [250.0, 25.0, 25.0]  # D1: at most 250 + 25 + 25 = 300, reach 305.6
ROOMY = [100.0, 50.0, 40.0, 40.0, 40.0, 30.0]  # D1's twin: [150, 350], reach 166.7
D2 = [80.0, 60.0, 50.0, 50.0, 40.0]  # [140, 320] by its row
D3 = [70.0, 60.0, 50.0]  # published


def write(folder: Path, d1: list[float], hidden: set[str]) -> Path:
    folder.mkdir()
    rows = [("D1", d1), ("D2", D2), ("D3", D3), ("Total", d1 + D2 + D3)]
    frame = pd.DataFrame({
        "region": ["North"] * len(rows), "district": [d for d, _ in rows],
        "turnover": ["[c]" if d in hidden else f"{sum(v):g}" for d, v in rows],
        "freq": [len(v) for _, v in rows],
        "top1": [sorted(v)[-1] for _, v in rows], "top2": [sorted(v)[-2] for _, v in rows]})
    frame.to_csv(folder / "turnover.csv", index=False, float_format="%g")
    return folder / "turnover.csv"


def printed(values: list[float]) -> tuple[float, float]:
    x1, x2 = sorted(values)[-1], sorted(values)[-2]
    return x1 + x2, x1 + x2 + (len(values) - 2) * x2


def reach(values: list[float]) -> float:
    """``X + level`` at the smallest total the tops allow (their sum), p% or (2, 90%)."""
    x1, x2 = sorted(values)[-1], sorted(values)[-2]
    return max(P * x1 + x1 + x2, (x1 + x2) / NK[1])


def interval(d1: list[float], total_hidden: bool = False) -> tuple[float, float]:
    """D1's [min, max]: D1 + D2 = the region's total less D3 (when the total is published),
    each within its printed bounds."""
    bounds = [printed(d1), printed(D2)]
    a_eq = [] if total_hidden else [[1.0, 1.0]]
    b_eq = [] if total_hidden else [sum(d1) + sum(D2)]
    ends = []
    for sense in (1.0, -1.0):
        solved = linprog([sense, 0.0], A_eq=np.array(a_eq) if a_eq else None,
                         b_eq=b_eq or None, bounds=bounds, method="highs")
        assert solved.status == 0
        ends.append(round(sense * solved.fun, 6))
    return ends[0], ends[1]


def narrow(path: Path) -> list[tuple[str, str | None, str, list[float]]]:
    return [(f.rule, f.location.cell, f.status.value, f.evidence.get("interval"))
            for f in sdc.check(path.parent, build_policy(RULES)).findings
            if f.rule in ("SDC501", "SDC502")]


def test_the_printed_tops_pin_a_hidden_cell_below_its_reach(tmp_path: Path) -> None:
    """D1 and D2 hidden: by the total alone D1 lies in [260, 440]; its own row says [275,
    300], short of 305.6 at any total: SDC502 ``fail`` at D1 (C2). Passed the audit before."""
    lo, hi = interval(SENSITIVE)
    assert (lo, hi) == (275.0, 300.0) and hi < reach(SENSITIVE) == pytest.approx(275 / 0.9)
    path = write(tmp_path / "release", SENSITIVE, {"D1", "D2"})
    assert narrow(path) == [("SDC502", "C2", "fail", [lo, hi])]


def test_tops_that_leave_room_ask_nothing(tmp_path: Path) -> None:
    """The twin: D1 of six companies (100, 50 printed) lies in [260, 350], above its reach
    166.7 at every total it can hold; D2 in [230, 320], above 155.6: no SDC501/SDC502."""
    lo, hi = interval(ROOMY)
    assert (lo, hi) == (260.0, 350.0) and lo >= reach(ROOMY)
    assert sum(ROOMY) + sum(D2) - hi >= reach(D2)
    path = write(tmp_path / "release", ROOMY, {"D1", "D2"})
    assert narrow(path) == []


def test_a_column_hidden_whole_is_bounded_by_its_tops(tmp_path: Path) -> None:
    """Every turnover hidden (the total too): no system tells the audit the column adds up,
    yet D1's own row still pins it to [275, 300]: SDC502 ``fail`` at C2 (nothing before);
    the twin's D1 ([150, 350]) may lie below its reach at its smallest total: ``review``."""
    path = write(tmp_path / "sensitive", SENSITIVE, {"D1", "D2", "D3", "Total"})
    found = {cell: (status, iv) for rule, cell, status, iv in narrow(path) if rule == "SDC502"}
    assert found["C2"] == ("fail", list(printed(SENSITIVE)))
    assert interval(SENSITIVE, total_hidden=True) == printed(SENSITIVE)
    path = write(tmp_path / "roomy", ROOMY, {"D1", "D2", "D3", "Total"})
    found = {cell: (status, iv) for rule, cell, status, iv in narrow(path) if rule == "SDC502"}
    assert found["C2"] == ("review", list(printed(ROOMY)))
    assert printed(ROOMY)[0] < reach(ROOMY) <= printed(ROOMY)[1]


def test_protect_names_the_cell_its_tops_pin_and_the_check_agrees(tmp_path: Path) -> None:
    """Nothing hidden: D1 is sensitive (p% and (2, 90%)); protect hides it, but its printed
    tops keep it in [275, 300] whatever else is hidden: the plan names C2 unprotected and the
    written file's check fails it there (never ``pass``)."""
    path = write(tmp_path / "in", SENSITIVE, set())
    result = protect(path, policy=build_policy(RULES))
    (tmp_path / "out").mkdir()
    checked = result.write(tmp_path / "out" / "turnover.csv")
    assert "C2" in result.unprotected
    found = {(f.rule, f.location.cell, f.status.value) for f in checked.findings
             if f.rule in ("SDC501", "SDC502")}
    assert ("SDC502", "C2", "fail") in found
    assert {cell for _, cell, _ in found} <= set(result.unprotected)
    assert checked.status.value == "fail"
