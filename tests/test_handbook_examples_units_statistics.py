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


# -- round 53 (handbook53): the printing of a CR or an HHI, an N per pair -------------------------

def reaches(share: float, k: float) -> bool:
    return share >= k  # the rule's inclusive comparison (the default)


HHI_FIRMS = [("Mining", 20, "58"), ("Retail", 250, "12"), ("Energy", 12, "92")]


@pytest.mark.parametrize(("header", "scales"), [
    ("HHI", [10_000, 100]),  # values 12-92: either scale
    ("HHI (%)", [100]),
    ("HHI (0-10000)", [10_000]),
])
def test_a_herfindahl_index_whose_scale_the_file_does_not_settle(
        tmp_path: Path, header: str, scales: list[int]) -> None:
    """An HHI of 92 in a column of values up to 100 is 0.0092 on the 0-10,000 scale and 0.92
    on the 0-100 one (squared shares times 100). The largest firm holds at least the HHI:
    under (2, 90%) a reading of 0.92 (or 92.5, its printing's upper end) reaches it. Read
    the usual way only, base53 passed; now the header settles the scale (``%``: SDC201
    ``fail`` at C4; ``0-10000``: nothing), and where it does not a person is asked (SDC201
    ``review`` at C4)."""
    (tmp_path / "r").mkdir()
    text = f"industry,firms,{header}\n" + "".join(f"{a},{b},{c}\n" for a, b, c in HHI_FIRMS)
    (tmp_path / "r" / "hhi.csv").write_text(text, encoding="utf-8")
    expected = set()
    for row, (_, _, printed) in enumerate(HHI_FIRMS, start=2):
        usual = float(printed) / scales[0]
        most = max((float(printed) + 0.5) / scale for scale in scales)
        if reaches(usual, 0.9):
            expected.add(("SDC201", f"C{row}", "fail"))
        elif reaches(most, 0.9):
            expected.add(("SDC201", f"C{row}", "review"))
    assert findings(tmp_path / "r") == expected
    assert expected == ({("SDC201", "C4", "review")} if len(scales) == 2 else
                        {("SDC201", "C4", "fail")} if scales == [100] else set())


@pytest.mark.parametrize(("printed", "k"), [("0.8", 0.85), ("0.9", 0.85), ("0.89", 0.9),
                                            ("0.9", 0.9), ("84.6", 0.85), ("84", 0.845)])
def test_a_concentration_ratio_as_printed(tmp_path: Path, printed: str, k: float) -> None:
    """A ``CR2`` printed 0.8 may be 0.85 rounded down: under (2, 85%) the rule may be met,
    SDC201 ``review`` at C2 (base53: nothing). Printed 0.9 meets k = 85% or 90% as printed:
    ``fail`` (the printed share is the rule's own comparison, decided in round 53). Printed
    0.89 stands for at most 0.895: below 90%, nothing. In percent, 84.6 is at most 84.65%
    (nothing under 85%), a whole 84 up to 84.5% (``review`` under 84.5%)."""
    percent = float(printed) > 1
    header = "CR2 (%)" if percent else "CR2"
    others = ("31.0", "45.5") if percent else ("0.31", "0.45")
    concentration(tmp_path / "r", header, [float(printed), *map(float, others)])
    (tmp_path / "r" / "cr.csv").write_text(  # as printed, not as pandas writes floats
        f"industry,firms,{header}\n" + "".join(
            f"{name},{firms},{share}\n" for name, firms, share in zip(
                INDUSTRIES["industry"], [20, 250, 120], [printed, *others], strict=True)),
        encoding="utf-8")
    scale = 100.0 if percent else 1.0
    half = 0.5 * 10.0 ** -(len(printed.split(".")[1]) if "." in printed else 0)
    expected = set()
    if reaches(float(printed) / scale, k):
        expected.add(("SDC201", "C2", "fail"))
    elif reaches((float(printed) + half) / scale, k):
        expected.add(("SDC201", "C2", "review"))
    rules = {"rules": {"nk-dominance": {"rules": [{"n": 2, "k": k}]}}}
    assert findings(tmp_path / "r", rules) == expected
    assert expected == {("0.8", 0.85): {("SDC201", "C2", "review")},
                        ("0.9", 0.85): {("SDC201", "C2", "fail")},
                        ("0.9", 0.9): {("SDC201", "C2", "fail")},
                        ("84", 0.845): {("SDC201", "C2", "review")}}.get((printed, k), set())


PAIRS = {("bmi", "bmi"): 40, ("bmi", "sbp"): 8, ("bmi", "chol"): 38, ("sbp", "sbp"): 40,
         ("sbp", "chol"): 12, ("chol", "chol"): 40}
R = {("bmi", "sbp"): ".350*", ("bmi", "chol"): ".210", ("sbp", "chol"): ".180"}
P = {("bmi", "sbp"): ".027", ("bmi", "chol"): ".205", ("sbp", "chol"): ".550"}
NAMES = ["bmi", "sbp", "chol"]


def pair(table: dict[tuple[str, str], object], a: str, b: str) -> object:
    return table.get((a, b), table.get((b, a)))


def expected_pairs(cells: dict[str, tuple[int, int]], kinds: tuple[str, ...]
                   ) -> set[tuple[str, str, str]]:
    """The rule per pair: its N below the threshold is SDC101 at each N cell of the pair;
    each coefficient (and p-value) of the pair SDC303. ``cells``: kind -> (first line of
    the first variable, lines per variable); the variables' columns start at ``B`` + offset."""
    out: set[tuple[str, str, str]] = set()
    for i, a in enumerate(NAMES):
        for j, b in enumerate(NAMES):
            n = pair(PAIRS, a, b)
            assert isinstance(n, int)
            if not 0 < n < THRESHOLD:
                continue
            for kind in kinds:
                first, step, col0 = cells[kind]
                rule = "SDC101" if kind == "n" else "SDC303"
                out.add((rule, f"{letter(col0 + j)}{first + i * step}", "fail"))
    return out


