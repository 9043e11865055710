"""statsmodels ``summary().as_csv()`` (sdc/readers/model_csv.py; false positives, ninth round):
the summary's blocks with commas between cells. Read as a CSV grid it was no table, every fact
and statistic a number not understood (SDC602 review on every safe summary). It is read as the
text summary is: ``Df Residuals`` gives the dof (SDC301), a line outside the summary's blocks is
named and checked as text."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

smf = pytest.importorskip("statsmodels.formula.api")

POLICY = build_policy({})


def _data(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(5)
    df = pd.DataFrame({"age": rng.normal(50, 10, n), "sex": rng.choice(["F", "M"], n)})
    df["los"] = 2 + 0.05 * df.age + rng.normal(size=n)
    df["died"] = (rng.random(n) < 0.3).astype(int)
    return df


def _check(root: Path, text: str) -> tuple[set[tuple[str, str, str | None]], str]:
    (root / "model.csv").write_text(text)
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


def test_an_ols_summary_as_csv_passes(tmp_path: Path) -> None:
    text = smf.ols("los ~ age + sex", _data(500)).fit().summary().as_csv()
    assert "Df Residuals:    ,   497" in text
    assert _check(tmp_path, text) == (set(), "pass")


def test_a_logit_summary_as_csv_passes(tmp_path: Path) -> None:
    text = smf.logit("died ~ age + sex", _data(500)).fit(disp=0).summary().as_csv()
    assert _check(tmp_path, text) == (set(), "pass")


def test_a_glm_summary_as_csv_passes(tmp_path: Path) -> None:
    text = smf.glm("los ~ age + sex", _data(300)).fit().summary().as_csv()
    assert _check(tmp_path, text) == (set(), "pass")


def test_an_ols_of_eleven_records_fails_on_its_dof(tmp_path: Path) -> None:
    text = smf.ols("los ~ age + sex", _data(11)).fit().summary().as_csv()
    assert "Df Residuals:    ,     8" in text
    assert _check(tmp_path, text) == ({("SDC301", "model.csv", None)}, "fail")


def test_a_line_added_to_the_summary_is_named_and_checked(tmp_path: Path) -> None:
    text = smf.ols("los ~ age + sex", _data(500)).fit().summary().as_csv()
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Omnibus:"))
    lines.insert(at, "patient,9434765919,dob,12/03/1961")
    (tmp_path / "model.csv").write_text("\n".join(lines) + "\n")
    result = sdc.check(tmp_path, POLICY)
    # the line is named and its NHS number found in it (the line's text, third cell)
    assert findings_of(result) == {("SDC602", "model.csv", None),
                                   ("SDC604", "model.csv[text]", "C1")}
    (named,) = [f for f in result.findings if f.rule == "SDC602"]
    assert named.message.endswith(f": A{at + 1}")
    assert result.status.value == "fail"


def test_a_count_table_under_the_title_line_is_not_a_model(tmp_path: Path) -> None:
    # the title alone makes no model: lines of no summary block are named, never passed
    text = "OLS Regression Results\nregion,deaths\nNorth,3\nSouth,40\n"
    part = "model.csv[lines not in the model summary]"
    assert _check(tmp_path, text) == (
        {("SDC602", "model.csv", None), ("SDC301", "model.csv", None),
         ("SDC101", part, "B2"), ("SDC103", part, "B3")}, "fail")


def test_the_text_summary_saved_as_csv_is_read_as_before(tmp_path: Path) -> None:
    # as_text() has no comma: the CSV reader's, as before (numbers not understood)
    text = smf.ols("los ~ age + sex", _data(500)).fit().summary().as_text()
    assert _check(tmp_path, text.replace(",", "")) == ({("SDC602", "model.csv", None)},
                                                       "review")


@pytest.mark.parametrize(("name", "limit"), [("model.txt", "sdc.readers.evidence"),
                                             ("model.csv", "sdc.readers.model_csv")])
def test_a_summary_longer_than_any_is_read_whole_not_cut(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, limit: str) -> None:
    # past MAX_MODEL_TEXT a .txt summary was cut and read as a model: an NHS number after
    # the limit passed unread; now the file is no model summary and is read whole
    result = smf.ols("los ~ age + sex", _data(500)).fit().summary()
    text = result.as_text() if name.endswith(".txt") else result.as_csv()
    monkeypatch.setattr(f"{limit}.MAX_MODEL_TEXT", len(text) + 100)
    notes = "\n[2] The condition number is large." * 10
    (tmp_path / name).write_text(f"{text}\nNotes:{notes}\nNHS number 9434765919\n")
    result = sdc.check(tmp_path, POLICY)
    assert "SDC604" in {f.rule for f in result.findings}
    assert result.status.value == "fail"
    monkeypatch.undo()  # under the limit: the same file is a model, its line named
    assert sdc.check(tmp_path, POLICY).status.value != "pass"
