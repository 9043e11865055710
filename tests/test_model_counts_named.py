"""A linear model on one factor printed without its residual variance (issue 12, wrong pass).

esttab, modelsummary and stargazer tables print each coefficient, its standard error and the
model's ``N``, but often no ``s^2``. The group sizes are still there: with ``v_0 = se_0^2`` and
``v_g = se_g^2 - v_0``, ``n_g = N (1/v_g) / sum(1/v_h)``. Without ``s^2`` nothing proves the
design is one factor (the shares always add up to ``N``), so the reading needs every term
named as one factor's level in the print's own syntax (Stata ``2.g``, R ``factor(g)b``,
statsmodels ``C(g)[T.b]``), and a size under the threshold is SDC101 ``review``, never
``fail``. An OLS on a group of 3 beside 50 and 50 passed here on its dof (main 098c306).

The tables are written from statsmodels fits as the packages lay them out."""

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


def _data(sizes: tuple[int, ...], seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    g = np.repeat(["a", "b", "c"][:len(sizes)], sizes)
    df = pd.DataFrame({"g": g, "x": rng.normal(0, 1, len(g))})
    df["y"] = 1 + (df.g == "b") * 0.5 + rng.normal(0, 2, len(g))
    return df


def _fit(sizes: tuple[int, ...], formula: str = "y ~ C(g)"):
    return smf.ols(formula, _data(sizes)).fit()


STATA = {"Intercept": "_cons", "C(g)[T.b]": "2.g", "C(g)[T.c]": "3.g"}
R = {"Intercept": "(Intercept)", "C(g)[T.b]": "factor(g)b", "C(g)[T.c]": "factor(g)c"}


def _esttab(fit, names: dict[str, str], stats: tuple[str, ...] = ("N", "r2", "ar2"),
            note: str = "Standard errors in parentheses") -> str:
    """``esttab m using t.csv, se r2 ar2``: the Intercept last, as Stata prints _cons."""
    terms = [t for t in fit.params.index if t != "Intercept"] + ["Intercept"]
    rows = [["", "(1)"], ["", "y"]]
    for term in terms:
        rows += [[names.get(term, term), f"{fit.params[term]:.3f}"],
                 ["", f"({fit.bse[term]:.3f})"]]
    facts = {"N": ("N", lambda: f"{int(fit.nobs)}"),
             "r2": ("R-sq", lambda: f"{fit.rsquared:.3f}"),
             "ar2": ("adj. R-sq", lambda: f"{fit.rsquared_adj:.3f}"),
             "pr2": ("pseudo R-sq", lambda: f"{fit.rsquared:.3f}"),
             "rmse": ("rmse", lambda: f"{np.sqrt(fit.scale):.3f}")}
    rows += [[facts[s][0], facts[s][1]()] for s in stats]
    rows += [[note], ["* p<0.05, ** p<0.01, *** p<0.001"]]
    return "\n".join(",".join(f'="{c}"' for c in r) for r in rows) + "\n"


def _modelsummary_md(fit, names: dict[str, str]) -> str:
    """``modelsummary(lm(y ~ factor(g)), output = "markdown")``: R2 and AIC, no sigma."""
    rows = [["", "(1)"]]
    for term in fit.params.index:
        rows += [[names.get(term, term), f"{fit.params[term]:.3f}"],
                 ["", f"({fit.bse[term]:.3f})"]]
    rows += [["Num.Obs.", f"{int(fit.nobs)}"], ["R2", f"{fit.rsquared:.3f}"],
             ["R2 Adj.", f"{fit.rsquared_adj:.3f}"], ["AIC", f"{fit.aic:.1f}"]]
    width = [max(len(r[i]) for r in rows) for i in range(2)]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, width, strict=True)) + " |"
             for r in rows]
    return "\n".join([lines[0], "|" + "|".join("-" * (w + 2) for w in width) + "|",
                      *lines[1:]]) + "\n"


