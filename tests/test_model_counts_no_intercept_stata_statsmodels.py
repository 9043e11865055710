"""Stata's and statsmodels' prints of a linear model on one factor with the intercept's row
deleted and the levels renamed apart (issue 12; models6: round 18 tested R's only).

Stata prints a labelled factor's levels under their value labels (``region`` over ``North``,
``West``), and ``regress y north west`` of hand-made dummies prints them as variables of their
own, no header; statsmodels' ``ols("y ~ north + west")`` the same way (``north``, ``west``).
With the ``_cons`` / ``Intercept`` row taken out, each contrast's ``se^2 / s^2 = 1/n_0 + 1/n_g``
still leaves only ``n_0`` unknown (``unprinted_reference_counts``): the header names one
factor, or the printed R-squared tests the groups, or (R-squared blanked too) the sum check
alone decides. West's 3 is SDC101 ``review`` at its row; the safe twins (50, 50, 12) pass.
Numbers from statsmodels fits, laid out as Stata 17 prints them and as statsmodels 0.14 does."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
import statsmodels.formula.api as smf

import sdc
from tests.test_model_counts import _line_of, _write
from tests.test_model_counts_gaussian import _frame, _stata_regress, _statuses
from tests.test_model_counts_named import POLICY

SMALL, SAFE = (50, 50, 3), (50, 50, 12)


def _stata(sizes: tuple[int, ...], header: bool, r_squared: bool = True) -> str:
    """``regress y i.region`` of a labelled factor (``header``: ``region`` over ``North``,
    ``West``) or ``regress y north west`` (no header), its ``_cons`` row deleted; without
    ``r_squared`` the ANOVA's ``R-squared`` and ``Adj R-squared`` blanked as well."""
    text = _stata_regress(sizes, ". regress y i.region" if header else ". regress y north west")
    lines = []
    for line in text.splitlines():
        name = line.split("|")[0].strip()
        if name == "_cons" or (name == "" and line.strip() == "|"):
            continue
        if name == "g":
            if not header:
                continue
            line = line.replace("           g |", "      region |")
        elif name in ("1", "2"):
            label = {"1": "North", "2": "West"}[name]
            line = f"{label if header else label.lower():>12} |" + line.split("|", 1)[1]
        if not r_squared:
            line = re.sub(r"(Adj )?R-squared\s+=\s+\S+", "", line).rstrip()
        lines.append(line)
    return "\n".join(lines) + "\n"


def _row(text: str, name: str) -> str:
    return f"A{_line_of(text, name)}"


@pytest.mark.parametrize(("header", "r_squared", "west"),
                         [(True, True, "West"), (False, True, "west"), (False, False, "west")],
                         ids=["labelled", "dummies", "dummies-no-r2"])
def test_stata_without_cons_reviews_the_group_of_three(
        tmp_path: Path, header: bool, r_squared: bool, west: str) -> None:
    text = _stata(SMALL, header, r_squared)
    assert "_cons" not in text and ("R-squared" in text) == r_squared
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert _statuses(result) == {("SDC101", _row(text, west), "review")}


@pytest.mark.parametrize(("header", "r_squared"), [(True, True), (False, True), (False, False)],
                         ids=["labelled", "dummies", "dummies-no-r2"])
def test_stata_without_cons_safe_twin_passes(tmp_path: Path, header: bool,
                                             r_squared: bool) -> None:
    result = sdc.check(_write(tmp_path, _stata(SAFE, header, r_squared)), POLICY)
    assert result.findings == [] and result.status.value == "pass"


def _statsmodels(sizes: tuple[int, ...], r_squared: bool = True) -> str:
    """``ols("y ~ north + west").fit().summary()`` of hand-made dummies, its ``Intercept``
    row deleted (without ``r_squared``: the header's ``R-squared`` pair blanked too)."""
    frame = _frame(sizes)
    frame["north"] = (frame.g == "g1").astype(int)
    frame["west"] = (frame.g == "g2").astype(int)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = str(smf.ols("y ~ north + west", frame).fit().summary())
    lines = [line for line in text.splitlines() if not line.startswith("Intercept ")]
    if not r_squared:
        lines = [re.sub(r"(Adj\. )?R-squared:\s+\S+", "", line).rstrip() for line in lines]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("r_squared", [True, False], ids=["r2", "no-r2"])
def test_statsmodels_without_intercept_reviews_the_group_of_three(tmp_path: Path,
                                                                  r_squared: bool) -> None:
    text = _statsmodels(SMALL, r_squared)
    assert "Intercept" not in text and ("R-squared" in text) == r_squared
    result = sdc.check(_write(tmp_path, text), POLICY)
    assert {(rule, cell) for rule, cell, _ in _statuses(result)} >= {
        ("SDC101", _row(text, "west"))}
    assert {(rule, cell, status) for rule, cell, status in _statuses(result)
            if rule == "SDC101"} == {("SDC101", _row(text, "west"), "review")}


@pytest.mark.parametrize("r_squared", [True, False], ids=["r2", "no-r2"])
def test_statsmodels_without_intercept_safe_twin_reads_no_group(tmp_path: Path,
                                                               r_squared: bool) -> None:
    result = sdc.check(_write(tmp_path, _statsmodels(SAFE, r_squared)), POLICY)
    assert not any(f.rule == "SDC101" for f in result.findings)
