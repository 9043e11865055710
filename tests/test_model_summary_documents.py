"""A statsmodels summary exported whole as a document (``summary().as_html()`` from a
notebook, ``as_latex()`` for a paper, ``summary2()`` likewise; sdc/readers/documents/
model_summary.py): when every row of its tables is a line of a statsmodels summary, the
document is one model checked through the ``Df Residuals:`` it prints (SDC301). Before, only
the first table knew the dof (a model of 9 residual dof failed there), and a safe summary was
review: the coefficients had no dof source (SDC301) and the facts and diagnostics were numbers
not understood (SDC602). A row or a paragraph that is not the summary's is still read."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

sm = pytest.importorskip("statsmodels.api")

POLICY = build_policy({})


def _fit(n: int) -> object:
    rng = np.random.default_rng(3)
    df = pd.DataFrame({"y": rng.normal(size=n), "a": rng.normal(size=n),
                       "b": rng.normal(size=n), "c": rng.normal(size=n),
                       "d": rng.integers(0, 2, n)})
    return sm.OLS(df.y, sm.add_constant(df[["a", "b", "c", "d"]])).fit()


def _summary(n: int) -> object:
    return _fit(n).summary()  # type: ignore[attr-defined]


def _check(root: Path, name: str, text: str) -> tuple[set[tuple[str, str, str | None]], str]:
    (root / name).write_text(text)
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


@pytest.mark.parametrize(("name", "export"), [("model.html", "as_html"),
                                              ("model.tex", "as_latex")])
def test_a_summary_of_nine_residual_dof_fails(tmp_path: Path, name: str, export: str) -> None:
    text = getattr(_summary(14), export)()  # 14 records, 5 terms
    assert _check(tmp_path, name, text) == ({("SDC301", name, None)}, "fail")
    (found,) = sdc.check(tmp_path, POLICY).findings
    assert "9" in found.message


@pytest.mark.parametrize(("name", "export"), [("model.html", "as_html"),
                                              ("model.tex", "as_latex")])
def test_a_summary_with_enough_residual_dof_passes(tmp_path: Path, name: str, export: str
                                                   ) -> None:
    assert _check(tmp_path, name, getattr(_summary(200), export)()) == (set(), "pass")


@pytest.mark.parametrize("n", [200, 14])
def test_summary2_as_html_is_read_the_same(tmp_path: Path, n: int) -> None:
    text = _fit(n).summary2().as_html()  # type: ignore[attr-defined]
    assert _check(tmp_path, "model.html", text) == (
        (set(), "pass") if n == 200 else ({("SDC301", "model.html", None)}, "fail"))


_ONE_BY_ONE = {("SDC301", "model.html#table2", None), ("SDC602", "model.html", None),
               *{("SDC602", f"model.html#table{k}", None) for k in (1, 2, 3)}}


def test_a_row_added_to_a_table_leaves_the_tables_read_one_by_one(tmp_path: Path) -> None:
    text = _summary(200).as_html().replace(
        "</table>", "<tr><td>patient</td><td>9434765919</td><td>West</td><td>3</td></tr>"
                    "</table>", 1)
    # as before: table 1 knows the dof, the others not; the facts and the paragraph named
    assert _check(tmp_path, "model.html", text) == (_ONE_BY_ONE | {
        ("SDC604", "model.html#table1", "B10")}, "fail")


def test_a_paragraph_with_a_number_is_named(tmp_path: Path) -> None:
    text = _summary(200).as_html() + "<p>West deaths: 3</p>"
    assert _check(tmp_path, "model.html", text) == ({("SDC602", "model.html", None)}, "review")


def test_a_count_table_beside_the_summary_is_checked(tmp_path: Path) -> None:
    text = _summary(200).as_html() + (
        "<table><tr><th>region</th><th>deaths</th></tr><tr><td>North</td><td>3</td></tr>"
        "<tr><td>South</td><td>40</td></tr></table>")
    assert _check(tmp_path, "model.html", text) == (_ONE_BY_ONE | {
        ("SDC101", "model.html#table4", "B2"), ("SDC103", "model.html#table4", "B3")}, "fail")


def test_an_identifier_in_a_fact_is_found(tmp_path: Path) -> None:
    text = _summary(200).as_html().replace("<td>y</td>", "<td>9434765919</td>", 1)
    assert _check(tmp_path, "model.html", text) == ({("SDC604", "model.html", None)}, "fail")