def _stargazer_html(fit, sigma: bool = True, names: dict[str, str] = R) -> str:
    """``stargazer(lm(y ~ factor(g)), type = "html")``: ``Constant`` last, the residual
    standard error beside its dof (``sigma = False``: ``omit.stat = "ser"``)."""
    def row(label: str, value: str) -> str:
        return f'<tr><td style="text-align:left">{label}</td><td>{value}</td></tr>'
    body = []
    for term in [t for t in fit.params.index if t != "Intercept"] + ["Intercept"]:
        body += [row(names.get(term, term) if term != "Intercept" else "Constant",
                     f"{fit.params[term]:.3f}"), row("", f"({fit.bse[term]:.3f})"), row("", "")]
    foot = [row("Observations", str(int(fit.nobs))), row("R<sup>2</sup>", f"{fit.rsquared:.3f}"),
            row("Adjusted R<sup>2</sup>", f"{fit.rsquared_adj:.3f}")]
    if sigma:
        foot.append(row("Residual Std. Error",
                        f"{np.sqrt(fit.scale):.3f} (df = {int(fit.df_resid)})"))
    return "\n".join(['<table style="text-align:center">', row("", "y"), *body, *foot,
                      '<tr><td style="text-align:left"><em>Note:</em></td><td>'
                      "<sup>*</sup>p<0.1; <sup>**</sup>p<0.05; <sup>***</sup>p<0.01</td></tr>",
                      "</table>", ""])


def _check(root: Path, name: str, text: str) -> tuple[set[tuple[str, str, str | None]], str]:
    (root / name).write_text(text)
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


SMALL, SAFE = (50, 50, 3), (50, 50, 12)


def test_esttab_of_an_ols_on_one_factor_reviews_its_group_of_three(tmp_path: Path) -> None:
    # main 098c306: pass (its R-squared pair proves 100 residual dof)
    text = _esttab(_fit(SMALL), STATA)
    assert _check(tmp_path, "t.csv", text) == ({("SDC101", "t.csv", "B5")}, "review")
    message = next(f.message for f in sdc.check(tmp_path, POLICY).findings)
    assert "'3.g' are 3 if the model is a linear model on one categorical predictor" in message
    assert "one factor, g" in message


def test_esttab_safe_twin_passes(tmp_path: Path) -> None:
    assert _check(tmp_path, "t.csv", _esttab(_fit(SAFE), STATA)) == (set(), "pass")


def test_a_small_reference_group_is_reviewed_at_the_constant(tmp_path: Path) -> None:
    text = _esttab(_fit((4, 60, 60)), STATA)
    assert _check(tmp_path, "t.csv", text) == ({("SDC101", "t.csv", "B7")}, "review")


def test_modelsummary_markdown_reviews_its_group_of_three(tmp_path: Path) -> None:
    # main 098c306: pass (R2 beside R2 Adj. prove the dof)
    text = _modelsummary_md(_fit(SMALL), R)
    assert _check(tmp_path, "t.md", text) == ({("SDC101", "t.md#table1", "B6")}, "review")


def test_modelsummary_markdown_safe_twin_passes(tmp_path: Path) -> None:
    assert _check(tmp_path, "t.md", _modelsummary_md(_fit(SAFE), R)) == (set(), "pass")


def test_stargazer_html_without_sigma_reviews_its_group_of_three(tmp_path: Path) -> None:
    text = _stargazer_html(_fit(SMALL), sigma=False)
    assert _check(tmp_path, "t.html", text) == ({("SDC101", "t.html#table1", "B5")}, "review")


def test_stargazer_html_with_sigma_proves_the_design_and_fails(tmp_path: Path) -> None:
    # the residual standard error gives s^2: the sizes add up to N, the design proved
    text = _stargazer_html(_fit(SMALL))
    assert _check(tmp_path, "t.html", text) == ({("SDC101", "t.html#table1", "B5")}, "fail")


@pytest.mark.parametrize("sigma", [True, False])
def test_stargazer_html_safe_twin_passes(tmp_path: Path, sigma: bool) -> None:
    assert _check(tmp_path, "t.html", _stargazer_html(_fit(SAFE), sigma)) == (set(), "pass")


