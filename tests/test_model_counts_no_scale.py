"""Renamed levels where the print gives nothing to test them by (issue 12, wrong pass; models6).

``esttab m using t.csv, se label r2 ar2 keep(2.region 3.region _cons)`` of ``regress y
i.region age x`` (no ``rmse``, no ``ll``, no AIC): the R-squared pair proves hidden terms,
the levels are printed under their value labels (``North``, ``West``), and West's 3 passed on
the 98 dof (main 21f0967): without ``s`` nothing bounds a possible dummy's group from below
(every bound the print gives bounds ``s^2`` from above), so each shown term is SDC101
``review`` now, as the same table naming its levels ``2.g`` was
(``sdc.model_counts.hidden_dummy_counts``). Printing ``rmse`` is the remedy: the twin with it
passes.

R's ``summary(lm)`` with its ``(Intercept)`` row and its R-squared line deleted and its levels
renamed apart (``North``, ``West``) passed the same way: the renamed terms were read only
against a printed R-squared. The sum check with ``s^2`` alone reads them now (SDC101
``review`` at West's row); slopes under the same names read nothing. Numbers from statsmodels
fits, laid out as esttab and R 4.3 print them."""

from __future__ import annotations

from pathlib import Path

import pytest
import statsmodels.formula.api as smf

import sdc
from tests.test_model_counts import _line_of, _write
from tests.test_model_counts_gaussian import RESIDUALS, _statuses, r_summary_lm
from tests.test_model_counts_hidden_renamed import LEVELS, _esttab_label_keep
from tests.test_model_counts_hidden_terms import _fit
from tests.test_model_counts_named import POLICY, _check, _data
from tests.test_model_counts_no_intercept_renamed import _r


def test_renamed_levels_under_keep_without_any_s_are_reviewed(tmp_path: Path) -> None:
    # main 21f0967: pass on the 98 dof its R-squared pair proves
    text = _esttab_label_keep(_fit((50, 50, 3)), (*LEVELS, "Intercept"), rmse=False)
    assert _check(tmp_path, "t.csv", text) == (
        {("SDC101", "t.csv", "B3"), ("SDC101", "t.csv", "B5")}, "review")
    (finding, _) = sdc.check(tmp_path, POLICY).findings
    assert "prints no residual standard error (rmse)" in finding.message


def test_the_same_table_with_rmse_and_groups_of_twelve_passes(tmp_path: Path) -> None:
    text = _esttab_label_keep(_fit((50, 50, 12)), (*LEVELS, "Intercept"), rmse=True)
    assert _check(tmp_path, "t.csv", text) == (set(), "pass")


def _without_r_squared(text: str) -> str:
    return "\n".join(line for line in text.splitlines()
                     if not line.startswith("Multiple R-squared")) + "\n"


def test_renamed_levels_without_intercept_row_or_r_squared_review_the_three(
        tmp_path: Path) -> None:
    # main 21f0967: pass on the dof (the renamed terms were read only against an R-squared)
    text = _without_r_squared(_r((50, 50, 3)))
    assert "R-squared" not in text
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert _statuses(result) == {("SDC101", f"A{_line_of(text, 'West')}", "review"), RESIDUALS}
    assert "no R-squared is printed to test them" in next(
        f.message for f in result.findings if f.rule == "SDC101")


def test_renamed_levels_without_intercept_row_or_r_squared_safe_twin_passes(
        tmp_path: Path) -> None:
    text = _without_r_squared(_r((50, 50, 12)))
    assert _statuses(sdc.check(_write(tmp_path, text), POLICY)) == {RESIDUALS}


@pytest.mark.parametrize("seed", range(4))
def test_slopes_without_intercept_row_or_r_squared_read_nothing(tmp_path: Path,
                                                                seed: int) -> None:
    frame = _data((50, 50, 12), seed=seed)
    frame["z"] = frame.x ** 2
    fit = smf.ols("y ~ x + z", frame).fit()
    text = r_summary_lm(fit, "lm(formula = y ~ x + z, data = d)",
                        names={"Intercept": "(Intercept)", "x": "North", "z": "West"})
    text = _without_r_squared("\n".join(line for line in text.splitlines()
                                        if not line.startswith("(Intercept)")))
    assert _statuses(sdc.check(_write(tmp_path, text), POLICY)) == {RESIDUALS}
