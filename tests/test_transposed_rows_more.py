"""Transposed tables round 21 left passing (round 22, rows4, issue 12). Rows of a wide table
are paired by their numbers when they may be measures; two shapes of measures still read as
categories and passed with 3 unvaccinated in the North:

1. three rows or more, none naming a count, under an empty, ``group`` or other dimension
   name (``Residents`` >= ``Vaccinated`` >= ``Boosted`` by region): now paired when every
   row stands in one chain, each never above the one before on any column (a funnel);
2. two rows under a forged ``Total`` line adding them up (the total line stops the two-row
   pairing). Pairing every two rows under a total line reviewed the commonest crosstab (two
   areas by sex with margins, wherever one area is never above the other: the protect and
   OpenSAFELY rounding fixtures; round 22); since round 23 they are paired when one names a
   state part of a population reaches (``Vaccinated``, ``Died``) and the other is not its
   opposite (``Unvaccinated``, ``Survived``). A forged total over rows no word marks stays
   open: the numbers cannot tell it from a crosstab's margin (docs/decisions.md).

Findings are SDC101 ``review`` at the part's cell; the expected cells are computed from the
table by an oracle (every two rows, one never above the other on every column, left over
1 to 9 on a column). Twins that must keep passing: a crosstab of city rows by age band with a
total line whose rows nest pair by pair but form no chain, sexes with a total, and a funnel
of large rests. Files written as pandas, R and openpyxl write them."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy

_THRESHOLD = 10  # the default policy's small-count threshold
_COLUMNS = ["North", "South", "East"]
_FUNNEL = {"Residents": [40, 55, 61], "Vaccinated": [37, 50, 58], "Boosted": [30, 41, 52]}
_TWO = {"Residents": [40, 55], "Vaccinated": [37, 50]}


def _found(result: sdc.RunResult) -> set[tuple[str, str | None, str]]:
    return {(f.rule, f.location.cell, f.status.value) for f in result.findings}


def _check(folder: Path) -> sdc.RunResult:
    return sdc.check(folder, build_policy({}))


def _left_over_cells(rows: dict[str, list[int]]) -> set[tuple[str, str | None, str]]:
    """The oracle: for every two rows, one never above the other on every column (and not
    equal on all), the part's cells where the whole less it is 1 to 9, as SDC101 reviews
    them. Rows are written from the sheet's row 2, columns from B, in ``rows``' order."""
    cells = set()
    names = list(rows)
    for whole in names:
        for sub in names:
            big, part = rows[whole], rows[sub]
            if sub == whole or big == part or any(s > b for b, s in zip(big, part, strict=True)):
                continue
            for j, (b, s) in enumerate(zip(big, part, strict=True)):
                if 0 < b - s < _THRESHOLD:
                    cells.add(("SDC101", f"{chr(ord('B') + j)}{names.index(sub) + 2}", "review"))
    return cells


def _pandas(folder: Path, rows: dict[str, list[int]], columns: list[str], *,
            index_name: str | None = None, total: bool = False) -> None:
    """Per-region counts aggregated as columns, written transposed (``.T.to_csv()``)."""
    wide = pd.DataFrame(rows, index=columns).T
    if total:
        wide.loc["Total"] = wide.sum()
    wide.index.name = index_name
    wide.to_csv(folder / "t.csv")


def _r_csv(folder: Path, rows: dict[str, list[int]], columns: list[str]) -> None:
    """As R ``write.csv(t(x))`` writes it: quoted labels, an empty first header cell."""
    lines = [",".join(['""'] + [f'"{c}"' for c in columns])]
    lines += [",".join([f'"{name}"'] + [str(v) for v in values]) for name, values in rows.items()]
    (folder / "t.csv").write_text("\n".join(lines) + "\n")


def _sheet(folder: Path, rows: dict[str, list[int]], columns: list[str], first: str) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([first, *columns])
    for name, values in rows.items():
        ws.append([name, *values])
    wb.save(folder / "t.xlsx")


# --- 1. a funnel of three rows naming no count ----------------------------------------------

def test_the_oracle_sees_three_unvaccinated_in_the_north() -> None:
    assert ("SDC101", "B3", "review") in _left_over_cells(_FUNNEL)  # 40 less 37


def test_a_funnel_written_by_pandas_is_paired(tmp_path: Path) -> None:
    _pandas(tmp_path, _FUNNEL, _COLUMNS)
    assert (tmp_path / "t.csv").read_text().splitlines()[0] == ",North,South,East"
    assert _found(_check(tmp_path)) == _left_over_cells(_FUNNEL)


def test_a_funnel_under_a_group_dimension_is_paired(tmp_path: Path) -> None:
    _pandas(tmp_path, _FUNNEL, _COLUMNS, index_name="group")
    assert _found(_check(tmp_path)) == _left_over_cells(_FUNNEL)


def test_a_funnel_written_as_r_writes_it_is_paired(tmp_path: Path) -> None:
    _r_csv(tmp_path, _FUNNEL, _COLUMNS)
    assert _found(_check(tmp_path)) == _left_over_cells(_FUNNEL)


def test_a_funnel_in_a_sheet_is_paired(tmp_path: Path) -> None:
    _sheet(tmp_path, _FUNNEL, _COLUMNS, "group")
    assert _found(_check(tmp_path)) == _left_over_cells(_FUNNEL)


def test_a_funnel_of_large_rests_passes(tmp_path: Path) -> None:
    rows = {"Residents": [60, 75, 81], "Vaccinated": [47, 60, 68], "Boosted": [30, 41, 52]}
    assert not _left_over_cells(rows)
    _pandas(tmp_path, rows, _COLUMNS)
    result = _check(tmp_path)
    assert result.status.value == "pass", _found(result)


# --- 2. two rows under a forged total line ----------------------------------------------------

def test_two_rows_under_a_forged_total_written_by_pandas_are_paired(tmp_path: Path) -> None:
    _pandas(tmp_path, _TWO, _COLUMNS[:2], total=True)
    assert (tmp_path / "t.csv").read_text().splitlines()[-1] == "Total,77,105"
    assert _found(_check(tmp_path)) == _left_over_cells(_TWO) == {
        ("SDC101", "B3", "review"), ("SDC101", "C3", "review")}


def test_two_rows_under_a_forged_total_in_a_sheet_are_paired(tmp_path: Path) -> None:
    _sheet(tmp_path, {**_TWO, "Total": [77, 105]}, _COLUMNS[:2], "")
    assert _found(_check(tmp_path)) == _left_over_cells(_TWO)


def test_two_rows_under_a_forged_total_written_as_r_writes_it_are_paired(tmp_path: Path
                                                                        ) -> None:
    _r_csv(tmp_path, {**_TWO, "Total": [77, 105]}, _COLUMNS[:2])
    assert _found(_check(tmp_path)) == _left_over_cells(_TWO)


# --- twins: categories that must keep passing -------------------------------------------------

def test_a_crosstab_of_cities_by_age_band_with_a_total_passes(tmp_path: Path) -> None:
    # person rows -> pd.crosstab(city, age band, margins=True): Leeds is never above London
    # (2 to 6 apart: paired, they would be reviewed), but Bristol breaks every chain
    counts = {"London": [52, 61, 40], "Leeds": [46, 59, 38], "Bristol": [50, 30, 44]}
    bands = ["0-17", "18-64", "65+"]
    assert _left_over_cells(counts)  # the rows nest pair by pair: the twin is meaningful
    people = [(city, band) for city, values in counts.items()
              for band, n in zip(bands, values, strict=True) for _ in range(n)]
    df = pd.DataFrame(people, columns=["city", "ageband"])
    pd.crosstab(df.city, df.ageband, margins=True, margins_name="Total").to_csv(
        tmp_path / "t.csv")
    result = _check(tmp_path)
    assert result.status.value == "pass", _found(result)


def test_sexes_with_a_total_pass(tmp_path: Path) -> None:
    # Male never above Female; the cities' columns are in no one order (Leeds below York for
    # males): a header of one row whose labels hold one order on every line is paired (flat2)
    rows = {"Female": [26, 21, 30], "Male": [18, 20, 25]}
    assert _left_over_cells(rows)
    _pandas(tmp_path, rows, ["Leeds", "York", "Hull"], index_name="sex", total=True)
    result = _check(tmp_path)
    assert result.status.value == "pass", _found(result)


def test_city_rows_nesting_on_some_columns_only_pass(tmp_path: Path) -> None:
    # Leeds over York on 0-17 and 18-64 (3 and 4 apart) but not on 65+; Hull below both on
    # two columns, above York on one: no two rows nest on every column, no chain
    rows = {"Leeds": [40, 55, 30], "York": [37, 51, 33], "Hull": [20, 52, 31]}
    assert not _left_over_cells(rows)
    _sheet(tmp_path, rows, ["0-17", "18-64", "65+"], "city")
    result = _check(tmp_path)
    assert result.status.value == "pass", _found(result)


@pytest.mark.parametrize("rows", [
    {"Vaccinated": [40, 55], "Unvaccinated": [37, 50]},
    {"Vaccinated": [40, 55], "Not vaccinated": [37, 50]},
    {"Alive": [40, 55], "Died": [37, 50]},
    {"Survived": [40, 55], "Died": [37, 50]},
    {"Leeds": [40, 55], "York": [37, 50]},
], ids=["un-", "not", "alive-died", "survived-died", "no-state-word"])
def test_two_answers_of_one_question_under_a_total_pass(tmp_path: Path,
                                                        rows: dict[str, list[int]]) -> None:
    # the same numbers as the forged total, rows that are the answers of one question (or
    # areas no word marks): a crosstab's categories, its total line a margin
    assert _left_over_cells(rows)  # they nest: paired, they would be reviewed
    _pandas(tmp_path, rows, _COLUMNS[:2], total=True)
    result = _check(tmp_path)
    assert result.status.value == "pass", _found(result)


@pytest.mark.parametrize("rows", [
    {"Residents": [40, 55], "Admitted": [37, 50]},
    {"Admitted": [40, 55], "Died": [37, 50]},
    {"Tested": [40, 55], "Tested positive": [37, 50]},
], ids=["admitted", "died-of-admitted", "positive-of-tested"])
def test_a_state_beside_its_population_under_a_total_is_paired(
        tmp_path: Path, rows: dict[str, list[int]]) -> None:
    _pandas(tmp_path, rows, _COLUMNS[:2], total=True)
    expected = _left_over_cells(rows)
    assert expected == {("SDC101", "B3", "review"), ("SDC101", "C3", "review")}
    assert _found(_check(tmp_path)) == expected


def test_the_apis_own_crosstab_of_rows_in_a_chain_passes(tmp_path: Path) -> None:
    # sdc.crosstab groups the rows itself: they are the values of a variable, not measures,
    # even when they stand in a chain (the same counts as a file are a funnel, reviewed)
    people = [(row, col) for row, values in _FUNNEL.items()
              for col, n in zip(_COLUMNS, values, strict=True) for _ in range(n)]
    df = pd.DataFrame(people, columns=["group", "region"])
    table = sdc.crosstab(df.group, df.region, policy=build_policy({}))
    assert table.status.value == "pass", [(f.rule, f.location.cell) for f in table.findings]
    table.df.to_csv(tmp_path / "t.csv")
    assert _check(tmp_path).status.value == "review"


def test_a_crosstab_of_city_and_age_rows_by_sex_in_a_chain_passes(tmp_path: Path) -> None:
    # pd.crosstab([city, age], sex): London over Leeds over Hull on all four lines (Leeds
    # less Hull is 4 young women), a chain by the cities' sizes; rows crossed with two
    # variables are no transposed table of measures
    counts = {("London", "old", "F"): 60, ("London", "old", "M"): 55,
              ("London", "young", "F"): 70, ("London", "young", "M"): 66,
              ("Leeds", "old", "F"): 30, ("Leeds", "old", "M"): 28,
              ("Leeds", "young", "F"): 25, ("Leeds", "young", "M"): 33,
              ("Hull", "old", "F"): 12, ("Hull", "old", "M"): 15,
              ("Hull", "young", "F"): 21, ("Hull", "young", "M"): 11}
    people = [key for key, n in counts.items() for _ in range(n)]
    df = pd.DataFrame(people, columns=["city", "age", "sex"])
    pd.crosstab([df.city, df.age], df.sex).to_csv(tmp_path / "t.csv")
    result = _check(tmp_path)
    assert result.status.value == "pass", _found(result)
