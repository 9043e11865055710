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
    # a column named like a count no longer hides the shape: most rows repeat their labels
    people = _people()
    people["n_visits"] = np.arange(len(people)) % 4
    result = _check(tmp_path, lambda p: people.to_csv(p, index=False))
    assert findings_of(result, {"SDC603"}) == {("SDC603", "t.csv", None)}
    assert result.status.value == "fail"


def test_people_with_large_counts_beside_them_are_row_level(tmp_path: Path) -> None:
    # every count >= 10 (n_items), so nothing else fails: a wide reading with no small cell
    # passed 40 people's records (found by an attack script)
    rng = np.random.default_rng(3)
    people = pd.DataFrame({"age": rng.integers(18, 90, 40), "sex": rng.choice(["F", "M"], 40),
                           "n_items": rng.integers(10, 60, 40),
                           "sbp": rng.integers(95, 180, 40)})
    result = _check(tmp_path, lambda p: people.to_csv(p, index=False))
    assert findings_of(result) == {("SDC603", "t.csv", None)}


def test_a_frequency_table_with_a_count_column_is_not_row_level(tmp_path: Path) -> None:
    people = _people(4000)
    table = people.groupby(["age", "sex"]).size().rename("n").reset_index()
    result = _check(tmp_path, lambda p: table.to_csv(p, index=False))
    assert findings_of(result, {"SDC603"}) == set()


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


def _records(n: int, seed: int = 8) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"age": rng.integers(18, 90, n), "sex": rng.choice(["F", "M"], n),
                         "region": rng.choice(["North", "South", "East"], n),
                         "sbp": rng.integers(95, 180, n), "weight": rng.integers(45, 130, n)})


def test_rows_of_bare_whole_measurements_are_row_level(tmp_path: Path) -> None:
    # read as a wide table whose one measure is named ``count``: the name exempted it
    people = _records(40)[["age", "sbp", "weight"]]
    result = _check(tmp_path, lambda p: people.to_csv(p, index=False))
    assert findings_of(result) == {("SDC603", "t.csv", None)}


def test_a_few_peoples_records_are_row_level(tmp_path: Path) -> None:
    # df.head(10) and df.head(20) with pandas' index: under min_rows, but no count is named,
    # several measures sit on every row and the labels repeat (passed before)
    for n, index in ((10, False), (20, True)):
        (tmp_path / str(n)).mkdir()
        result = _check(tmp_path / str(n), lambda p, n=n, i=index: _records(n).to_csv(p, index=i))
        assert findings_of(result, {"SDC603"}) == {("SDC603", "t.csv", None)}
        assert result.status.value == "fail"


def test_a_short_table_of_statistics_is_not_a_listing(tmp_path: Path) -> None:
    people = _records(400)
    table = people.groupby(["region", "sex"]).agg(mean_age=("age", "mean"),
                                                 mean_sbp=("sbp", "mean")).round(1)
    result = _check(tmp_path, lambda p: table.reset_index().to_csv(p))
    assert findings_of(result, {"SDC603"}) == set()
