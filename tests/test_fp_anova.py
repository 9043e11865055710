"""statsmodels ``anova_lm(model).to_csv()`` (sdc/readers/anova.py; false positives, ninth
round): read as a grid its numbers were of unknown role (SDC602 review on every safe model).
When its numbers prove it is that ANOVA (each term's F is its mean square over the residual
one, its p-value the F tail at the term's and the residual df), the ``Residual`` line's df is
the model's residual dof (SDC301). A table the numbers do not prove is read as before."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

smf = pytest.importorskip("statsmodels.formula.api")
anova_lm = pytest.importorskip("statsmodels.stats.anova").anova_lm

POLICY = build_policy({})


def _model(n: int) -> object:
    rng = np.random.default_rng(8)
    df = pd.DataFrame({"region": rng.choice(["North", "South", "East"], n),
                       "age": rng.normal(50, 10, n)})
    df["los"] = 2 + 0.05 * df.age + rng.normal(size=n)
    return smf.ols("los ~ C(region) + age", df).fit()


def _check(root: Path, text: str) -> tuple[set[tuple[str, str, str | None]], str]:
    (root / "anova.csv").write_text(text)
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


@pytest.mark.parametrize("typ", [1, 2, 3])
def test_an_anova_of_500_passes(tmp_path: Path, typ: int) -> None:
    text = anova_lm(_model(500), typ=typ).to_csv()
    assert text.splitlines()[-1].startswith("Residual,")
    assert _check(tmp_path, text) == (set(), "pass")


def test_a_rounded_anova_passes(tmp_path: Path) -> None:
    assert _check(tmp_path, anova_lm(_model(500)).round(3).to_csv()) == (set(), "pass")


@pytest.mark.parametrize("typ", [1, 2])
def test_an_anova_of_twelve_records_fails_on_its_dof(tmp_path: Path, typ: int) -> None:
    text = anova_lm(_model(12), typ=typ).to_csv()  # 12 records, 4 terms: 8 residual df
    assert _check(tmp_path, text) == ({("SDC301", "anova.csv", None)}, "fail")


def test_a_residual_df_the_numbers_do_not_prove_is_read_as_before(tmp_path: Path) -> None:
    # the Residual df changed from 496 to 5000: no term's F agrees with it
    text = anova_lm(_model(500)).to_csv()
    lines = text.splitlines()
    assert lines[-1].startswith("Residual,496.0,")
    lines[-1] = lines[-1].replace("Residual,496.0,", "Residual,5000.0,", 1)
    assert _check(tmp_path, "\n".join(lines) + "\n") == ({("SDC602", "anova.csv", None)},
                                                          "review")


def test_a_count_table_headed_like_an_anova_is_not_one(tmp_path: Path) -> None:
    text = (",df,sum_sq,mean_sq,F,PR(>F)\nNorth,3,4,5,6,0.5\nSouth,40,41,42,43,0.1\n"
            "Residual,3,2,1,,\n")
    # no F agrees: read as before, numbers of unknown role (no model, no dof source)
    assert _check(tmp_path, text) == ({("SDC602", "anova.csv", None)}, "review")


def test_a_count_in_a_term_name_is_named(tmp_path: Path) -> None:
    text = anova_lm(_model(500)).to_csv().replace("C(region)", "region (n=3 in West)")
    assert _check(tmp_path, text) == ({("SDC602", "anova.csv", None)}, "review")
