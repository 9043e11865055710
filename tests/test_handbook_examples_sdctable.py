"""sdcTable's documented primary-suppression example (``?primarySuppression``: its
``microdata1`` of 100 units by region A-D and gender, with a numeric ``val``), and the
sensitivity rules of the ESSnet *Handbook on SDC* (sdcTools edition, ch. 4.2) it implements,
rebuilt as the files a researcher hands over and checked with ``sdc check`` under a
``rules.toml`` that states each rule's parameters.

The documentation says what each run gives (under ``maxN = 2``, the 2 units of region A's
women are the one sensitive cell; under ``p = 30`` the p% rule makes two cells sensitive);
here every expected finding is computed from the units with the rule's definition, never
copied, and the documented counts are asserted of that computation. The table is written
with its margins (sdcTable's problem holds every sub-total), so the margins are judged too.

How sdcTable's parameters map onto sdc's policy (docs/decisions.md, round 31):

* ``freq`` with ``maxN``: cells with ``0 < n <= maxN`` units are sensitive: sdc's
  ``small-count`` threshold is ``maxN + 1`` (``n < threshold``); ``allowZeros = FALSE``
  publishes zeros, sdc's SDC102 still asks a person (stricter, never a pass);
* ``p`` with ``p`` in percent: ``X - x1 - x2 < p/100 x1``: ``p-percent.p = p / 100``;
* ``pq`` with ``(p, q)``: ``X - x1 - x2 < p/q x1``: ``p-percent.p`` and ``p-percent.q``;
* ``nk`` with ``(n, k)``: the handbook's table says a cell is unsafe when the n largest
  contributions *exceed* k% of the total: ``inclusive = false`` (sdc's default flags at
  exactly k, as ACRO does: stricter).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.policy import load_policy

# sdcTable's microdata1, each (region, gender) cell's units' val (100 units in all)
MICRODATA1 = {
    ("A", "female"): [9, 11],
    ("A", "male"): [10, 11, 5, 7, 13, 15, 13, 6, 9, 7, 9, 8, 9, 10, 10, 18, 6, 12],
    ("B", "female"): [10, 16, 12, 8, 18, 11, 8, 12, 14, 13, 7, 9, 14, 5, 13, 8, 10, 9, 7],
    ("B", "male"): [11, 5, 7, 12, 14, 15, 9, 10, 10, 7, 10, 8, 8, 14],
    ("C", "female"): [10, 12, 11, 7, 12, 9, 9, 19, 9, 8],
    ("C", "male"): [9, 11, 18, 12, 10, 6, 11, 6, 6, 11, 6, 12],
    ("D", "female"): [10, 6, 11, 16, 14, 9, 7, 6, 14, 10, 11, 9, 11, 18],
    ("D", "male"): [280, 9, 9, 8, 7, 9, 8, 7, 8, 11, 10],
}
MARGIN = "All"


def units() -> pd.DataFrame:
    rows = [(region, gender, f"u{region}{gender}{i}", float(v))
            for (region, gender), values in MICRODATA1.items() for i, v in enumerate(values)]
    return pd.DataFrame(rows, columns=["region", "gender", "unit", "val"])


def cell_values(region: str, gender: str) -> list[float]:
    """The units of a published cell, a margin (every cell of its line) or the grand total."""
    return [float(v) for (r, g), values in MICRODATA1.items()
            if region in (r, MARGIN) and gender in (g, MARGIN) for v in values]


def write_release(folder: Path, *, magnitude: bool) -> dict[tuple[str, str], str]:
    """The table as ``sdc.crosstab(..., margins=True).to_csv`` writes it (the magnitude
    table with its evidence sidecar); returns where each cell is, read from the file."""
    df = units()
    folder.mkdir()
    if magnitude:
        table = sdc.crosstab(df.region, df.gender, values=df.val, aggfunc="sum",
                             contributor=df.unit, margins=True)
    else:
        table = sdc.crosstab(df.region, df.gender, margins=True)
    path = table.to_csv(folder / "t.csv")
    written = pd.read_csv(path, index_col=0, dtype=str)
    return {(str(row), str(col)): f"{chr(ord('B') + j)}{i + 2}"
            for i, row in enumerate(written.index) for j, col in enumerate(written.columns)}


def check(folder: Path, tmp_path: Path, rules_toml: str) -> set[tuple[str, str | None]]:
    rules = tmp_path / "rules.toml"
    rules.write_text(rules_toml, encoding="utf-8")
    result = sdc.check(folder, load_policy(rules))
    return {(f.rule, f.location.cell) for f in result.findings}


def p_sensitive(values: list[float], ratio: float) -> bool:
    """The handbook's p% rule (``ratio = p``) and (p,q) rule (``ratio = p / q``)."""
    top = [*sorted(values, reverse=True), 0.0, 0.0]
    return sum(values) - top[0] - top[1] < ratio * top[0]


def nk_sensitive(values: list[float], n: int, k: float, *, inclusive: bool) -> bool:
    top = sorted(values, reverse=True)[:n]
    return sum(top) >= k * sum(values) if inclusive else sum(top) > k * sum(values)


def expected(refs: dict[tuple[str, str], str], code: str, sensitive) -> set[tuple[str, str]]:
    return {(code, ref) for (row, col), ref in refs.items() if sensitive(cell_values(row, col))}


