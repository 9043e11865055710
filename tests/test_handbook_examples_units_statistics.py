"""Statistics that rest on units the table prints beside them (round 52, handbook52): the
SDAP guidance's correlation matrix and Gini coefficient (each needs its units), and the ESSnet
handbook's concentration ratio ``CRn`` (the share of the ``n`` largest enterprises: the (n, k)
dominance rule's own quantity).

Each table is written as the tool writes it (``df.corr()`` with an ``N`` line appended,
``groupby().agg()`` to CSV); each expected finding is computed here from the rule:
a count ``0 < n < threshold`` is SDC101; a statistic over ``0 < n < threshold`` units SDC303;
a ``CRn`` over ``n + 1`` enterprises or fewer leaves one enterprise's share as ``1 - CRn``
(SDC303 at any threshold); a ``CRn`` whose lower bound for the ``m`` largest,
``min(1, m/n) * CRn``, reaches a policy's ``(m, k)`` is SDC201."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy

THRESHOLD = 10


def findings(folder: Path, rules: dict | None = None) -> set[tuple[str, str | None, str]]:
    result = sdc.check(folder, build_policy(rules or {}))
    return {(f.rule, f.location.cell, f.status.value) for f in result.findings}


def letter(col: int) -> str:
    return "ABCDEFGHIJ"[col]


# -- a correlation matrix and its N ---------------------------------------------------------------

def correlation_csv(folder: Path, n: int, *, index_name: str | None = None,
                    seed: int = 0) -> tuple[Path, list[str]]:
    """``df.corr().round(2)`` of three variables over ``n`` people, with the ``N`` line a
    researcher appends under it (the SDAP guidance: a correlation needs its units)."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(rng.normal(size=(n, 3)), columns=["age", "income", "score"])
    corr = frame.corr().round(2)
    corr.loc["N"] = [n, n, n]
    corr.index.name = index_name
    folder.mkdir()
    corr.to_csv(folder / "corr.csv")
    return folder / "corr.csv", list(frame.columns)


@pytest.mark.parametrize("index_name", [None, "variable"])
def test_a_correlation_matrix_of_8_people_fails_at_its_n(tmp_path: Path,
                                                         index_name: str | None) -> None:
    """N = 8 < 10: SDC101 at each N cell (B5:D5, the line under the 3 x 3 matrix), and each
    coefficient (B2:D4, the diagonal's 1 included) SDC303, resting on 8 units. Before: SDC602
    ``review`` only (the N never asked the threshold)."""
    _, names = correlation_csv(tmp_path / "r", 8, index_name=index_name)
    k = len(names)
    expected = {("SDC101", f"{letter(j + 1)}{k + 2}", "fail") for j in range(k)}
    expected |= {("SDC303", f"{letter(j + 1)}{i + 2}", "fail")
                 for i in range(k) for j in range(k)}
    assert 0 < 8 < THRESHOLD
    assert findings(tmp_path / "r") == expected


def test_a_correlation_matrix_of_80_people_is_read_whole(tmp_path: Path) -> None:
    """N = 80: every number understood (coefficients over 80 units, counts of 80): nothing
    to report, where every number was SDC602 ``review`` before."""
    correlation_csv(tmp_path / "r", 80)
    assert findings(tmp_path / "r") == set()


def test_the_n_as_a_column_and_a_lower_triangle(tmp_path: Path) -> None:
    """SPSS-style: a lower triangle, each variable's N in a column. bmi's N of 8 is SDC101
    (E2); the coefficients with bmi rest on min(8, N) units: B2, B3, B4 SDC303. sbp and
    chol (12 and 40 people) pass, and so does their coefficient C4 (12 units)."""
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "corr.csv").write_text(
        ",bmi,sbp,chol,N\nbmi,1.00,,,8\nsbp,0.35,1.00,,12\nchol,0.21,0.18,1.00,40\n",
        encoding="utf-8")
    units = {"bmi": 8, "sbp": 12, "chol": 40}
    names = list(units)
    expected = {("SDC101", f"E{i + 2}", "fail") for i, v in enumerate(names)
                if 0 < units[v] < THRESHOLD}
    expected |= {("SDC303", f"{letter(j + 1)}{i + 2}", "fail")
                 for i in range(3) for j in range(i + 1)
                 if min(units[names[i]], units[names[j]]) < THRESHOLD}
    assert findings(tmp_path / "r") == expected == {
        ("SDC101", "E2", "fail"), ("SDC303", "B2", "fail"), ("SDC303", "B3", "fail"),
        ("SDC303", "B4", "fail")}


