"""Round 52: a ``broom::tidy`` table with a ``nobs`` column (``mutate(nobs = nobs(fit))``) caps
its model's residual dof at ``nobs`` less the terms it shows, as an esttab table's ``N`` does
(``sdc/readers/model_companions.py``, ``_tidy_nobs_bounds``): SDC301 ``fail`` below 10 at the
first ``nobs`` cell; at or above it ``review`` as before (no dof source). Stacked models (a term
named twice) and a ``nobs`` that differs by row are not read (``review``)."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.policy import build_policy
from tests.conftest import found_with_status

POLICY = build_policy({})
HEAD = '"","term","estimate","std.error","statistic","p.value","nobs"\n'
TERMS = [("(Intercept)", "12.3021", "3.1120", "3.953", "0.00552"),
         ("age", "0.2311", "0.0812", "2.846", "0.02483"),
         ("bmi", "-0.4410", "0.1932", "-2.283", "0.05649"),
         ("smokerYes", "1.9820", "1.1051", "1.794", "0.11600")]


def _tidy(root: Path, nobs: list[int], terms: list[tuple[str, ...]] | None = None) -> None:
    """write.csv(mutate(tidy(fit), nobs = nobs(fit))), as R writes it."""
    rows = [",".join([f'"{i + 1}"', f'"{t[0]}"', *t[1:], str(n)])
            for i, (t, n) in enumerate(zip(terms or TERMS, nobs, strict=True))]
    (root / "fit_tidy.csv").write_text(HEAD + "\n".join(rows) + "\n", encoding="utf-8")


def test_tidy_with_nobs_11_and_4_terms_fails_at_the_nobs_cell(tmp_path: Path) -> None:
    _tidy(tmp_path, [11] * 4)
    result = sdc.check(tmp_path, POLICY)
    assert found_with_status(result) == {("SDC301", "G2", "fail")}
    [found] = result.findings
    assert found.evidence == {"dof_at_most": 7.0, "min_dof": 10}


def test_tidy_with_enough_nobs_stays_review(tmp_path: Path) -> None:
    _tidy(tmp_path, [300] * 4)
    result = sdc.check(tmp_path, POLICY)
    assert found_with_status(result) == {("SDC301", None, "review")}


def test_nobs_exactly_the_minimum_plus_terms_is_review(tmp_path: Path) -> None:
    _tidy(tmp_path, [14] * 4)  # at most 10 residual dof: the minimum, not below it
    assert found_with_status(sdc.check(tmp_path, POLICY)) == {("SDC301", None, "review")}


def test_stacked_models_repeating_a_term_are_not_read(tmp_path: Path) -> None:
    _tidy(tmp_path, [12] * 4, TERMS[:2] + TERMS[:2])  # two models' rows: whose nobs?
    result = sdc.check(tmp_path, POLICY)
    assert ("SDC301", None, "review") in found_with_status(result)
    assert not [f for f in result.findings if f.rule == "SDC301" and f.status.value == "fail"]


def test_a_nobs_differing_by_row_is_not_read(tmp_path: Path) -> None:
    _tidy(tmp_path, [11, 11, 300, 11])
    result = sdc.check(tmp_path, POLICY)
    assert not [f for f in result.findings if f.rule == "SDC301" and f.status.value == "fail"]
    assert result.status.value != "pass"
