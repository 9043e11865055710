"""Changes chained or summed further than hunt16 read them, across a release (hunt18).

Files written as pandas writes them and run through ``sdc check``; each was a wrong ``pass``:

- a change naming one year (``Change in deaths since 2022``: to the count's year) or only the
  year before (``Change on previous year``) was not chained with ``2021 to 2022``: 30 in 2023,
  +12 and +15 leave 3 in 2021;
- percentage changes were not chained: 30 in 2023, +50% to 2023 and +300% to 2022 leave 20,
  then 5 in 2021 (``sdc.change_chains``, read within the printed rounding);
- sums over two dimensions at once were not made: a change by region, sex and age against
  counts by region, and counts by region, sex and age against a change by region
  (``sdc.release_changes._sums_over_dimensions``).

Each is SDC101 ``review`` at the change's cell (a chain: its last link's cell; a summed change:
its group's first cell): the years a header leaves unnamed are a guess. Twins whose every
recovered count is 10 or more pass."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})
REGIONS = ["North", "South", "East"]
ROWS = [(r, s, a) for r in ["North", "South"] for s in ["Male", "Female"] for a in ["0-39", "40+"]]


def _check(folder: Path, **frames: pd.DataFrame) -> sdc.RunResult:
    folder.mkdir(exist_ok=True)
    for name, frame in frames.items():
        frame.to_csv(folder / f"{name}.csv", index=False)
    return sdc.check(folder, POLICY)


def _three(header: str, values: list) -> pd.DataFrame:
    return pd.DataFrame({"Region": REGIONS, header: values})


def _two(header: str, values: list) -> pd.DataFrame:
    return pd.DataFrame({"Region": ["North", "South"], header: values})


def _by_region_sex_and_age(header: str, values: list) -> pd.DataFrame:
    return pd.DataFrame({"Region": [r for r, _, _ in ROWS], "Sex": [s for _, s, _ in ROWS],
                         "Age": [a for _, _, a in ROWS], header: values})


def test_a_change_since_one_year_is_chained(tmp_path: Path) -> None:
    # was: pass. 30 in 2023, +12 since 2022 (18), +15 from 2021 to 2022: 3 in 2021
    for i, header in enumerate(["Change in deaths since 2022", "Change on previous year"]):
        result = _check(tmp_path / str(i), a=_three("Deaths 2023", [30, 45, 60]),
                        b=_three(header, ["+12", "+11", "+26"]),
                        c=_three("Change in deaths 2021 to 2022", ["+15", "+11", "+14"]))
        assert findings_of(result) == {("SDC101", "c.csv", "B2")}, header
        assert result.status.value == "review"


def test_two_changes_since_a_year_are_chained(tmp_path: Path) -> None:
    # since 2022 +12 (18) and since 2021 +27: the second alone beside 30 leaves 3
    result = _check(tmp_path, a=_three("Deaths 2023", [30, 45, 60]),
                    b=_three("Change in deaths since 2022", ["+12", "+11", "+26"]),
                    c=_three("Change in deaths since 2021", ["+27", "+22", "+40"]))
    assert findings_of(result) == {("SDC101", "c.csv", "B2")}


def test_percentage_changes_are_chained(tmp_path: Path) -> None:
    # was: pass. 30 in 2023 is +50% on 20 (2022), which is +300% on 5 (2021); 30 beside
    # +300% alone leaves 7.5 (no count)
    for i, header in enumerate(["% change 2022 to 2023", "% change since 2022"]):
        result = _check(tmp_path / str(i), a=_three("Deaths 2023", [30, 45, 60]),
                        b=_three(header, [50, 50, 20]),
                        c=_three("% change 2021 to 2022", [300, 20, 25]))
        assert findings_of(result) == {("SDC101", "c.csv", "B2")}, header
        assert result.status.value == "review"


def test_a_percentage_and_a_count_change_are_chained(tmp_path: Path) -> None:
    # 30 is +50% on 20 (2022), which is +15 on 5 (2021)
    result = _check(tmp_path, a=_three("Deaths 2023", [30, 45, 60]),
                    b=_three("% change since 2022", [50, 50, 20]),
                    c=_three("Change in deaths 2021 to 2022", ["+15", "+11", "+14"]))
    assert findings_of(result) == {("SDC101", "c.csv", "B2")}


def test_chains_leaving_ten_or_more_pass(tmp_path: Path) -> None:
    twins = {
        "one": ("Change in deaths since 2022", ["+10", "+11", "+26"],
                "Change in deaths 2021 to 2022", ["+10", "+11", "+14"]),
        "previous": ("Change on previous year", ["+10", "+11", "+26"],
                     "Change in deaths 2021 to 2022", ["+10", "+11", "+14"]),
        "pct": ("% change since 2022", [50, 50, 20], "% change 2021 to 2022", [100, 20, 25]),
    }
    for name, (first, one, second, two) in twins.items():
        result = _check(tmp_path / name, a=_three("Deaths 2023", [30, 45, 60]),
                        b=_three(first, one), c=_three(second, two))
        assert findings_of(result) == set(), name
        assert result.status.value == "pass", name


def test_a_change_by_region_sex_and_age_summed_against_counts_by_region(tmp_path: Path
                                                                        ) -> None:
    # was: pass. 50 less (12 + 12 + 12 + 11) leaves 3 in 2022: at North's first change cell
    result = _check(tmp_path, a=_two("Deaths 2023", [50, 80]),
                    b=_by_region_sex_and_age("Change in deaths since 2022",
                                             ["+12", "+12", "+12", "+11",
                                              "+10", "+10", "+10", "+10"]))
    assert findings_of(result) == {("SDC101", "b.csv", "D2")}
    assert result.status.value == "review"


def test_counts_by_region_sex_and_age_summed_against_a_change_by_region(tmp_path: Path
                                                                        ) -> None:
    counts = _by_region_sex_and_age("Deaths 2023", [10, 10, 10, 11, 20, 20, 20, 20])
    # was: pass. 41 less 38 leaves 3 in 2022
    result = _check(tmp_path / "count", a=counts,
                    b=_two("Change in deaths since 2022", ["+38", "+40"]))
    assert findings_of(result) == {("SDC101", "b.csv", "B2")}
    assert result.status.value == "review"
    # was: SDC303 review only. 41 is 1267% up on 3; a sum is no trusted units (SDC303)
    result = _check(tmp_path / "pct", a=counts, b=_two("% change since 2022", [1267, 100]))
    assert findings_of(result) == {("SDC101", "b.csv", "B2"), ("SDC303", "b.csv", None)}


def test_sums_over_two_dimensions_leaving_ten_or_more_pass(tmp_path: Path) -> None:
    result = _check(tmp_path / "change", a=_two("Deaths 2023", [60, 80]),
                    b=_by_region_sex_and_age("Change in deaths since 2022",
                                             ["+12", "+12", "+12", "+11",
                                              "+10", "+10", "+10", "+10"]))
    assert findings_of(result) == set()
    result = _check(tmp_path / "count",
                    a=_by_region_sex_and_age("Deaths 2023", [10, 10, 10, 11, 20, 20, 20, 20]),
                    b=_two("Change in deaths since 2022", ["+31", "+40"]))
    assert findings_of(result) == set()
    assert result.status.value == "pass"


def test_a_percentage_change_split_by_sex_beside_each_subgroups_count(tmp_path: Path
                                                                     ) -> None:
    # (c) already read: each subgroup's count printed elsewhere meets its own change
    # (20 is +300% on 5), with or without the group's count in a third output
    by_sex = pd.DataFrame({"Region": ["North", "North", "South", "South"],
                           "Sex": ["Male", "Female", "Male", "Female"]})
    result = _check(tmp_path, a=by_sex.assign(**{"Deaths 2023": [20, 16, 30, 40]}),
                    b=by_sex.assign(**{"% change since 2022": [300, 60, 50, 100]}),
                    c=_two("Deaths 2023", [36, 70]))
    assert findings_of(result) == {("SDC101", "b.csv", "C2")}


_MALES = pd.DataFrame({"Region": ["North", "South"], "Sex": ["Male", "Male"],
                       "Deaths 2023": [20, 25]})


def _by_sex(header: str, values: list) -> pd.DataFrame:
    return pd.DataFrame({"Region": ["North", "North", "South", "South"],
                         "Sex": ["Male", "Female", "Male", "Female"], header: values})


def test_a_subgroups_count_given_by_a_difference_meets_its_change(tmp_path: Path) -> None:
    # North 30 less its males' 20 printed elsewhere: 10 females in 2023, +100% on 5 (was:
    # SDC303 review only, the females' count printed nowhere)
    result = _check(tmp_path / "pct", a=_two("Deaths 2023", [30, 45]), c=_MALES,
                    b=_by_sex("% change since 2022", [100, 100, 25, 100]))
    assert findings_of(result) == {("SDC101", "b.csv", "C3"), ("SDC303", "b.csv", None)}
    # 34 less 20: 14 females, +10 on 4 (was: pass)
    result = _check(tmp_path / "count", a=_two("Deaths 2023", [34, 45]), c=_MALES,
                    b=_by_sex("Change in deaths since 2022", ["+10", "+10", "+12", "+10"]))
    assert findings_of(result) == {("SDC101", "b.csv", "C3")}
    assert result.status.value == "review"


def test_a_difference_leaving_ten_or_more_passes(tmp_path: Path) -> None:
    result = _check(tmp_path / "count", a=_two("Deaths 2023", [44, 45]), c=_MALES,
                    b=_by_sex("Change in deaths since 2022", ["+10", "+10", "+12", "+10"]))
    assert findings_of(result) == set()
    assert result.status.value == "pass"
    # the females' 10 unchanged: only the units stay unknown, as on main
    result = _check(tmp_path / "pct", a=_two("Deaths 2023", [30, 45]), c=_MALES,
                    b=_by_sex("% change since 2022", [100, 0, 25, 100]))
    assert findings_of(result) == {("SDC303", "b.csv", None)}
    # another year's group is no difference of this year's counts
    result = _check(tmp_path / "year", a=_two("Deaths 2022", [30, 45]), c=_MALES,
                    b=_by_sex("% change since 2022", [100, 100, 25, 100]))
    assert findings_of(result) == {("SDC303", "b.csv", None)}
