"""A count table with a suppressed cell published beside the shares of the same cross-tab
(``pd.crosstab(..., normalize="index"/"columns"/"all")``): the shares and one published
count of the hidden cell's line give the line's total, so the hidden count too. The linear
audit (sums only) could not see it: the release was `review` (SDC303/SDC602 on the shares)
and named no recovery (hunt round 6; ``sdc.share_recovery``, docs/reading.md). Written by
pandas."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})
AREAS = ["North"] * 78 + ["South"] * 63 + ["East"] * 52 + ["West"] * 16
SEXES = ["F"] * 40 + ["M"] * 38 + ["F"] * 30 + ["M"] * 33 + ["F"] * 25 + ["M"] * 27 + [
    "F"] * 4 + ["M"] * 12


def _people(west_m: int = 12) -> pd.DataFrame:
    df = pd.DataFrame({"area": AREAS, "sex": SEXES})
    extra = pd.DataFrame({"area": ["West"] * (west_m - 12), "sex": ["M"] * (west_m - 12)})
    return pd.concat([df, extra], ignore_index=True)


def _counts(root: Path, df: pd.DataFrame, hide: list[tuple[str, str]]) -> None:
    table = pd.crosstab(df.area, df.sex).astype(object)
    for row, col in hide:
        table.loc[row, col] = "[c]"
    table.to_csv(root / "counts.csv")


def _check(root: Path) -> tuple[set[tuple[str, str, str | None]], str]:
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


def _rule_cells(found: set[tuple[str, str, str | None]], rule: str) -> set[tuple[str, str | None]]:
    return {(path, cell) for r, path, cell in found if r == rule}


def test_row_shares_give_the_hidden_count_away(tmp_path: Path) -> None:
    df = _people()
    _counts(tmp_path, df, [("West", "F")])
    (pd.crosstab(df.area, df.sex, normalize="index") * 100).round(1).to_csv(
        tmp_path / "shares.csv")
    # West: 75.0% are the 12 men, so 16 people and 4 women (before: review, SDC303 only)
    assert _check(tmp_path) == ({("SDC501", "counts.csv", "B5"),
                                 ("SDC303", "shares.csv", None)}, "fail")
    result = sdc.check(tmp_path, POLICY)
    [finding] = [f for o in result.outputs for f in o.findings if f.rule == "SDC501"]
    assert finding.evidence["value"] == 4
    assert {loc.cell for loc in finding.related} == {"B5", "C5"}  # the shares and West/M


def test_column_proportions_give_the_hidden_count_away(tmp_path: Path) -> None:
    df = _people()
    _counts(tmp_path, df, [("West", "F")])
    pd.crosstab(df.area, df.sex, normalize="columns").to_csv(tmp_path / "shares.csv")
    found, status = _check(tmp_path)
    assert status == "fail"
    assert _rule_cells(found, "SDC501") == {("counts.csv", "B5")}


def test_shares_of_the_whole_table_give_the_hidden_count_away(tmp_path: Path) -> None:
    df = _people()
    _counts(tmp_path, df, [("West", "F")])
    (pd.crosstab(df.area, df.sex, normalize="all") * 100).round(2).to_csv(
        tmp_path / "shares.csv")
    found, status = _check(tmp_path)
    assert status == "fail"
    assert _rule_cells(found, "SDC501") == {("counts.csv", "B5")}


def test_hidden_share_and_count_the_line_total_less_the_rest(tmp_path: Path) -> None:
    # both tables hide West/F; West/M's 75.0% of the line gives 16 people, 16 - 12 = 4
    df = _people()
    _counts(tmp_path, df, [("West", "F")])
    shares = (pd.crosstab(df.area, df.sex, normalize="index") * 100).round(1).astype(object)
    shares.loc["West", "F"] = "[c]"
    shares.to_csv(tmp_path / "shares.csv")
    found, status = _check(tmp_path)
    assert status == "fail"
    assert _rule_cells(found, "SDC501") == {("counts.csv", "B5")}


def test_shares_of_another_population_say_nothing(tmp_path: Path) -> None:
    # the shares of last year's people (other counts) do not fit this year's published lines
    df = _people()
    _counts(tmp_path, df, [("West", "F")])
    other = _people(west_m=30)
    other = pd.concat([other, pd.DataFrame({"area": ["North"] * 9, "sex": ["F"] * 9})])
    (pd.crosstab(other.area, other.sex, normalize="index") * 100).round(1).to_csv(
        tmp_path / "shares.csv")
    found, _ = _check(tmp_path)
    assert not _rule_cells(found, "SDC501")
    assert not _rule_cells(found, "SDC502")


def test_rounded_shares_pin_the_hidden_count_below_the_threshold(tmp_path: Path) -> None:
    # West: 4 women, 400 men; whole percentages 1 and 99 put the women in [3, 6]
    df = _people(west_m=400)
    _counts(tmp_path, df, [("West", "F")])
    (pd.crosstab(df.area, df.sex, normalize="index") * 100).round(0).astype(int).to_csv(
        tmp_path / "shares.csv")
    found, status = _check(tmp_path)
    assert status == "fail"
    assert _rule_cells(found, "SDC502") == {("counts.csv", "B5")}
    assert not _rule_cells(found, "SDC501")


def test_both_cells_of_the_line_hidden_stay_hidden(tmp_path: Path) -> None:
    df = _people()
    _counts(tmp_path, df, [("West", "F"), ("West", "M")])
    (pd.crosstab(df.area, df.sex, normalize="index") * 100).round(1).to_csv(
        tmp_path / "shares.csv")
    found, _ = _check(tmp_path)
    assert not _rule_cells(found, "SDC501")
    assert not _rule_cells(found, "SDC502")