def test_a_matrix_that_is_not_one_keeps_the_general_reading(tmp_path: Path) -> None:
    """A diagonal of 0.9 (no correlation matrix): not read as one; never ``pass``."""
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "corr.csv").write_text(
        ",bmi,sbp\nbmi,0.9,0.35\nsbp,0.35,1.00\nN,80,80\n", encoding="utf-8")
    result = sdc.check(tmp_path / "r", build_policy({}))
    assert result.status.value != "pass"
    assert not any(f.location.cell in ("B4", "C4") and f.rule == "SDC303"
                   for f in result.findings)


# -- a Gini coefficient by region -----------------------------------------------------------------

def test_a_gini_coefficient_rests_on_its_units(tmp_path: Path) -> None:
    """``groupby(region).agg(n=..., gini=...)``: East's Gini over 6 households is SDC303 at
    C4 beside SDC101 at B4; North's and South's (120, 95) pass. Before: SDC602 ``review``
    (the Gini not read), SDC101 B4."""
    (tmp_path / "r").mkdir()
    frame = pd.DataFrame({"region": ["North", "South", "East"], "n": [120, 95, 6],
                          "gini": [0.31, 0.29, 0.35]})
    frame.to_csv(tmp_path / "r" / "gini.csv", index=False)
    expected = {(rule, f"{col}{i + 2}", "fail") for i, n in enumerate(frame["n"])
                if 0 < n < THRESHOLD for rule, col in (("SDC101", "B"), ("SDC303", "C"))}
    assert findings(tmp_path / "r") == expected == {("SDC101", "B4", "fail"),
                                                   ("SDC303", "C4", "fail")}


def test_a_gini_with_no_units_is_for_review(tmp_path: Path) -> None:
    """No ``n`` beside it: the units behind the Gini cannot be checked: SDC303 ``review``."""
    (tmp_path / "r").mkdir()
    pd.DataFrame({"region": ["North", "South"], "gini": [0.31, 0.29]}).to_csv(
        tmp_path / "r" / "gini.csv", index=False)
    assert ("SDC303", None, "review") in findings(tmp_path / "r")
    assert sdc.check(tmp_path / "r", build_policy({})).status.value == "review"


# -- concentration ratios -------------------------------------------------------------------------

INDUSTRIES = pd.DataFrame({"industry": ["Mining", "Retail", "Manufacturing"],
                           "firms": [4, 250, 120]})


def concentration(folder: Path, header: str, shares: list[float]) -> None:
    folder.mkdir()
    frame = INDUSTRIES.assign(**{header: shares})
    frame.to_csv(folder / "cr.csv", index=False)


def expected_cr(order: int, shares: list[float], threshold: int,
                nk: list[tuple[int, float]]) -> set[tuple[str, str, str]]:
    """The rule, cell by cell: SDC101 at a firms count below the threshold; SDC303 at a CR
    over fewer firms than the threshold, or over n + 1 firms or fewer; SDC201 where
    ``min(1, m/n) * share >= k`` for some policy (m, k) (inclusive, the default)."""
    out: set[tuple[str, str, str]] = set()
    for i, (firms, share) in enumerate(zip(INDUSTRIES["firms"], shares, strict=True)):
        row = i + 2
        if 0 < firms < threshold:
            out.add(("SDC101", f"B{row}", "fail"))
        if 0 < firms < threshold or firms <= order + 1:
            out.add(("SDC303", f"C{row}", "fail"))
        fraction = share / 100 if max(shares) > 1 else share
        if any(fraction * min(1.0, m / order) >= k for m, k in nk):
            out.add(("SDC201", f"C{row}", "fail"))
    return out


@pytest.mark.parametrize(("header", "shares"), [("CR3", [0.97, 0.31, 0.45]),
                                                 ("cr3_percent", [97.2, 31.0, 45.5])])
def test_a_concentration_ratio_rests_on_its_firms(tmp_path: Path, header: str,
                                                  shares: list[float]) -> None:
    """Default policy (threshold 10, (2, 90%)): Mining's 4 firms are SDC101 (B2) and its CR3
    SDC303 (C2); CR3 0.97 bounds the two largest only to 0.647, below 90%: no SDC201.
    Before: SDC602 ``review`` only (``CR3``), or SDC103 at C2 (``cr3_percent`` read as a
    percentage of people)."""
    concentration(tmp_path / "r", header, shares)
    expected = expected_cr(3, shares, THRESHOLD, [(2, 0.9)])
    assert findings(tmp_path / "r") == expected == {("SDC101", "B2", "fail"),
                                                   ("SDC303", "C2", "fail")}


