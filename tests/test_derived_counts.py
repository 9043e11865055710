"""Counts implied by percentages, rates, n (%) strings and cumulative counts, on tables written
by pandas as a researcher would write them; the cell that gives the count away is reported."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of
from tests.corpus.outputs import positive_share_by_region
from tests.count_pairs import whole_and_part

COUNT_RULES = {"SDC101", "SDC102", "SDC103"}


def _patients(seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    region = np.repeat(["East", "North", "South"], [200, 120, 3])
    return pd.DataFrame({"region": region,
                         "diabetic": rng.random(len(region)) < 0.4})


def _check(tmp_path: Path) -> sdc.RunResult:
    return sdc.check(tmp_path, build_policy({}))


def test_value_counts_with_their_shares_are_checked_once(tmp_path: Path) -> None:
    df = _patients()
    counts = df.region.value_counts().sort_index()
    table = pd.DataFrame({"n": counts, "pct": (100 * counts / counts.sum()).round(1)})
    table.to_csv(tmp_path / "t.csv")
    # the 3 in South is a published count: SDC101 on the count, nothing on its share
    assert findings_of(_check(tmp_path), COUNT_RULES) == {("SDC101", "t.csv", "B4")}


def test_a_percentage_of_each_regions_n_gives_the_count_away(tmp_path: Path) -> None:
    df = _patients()
    grouped = df.groupby("region").diabetic
    table = pd.DataFrame({"n": grouped.size(), "pct_diabetic": (100 * grouped.mean()).round(1)})
    table = table.loc[["East", "North"]]
    table.loc["North", "pct_diabetic"] = 5.0  # 5% of 120 patients: 6 people
    table.to_csv(tmp_path / "t.csv")
    assert findings_of(_check(tmp_path), COUNT_RULES) == {("SDC101", "t.csv", "C3")}


def test_table_one_n_percent_strings(tmp_path: Path) -> None:
    df = _patients()
    counts = df.region.value_counts().sort_index()
    share = 100 * counts / counts.sum()
    cells = [f"{n} ({p:.1f}%)" for n, p in zip(counts, share, strict=True)]
    pd.DataFrame({"n (%)": cells}, index=counts.index).to_csv(tmp_path / "t.csv")
    result = _check(tmp_path)
    assert findings_of(result, COUNT_RULES) == {("SDC101", "t.csv", "B4")}
    assert result.status.value == "fail"


def test_cumulative_counts_from_cumsum(tmp_path: Path) -> None:
    weeks = pd.Series([40, 25, 4, 31], index=pd.Index(["2024-01-01", "2024-01-08", "2024-01-15",
                                                       "2024-01-22"], name="week"))
    weeks.cumsum().rename("cumulative_cases").to_csv(tmp_path / "t.csv")
    assert findings_of(_check(tmp_path), COUNT_RULES) == {("SDC101", "t.csv", "B4")}


def test_normalised_crosstab_with_its_base_in_the_header(tmp_path: Path) -> None:
    df = _patients().query("region != 'South'")
    pct = (100 * pd.crosstab(df.diabetic, df.region, normalize="columns")).round(1)
    n = df.region.value_counts()
    pct.columns = [f"{c} (n={n[c]})" for c in pct.columns]
    pct.loc[True, "North (n=120)"] = 5.0
    pct.loc[False, "North (n=120)"] = 95.0
    pct.to_csv(tmp_path / "t.csv")
    # 5% of 120 is 6 (SDC101); 95% of a group in one category (SDC103)
    assert findings_of(_check(tmp_path), COUNT_RULES) == {
        ("SDC101", "t.csv", "C3"), ("SDC103", "t.csv", "C2")}


def test_a_wrong_guess_still_ends_in_review_or_fail(tmp_path: Path) -> None:
    # 33.3% and 66.7% with no base may be 1 of 3 or 100 of 300: no count can be recovered,
    # so the units behind them stay unknown and the output is reviewed (SDC303), never passed
    (tmp_path / "t.csv").write_text("region,pct\nNorth,33.3\nSouth,66.7\n", encoding="utf-8")
    assert _check(tmp_path).status.value == "review"


def test_describe_transposed_quartiles_are_percentiles_not_percentages(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"los": rng.integers(1, 9, 40).astype(float),
                       "age": rng.integers(18, 90, 40).astype(float)})
    df.describe().T.to_csv(tmp_path / "t.csv")  # header: ,count,mean,std,min,25%,50%,75%,max
    result = _check(tmp_path)
    assert findings_of(result, {*COUNT_RULES, "SDC302", "SDC303"}) == {
        ("SDC302", "t.csv", "E2"), ("SDC302", "t.csv", "I2"),
        ("SDC302", "t.csv", "E3"), ("SDC302", "t.csv", "I3")}


def test_describe_transposed_on_few_units(tmp_path: Path) -> None:
    df = pd.DataFrame({"los": [1.0, 2, 3, 5, 8], "age": [20.0, 30, 40, 50, 60]})
    df.describe().T.to_csv(tmp_path / "t.csv")
    result = _check(tmp_path)
    # the count of 5 (SDC101); the mean (SDC101), std and the quartiles rest on it (SDC303)
    assert findings_of(result, {"SDC101", "SDC303"}) == {
        ("SDC101", "t.csv", "B2"), ("SDC101", "t.csv", "B3"),
        ("SDC101", "t.csv", "C2"), ("SDC101", "t.csv", "C3"),
        *{("SDC303", "t.csv", f"{col}{row}") for col in "DFGH" for row in (2, 3)}}


def _area_rates(deaths: list[int], population: list[int]) -> pd.DataFrame:
    return pd.DataFrame({"area": ["A", "B", "C"], "population": population,
                         "deaths": deaths}).set_index("area")


def test_a_rate_per_100000_named_with_underscores_gives_its_events_away(tmp_path: Path) -> None:
    # df.assign(rate_per_100000=...): 2 deaths among 4,512 people is 44.3 per 100,000; the
    # scale is in the column's name, written with underscores (it used to be read as no scale,
    # and the population beside it as the rate's units: pass)
    table = _area_rates([210, 180, 2], [120345, 98012, 4512])
    table["rate_per_100000"] = (table.deaths / table.population * 1e5).round(1)
    table.drop(columns="deaths").to_csv(tmp_path / "t.csv")
    result = _check(tmp_path)
    assert findings_of(result, COUNT_RULES) == {("SDC101", "t.csv", "C4")}
    assert result.status.value == "fail"


def test_a_rate_whose_scale_is_not_stated_is_review_not_pass(tmp_path: Path) -> None:
    # `crude_rate` beside its population: per 1,000 or per 100,000, its deaths (2 or 0.02 of
    # them...) cannot be worked out, so the population is not its units
    table = _area_rates([210, 180, 2], [120345, 98012, 4512])
    table["crude_rate"] = (table.deaths / table.population * 1e5).round(1)
    table.drop(columns="deaths").to_csv(tmp_path / "t.csv")
    result = _check(tmp_path)
    assert findings_of(result) == {("SDC303", "t.csv", None)}
    assert result.status.value == "review"


def test_a_rate_per_1000_of_enough_events_passes(tmp_path: Path) -> None:
    # the safe twin: 2.2 per 1,000 of 4,512 people is 10 deaths
    table = _area_rates([205, 176, 10], [120345, 98012, 4512])
    table["rate_per_1000"] = (table.deaths / table.population * 1e3).round(1)
    table.drop(columns="deaths").to_csv(tmp_path / "t.csv")
    result = _check(tmp_path)
    assert findings_of(result) == set()
    assert result.status.value == "pass"


def _rates_beside_deaths(deaths: list[int], population: list[int]) -> pd.DataFrame:
    # a published mortality table: the deaths (the rate's numerator) and the rate per 100,000
    # of a population that is not printed
    table = _area_rates(deaths, population)
    table["rate_per_100000"] = (table.deaths / table.population * 1e5).round(1)
    return table.drop(columns="population")


def test_a_rate_beside_its_numerator_is_not_a_share_of_it(tmp_path: Path) -> None:
    # 44.3 per 100,000 of 40 deaths would be 0.02 of a person: the deaths are the rate's
    # numerator, not its base (it used to say 'nobody in the group', SDC103 on every rate)
    table = _rates_beside_deaths([210, 180, 40], [120345, 98012, 90250])
    table.to_csv(tmp_path / "t.csv")
    result = _check(tmp_path)
    assert findings_of(result) == set()
    assert result.status.value == "pass"
    # the same deaths published on their own in another output are no base of it either
    table[["deaths"]].to_csv(tmp_path / "u.csv")
    result = _check(tmp_path)
    assert findings_of(result) == set()
    assert result.status.value == "pass"


def test_a_rate_beside_a_small_numerator_still_fails(tmp_path: Path) -> None:
    # the twin: 3 deaths are a count below the threshold, and the rate rests on them (SDC303)
    _rates_beside_deaths([210, 180, 3], [120345, 98012, 4512]).to_csv(tmp_path / "t.csv")
    assert findings_of(_check(tmp_path)) == {("SDC101", "t.csv", "B4"),
                                             ("SDC303", "t.csv", "C4")}


def test_a_count_that_can_be_the_rates_base_keeps_the_stricter_reading(tmp_path: Path) -> None:
    # one row where the count can be the base (100,000 per 100,000 of 55 is all 55) keeps the
    # column a base on every row, as before: the stricter reading
    table = _rates_beside_deaths([210, 180, 40], [120345, 98012, 90250])
    table.loc["B", "rate_per_100000"] = 100000.0
    table.to_csv(tmp_path / "t.csv")
    assert ("SDC103", "t.csv", "C3") in findings_of(_check(tmp_path))


def test_a_percentage_of_a_base_a_little_off_keeps_its_count(tmp_path: Path) -> None:
    # % smoking of those with a recorded status (3 missing per region) beside all adults:
    # no part is a whole unit, yet 5.4% of 40 still gives the 2 smokers of 37 away
    table = pd.DataFrame({"adults": [140, 90, 40], "smokers": [30, 20, 2]},
                         index=pd.Index(["North", "South", "West"], name="region"))
    table["% smoking"] = (100 * table.smokers / (table.adults - 3)).round(1)
    table.drop(columns="smokers").to_csv(tmp_path / "t.csv")
    assert ("SDC101", "t.csv", "C4") in findings_of(_check(tmp_path), COUNT_RULES)


def test_a_percentage_beside_two_counts_is_checked_against_each(tmp_path: Path) -> None:
    # 25.0% positive of West's 12 tested is 3 people; of its 400 patients it would be 100.
    # Only the words say which count is the base ('patients' named one): the other reading
    # used to go unchecked, and the table passed. Now it is SDC101, capped at review.
    positive_share_by_region(3).to_csv(tmp_path / "t.csv")
    result = _check(tmp_path)
    assert findings_of(result) == {("SDC101", "t.csv", "D4")}
    assert result.status.value == "review"


def test_a_percentage_beside_two_counts_safe_under_both_readings_passes(tmp_path: Path) -> None:
    positive_share_by_region(10).to_csv(tmp_path / "t.csv")  # 83.3% of 12 tested: 10 people
    result = _check(tmp_path)
    assert findings_of(result) == set()
    assert result.status.value == "pass"


def _adults(tmp_path: Path, whole: str, sub: str, under18: list[int]) -> sdc.RunResult:
    """People per region, and those aged 18+ beside them: what the headers say nests."""
    return whole_and_part(tmp_path, whole, sub, under18, seed=11, with_it=(120, 200))


def test_a_count_less_its_subgroup_beside_it_is_a_count(tmp_path: Path) -> None:
    # `all patients` 140 beside `patients aged 18+` 137: 3 under-18s, printed nowhere. It
    # passed; the nesting is read from the headers, so SDC101 is review at the subgroup's cell
    result = _adults(tmp_path, "all patients", "patients aged 18+", [3, 25, 30])
    assert findings_of(result) == {("SDC101", "t.csv", "C2")}
    assert result.status.value == "review"


def test_a_subgroup_far_from_the_whole_passes(tmp_path: Path) -> None:
    assert _adults(tmp_path, "all patients", "patients aged 18+", [12, 25, 30]
                   ).status.value == "pass"


def test_a_count_never_above_the_one_beside_it_is_paired_by_its_numbers(tmp_path: Path
                                                                        ) -> None:
    # `patients` beside `admissions`: no header names the other's units, but on no row are
    # the admissions above the patients, so 3 patients may be without one (round 20: the
    # numbers' nesting pairs them; it passed)
    result = _adults(tmp_path, "patients", "admissions", [3, 25, 30])
    assert findings_of(result) == {("SDC101", "t.csv", "C2")}
    assert result.status.value == "review"


def test_a_row_less_a_part_beside_its_whole_is_a_count(tmp_path: Path) -> None:
    # `England` 140 and `England excluding London` 137: London's 3 printed nowhere; it passed
    pd.Series({"England": 140, "England excluding London": 137, "North": 61, "South": 48},
              name="patients").rename_axis("group").to_csv(tmp_path / "t.csv")
    result = _check(tmp_path)
    assert findings_of(result) == {("SDC101", "t.csv", "B3")}
    assert result.status.value == "review"


def test_a_row_less_a_large_part_passes(tmp_path: Path) -> None:
    pd.Series({"England": 1400, "England excl. London": 1210, "North": 610, "South": 480},
              name="patients").rename_axis("area").to_csv(tmp_path / "t.csv")
    assert _check(tmp_path).status.value == "pass"