def test_esttab_with_rmse_fails_the_group_of_three(tmp_path: Path) -> None:
    text = _esttab(_fit(SMALL), STATA, stats=("N", "r2", "ar2", "rmse"))
    assert _check(tmp_path, "t.csv", text) == ({("SDC101", "t.csv", "B5")}, "fail")


# guards: each a reason no size is read; the verdict is the one main gave (dof only)

def test_a_continuous_covariate_beside_the_levels_is_not_read(tmp_path: Path) -> None:
    fit = _fit(SMALL, "y ~ C(g) + x")
    assert _check(tmp_path, "t.csv", _esttab(fit, STATA)) == (set(), "pass")


def test_r_bare_level_names_are_read_as_a_doubt(tmp_path: Path) -> None:
    # ``gb``, ``gc``: R's glued names (round 17, rlevels; was pass on main 7a9f799), a guess
    # from names, so review (tests/test_model_counts_bare_levels.py has the guards)
    names = {"Intercept": "(Intercept)", "C(g)[T.b]": "gb", "C(g)[T.c]": "gc"}
    text = _modelsummary_md(_fit(SMALL), names)
    assert _check(tmp_path, "t.md", text) == ({("SDC101", "t.md#table1", "B6")}, "review")


def test_a_continuous_covariate_named_like_a_level_beside_none_is_unchanged(
        tmp_path: Path) -> None:
    # ``y ~ x`` whose slope is printed as ``age2``: no factor syntax, not read
    fit = _fit(SAFE, "y ~ x")
    text = _esttab(fit, {"Intercept": "_cons", "x": "age2"})
    assert _check(tmp_path, "t.csv", text) == (set(), "pass")


@pytest.mark.parametrize("note", ["t statistics in parentheses",
                                  "Robust standard errors in parentheses",
                                  "Exponentiated coefficients; Standard errors in parentheses"])
def test_brackets_that_are_not_plain_standard_errors_are_not_read(tmp_path: Path,
                                                                  note: str) -> None:
    text = _esttab(_fit(SMALL), STATA, note=note)
    assert _check(tmp_path, "t.csv", text) == (set(), "pass")


def test_a_pseudo_r_squared_is_no_linear_model(tmp_path: Path) -> None:
    text = _esttab(_fit(SMALL), STATA, stats=("N", "pr2"))
    findings, _ = _check(tmp_path, "t.csv", text)
    assert not any(code == "SDC101" for code, *_ in findings)


def test_without_n_nothing_is_read(tmp_path: Path) -> None:
    # a statsmodels params and bse CSV written by pandas: no N, so no shares
    fit = _fit(SMALL)
    table = pd.DataFrame({"coef": fit.params.round(3), "se": fit.bse.round(3)})
    (tmp_path / "coef.csv").write_text(table.to_csv())
    assert not any(f.rule == "SDC101" for f in sdc.check(tmp_path, POLICY).findings)


def test_broom_tidy_alone_reads_nothing(tmp_path: Path) -> None:
    fit = _fit(SMALL)
    tidy = pd.DataFrame({"term": [R[t] for t in fit.params.index],
                         "estimate": fit.params.round(4).values,
                         "std.error": fit.bse.round(4).values,
                         "statistic": fit.tvalues.round(3).values,
                         "p.value": fit.pvalues.round(4).values})
    (tmp_path / "tidy.csv").write_text(tidy.to_csv(index=False))
    assert not any(f.rule == "SDC101" for f in sdc.check(tmp_path, POLICY).findings)


def test_a_logit_read_as_linear_by_its_names_still_reviews(tmp_path: Path) -> None:
    # the guess is wrong (esttab's N-only table of a logit on g): the shares are of
    # n p (1 - p), not of n; the group of 3 (one case) is still reviewed, never passed
    df = _data((51, 51, 3))
    df["d"] = [i % 3 == 0 for i in range(51)] * 2 + [True, False, False]
    fit = smf.logit("d ~ C(g)", df.assign(d=df.d.astype(int))).fit(disp=0)
    text = _esttab(fit, STATA, stats=("N",))
    assert _check(tmp_path, "t.csv", text) == ({("SDC101", "t.csv", "B5"),
                                                 ("SDC301", "t.csv", None)}, "review")


