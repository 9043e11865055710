"""An ordinal scale with named ends (``Most deprived, 2, 3, 4, Least deprived``) is a label
column; a band over consecutive small counts is not one. ``pd.crosstab(region, [sex, age])
.to_excel()`` merges ``F`` over two columns and writes ``40+`` above counts of 1 and 2: read as
a scale, the counts were labels and the sheet passed (found hunting, issue 11 item 2)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _run(tmp_path: Path, write) -> sdc.RunResult:
    root = tmp_path / "release"
    root.mkdir()
    write(root)
    return sdc.check(root, POLICY)


def _people(p_old: float) -> pd.DataFrame:
    rng = np.random.default_rng(4)
    return pd.DataFrame({"region": np.repeat(["N", "S"], 150),
                         "sex": np.tile(["F", "M"], 150),
                         "age": np.where(rng.random(300) < p_old, "40+", "<40")})


def test_multiindex_columns_to_excel_small_counts_under_a_band_fail(tmp_path: Path) -> None:
    df = _people(0.0)
    df.loc[[0, 1, 150, 151, 152, 153], "age"] = "40+"  # N: 1 F, 1 M; S: 2 F, 2 M aged 40+
    result = _run(tmp_path, lambda root: pd.crosstab(df.region, [df.sex, df.age]).to_excel(
        root / "t.xlsx"))
    assert findings_of(result, {"SDC101"}) == {
        ("SDC101", "t.xlsx[Sheet1]", c) for c in ("B4", "D4", "B5", "D5")}
    assert not findings_of(result, {"SDC602"})
    assert result.status.value == "fail"


def test_multiindex_columns_to_excel_safe_passes(tmp_path: Path) -> None:
    df = _people(0.4)
    result = _run(tmp_path, lambda root: pd.crosstab(df.region, [df.sex, df.age]).to_excel(
        root / "t.xlsx"))
    assert findings_of(result) == set()


def test_ordinal_scale_with_named_ends_is_labels(tmp_path: Path) -> None:
    result = _run(tmp_path, lambda root: (root / "imd.csv").write_text(
        "imd,n\nMost deprived,40\n2,33\n3,35\n4,38\nLeast deprived,41\n"))
    assert findings_of(result) == set()


def test_one_named_end_over_consecutive_numbers_keeps_them_counts(tmp_path: Path) -> None:
    # ``65+`` then 1, 2: no scale (one end only); the numbers are checked as counts
    result = _run(tmp_path, lambda root: (root / "t.csv").write_text(
        "ward,a,b\nX,65+,65+\nY,1,40\nZ,2,41\n"))
    assert result.status.value != "pass"
    assert {("SDC101", "t.csv", "B3"), ("SDC101", "t.csv", "B4")} <= findings_of(result)


def test_three_evenly_spaced_counts_are_no_code_list(tmp_path: Path) -> None:
    # found by the coverage property test: 339, 170, 1 step by 169, once read as row codes
    result = _run(tmp_path, lambda root: (root / "t.csv").write_text(
        "n,n\n339,10\n170,10\n1,10\n"))
    assert ("SDC101", "t.csv", "A4") in findings_of(result)
    assert result.status.value == "fail"


def test_codes_on_a_grid_of_their_step_are_labels(tmp_path: Path) -> None:
    result = _run(tmp_path, lambda root: (root / "t.csv").write_text(
        "age,n\n0,40\n5,50\n10,60\n"))
    assert findings_of(result) == set()