def test_a_cr3_of_four_firms_reveals_the_fourth_at_any_threshold(tmp_path: Path) -> None:
    """Threshold 3 (the handbook's n0 for a coalition of one) and the ESSnet profile's (n, k)
    rules plus (3, 90%): 4 firms are no threshold cell, but CR3 over 4 firms leaves the
    fourth's share as 1 - 0.97 (SDC303 C2), and 0.97 >= 90% is the (3, 90%) rule's own
    comparison (SDC201 C2). Retail's and Manufacturing's CR3 stay below every bound."""
    concentration(tmp_path / "r", "CR3", [0.97, 0.31, 0.45])
    nk = [(1, 0.5), (2, 0.85), (3, 0.9)]
    rules = {"rules": {"small-count": {"threshold": 3},
                       "nk-dominance": {"rules": [{"n": n, "k": k} for n, k in nk]}}}
    expected = expected_cr(3, [0.97, 0.31, 0.45], 3, nk)
    assert findings(tmp_path / "r", rules) == expected == {("SDC303", "C2", "fail"),
                                                          ("SDC201", "C2", "fail")}


def test_a_cr1_above_k_is_dominance(tmp_path: Path) -> None:
    """CR1 (the largest firm's share) of 0.62 under (1, 50%): SDC201 at C3 (Retail, 250
    firms: nothing else); 0.45 stays below it."""
    concentration(tmp_path / "r", "CR1", [0.40, 0.62, 0.45])
    rules = {"rules": {"small-count": {"threshold": 3},
                       "nk-dominance": {"rules": [{"n": 1, "k": 0.5}]}}}
    assert findings(tmp_path / "r", rules) == expected_cr(
        1, [0.40, 0.62, 0.45], 3, [(1, 0.5)]) == {("SDC201", "C3", "fail")}


# -- a Herfindahl index ---------------------------------------------------------------------------

def two_shares(index: float) -> tuple[float, float]:
    """The two shares an HHI over two units gives back: ``s^2 + (1 - s)^2 = index``."""
    s = (1 + (2 * index - 1) ** 0.5) / 2
    return s, 1 - s


def test_a_herfindahl_index_over_two_firms_gives_both_shares(tmp_path: Path) -> None:
    """``industry,firms,HHI`` on the 0-10,000 scale, threshold 2 (so 2 firms are no threshold
    cell): Mining's HHI 5800 over 2 firms is shares 70% and 30% (SDC303 C2); Energy's 9200
    over 12 firms puts at least 92% in its largest firm (the squares sum to at most the
    largest share): SDC201 C4 under (2, 90%). Retail (1200 over 250 firms): at least 12%,
    nothing; its 250 of 264 firms is the group-disclosure rule's 95% (SDC103 B3), as for any
    count column."""
    (tmp_path / "r").mkdir()
    frame = pd.DataFrame({"industry": ["Mining", "Retail", "Energy"], "firms": [2, 250, 12],
                          "HHI": [5800, 1200, 9200]})
    frame.to_csv(tmp_path / "r" / "hhi.csv", index=False)
    assert two_shares(0.58) == pytest.approx((0.7, 0.3))
    expected = {("SDC303", f"C{i + 2}", "fail") for i, f in enumerate(frame["firms"]) if f <= 2}
    expected |= {("SDC201", f"C{i + 2}", "fail") for i, h in enumerate(frame["HHI"])
                 if h / 10_000 >= 0.9}
    expected.add(("SDC103", "B3", "fail"))
    assert 250 / frame["firms"].sum() >= 0.9
    rules = {"rules": {"small-count": {"threshold": 2}}}
    assert findings(tmp_path / "r", rules) == expected == {
        ("SDC303", "C2", "fail"), ("SDC201", "C4", "fail"), ("SDC103", "B3", "fail")}


def test_postcode_districts_named_like_a_ratio_stay_counts(tmp_path: Path) -> None:
    """``sex,CR2,CR4,CR7`` (Croydon's postcode districts) over whole numbers: no concentration
    ratio (a bare ``CRn`` is one only over fractions); the counts are checked as before: 3 is
    SDC101 at B2, 30 of 33 under CR2 SDC103 at B3 (a guard: the same on base52)."""
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "pc.csv").write_text("sex,CR2,CR4,CR7\nF,3,25,40\nM,30,22,41\n",
                                           encoding="utf-8")
    found = findings(tmp_path / "r")
    assert {f for f in found if f[0] != "SDC602"} == {("SDC101", "B2", "fail"),
                                                      ("SDC103", "B3", "fail")}
    assert not any(rule in ("SDC201", "SDC303") for rule, _, _ in found)
