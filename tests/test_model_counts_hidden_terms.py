"""A regression table that shows one factor's levels but not every term of its model (issue 12,
wrong pass).

``esttab m using t.csv, se r2 ar2 keep(2.g 3.g _cons)`` of ``regress y i.g age x`` prints the
levels and hides the covariates. Its R-squared pair proves the residual dof (98 of 103) and the
shares of ``N`` were read as if the shown terms were the whole model: a design that is not
the model's, usually no whole numbers, nothing read, and the group of 3 passed on its dof
(main 023555c). The pair also proves the model has more terms than the table shows (at most
98 dof where ``N`` less the shown terms is 100), so the shown terms are not taken as the whole
model: each level's group holds at least ``s^2 / se_g^2`` people whatever else the model holds
(``sdc.model_counts.hidden_term_counts``), read where the table prints ``rmse``; without it
nothing bounds a group from below and every group is SDC101 ``review``. Numbers from
statsmodels fits, laid out as esttab prints them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from tests.test_model_counts_named import _check

STATA = {"Intercept": "_cons", "C(g)[T.b]": "2.g", "C(g)[T.c]": "3.g"}


def _fit(sizes: tuple[int, ...], seed: int = 2):
    rng = np.random.default_rng(seed)
    g = np.repeat(["a", "b", "c"], sizes)
    frame = pd.DataFrame({"g": g, "age": rng.uniform(20, 70, len(g)),
                          "x": rng.normal(0, 1, len(g))})
    frame["y"] = 1 + (frame.g == "b") * 0.5 + 0.05 * frame.age + frame.x + rng.normal(
        0, 2, len(g))
    return smf.ols("y ~ C(g) + age + x", frame).fit()


def _esttab_keep(fit, keep: tuple[str, ...], rmse: bool = False,
                 names: dict[str, str] = STATA) -> str:
    """``esttab m using t.csv, se r2 ar2 keep(...)`` (``rmse``: ``stats(N r2 r2_a rmse)``):
    the kept terms in Stata's order, _cons last, each printed by ``names`` (Stata's own, or
    the value labels of ``label``)."""
    terms = [t for t in fit.params.index if t != "Intercept"] + ["Intercept"]
    rows = [["", "(1)"], ["", "y"]]
    for term in (t for t in terms if t in keep):
        rows += [[names[term], f"{fit.params[term]:.3f}"], ["", f"({fit.bse[term]:.3f})"]]
    rows += [["N", f"{int(fit.nobs)}"], ["R-sq", f"{fit.rsquared:.3f}"],
             ["adj. R-sq", f"{fit.rsquared_adj:.3f}"]]
    if rmse:
        rows.append(["rmse", f"{np.sqrt(fit.scale):.3f}"])
    rows += [["Standard errors in parentheses"], ["* p<0.05, ** p<0.01, *** p<0.001"]]
    return "\n".join(",".join(f'="{c}"' for c in r) for r in rows) + "\n"


LEVELS = ("C(g)[T.b]", "C(g)[T.c]")


@pytest.mark.parametrize("keep", [LEVELS, (*LEVELS, "Intercept")], ids=["levels", "with-cons"])
def test_kept_levels_of_a_group_of_three_are_reviewed(tmp_path: Path,
                                                      keep: tuple[str, ...]) -> None:
    # main 023555c: pass on the 98 dof its R-squared pair proves
    findings, status = _check(tmp_path, "t.csv", _esttab_keep(_fit((50, 50, 3)), keep))
    assert status == "review"
    assert findings == {("SDC101", "t.csv", "B3"), ("SDC101", "t.csv", "B5")}


def test_with_rmse_the_group_of_three_is_reviewed_at_its_level(tmp_path: Path) -> None:
    # s^2 / se^2 holds the large groups above the threshold; 3.g's floor is under it
    text = _esttab_keep(_fit((50, 50, 3)), (*LEVELS, "Intercept"), rmse=True)
    assert _check(tmp_path, "t.csv", text) == ({("SDC101", "t.csv", "B5")}, "review")


def test_with_rmse_large_groups_pass(tmp_path: Path) -> None:
    text = _esttab_keep(_fit((60, 60, 60)), (*LEVELS, "Intercept"), rmse=True)
    assert _check(tmp_path, "t.csv", text) == (set(), "pass")


def test_the_whole_model_shown_is_read_as_before(tmp_path: Path) -> None:
    # nothing hidden: the pair proves N less the shown terms; the covariates' rows stop the
    # one-factor reading and the table passes on its dof
    fit = _fit((50, 50, 12))
    rows = [["", "(1)"], ["", "y"]]
    names = {**STATA, "age": "age", "x": "x"}
    for term in [t for t in fit.params.index if t != "Intercept"] + ["Intercept"]:
        rows += [[names[term], f"{fit.params[term]:.3f}"], ["", f"({fit.bse[term]:.3f})"]]
    rows += [["N", f"{int(fit.nobs)}"], ["R-sq", f"{fit.rsquared:.3f}"],
             ["adj. R-sq", f"{fit.rsquared_adj:.3f}"], ["Standard errors in parentheses"]]
    text = "\n".join(",".join(f'="{c}"' for c in r) for r in rows) + "\n"
    assert _check(tmp_path, "t.csv", text) == (set(), "pass")


@pytest.mark.parametrize("rmse", [True, False], ids=["rmse", "no-rmse"])
def test_the_review_says_whether_the_print_gives_a_residual_variance(tmp_path: Path,
                                                                      rmse: bool) -> None:
    # round 53: every such review said "the print gives no residual variance", also where
    # the table prints ``rmse`` and the floor s^2 / se^2 came from it
    import sdc
    from tests.test_model_counts_named import POLICY

    text = _esttab_keep(_fit((50, 50, 3)), (*LEVELS, "Intercept"), rmse=rmse)
    (tmp_path / "t.csv").write_text(text)
    findings = [f for f in sdc.check(tmp_path, POLICY).findings if f.rule == "SDC101"]
    assert {f.location.cell for f in findings} == ({"B5"} if rmse else {"B3", "B5"})
    for finding in findings:
        assert "more terms than the table shows" in finding.message
        assert "as shares of the model's N" not in finding.message
        assert "gives no residual variance" not in finding.message
        assert ("prints no residual standard error (rmse)" in finding.message) is not rmse
        assert ("at least s^2 / se^2 each, from the printed standard errors and the "
                "residual variance the print gives" in finding.message) is rmse


def test_shares_beside_a_residual_variance_that_does_not_fit_say_so() -> None:
    # a printed s^2 whose sizes do not add up to N (here the model's doubled) leaves the
    # shares of N: the count's basis says the print's s^2 did not prove the design
    from sdc.model_counts import Coefficient, linear_table_counts

    fit = smf.ols("y ~ C(g)", pd.DataFrame({
        "g": np.repeat(["a", "b", "c"], (50, 50, 3)),
        "y": np.random.default_rng(4).normal(0, 2, 103)})).fit()
    names = {"Intercept": "_cons", "C(g)[T.b]": "2.g", "C(g)[T.c]": "3.g"}
    rows = [Coefficient(i + 1, names[t], f"{fit.params[t]:.4f}", f"{fit.bse[t]:.4f}")
            for i, t in enumerate(fit.params.index)]
    scale = (2 * fit.scale * 0.999, 2 * fit.scale * 1.001)
    found = linear_table_counts(fit.nobs, rows, scale)
    assert [(c.term, c.lo <= 3 <= c.hi) for c in found if c.term == "3.g"] == [("3.g", True)]
    assert all(c.named and "printed residual variance gives no sizes that add up to N"
               in c.basis for c in found)
    assert linear_table_counts(fit.nobs, rows, None)[0].basis == ""