def test_an_n_per_pair_below_the_matrix(tmp_path: Path) -> None:
    """``rcorr``'s ``n`` (pairwise deletion) as lines ``N bmi``, ``N sbp``, ``N chol`` under
    the matrix: only bmi with sbp rests on 8 people (SDC101 at C5 and B6; SDC303 at the
    coefficients C2, B3). Read as lines of one N each, base53 put each variable's smallest
    pair behind all its coefficients (SDC303 at B2, B4, C3, C4, D2, D3 too)."""
    (tmp_path / "r").mkdir()
    lines = [",bmi,sbp,chol"]
    lines += [f"{a}," + ",".join("1.00" if a == b else str(pair(R, a, b)).rstrip("*")
                                 for b in NAMES) for a in NAMES]
    lines += [f"N {a}," + ",".join(str(pair(PAIRS, a, b)) for b in NAMES) for a in NAMES]
    (tmp_path / "r" / "corr.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = expected_pairs({"r": (2, 1, 1), "n": (5, 1, 1)}, ("r", "n"))
    assert findings(tmp_path / "r") == expected == {
        ("SDC101", "C5", "fail"), ("SDC101", "B6", "fail"), ("SDC303", "C2", "fail"),
        ("SDC303", "B3", "fail")}


def spss_correlations(method: str = "") -> str:
    """SPSS's ``CORRELATIONS /PRINT=TWOTAIL NOSIG /MISSING=PAIRWISE`` exported to CSV:
    a title, the header, per variable its coefficient, p-value and N lines, the note on the
    significance marks (``NONPAR CORR``'s Spearman with the method named left of it)."""
    coefficient = "Correlation Coefficient" if method else "Pearson Correlation"
    lead = "," if method else ""
    out = ["Correlations", lead + ",," + ",".join(NAMES)]
    for i, a in enumerate(NAMES):
        first = (method if i == 0 else "") + "," if method else ""
        diagonal_p = "." if method else ""
        out.append(f"{first}{a},{coefficient}," + ",".join(
            ("1.000" if method else "1") if a == b else str(pair(R, a, b)) for b in NAMES))
        out.append(f"{lead},Sig. (2-tailed)," + ",".join(
            diagonal_p if a == b else str(pair(P, a, b)) for b in NAMES))
        out.append(f"{lead},N," + ",".join(str(pair(PAIRS, a, b)) for b in NAMES))
    out.append("*. Correlation is significant at the 0.05 level (2-tailed).")
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("method", ["", "Spearman's rho"])
def test_spss_correlations_with_an_n_per_pair(tmp_path: Path, method: str) -> None:
    """Each pair's N a count (SDC101 where 8), each coefficient and p-value of that pair
    SDC303; the significance marks (``.350*``) read off the numbers, the note's 0.05 no
    count. Base53: SDC602 ``review`` only (the column of statistic names left every number
    unread; the pair of 8 never asked the threshold)."""
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "corr.csv").write_text(spss_correlations(method), encoding="utf-8")
    col0 = 3 if method else 2  # the first variable's column: C, or D with the method column
    expected = expected_pairs({"r": (3, 3, col0), "sig": (4, 3, col0), "n": (5, 3, col0)},
                              ("r", "sig", "n"))
    assert findings(tmp_path / "r") == expected
    assert len(expected) == 6


def test_spss_correlations_over_enough_people_pass_and_a_hidden_n_does_not(
        tmp_path: Path) -> None:
    """Every pair over 380 people or more: every number read, nothing to report. The same
    with an N hidden (``c``): not this reading (the general one: never ``pass``)."""
    text = ("Correlations\n,,bmi,sbp\nbmi,Pearson Correlation,1,.350**\n"
            ",Sig. (2-tailed),,.000\n,N,400,380\nsbp,Pearson Correlation,.350**,1\n"
            ",Sig. (2-tailed),.000,\n,N,380,390\n"
            "**. Correlation is significant at the 0.01 level (2-tailed).\n")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "corr.csv").write_text(text, encoding="utf-8")
    assert findings(tmp_path / "a") == set()
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "corr.csv").write_text(text.replace(",N,400,380", ",N,400,c"),
                                             encoding="utf-8")
    assert sdc.check(tmp_path / "b", build_policy({})).status.value != "pass"


def test_a_describe_by_region_with_a_region_named_n(tmp_path: Path) -> None:
    """``groupby(region)[score].describe()`` without min and max, rounded, a score in [0, 1]
    and a region ``N`` (North): the ``N`` row is a region, not a base line (its 0.45 is no
    count of units), so the others' medians 0.5 and 0.4 are no shares of it. Every region
    over 28 or more: nothing. Base53: SDC102 ``fail`` at F2 and F4 ("0.5 of 0.45 (N) is
    0")."""
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "d.csv").write_text(
        "region,count,mean,std,25%,50%,75%\nE,28.0,0.49,0.33,0.14,0.5,0.82\n"
        "N,32.0,0.45,0.24,0.3,0.45,0.62\nS,30.0,0.45,0.29,0.21,0.4,0.66\n", encoding="utf-8")
    assert all(n >= THRESHOLD for n in (28, 32, 30))
    assert findings(tmp_path / "r") == set()
