"""Row-level data written by pandas is SDC603 (fail), not a magnitude table (SDC203); tables
of statistics with as many rows are not; and when the guess misses, the output still does
not pass."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of


def _people(n: int = 60, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "sex": rng.choice(["F", "M"], n), "region": rng.choice(["North", "South", "East"], n),
        "age": rng.integers(18, 90, n), "bmi": rng.normal(27, 4, n).round(1),
        "sbp": rng.integers(100, 170, n)})


def _check(tmp_path: Path, write) -> sdc.RunResult:  # type: ignore[no-untyped-def]
    write(tmp_path / "t.csv")
    return sdc.check(tmp_path, build_policy({}))


@pytest.mark.parametrize("shape", ["labels", "numbers only", "pandas index"])
def test_people_rows_are_row_level_data(tmp_path: Path, shape: str) -> None:
    people = _people()
    if shape == "labels":
        result = _check(tmp_path, lambda p: people.to_csv(p, index=False))
    elif shape == "numbers only":
        result = _check(tmp_path, lambda p: people[["age", "bmi", "sbp"]].to_csv(p, index=False))
    else:
        result = _check(tmp_path, lambda p: people.to_csv(p))
    assert findings_of(result, {"SDC603", "SDC203"}) == {("SDC603", "t.csv", None)}
    assert result.status.value == "fail"


def test_a_count_table_with_many_rows_is_not_row_level(tmp_path: Path) -> None:
    people = _people(2000)
    people["band"] = pd.cut(people.age, [17, 30, 45, 60, 75, 90]).astype(str)
    table = people.groupby(["sex", "region", "band"]).size().rename("n").reset_index()
    assert len(table) == 30
    result = _check(tmp_path, lambda p: table.to_csv(p, index=False))
    assert findings_of(result, {"SDC603"}) == set()


def test_means_by_single_year_of_age_are_a_table_under_review(tmp_path: Path) -> None:
    people = _people(3000)
    table = people.groupby("age")["bmi"].mean().round(2).rename("mean_bmi")
    assert len(table) == 72
    result = _check(tmp_path, lambda p: table.to_csv(p))
    assert findings_of(result, {"SDC603", "SDC203"}) == {("SDC203", "t.csv", None)}


def test_a_wide_crosstab_with_many_rows_is_not_row_level(tmp_path: Path) -> None:
    people = _people(4000)
    result = _check(tmp_path, lambda p: pd.crosstab(people.age, people.sex).to_csv(p))
    assert findings_of(result, {"SDC603"}) == set()


def test_people_with_a_count_named_column_are_still_not_passed(tmp_path: Path) -> None:
    # the guess misses (a column named like a count), but the small counts still fail
    people = _people()
    people["n_visits"] = np.arange(len(people)) % 4
    result = _check(tmp_path, lambda p: people.to_csv(p, index=False))
    assert findings_of(result, {"SDC603"}) == set()
    assert result.status.value == "fail"


def test_people_with_unique_dense_labels_are_still_reviewed(tmp_path: Path) -> None:
    # one row per distinct label and no index: the shape is a table's, so SDC203 reviews it
    people = _people(40)
    people["who"] = [f"w{i:02d}" for i in range(40)]
    result = _check(tmp_path, lambda p: people[["who", "bmi"]].to_csv(p, index=False))
    assert result.status.value != "pass"


def test_a_sparse_tidy_table_of_two_labels_is_not_row_level(tmp_path: Path) -> None:
    rng = np.random.default_rng(2)
    rows = [(f"P{p:02d}", f"C{c}", round(float(rng.uniform(1, 50)), 1))
            for p in range(40) for c in range(10) if rng.random() < 0.2]
    table = pd.DataFrame(rows, columns=["practice", "condition", "rate"])
    assert len(table) >= 30
    result = _check(tmp_path, lambda p: table.to_csv(p, index=False))
    assert findings_of(result, {"SDC603"}) == set()
    assert result.status.value != "pass"
