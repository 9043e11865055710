"""A sheet or file named for a minimum or a maximum (``Maximum age``, ``max_age_by_area.csv``)
says what its values are, as a title does: ``crosstab(values=age, aggfunc="max")`` writes no
other word, so the oldest ages by area and sex were read as counts and passed
(``read_extremes_named_by_the_file`` in sdc/readers/layout_magnitude.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _oldest() -> pd.DataFrame:
    rng = np.random.default_rng(8)
    df = pd.DataFrame({"area": rng.choice(["East", "North", "South"], 400),
                       "sex": rng.choice(["F", "M"], 400), "age": rng.integers(18, 98, 400)})
    return pd.crosstab(df.area, df.sex, values=df.age, aggfunc="max")


CELLS = {f"{c}{r}" for c in "BC" for r in (2, 3, 4)}


def test_a_sheet_named_maximum_age(tmp_path: Path) -> None:
    _oldest().to_excel(tmp_path / "t.xlsx", sheet_name="Maximum age")
    assert findings_of(sdc.check(tmp_path / "t.xlsx", POLICY)) == {
        ("SDC302", "t.xlsx[Maximum age]", c) for c in CELLS}


@pytest.mark.parametrize("name", ["max_age_by_area.csv", "oldestByArea.csv", "age-min.csv"])
def test_a_file_named_for_an_extreme(tmp_path: Path, name: str) -> None:
    _oldest().to_csv(tmp_path / name)
    assert findings_of(sdc.check(tmp_path / name, POLICY)) == {
        ("SDC302", name, c) for c in CELLS}


def test_the_count_reading_stays(tmp_path: Path) -> None:
    table = _oldest()
    table.loc["East", "F"] = 3  # read as counts too: a 3 still fails SDC101
    table.to_csv(tmp_path / "max_age.csv")
    found = findings_of(sdc.check(tmp_path / "max_age.csv", POLICY))
    assert ("SDC101", "max_age.csv", "B2") in found
    assert {("SDC302", "max_age.csv", c) for c in CELLS} <= found


@pytest.mark.parametrize("name", ["latest_counts.csv", "age_range_counts.csv",
                                  "first_admissions.csv", "maximal_counts.csv"])
def test_names_of_data_not_of_a_statistic_keep_counts(tmp_path: Path, name: str) -> None:
    counts = _oldest() + 20  # whole numbers, none small
    counts.to_csv(tmp_path / name)
    result = sdc.check(tmp_path / name, POLICY)
    assert result.status == "pass", findings_of(result)


def test_a_count_header_in_a_file_named_max_stays_counts(tmp_path: Path) -> None:
    path = tmp_path / "max_wait.csv"
    pd.DataFrame({"area": ["East", "North"], "patients": [140, 96]}).to_csv(path, index=False)
    assert sdc.check(path, POLICY).status == "pass"


def test_the_finding_says_which_name_named_the_extreme(tmp_path: Path) -> None:
    """A reviewer sees why a column with no statistic in its header is an extreme."""
    _oldest().to_excel(tmp_path / "t.xlsx", sheet_name="Maximum age")
    _oldest().to_csv(tmp_path / "max_age_by_area.csv")
    result = sdc.check(tmp_path, POLICY)
    messages = {(f.location.path, f.message) for f in result.findings if f.rule == "SDC302"}
    assert messages == {
        ("t.xlsx", "a minimum or maximum (a single record): the sheet 'Maximum age' names a "
         "minimum or maximum"),
        ("max_age_by_area.csv", "a minimum or maximum (a single record): the file name "
         "'max_age_by_area' names a minimum or maximum")}
