"""Levels renamed apart under ``keep()`` (issue 12, wrong pass; models5).

``esttab m using t.csv, se label stats(N r2 r2_a rmse) keep(2.region 3.region _cons)`` of
``regress y i.region age x`` prints the levels under their value labels (``North``, ``West``)
and hides the covariates. The R-squared pair proves the model has more terms than shown, but
the terms are not named as one factor's levels, so the shown terms were read as the whole
model (the shares: no whole numbers, nothing read) and West's 3 passed on the 98 dof (main
50b838a). Any shown term may be a dummy: ``se_g^2 >= s^2 (1/n_g + 1/n_0)`` with ``n_0 <= N -
n_g`` bounds its group from below whatever else the model holds
(``sdc.model_counts.hidden_dummy_counts``), and a term whose ``se^2`` is below ``4 s^2 / N``
(a slope of wide spread, ``age``) is no dummy. Numbers from statsmodels fits, laid out as esttab
prints them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.test_model_counts_hidden_terms import _esttab_keep, _fit
from tests.test_model_counts_named import _check

LABELS = {"Intercept": "Constant", "C(g)[T.b]": "North", "C(g)[T.c]": "West", "age": "Age",
          "x": "Income"}


def _esttab_label_keep(fit, keep: tuple[str, ...], rmse: bool = True) -> str:
    """``esttab m using t.csv, se label stats(N r2 r2_a rmse) keep(...)``: value labels,
    the constant last as ``Constant``."""
    return _esttab_keep(fit, keep, rmse=rmse, names=LABELS)


LEVELS = ("C(g)[T.b]", "C(g)[T.c]")


@pytest.mark.parametrize("keep", [LEVELS, (*LEVELS, "Intercept")], ids=["levels", "with-cons"])
def test_renamed_levels_under_keep_review_the_group_of_three(
        tmp_path: Path, keep: tuple[str, ...]) -> None:
    # main 50b838a: pass on the 98 dof its R-squared pair proves
    text = _esttab_label_keep(_fit((50, 50, 3)), keep)
    assert _check(tmp_path, "t.csv", text) == ({("SDC101", "t.csv", "B5")}, "review")


@pytest.mark.parametrize("keep", [LEVELS, (*LEVELS, "Intercept")], ids=["levels", "with-cons"])
def test_renamed_levels_under_keep_safe_twin_passes(tmp_path: Path,
                                                    keep: tuple[str, ...]) -> None:
    assert _check(tmp_path, "t.csv", _esttab_label_keep(_fit((50, 50, 12)), keep)) == (
        set(), "pass")


def test_the_finding_says_the_term_may_be_a_dummy(tmp_path: Path) -> None:
    import sdc
    from tests.test_model_counts_named import POLICY

    (tmp_path / "t.csv").write_text(_esttab_label_keep(_fit((50, 50, 3)), LEVELS))
    (finding,) = sdc.check(tmp_path, POLICY).findings
    assert "the group of term 'West' (if it is a dummy)" in finding.message
    assert "more terms than the table shows" in finding.message


@pytest.mark.parametrize("seed", range(6))
def test_kept_slopes_of_wide_spread_are_not_read(tmp_path: Path, seed: int) -> None:
    # ``keep(age x _cons)``: age's and income's standard errors are far below 2 s / sqrt(N)
    fit = _fit((50, 50, 3), seed=seed)
    text = _esttab_label_keep(fit, ("age", "x", "Intercept"))
    assert _check(tmp_path, "t.csv", text) == (set(), "pass")


def test_the_least_dummy_size_is_the_first_whole_number_that_fits() -> None:
    # the closed form against the count up from 1, on sizes and ratios around the bound
    from sdc.model_counts import _least_dummy_size

    rng = np.random.default_rng(5)
    for _ in range(3000):
        total = int(rng.integers(2, 2000))
        ratio = 4 / total * float(rng.uniform(0.5, 60))
        slow = next((n for n in range(1, total // 2 + 1)
                     if 1 / n + 1 / (total - n) <= ratio + 1e-9), total // 2)
        assert _least_dummy_size(total, ratio) == slow, (total, ratio)
