"""Published worked examples, rebuilt as microdata and run through the API.

* SDC Handbook (Hundepool et al. 2012, §4.2): dominance and p% examples with known verdicts.
* sdcTable's ``microdata1``-style frequency table (regions A-D by gender): under a minimum
  frequency of 3 (its ``freq`` primary-suppression rule) only (A, female) = 2 is unsafe.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy


def _cell_data(contributions: list[float]) -> pd.DataFrame:
    """One firm per contribution in the examined cell ``x``, beside a cell ``y`` of 20 equal
    firms that no rule flags."""
    n = len(contributions)
    return pd.DataFrame({
        "sector": "S",
        "region": ["x"] * n + ["y"] * 20,
        "firm": np.arange(n + 20),
        "turnover": [*contributions, *[1000.0] * 20],
    })


def _policy(nk: list[dict[str, float]] | None = None, p: float = 0.10) -> Any:
    rules: dict[str, Any] = {"p-percent": {"p": p}, "small-count": {"threshold": 3}}
    if nk is not None:
        rules["nk-dominance"] = {"rules": nk}
    return build_policy({"rules": rules})


def _flags(df: pd.DataFrame, policy: Any) -> list[tuple[str, str | None]]:
    table = sdc.crosstab(df.sector, df.region, values=df.turnover, aggfunc="sum",
                         contributor=df.firm, policy=policy)
    return sorted((f.rule, f.location.cell) for f in table.findings)


# The examined cell x is B2 (header on line 1, row S on line 2, columns x then y).
HUNDRED = [50_000.0, 49_000.0, *[100.0] * 10]  # X = 100,000
ONE_TEN = [52_000.0, 50_000.0, *[800.0] * 10]  # X = 110,000
SMALL = [300.0, 20.0, 10.0]  # X = 330
CASES = [
    # (1, 90%) safe: 50,000 < 90,000; p = 10%: 100,000 - 99,000 = 1,000 < 5,000, unsafe.
    ("100k (1,90) p10", HUNDRED, [{"n": 1, "k": 0.90}], [("SDC202", "B2")]),
    # (2, 90.9%): 102,000 >= 99,990, unsafe; p = 10%: 8,000 >= 5,200, safe.
    ("110k (2,90.9) p10", ONE_TEN, [{"n": 2, "k": 0.909}], [("SDC201", "B2")]),
    # (1, 85%): 300 >= 280.5, unsafe (and p = 10%: 330 - 320 = 10 < 30, unsafe too).
    ("330 (1,85) p10", SMALL, [{"n": 1, "k": 0.85}], [("SDC201", "B2"), ("SDC202", "B2")]),
]


@pytest.mark.parametrize(("name", "contributions", "nk", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_handbook_dominance_examples(name: str, contributions: list[float],
                                     nk: list[dict[str, float]], expected: list) -> None:
    df = _cell_data(contributions)
    assert df[df.region == "x"].turnover.sum() in (100_000, 110_000, 330)
    assert _flags(df, _policy(nk)) == expected


def test_handbook_examples_one_rule_at_a_time() -> None:
    """Each verdict on its own, with the other dominance rule out of the way."""
    hundred = _cell_data(HUNDRED)
    assert _flags(hundred, _policy([{"n": 1, "k": 0.90}], p=0.01)) == []
    assert _flags(hundred, _policy([{"n": 1, "k": 0.99}], p=0.10)) == [("SDC202", "B2")]
    eleven = _cell_data(ONE_TEN)
    assert _flags(eleven, _policy([{"n": 2, "k": 0.909}], p=0.01)) == [("SDC201", "B2")]
    assert _flags(eleven, _policy([{"n": 1, "k": 0.99}], p=0.10)) == []
    small = _cell_data(SMALL)
    assert _flags(small, _policy([{"n": 1, "k": 0.85}], p=0.01)) == [("SDC201", "B2")]
    assert _flags(small, _policy([{"n": 1, "k": 0.95}], p=0.01)) == []


def _microdata1() -> pd.DataFrame:
    """Person records whose region × gender counts have exactly one cell below 3."""
    counts = {("A", "female"): 2, ("A", "male"): 15, ("B", "female"): 9, ("B", "male"): 11,
              ("C", "female"): 7, ("C", "male"): 8, ("D", "female"): 12, ("D", "male"): 10}
    rows = [(region, gender) for (region, gender), n in counts.items() for _ in range(n)]
    rng = np.random.default_rng(0)
    order = rng.permutation(len(rows))
    return pd.DataFrame([rows[i] for i in order], columns=["region", "gender"])


def test_sdctable_microdata1_frequency_rule() -> None:
    df = _microdata1()
    freq3 = {"select": ["SDC101"], "rules": {"small-count": {"threshold": 3}}}
    table = sdc.crosstab(df.region, df.gender, policy=freq3)
    assert table.df.loc["A", "female"] == 2
    assert [(f.rule, f.location.cell, f.location.row_label, f.location.column_label)
            for f in table.findings] == [("SDC101", "B2", "A", "female")]
    # Under the full rule set the small cell is still the only small count; group disclosure
    # also flags its neighbour (A, male): all but 2 of region A are male.
    full = sdc.crosstab(df.region, df.gender, policy={"rules": {"small-count": {"threshold": 3}}})
    assert [f.location.cell for f in full.findings if f.rule == "SDC101"] == ["B2"]
    assert [f.location.cell for f in full.findings if f.rule == "SDC103"] == ["C2"]
