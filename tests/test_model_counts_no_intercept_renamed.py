"""R's ``summary(lm)`` with the intercept's row deleted and its levels renamed apart (issue 12,
wrong pass; models5).

Contrasts named as one factor's levels (``factor(g)g1``, R's glued ``regionWest``) with no
intercept row are read from ``N`` and ``s^2`` (``unprinted_reference_counts``, 7a93e7f). Renamed
apart (``North``, ``West``: the researcher's edit) they were judged on the dof alone and West's
3 passed (main 344398d). Every ``n_0`` is tried as before, and the printed R-squared is the
second test the names cannot give: only the ``n_0`` whose groups give it back are kept
(``sdc.model_counts._sizes_give_r_squared``). SDC101 ``review`` at West's row, the safe twin
passes, slopes under the same names read nothing. Numbers from statsmodels fits, laid out as
R 4.3 prints them."""

from __future__ import annotations

from pathlib import Path

import pytest
import statsmodels.formula.api as smf

import sdc
from tests.test_model_counts import _line_of, _write
from tests.test_model_counts_bare_levels import _fit as _region_fit
from tests.test_model_counts_gaussian import RESIDUALS, _statuses, r_summary_lm
from tests.test_model_counts_named import POLICY, _data
from tests.test_model_counts_no_intercept_r_stata import _without

APART = {"Intercept": "(Intercept)", "region[T.North]": "North", "region[T.West]": "West"}


def _r(sizes: tuple[int, ...]) -> str:
    text = r_summary_lm(_region_fit(sizes), "lm(formula = y ~ region, data = d)", names=APART)
    return _without(text, "(Intercept)")


def test_renamed_levels_without_the_intercept_row_review_the_group_of_three(
        tmp_path: Path) -> None:
    text = _r((50, 50, 3))
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert _statuses(result) == {("SDC101", f"A{_line_of(text, 'West')}", "review"), RESIDUALS}
    assert "give back the printed R-squared" in next(
        f.message for f in result.findings if f.rule == "SDC101")


def test_renamed_levels_without_the_intercept_row_safe_twin_passes(tmp_path: Path) -> None:
    assert _statuses(sdc.check(_write(tmp_path, _r((50, 50, 12))), POLICY)) == {RESIDUALS}


@pytest.mark.parametrize("seed", range(8))
def test_slopes_without_the_intercept_row_read_nothing(tmp_path: Path, seed: int) -> None:
    frame = _data((50, 50, 12), seed=seed)
    frame["z"] = frame.x ** 2
    fit = smf.ols("y ~ x + z", frame).fit()
    text = _without(r_summary_lm(fit, "lm(formula = y ~ x + z, data = d)",
                                 names={"Intercept": "(Intercept)", "x": "North",
                                        "z": "West"}), "(Intercept)")
    assert _statuses(sdc.check(_write(tmp_path, text), POLICY)) == {RESIDUALS}
