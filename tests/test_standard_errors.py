"""A standard error column (``SE``, ``std err``, ``Std. Error``) is never a count and never
unchecked: beside coefficients it is a model statistic (SDC301 needs a dof source), beside a
mean it is a statistic of that mean's units (SDC303 needs its n). When the guess is wrong the
output is still review or fail."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _check(text: str) -> sdc.RunResult:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_text(text, encoding="utf-8")
        return sdc.check(path, POLICY)


@pytest.mark.parametrize("text", [
    "term,estimate,std err,p\nage,0.51,0.12,0.001\nsex,1.2,0.4,0.03\n",  # statsmodels-like
    "term,Estimate,Std. Error,t value\nage,0.51,0.12,4.2\nsex,1.2,0.4,3.1\n",  # R
    "term,coef,SE\nage,0.51,0.12\nsex,1.2,0.4\n",
    "term,Coef.,Std. err.,P>|t|\nage,0.51,0.12,0.001\nsex,1.2,0.4,0.03\n",  # Stata
])
def test_standard_error_beside_coefficients_is_a_model_statistic(text: str) -> None:
    result = _check(text)
    # no dof source: SDC301 says the model cannot be assessed; no column is left unplaced
    assert findings_of(result) == {("SDC301", "t.csv", None)}
    assert result.status.value == "review"
    assert {m.role.value for m in result.outputs[0].table.measures} == {"model"}


def test_standard_error_of_a_mean_needs_its_units() -> None:
    result = _check("region,mean,SE\nNorth,40.1,1.2\nSouth,42.3,0.9\n")
    assert findings_of(result) == {("SDC203", "t.csv", None), ("SDC303", "t.csv", None)}
    assert result.status.value == "review"


def test_standard_error_of_a_mean_on_few_units_is_flagged_once() -> None:
    result = _check("region,mean,std. error,n\nNorth,40.1,1.2,120\nSouth,42.3,0.9,4\n")
    assert findings_of(result) == {
        ("SDC101", "t.csv", "D3"), ("SDC103", "t.csv", "D2"), ("SDC203", "t.csv", None),
        ("SDC101", "t.csv", "B3"),  # the mean of the 4 at its cell (hunt round 6)
        ("SDC303", "t.csv", "C3")}  # the SE cell by SDC303 only, not SDC101 too


def test_wrong_guess_whole_numbers_under_se_are_read_as_counts() -> None:
    # an 'SE' column of whole numbers may be counts under an odd name: the stricter reading
    result = _check("region,SE\nNorth,3\nSouth,42\n")
    assert ("SDC101", "t.csv", "B2") in findings_of(result)
    assert result.status.value == "fail"


def test_wrong_guess_test_statistic_names_outside_a_model_table_stay_unplaced() -> None:
    # 'p' and 't' are model columns only beside coefficients; alone they are not understood
    result = _check("region,p,t\nNorth,0.5,1.5\nSouth,0.25,2.5\n")
    assert result.status.value == "review"
    assert ("SDC602", "t.csv", None) in findings_of(result)
