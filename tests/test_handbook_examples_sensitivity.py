"""The sensitivity examples of the ESSnet *Handbook on SDC* (sdcTools edition), ch. 4.2
("Disclosure control concepts for magnitude tabular data"), rebuilt as a researcher saves
them: ``sdc.aggregate(records, by=region, values=turnover, stats=["sum"],
contributor=company)`` written with ``to_csv`` (table and evidence sidecar), then
``sdc check``. Each expected verdict is computed here from the records with the handbook's
rule (never copied):

* Examples 1b and 1c: minimum frequency: 2 companies under ``n = 3``; 4 companies under a
  coalition of ``n0 - 2 = 3`` (``n = 5``);
* Example 1d: company A holds 99% of 51 companies' turnover: the (1, k) rule;
* Example 1 (the rule's own example): X = 100,000, x1 = 50,000, x2 = 49,000 is safe under
  (1, 90) but the second company estimates the first within 2%: the p% rule flags it;
* Example 2: X = 110,000, x1 = 52,000, x2 = 50,000 is safe under p = 10% but not under the
  (2, k) rule with k = 100 * 100 / (100 + p) = 90.9 (its over-protection).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy

CELL = "B2"  # region X's sum: one header line, one label column


NEIGHBOUR = [4_000.0, 3_500.0, 3_000.0, 2_500.0, 2_000.0, 1_500.0]  # region Y: safe under all


def records(*values: float) -> pd.DataFrame:
    """One record per company of region X (companies named by rank), beside region Y's six
    companies (a one-row table is read as a layout sdc cannot tell; a region is rarely
    published alone)."""
    x = pd.DataFrame({"region": "X", "company": [f"c{i}" for i in range(len(values))],
                      "turnover": [float(v) for v in values]})
    y = pd.DataFrame({"region": "Y", "company": [f"y{i}" for i in range(len(NEIGHBOUR))],
                      "turnover": NEIGHBOUR})
    return pd.concat([x, y], ignore_index=True)


def publish(tmp_path: Path, data: pd.DataFrame) -> Path:
    folder = tmp_path / "release"
    folder.mkdir()
    sdc.aggregate(data, "region", "turnover", ["sum"], contributor="company").to_csv(
        folder / "turnover_by_region.csv")
    return folder


def found(folder: Path, rules: dict, codes: set[str]) -> set[tuple[str, str | None, str]]:
    result = sdc.check(folder, build_policy({"rules": rules}))
    return {(f.rule, f.location.cell, f.status.value) for f in result.findings
            if f.rule in codes}


def p_sensitive(values: list[float], p: float) -> bool:
    top = [*sorted(values, reverse=True), 0.0, 0.0]
    return sum(values) - top[0] - top[1] < p * top[0]


def nk_sensitive(values: list[float], n: int, k: float) -> bool:
    return sum(sorted(values, reverse=True)[:n]) > k * sum(values)


OFF = {"status": "off"}


@pytest.mark.parametrize(("companies", "n"), [(2, 3), (3, 3), (4, 5), (5, 5)])
def test_examples_1b_1c_minimum_frequency(companies: int, n: int, tmp_path: Path) -> None:
    """Two companies: each subtracts its own turnover from the cell (1b); four: a coalition
    of three (or their common advisor) subtracts theirs (1c, ``n0 = 5``)."""
    folder = publish(tmp_path, records(*[1_000.0 + 10 * i for i in range(companies)]))
    want = {("SDC101", CELL, "fail")} if companies < n else set()
    assert found(folder, {"small-count": {"threshold": n}, "p-percent": OFF,
                          "nk-dominance": OFF}, {"SDC101"}) == want


@pytest.mark.parametrize("share", [0.99, 0.80])
def test_example_1d_one_company_of_fifty_one(share: float, tmp_path: Path) -> None:
    """Company A and 50 very small companies; A holds ``share`` of the turnover. The (1, 85)
    rule flags 99%, not 80%."""
    small = (1 - share) * 100_000 / 50
    values = [share * 100_000] + [small] * 50
    folder = publish(tmp_path, records(*values))
    want = {("SDC201", CELL, "fail")} if nk_sensitive(values, 1, 0.85) else set()
    assert want == ({("SDC201", CELL, "fail")} if share == 0.99 else set())
    assert found(folder, {"small-count": {"threshold": 3}, "p-percent": OFF,
                          "nk-dominance": {"rules": [{"n": 1, "k": 0.85}]}},
                 {"SDC201", "SDC202"}) == want


def test_example_1_the_second_company_estimates_the_first(tmp_path: Path) -> None:
    """X = 100,000 with 50,000 and 49,000 (the rest 1,000 over 10 small companies)."""
    values = [50_000.0, 49_000.0] + [100.0] * 10
    assert sum(values) == 100_000
    folder = publish(tmp_path, records(*values))
    assert not nk_sensitive(values, 1, 0.90)
    assert found(folder, {"small-count": {"threshold": 3}, "p-percent": OFF,
                          "nk-dominance": {"rules": [{"n": 1, "k": 0.90}]}},
                 {"SDC201", "SDC202"}) == set()
    assert p_sensitive(values, 0.10)
    assert pytest.approx(0.02) == (100_000 - 49_000 - 50_000) / 50_000  # the estimate's error
    assert found(folder, {"small-count": {"threshold": 3}, "p-percent": {"p": 0.10},
                          "nk-dominance": OFF}, {"SDC201", "SDC202"}) == {
        ("SDC202", CELL, "fail")}


def test_example_2_the_2k_rule_over_protects(tmp_path: Path) -> None:
    """X = 110,000 with 52,000 and 50,000 (the rest 8,000 over 8 companies): p = 10% safe,
    (2, 90.9%) sensitive."""
    values = [52_000.0, 50_000.0] + [1_000.0] * 8
    assert sum(values) == 110_000
    folder = publish(tmp_path, records(*values))
    p = 0.10
    k = 100 / (100 + 100 * p)  # the handbook's matching k: 90.9%
    assert not p_sensitive(values, p) and nk_sensitive(values, 2, k)
    assert found(folder, {"small-count": {"threshold": 3}, "p-percent": {"p": p},
                          "nk-dominance": OFF}, {"SDC201", "SDC202"}) == set()
    assert found(folder, {"small-count": {"threshold": 3}, "p-percent": OFF,
                          "nk-dominance": {"rules": [{"n": 2, "k": k}]}},
                 {"SDC201", "SDC202"}) == {("SDC201", CELL, "fail")}


# -- Example 3 (Geurts 1992, Table 10): the feasibility interval of a suppressed cell ---------

EXAMPLE_3 = {"1": {"1": None, "2": None, "All": 7}, "2": {"1": None, "2": None, "All": 3},
             "3": {"1": 3, "2": 3, "All": 6}, "All": {"1": 9, "2": 7, "All": 16}}
TRUE_3 = {("1", "1"): 4, ("1", "2"): 3, ("2", "1"): 2, ("2", "2"): 1}  # one table that fits


def _example_3_cells(published: dict) -> list[dict]:
    return [{"ref": f"{chr(ord('B') + j)}{i + 2}", "row": r, "col": c, "value": v,
             "blank": v is None}
            for i, (r, row) in enumerate(published.items())
            for j, (c, v) in enumerate(row.items())]


@pytest.mark.parametrize("published_x12", [False, True])
def test_example_3_feasibility_intervals(published_x12: bool, tmp_path: Path) -> None:
    """The four inner cells hidden, margins published: X11 lies in [3, 6] (the handbook's
    bounds, by linear programming here) and no hidden cell is pinned: nothing is recovered.
    The twin also publishes X12 = 3: then every hidden cell is exact, SDC501 at each with
    its value."""
    from tests.parity.test_acro_mitigation import feasible_intervals

    published = {r: dict(row) for r, row in EXAMPLE_3.items()}
    if published_x12:
        published["1"]["2"] = TRUE_3[("1", "2")]
    for (r, c), v in TRUE_3.items():  # the true table fits the published one
        assert published[r][c] in (None, v)
    intervals = feasible_intervals(_example_3_cells(published))
    if not published_x12:
        assert intervals["B2"] == pytest.approx((3, 6))
    exact = {at: lo for at, (lo, hi) in intervals.items() if hi - lo < 1e-9}
    assert (exact != {}) == published_x12
    folder = tmp_path / "release"
    folder.mkdir()
    lines = ["group,1,2,Total"] + [
        ",".join(["Total" if r == "All" else r, *("[c]" if v is None else str(v)
                                                   for v in row.values())])
        for r, row in published.items()]
    (folder / "t.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = sdc.check(folder, build_policy({"rules": {"small-count": {"threshold": 3}}}))
    got = {f.location.cell: f.evidence["value"] for f in result.findings if f.rule == "SDC501"}
    assert got == pytest.approx(exact)
    assert {f.status.value for f in result.findings if f.rule == "SDC501"} <= {"fail"}
