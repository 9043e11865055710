"""outreg2's default output, a ``.txt`` of tab-separated cells with tab-only lines between its
parts, is the regression table esttab writes to CSV (sdc.readers.esttab): its ``Observations``
less the terms a model shows bound that model's residual degrees of freedom. It was read as a
tab-delimited table of numbers nobody understood (SDC602 review) although a model of 12
observations and four terms has at most 8 (SDC301 fail at its ``Observations`` cell). Files as
``outreg2 using t.txt, replace`` writes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import check_one_file, found_with_status
from tests.test_fp_esttab import _esttab, _fit


def outreg2(n: int) -> str:
    """Two models of sbp; the second with four terms (three and the constant)."""
    lines = ["", "\t(1)\t(2)", "VARIABLES\tsbp\tsbp", "\t\t",
             "age\t0.610**\t0.598**", "\t(0.188)\t(0.192)",
             "bmi\t\t0.401", "\t\t(0.399)", "smoker\t\t4.120", "\t\t(4.022)",
             "Constant\t88.41***\t80.12***", "\t(12.90)\t(15.64)", "\t\t",
             f"Observations\t{n}\t{n}", "R-squared\t0.512\t0.588"]
    return "\n".join([*lines, "Standard errors in parentheses",
                      "*** p<0.01, ** p<0.05, * p<0.1", ""])


def test_twelve_observations_four_terms_fail(tmp_path: Path) -> None:
    # was: review (SDC602: 7 numbers not understood; no numeric measure column)
    result = check_one_file(tmp_path, "table2.txt", outreg2(12))
    assert found_with_status(result) == {("SDC301", "C14", "fail")}


def _tabbed(csv_text: str) -> str:
    """esttab's plain CSV of statsmodels fits with tabs between its cells, as outreg2 writes
    them (no cell holds a comma)."""
    return csv_text.replace(",", "\t")


def test_a_large_model_with_both_r_squared_passes(tmp_path: Path) -> None:
    # the twin: 500 observations, the dof proven by R-squared and its adjusted value
    text = _tabbed(_esttab(_fit(500), plain=True))
    assert check_one_file(tmp_path, "table2.txt", text).status.value == "pass"


def test_a_large_model_without_proof_of_its_dof_is_review(tmp_path: Path) -> None:
    # N alone proves no dof (terms may be hidden): review, as esttab's CSV is
    result = check_one_file(tmp_path, "table2.txt", _tabbed(_esttab(_fit(500), ("N",),
                                                                    plain=True)))
    assert {(r, s) for r, _, s in found_with_status(result)} == {("SDC301", "review")}


@pytest.mark.parametrize("text", [
    "region\tn\nNorth\t120\nSouth\t3\nEast\t88\n",  # a tab-separated count table
    "\t(1)\nage\t0.61\nnote\twith (1) in it\n",  # not a regression table
])
def test_other_tab_separated_text_is_read_as_before(tmp_path: Path, text: str) -> None:
    result = check_one_file(tmp_path, "t.txt", text)
    assert not any(f.rule == "SDC301" for f in result.findings)