def test_freq_rule_max_n_2_is_a_threshold_of_3(tmp_path: Path) -> None:
    refs = write_release(tmp_path / "release", magnitude=False)
    max_n = 2
    got = check(tmp_path / "release", tmp_path,
                f"[rules.small-count]\nthreshold = {max_n + 1}\n")
    want = expected(refs, "SDC101", lambda v: 0 < len(v) <= max_n)
    assert want == {("SDC101", refs[("A", "female")])}  # as the documentation says
    assert {f for f in got if f[0] == "SDC101"} == want


def test_p_rule_p_30_two_primary_suppressions(tmp_path: Path) -> None:
    refs = write_release(tmp_path / "release", magnitude=True)
    got = check(tmp_path / "release", tmp_path,
                "[rules.small-count]\nthreshold = 3\n"
                "[rules.p-percent]\np = 0.30\n"
                "[rules.nk-dominance]\nstatus = \"off\"\n")
    want = expected(refs, "SDC202", lambda v: p_sensitive(v, 0.30))
    assert len(want) == 2  # "two primary suppressions"
    assert {f for f in got if f[0] == "SDC202"} == want
    assert {f for f in got if f[0] == "SDC101"} == expected(
        refs, "SDC101", lambda v: 0 < len(v) < 3)
    assert not {f for f in got if f[0] == "SDC201"}


@pytest.mark.parametrize("inclusive", [False, True])
def test_nk_rule_sdctable_defaults(inclusive: bool, tmp_path: Path) -> None:
    """sdcTable's default (n, k) = (2, 85)."""
    refs = write_release(tmp_path / "release", magnitude=True)
    got = check(tmp_path / "release", tmp_path,
                "[rules.small-count]\nthreshold = 3\n"
                "[rules.p-percent]\nstatus = \"off\"\n"
                "[rules.nk-dominance]\nrules = [{ n = 2, k = 0.85 }]\n"
                f"inclusive = {str(inclusive).lower()}\n")
    want = expected(refs, "SDC201", lambda v: nk_sensitive(v, 2, 0.85, inclusive=inclusive))
    assert want  # region A's two women
    assert {f for f in got if f[0] == "SDC201"} == want


def test_pq_rule_sdctable_defaults(tmp_path: Path) -> None:
    """sdcTable's default (p, q) = (25, 50): unsafe when ``X - x1 - x2 < (p/q) x1``; the
    handbook's p* = 100 p / q makes it the p% rule with p = 50, cell for cell."""
    refs = write_release(tmp_path / "release", magnitude=True)
    pq = check(tmp_path / "release", tmp_path,
               "[rules.small-count]\nthreshold = 3\n"
               "[rules.p-percent]\np = 0.25\nq = 0.50\n"
               "[rules.nk-dominance]\nstatus = \"off\"\n")
    want = expected(refs, "SDC202", lambda v: p_sensitive(v, 0.25 / 0.50))
    assert {f for f in pq if f[0] == "SDC202"} == want
    p_star = check(tmp_path / "release", tmp_path,
                   "[rules.small-count]\nthreshold = 3\n"
                   "[rules.p-percent]\np = 0.50\n"
                   "[rules.nk-dominance]\nstatus = \"off\"\n")
    assert p_star == pq


def test_the_oracles_discriminate() -> None:
    """The rules tell the cells apart: the unit of 280 makes (D, male) p%-sensitive but not
    (2, 85)-dominated; region A's two women are both; the grand total is neither."""
    d_male, a_female = cell_values("D", "male"), cell_values("A", "female")
    assert p_sensitive(d_male, 0.30) and not nk_sensitive(d_male, 2, 0.85, inclusive=True)
    assert p_sensitive(a_female, 0.30) and nk_sensitive(a_female, 2, 0.85, inclusive=False)
    grand = cell_values(MARGIN, MARGIN)
    assert len(grand) == 100
    assert not p_sensitive(grand, 0.5) and not nk_sensitive(grand, 2, 0.85, inclusive=True)


# Handbook ch. 4.2, example 4 at the boundary: x1 exactly 85% of the cell
AT_K = [289.0, 30.0, 21.0]  # X = 340, 0.85 X = 289


@pytest.mark.parametrize("inclusive", [False, True])
def test_dominance_at_exactly_k_follows_the_comparator(inclusive: bool,
                                                       tmp_path: Path) -> None:
    """The handbook's (1, 85) rule flags a cell whose largest contribution *exceeds* 85%:
    ``inclusive = false`` reproduces it (the cell at exactly 85% is safe); sdc's default,
    ACRO's ``>=``, flags it."""
    df = pd.DataFrame({"sector": "S", "region": ["x"] * 3 + ["y"] * 12,
                       "firm": [f"f{i}" for i in range(15)],
                       "turnover": [*AT_K, *[1_000.0] * 12]})
    folder = tmp_path / "release"
    folder.mkdir()
    sdc.crosstab(df.sector, df.region, values=df.turnover, aggfunc="sum",
                 contributor=df.firm).to_csv(folder / "t.csv")
    got = check(folder, tmp_path,
                "[rules.small-count]\nthreshold = 3\n"
                "[rules.p-percent]\nstatus = \"off\"\n"
                "[rules.nk-dominance]\nrules = [{ n = 1, k = 0.85 }]\n"
                f"inclusive = {str(inclusive).lower()}\n")
    assert AT_K[0] == 0.85 * sum(AT_K)
    flagged = nk_sensitive(AT_K, 1, 0.85, inclusive=inclusive)
    assert flagged is inclusive
    assert {f for f in got if f[0] == "SDC201"} == ({("SDC201", "B2")} if flagged else set())
