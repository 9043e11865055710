"""Quantiles at 0 and 1 are the minimum and the maximum (SDC302), whatever they are called:
``describe(percentiles=[0, .5, 1])``'s ``0%``/``100%`` rows, R's ``quantile()`` names
(``0%``...``100%``) as row labels or as the header of a table of quantiles. Written from
scratch as pandas and R's ``write.csv`` write them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import sdc
from sdc.cell_roles import role_named_by_label
from sdc.policy import build_policy
from sdc.readers.roles import role_from_text
from sdc.table import Role
from tests.conftest import findings_of

POLICY = build_policy({})


def _ages() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    return pd.DataFrame({"region": rng.choice(["North", "South", "East", "West"], 400),
                         "age": rng.integers(18, 90, 400), "los": rng.integers(1, 20, 400)})


def test_zero_and_hundred_percent_name_extremes() -> None:
    assert role_named_by_label("0%") is Role.EXTREME
    assert role_named_by_label("100%") is Role.EXTREME
    assert role_named_by_label("25%") is Role.STATISTIC
    assert role_from_text("100%") is Role.EXTREME
    assert role_from_text("0%") is Role.EXTREME
    assert role_from_text("50%") is Role.STATISTIC


def test_describe_with_percentiles_0_and_1(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    _ages()[["age", "los"]].describe(percentiles=[0, .25, .5, .75, 1]).to_csv(path)
    # rows: count, mean, std, min, 0%, 25%, 50%, 75%, 100%, max
    assert findings_of(sdc.check(path, POLICY)) == {
        ("SDC203", "t.csv", None),  # the means
        ("SDC302", "t.csv", "B5"), ("SDC302", "t.csv", "C5"),  # min
        ("SDC302", "t.csv", "B6"), ("SDC302", "t.csv", "C6"),  # 0%
        ("SDC302", "t.csv", "B10"), ("SDC302", "t.csv", "C10"),  # 100%
        ("SDC302", "t.csv", "B11"), ("SDC302", "t.csv", "C11")}  # max


def test_r_quantile_names_as_row_labels(tmp_path: Path) -> None:
    # write.csv(quantile(x)): "","x" then "0%",18 ... "100%",89
    path = tmp_path / "t.csv"
    q = _ages().age.quantile([0, .25, .5, .75, 1])
    path.write_text('"","x"\n' + "".join(f'"{int(k * 100)}%",{v}\n' for k, v in q.items()))
    assert findings_of(sdc.check(path, POLICY)) == {
        ("SDC302", "t.csv", "B2"), ("SDC302", "t.csv", "B6"),
        ("SDC303", "t.csv", None)}  # the quartiles rest on a number of units not published


def test_r_quantile_names_as_the_header(tmp_path: Path) -> None:
    # write.csv(t(sapply(split(age, region), quantile))): a header of 0%..100% is no data row
    path = tmp_path / "t.csv"
    wide = _ages().groupby("region").age.quantile([0, .25, .5, .75, 1]).unstack()
    path.write_text('"","0%","25%","50%","75%","100%"\n' + "".join(
        f'"{r}",' + ",".join(str(v) for v in row) + "\n" for r, row in wide.iterrows()))
    expected = {("SDC302", "t.csv", f"{col}{row}") for col in "BF" for row in range(2, 6)}
    assert findings_of(sdc.check(path, POLICY)) == expected | {("SDC303", "t.csv", None)}


def test_a_line_of_percentages_is_still_data(tmp_path: Path) -> None:
    # percentages in a headerless line are not taken for percentile names: checked as before
    path = tmp_path / "t.csv"
    path.write_text("North,3,12%\nSouth,40,88%\n")
    # C2's 88% says what B2's 40 says (3 of 43 left over): a share among counts is read as
    # one since round 20 (daaa8eb)
    assert findings_of(sdc.check(path, POLICY)) == {
        ("SDC101", "t.csv", "B1"), ("SDC103", "t.csv", "C1"), ("SDC103", "t.csv", "B2"),
        ("SDC103", "t.csv", "C2")}


# pandas' own quantile() writes the levels as numbers (0.0, 0.25, ... 1.0): the reader takes
# them for data (SDC602 review, or row-level data SDC603), and the values at 0 and 1 are
# still the minimum and the maximum (SDC302, ``quantile_ladder_extremes``)

def test_pandas_quantile_unstacked_levels_in_the_header(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    _ages().groupby("region")["age"].quantile([0, .25, .5, .75, 1]).unstack().to_csv(path)
    # region,0.0,0.25,0.5,0.75,1.0 then one line per region
    extremes = {("SDC302", "t.csv", f"{col}{row}") for col in "BF" for row in range(2, 6)}
    assert findings_of(sdc.check(path, POLICY)) == extremes | {("SDC602", "t.csv", None)}


def test_pandas_quantile_series_levels_as_row_labels(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    _ages()["age"].quantile([0, .25, .5, .75, 1]).to_csv(path)  # ,age then 0.0,18.0 ...
    assert findings_of(sdc.check(path, POLICY)) == {
        ("SDC302", "t.csv", "B2"), ("SDC302", "t.csv", "B6"), ("SDC602", "t.csv", None),
        ("SDC603", "t.csv", None)}


def test_pandas_grouped_quantile_levels_repeat_per_group(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    _ages().groupby("region")["age"].quantile([0, .5, 1]).to_csv(path)  # region,,age
    found = findings_of(sdc.check(path, POLICY), {"SDC302"})
    assert found == {("SDC302", "t.csv", f"C{row}") for row in (2, 4, 5, 7, 8, 10, 11, 13)}


def test_counts_by_a_fractional_score_are_no_ladder(tmp_path: Path) -> None:
    # crosstab(region, score) with scores 0, 0.25 ... 1: counts that rise and fall
    path = tmp_path / "t.csv"
    path.write_text("region,0.0,0.25,0.5,0.75,1.0\nNorth,40,52,31,60,44\n"
                    "South,38,41,55,29,61\n")
    assert not findings_of(sdc.check(path, POLICY), {"SDC302"})
