"""A minimum or maximum table written without its statistic's name, told by its margins (round
30, oracle30; sdc/rules/margin_extremes.py).

``pivot_table(values="pay", aggfunc="min", margins=True)`` saved by ``to_csv`` or ``to_excel``
prints categories and numbers only: read as counts, its cells of one record's pay each were
``review`` only (SDC402: a total that is not its cells' sum), and ACRO fails it. Its ``All`` is
each line's minimum (a maximum's each line's maximum): SDC302 ``fail`` at every cell. A table
whose totals are sums (counts), or whose lines run to their total (a cumulative count), keeps
its verdict.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})
ACRO = build_policy({}, profile="acro")


def _people(n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(30)
    return pd.DataFrame({"area": rng.choice(["East", "North", "South", "West"], n),
                         "sex": rng.choice(["F", "M"], n),
                         "grp": rng.choice(["g1", "g2"], n),
                         "pay": rng.integers(1500, 9800, n)})


def _save(table: pd.DataFrame, path: Path) -> None:
    if path.suffix == ".csv":
        table.to_csv(path)
    else:
        table.to_excel(path)


def _at(result: sdc.RunResult, rule: str) -> dict[str | None, str]:
    return {f.location.cell: f.status.value for f in result.findings if f.rule == rule}


# a 4 x 2 table with its margins: cells B2:D6, every one published
CELLS = {f"{c}{r}" for c in "BCD" for r in range(2, 7)}


@pytest.mark.parametrize("aggfunc", ["min", "max"])
@pytest.mark.parametrize("name", ["t.csv", "t.xlsx"])
def test_a_pivot_of_extremes_with_margins_fails_at_every_cell(
        tmp_path: Path, aggfunc: str, name: str) -> None:
    table = pd.pivot_table(_people(), index="area", columns="sex", values="pay",
                           aggfunc=aggfunc, margins=True)
    _save(table, tmp_path / name)
    result = sdc.check(tmp_path / name, POLICY)
    assert _at(result, "SDC302") == dict.fromkeys(CELLS, "fail")
    assert result.status == "fail"
    extreme = "minimum" if aggfunc == "min" else "maximum"
    (message,) = {f.message for f in result.findings if f.rule == "SDC302"}
    # 4 rows, 2 columns and the grand total, none of them over equal cells
    assert f"each margin is the {extreme} of the cells it spans, not their sum (7 margins" \
        in message
    # the values are in the evidence only (a CI format prints the public message)
    assert not any(ch.isdigit() for ch in message.split("(7 margins")[0])


@pytest.mark.parametrize("aggfunc", ["min", "max"])
def test_a_crosstab_of_extremes_named_total_two_column_levels(tmp_path: Path,
                                                              aggfunc: str) -> None:
    df = _people()
    table = pd.crosstab(df.area, [df.sex, df.grp], values=df.pay, aggfunc=aggfunc,
                        margins=True, margins_name="Total")
    table.to_csv(tmp_path / "t.csv")
    found = _at(sdc.check(tmp_path / "t.csv", POLICY), "SDC302")
    # a header of two lines (sex, grp) and the index name's line: data from row 4, B:F
    assert found == {f"{c}{r}": "fail" for c in "BCDEF" for r in range(4, 9)}


def test_under_the_acro_profile_too(tmp_path: Path) -> None:
    table = pd.pivot_table(_people(), index="area", columns="sex", values="pay",
                           aggfunc="min", margins=True)
    table.to_excel(tmp_path / "t.xlsx")
    assert _at(sdc.check(tmp_path / "t.xlsx", ACRO), "SDC302") == dict.fromkeys(CELLS, "fail")


def test_one_line_of_extremes_is_review(tmp_path: Path) -> None:
    # one column: its All may be a median's that happens to be the smallest, so review
    table = pd.pivot_table(_people(), index="area", values="pay", aggfunc="min",
                           margins=True)
    table.to_csv(tmp_path / "t.csv")
    assert _at(sdc.check(tmp_path / "t.csv", POLICY), "SDC302") == {
        f"B{r}": "review" for r in range(2, 7)}


def test_counts_with_totals_keep_their_pass(tmp_path: Path) -> None:
    df = _people()
    table = pd.crosstab(df.area, df.sex, margins=True)
    assert int(table.min().min()) >= 10
    for name in ("t.csv", "t.xlsx"):
        _save(table, tmp_path / name)
        result = sdc.check(tmp_path / name, POLICY)
        assert result.status == "pass", findings_of(result)


@pytest.mark.parametrize("header", ["month,cumulative F,cumulative M", "month,F,M"])
def test_a_cumulative_count_with_its_total_is_no_maximum(tmp_path: Path, header: str) -> None:
    # counts to date by sex, the Total row the last of each: a running count, not a maximum
    # (without the word, its totals are still not sums: SDC402, as before)
    (tmp_path / "t.csv").write_text(
        f"{header}\nJan,12,15\nFeb,25,31\nMar,40,47\nApr,52,60\nTotal,52,60\n",
        encoding="utf-8")
    assert _at(sdc.check(tmp_path / "t.csv", POLICY), "SDC302") == {}


def test_a_mean_table_with_margins_is_no_extreme(tmp_path: Path) -> None:
    table = pd.pivot_table(_people(), index="area", columns="sex", values="pay",
                           aggfunc="mean", margins=True).round(1)
    table.to_csv(tmp_path / "t.csv")
    assert _at(sdc.check(tmp_path / "t.csv", POLICY), "SDC302") == {}


def test_a_table_whose_margin_is_neither_end_anywhere_is_not_read(tmp_path: Path) -> None:
    # every All the smallest but one, which is a sum: not a table of minima
    table = pd.pivot_table(_people(), index="area", columns="sex", values="pay",
                           aggfunc="min", margins=True)
    table.loc["East", "All"] = table.loc["East", "F"] + table.loc["East", "M"]
    table.to_csv(tmp_path / "t.csv")
    assert _at(sdc.check(tmp_path / "t.csv", POLICY), "SDC302") == {}


_ROWS = ["Leeds", "York", "Hull", "Derby", "Bath"]
_COLS = ["Cars", "Vans", "Buses", "Bikes"]


def _read(tmp_path: Path, grid: list[list[int]], margin: str):
    from sdc.engine import read_file

    end = {"sum": sum, "min": min, "max": max}[margin]
    cols = _COLS[:len(grid[0])]
    lines = [",".join(["town", *cols, "All"])]
    for label, row in zip(_ROWS, grid, strict=False):
        lines.append(",".join([label, *map(str, row), str(end(row))]))
    columns = [end(col) for col in zip(*grid, strict=True)]
    lines.append(",".join(["All", *map(str, columns), str(end(columns))]))
    (tmp_path / "t.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (output,) = read_file(tmp_path / "t.csv", "t.csv", tmp_path, POLICY.read_options())
    assert output.table is not None
    return output.table


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(2, 5).flatmap(lambda rows: st.integers(2, 4).flatmap(
    lambda cols: st.lists(st.lists(st.integers(1, 5_000), min_size=cols, max_size=cols),
                          min_size=rows, max_size=rows))),
       st.sampled_from(["sum", "min", "max"]))
def test_margins_read_as_extremes_exactly_when_they_are(tmp_path: Path, grid: list[list[int]],
                                                        margin: str) -> None:
    from sdc.rules.margin_extremes import margin_extremes

    found = margin_extremes(_read(tmp_path, grid, margin))
    if margin == "sum":  # positive counts: a total above each cell, never read
        assert found == []
        return
    # a margin over unequal cells tells (their sum exceeds both ends), unless three or more
    # along one line run to their end as counts to date do; over equal cells it never tells.
    # The margins: each row's, each column's and the grand total over every inner cell
    columns = [list(col) for col in zip(*grid, strict=True)]
    rising = margin == "max"

    def tells(line: list[int], along: bool = True) -> bool:
        steps = list(pairwise(line))
        running = along and len(line) >= 3 and all(
            a <= b if rising else a >= b for a, b in steps)
        return len(set(line)) > 1 and not running

    telling = sum(map(tells, [*grid, *columns])) + tells(
        [v for row in grid for v in row], along=False)
    extreme = "minimum" if margin == "min" else "maximum"
    assert [(m.extreme, m.telling) for m in found] == ([(extreme, telling)] if telling else [])


def test_two_index_levels_with_a_missing_key_and_two_column_levels(tmp_path: Path) -> None:
    # ACRO keeps the rows of a missing key (dropna=False): under them the `All,,` row and the
    # `All` column (its second level padded blank) span every cell above or beside them,
    # not the line of the blank key's rows they share a blank label with (seed 9105)
    df = _people().assign(band=lambda d: np.random.default_rng(5).choice(
        ["16-34", "35-64", "65+"], len(d)))
    df.loc[df.index[::17], "band"] = np.nan
    table = pd.pivot_table(df, index=["area", "band"], columns=["sex", "grp"], values="pay",
                           aggfunc="max", margins=True, dropna=False)
    table.to_csv(tmp_path / "t.csv")
    published = {f"{'CDEFG'[j]}{4 + i}" for i in range(len(table))
                 for j in range(table.shape[1]) if not pd.isna(table.iat[i, j])}
    assert len(published) > 60
    assert _at(sdc.check(tmp_path / "t.csv", POLICY), "SDC302") == dict.fromkeys(
        published, "fail")