def test_a_slope_printed_under_a_level_name_never_passes_a_small_group_unseen(
        tmp_path: Path) -> None:
    # ``y ~ x`` with its slope relabelled ``2.g``: the name is a lie the researcher controls;
    # whatever it reads, the verdict is the dof's pass or a review, never a fail on names
    fit = _fit(SAFE, "y ~ x")
    _, status = _check(tmp_path, "t.csv", _esttab(fit, {"Intercept": "_cons", "x": "2.g"}))
    assert status in ("pass", "review")
    assert not any(f.status.value == "fail" for f in sdc.check(tmp_path, POLICY).findings)


def _stargazer_text(fit, names: dict[str, str] = R) -> str:
    """``stargazer(lm(y ~ factor(g)), type = "text")``, ``Constant`` last."""
    rows = []
    for term in [t for t in fit.params.index if t != "Intercept"] + ["Intercept"]:
        name = names.get(term, term) if term != "Intercept" else "Constant"
        rows += [f"{name:<24}{fit.params[term]:>10.3f}",
                 f"{'':<24}{f'({fit.bse[term]:.3f})':>10}", ""]
    return "\n".join([
        "=" * 46, f"{'':<24}Dependent variable:", f"{'':<24}" + "-" * 22, f"{'':<24}{'y':>10}",
        "-" * 46, *rows, "-" * 46, f"{'Observations':<24}{int(fit.nobs):>10}",
        f"{'R2':<24}{fit.rsquared:>10.3f}", f"{'Adjusted R2':<24}{fit.rsquared_adj:>10.3f}",
        f"{'Residual Std. Error':<24}{np.sqrt(fit.scale):.3f} (df = {int(fit.df_resid)})",
        "=" * 46, f"{'Note:':<24}*p<0.1; **p<0.05; ***p<0.01", ""])


def test_stargazer_text_fails_the_group_of_three_at_its_line(tmp_path: Path) -> None:
    # main 543e992: pass (its dof, 100); the residual standard error proves the design
    text = _stargazer_text(_fit(SMALL))
    assert text.splitlines()[8].startswith("factor(g)c")
    assert _check(tmp_path, "t.txt", text) == ({("SDC101", "t.txt", "A9")}, "fail")


def test_stargazer_text_safe_twin_passes(tmp_path: Path) -> None:
    assert _check(tmp_path, "t.txt", _stargazer_text(_fit(SAFE))) == (set(), "pass")


def test_stargazer_text_of_a_slope_is_not_read(tmp_path: Path) -> None:
    fit = _fit(SAFE, "y ~ x")
    assert _check(tmp_path, "t.txt", _stargazer_text(fit)) == (set(), "pass")


def _summary_col_html(fit) -> str:
    """statsmodels' ``summary_col([fit], info_dict={"N": ...}).as_html()``: ``C(g)[T.b]``
    terms, ``R-squared`` and ``R-squared Adj.`` (main 543e992: not read as a model, SDC602)."""
    from statsmodels.iolib.summary2 import summary_col

    return summary_col([fit], info_dict={"N": lambda x: f"{int(x.nobs)}"}).as_html()


def test_summary_col_html_reviews_its_group_of_three(tmp_path: Path) -> None:
    text = _summary_col_html(_fit(SMALL))
    assert _check(tmp_path, "t.html", text) == ({("SDC101", "t.html#table1", "B6")}, "review")


def test_summary_col_html_safe_twin_passes(tmp_path: Path) -> None:
    # main 543e992: review (SDC602: 9 numbers not understood, the values in 'y' not told)
    assert _check(tmp_path, "t.html", _summary_col_html(_fit(SAFE))) == (set(), "pass")
