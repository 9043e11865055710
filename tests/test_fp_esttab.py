"""Stata regression tables exported by esttab to CSV, read as a model (false positives, third
round; sdc/readers/esttab.py). Before, the ``="..."`` cells, stars and bracketed standard
errors left no numeric column: SDC602 ``review`` on every number. Now the table is a model
whose numbers SDC301 checks through the residual degrees of freedom its numbers prove
(``scalars(df_r)``, or the R-squared beside the adjusted one); ``N`` less the terms shown
is no proof (drop() and absorbed fixed effects hide terms): without one it is ``review``.
The files are written as esttab writes them from models fitted with statsmodels."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _check(root: Path) -> tuple[set[tuple[str, str, str | None]], str]:
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


def _fit(n: int, seed: int = 1):
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"age": rng.integers(20, 90, n), "female": rng.integers(0, 2, n)})
    df["los"] = 2 + 0.05 * df.age - 0.3 * df.female + rng.normal(0, 2, n)
    return [smf.ols("los ~ age", df).fit(), smf.ols("los ~ age + female", df).fit()]


def _stars(p: float) -> str:
    return "***" if p < 0.001 else "**" if p < 0.01 else "*" if p < 0.05 else ""


def _esttab(fits, scalars: tuple[str, ...] = ("N", "r2", "ar2"), plain: bool = False,
            names: dict[str, str] | None = None, wide: bool = False,
            thousands: bool = False) -> str:
    """``esttab m1 m2 using t.csv, se r2 ar2`` (``plain``: no ``="..."``, no stars; ``wide``:
    each standard error beside its coefficient, the scalars under the coefficients;
    ``thousands``: ``stats(N, fmt(%9.0fc))``, N with a thousands separator)."""
    names = names or {}
    terms = ["age", "female", "Intercept"]

    def pair(first: str, second: str) -> list[str]:
        return [first, second] if wide else [first]

    def lines(first: list[str], second: list[str]) -> list[list[str]]:
        if wide:
            pairs = zip(first[1:], second[1:], strict=True)
            return [[first[0], *[c for a, b in pairs for c in (a, b)]]]
        return [first, second]

    rows = [["", *[c for i in range(1, len(fits) + 1) for c in pair(f"({i})", "")]],
            ["", *[c for _ in fits for c in pair("los", "")]]]
    for term in terms:
        label = names.get(term, "_cons" if term == "Intercept" else term)
        rows += lines(
            [label, *[f"{f.params[term]:.3f}" + ("" if plain else _stars(f.pvalues[term]))
                      if term in f.params else "" for f in fits]],
            ["", *[f"({f.bse[term]:.3f})" if term in f.params else "" for f in fits]])
    facts = {"N": ("N", lambda f: f"{int(f.nobs):,}" if thousands else f"{int(f.nobs)}"),
             "r2": ("R-sq", lambda f: f"{f.rsquared:.3f}"),
             "ar2": ("adj. R-sq", lambda f: f"{f.rsquared_adj:.3f}"),
             "df_r": ("df_r", lambda f: f"{int(f.df_resid)}")}
    rows += [[facts[s][0], *[c for f in fits for c in pair(facts[s][1](f), "")]]
             for s in scalars]
    rows.append(["Standard errors in parentheses"])
    if not plain:
        rows.append(["* p<0.05, ** p<0.01, *** p<0.001"])
    if plain:
        return "\n".join(",".join(r) for r in rows) + "\n"
    return "\n".join(",".join(f'="{c}"' for c in r) for r in rows) + "\n"


def test_esttab_with_r2_and_adjusted_r2_passes(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text(_esttab(_fit(500)))
    assert _check(tmp_path) == (set(), "pass")


def test_esttab_plain_with_df_r_passes(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text(_esttab(_fit(500), ("N", "df_r"), plain=True))
    assert _check(tmp_path) == (set(), "pass")


def test_esttab_of_a_model_on_few_records_fails(tmp_path: Path) -> None:
    # 11 records, 3 terms in the second model: 8 residual dof (the first model's 9 too)
    (tmp_path / "t.csv").write_text(_esttab(_fit(11)))
    assert _check(tmp_path) == ({("SDC301", "t.csv", None)}, "fail")
    (tmp_path / "t.csv").write_text(_esttab(_fit(11), ("N", "df_r"), plain=True))
    assert _check(tmp_path) == ({("SDC301", "t.csv", None)}, "fail")


def test_esttab_with_n_only_is_review(tmp_path: Path) -> None:
    # esttab's default footer: N alone. N less the terms shown is only an upper bound on the
    # dof (terms dropped from the table or absorbed are not shown): no dof source
    (tmp_path / "t.csv").write_text(_esttab(_fit(500), ("N",)))
    assert _check(tmp_path) == ({("SDC301", "t.csv", None)}, "review")


def test_esttab_with_n_only_on_few_records_fails(tmp_path: Path) -> None:
    # N less the terms shown caps the dof: 11 records, 3 terms shown, at most 8 (fail), even
    # with nothing to prove the dof themselves; each model's finding stands at its N (line 9:
    # the first model shows 2 terms, at most 9)
    (tmp_path / "t.csv").write_text(_esttab(_fit(11), ("N",)))
    result = sdc.check(tmp_path, POLICY)
    assert (findings_of(result), result.status.value) == (
        {("SDC301", "t.csv", "B9"), ("SDC301", "t.csv", "C9")}, "fail")
    assert {f.location.cell: f.message.split(" (")[0] for f in result.findings} == {
        "B9": "residual degrees of freedom at most 9",
        "C9": "residual degrees of freedom at most 8"}


def test_esttab_df_r_above_what_n_allows_is_no_proof(tmp_path: Path) -> None:
    text = _esttab(_fit(500), ("N", "df_r"), plain=True).replace("df_r,498,497", "df_r,498,499")
    (tmp_path / "t.csv").write_text(text)
    assert _check(tmp_path) == ({("SDC301", "t.csv", None)}, "review")


def test_a_count_in_a_term_name_is_named(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text(_esttab(_fit(500), names={"female": "female (n=3)"}))
    assert _check(tmp_path) == ({("SDC602", "t.csv", None)}, "review")


def test_a_crosstab_is_not_read_as_esttab(tmp_path: Path) -> None:
    # bracketed numbers under a count line, with a (1) header, but no coefficient shape of a
    # model table (no scalar footer): read as before, its small count fails
    (tmp_path / "t.csv").write_text('="",="(1)",="(2)"\n="East",="3",="40"\n'
                                    '="",="(7.0)",="(93.0)"\n')
    findings, status = _check(tmp_path)
    assert status in ("review", "fail")
    assert not any(f[0] == "SDC301" for f in findings)


@pytest.mark.parametrize("plain", [False, True])
def test_esttab_wide_passes_and_its_twin_on_few_records_fails(tmp_path: Path,
                                                               plain: bool) -> None:
    # ``esttab m1 m2 using t.csv, se r2 ar2 wide``: each standard error beside its coefficient
    # (before: not read as esttab, SDC602 review on every number)
    scalars = ("N", "df_r") if plain else ("N", "r2", "ar2")
    (tmp_path / "t.csv").write_text(_esttab(_fit(500), scalars, plain=plain, wide=True))
    assert _check(tmp_path) == (set(), "pass")
    (tmp_path / "t.csv").write_text(_esttab(_fit(11), scalars, plain=plain, wide=True))
    assert _check(tmp_path) == ({("SDC301", "t.csv", None)}, "fail")


def test_esttab_wide_with_n_only_stays_review(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text(_esttab(_fit(500), ("N",), wide=True))
    assert _check(tmp_path) == ({("SDC301", "t.csv", None)}, "review")


def test_esttab_wide_names_a_count_in_a_term_name(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text(_esttab(_fit(500), names={"female": "female (n=3)"},
                                            wide=True))
    assert _check(tmp_path) == ({("SDC602", "t.csv", None)}, "review")


def test_esttab_wide_with_a_line_that_does_not_pair_is_not_esttab(tmp_path: Path) -> None:
    # a count and its percentage side by side, with a line of two counts: no model table
    (tmp_path / "t.csv").write_text(
        '="",="(1)",="",="(2)",=""\n="East",="3",="(7.0)",="40",="(93.0)"\n'
        '="West",="50",="51",="52",="53"\n="N",="53",="",="93",=""\n')
    findings, status = _check(tmp_path)
    assert status in ("review", "fail")
    assert not any(f[0] == "SDC301" for f in findings)


def test_esttab_with_thousands_separators_passes(tmp_path: Path) -> None:
    # ``stats(N r2 r2_a, fmt(%9.0fc 3 3))``: N is 1,500 (before: not read, SDC602 review)
    (tmp_path / "t.csv").write_text(_esttab(_fit(1500), thousands=True))
    assert _check(tmp_path) == (set(), "pass")
    (tmp_path / "t.csv").write_text(_esttab(_fit(1500), thousands=True, wide=True))
    assert _check(tmp_path) == (set(), "pass")


def test_esttab_with_thousands_separators_and_few_residual_dof_fails(tmp_path: Path) -> None:
    # ``areg`` absorbing a thousand wards: N 1,012 but 8 residual dof (df_r printed)
    text = _esttab(_fit(1012), ("N", "df_r"), plain=True, thousands=True)
    text = text.replace("1,012,1,012", '"1,012","1,012"').replace("df_r,1010,1009", "df_r,8,8")
    (tmp_path / "t.csv").write_text(text)
    # the df_r prove a thousand hidden terms and no rmse is printed: age and female may each
    # be a dummy of a group nothing bounds from below (``hidden_dummy_counts``, round 19)
    assert _check(tmp_path) == ({("SDC301", "t.csv", None), ("SDC101", "t.csv", "B3"),
                                 ("SDC101", "t.csv", "C3"), ("SDC101", "t.csv", "C5")},
                                "fail")
