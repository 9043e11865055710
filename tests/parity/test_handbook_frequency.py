"""Handbook oracles for frequency tables, through the files a researcher hands over.

The tables are the worked examples of the ESSnet *Handbook on Statistical Disclosure Control*
(Hundepool et al., ch. 5 "Disclosure risks": marital status by sex, by hours worked, and by
sex and hours worked; ch. 4, example 3, after Geurts 1992: the feasibility interval of a
suppressed cell). Each is written with pandas' ``to_csv`` as a researcher would, and the
expected findings are computed here from the definitions, not copied:

* threshold rule: a count ``0 < n < t`` is a small cell (SDC101), margins included;
* a zero count is class (attribute) disclosure (SDC102) -- the handbook's "column dominated by
  zeros" that tells the single woman's hours;
* group disclosure along every row and column with its total (the total row and column are
  lines too): a cell holding at least 90% of its line, or leaving fewer than ``t`` units to
  the other categories of the line ("within-group disclosure": the divorced part-timer knows
  every other divorced person works full time) (SDC103);
* a suppressed cell's feasible interval: the minimum and maximum over every table agreeing
  with the published cells (rows and columns adding up to their totals, cells >= 0), by linear
  programming here (scipy's ``linprog``) and by the handbook's hand derivation for example 3;
  a hidden count whose upper bound is below ``t`` is known to be small (SDC502), one pinned to
  a single value is recovered (SDC501).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.parity.test_acro_mitigation import feasible_intervals

SHARE = 0.9
TOTAL = "Total"

# ch. 5, "Marital status by sex" (identification: the single woman)
MARITAL_BY_SEX = pd.DataFrame({"Male": [38, 7, 3], "Female": [17, 4, 1]},
                              index=pd.Index(["Married", "Divorced", "Single"], name="marital"))
# ch. 5, "Marital status by hours worked" (group attribute and within-group disclosure)
MARITAL_BY_HOURS = pd.DataFrame({"Full time": [6, 5, 2], "Part time": [0, 1, 2]},
                                index=pd.Index(["Married", "Divorced", "Single"],
                                               name="marital"))
# ch. 4, example 3 (Geurts 1992, table 10): the inner 2x2 block suppressed
GEURTS = {("1", "1"): None, ("1", "2"): None, ("2", "1"): None, ("2", "2"): None,
          ("3", "1"): 3, ("3", "2"): 3}
GEURTS_ROW_TOTALS = {"1": 7, "2": 3, "3": 6}
GEURTS_COLUMN_TOTALS = {"1": 9, "2": 7}


def with_margins(inner: pd.DataFrame) -> pd.DataFrame:
    """The table with its row and column totals, as ``pd.crosstab(margins=True)`` prints."""
    table = inner.copy()
    table[TOTAL] = inner.sum(axis=1)
    table.loc[TOTAL] = table.sum(axis=0)
    return table


def cell_ref(table: pd.DataFrame, row: int, col: int) -> str:
    """Where pandas' to_csv puts a value: one header line, one index column."""
    return f"{chr(ord('B') + col)}{row + 2}"


def expected(table: pd.DataFrame, threshold: int) -> set[tuple[str, str]]:
    """(rule, cell) the definitions give for a table printed with its margins."""
    found: set[tuple[str, str]] = set()
    values = table.to_numpy()
    rows, cols = values.shape
    for r in range(rows):
        for c in range(cols):
            if 0 < values[r, c] < threshold:
                found.add(("SDC101", cell_ref(table, r, c)))
            if values[r, c] == 0:
                found.add(("SDC102", cell_ref(table, r, c)))
    # every line: each row across the inner columns to its total, each column down the inner
    # rows to its total (the total row and the total column among them)
    lines = [[(r, c) for c in range(cols - 1)] + [(r, cols - 1)] for r in range(rows)]
    lines += [[(r, c) for r in range(rows - 1)] + [(rows - 1, c)] for c in range(cols)]
    for line in lines:
        *members, (tr, tc) = line
        total = values[tr, tc]
        if total <= 0:
            continue
        for r, c in members:
            value = values[r, c]
            if value > 0 and (value / total >= SHARE or 0 <= total - value < threshold):
                found.add(("SDC103", cell_ref(table, r, c)))
    return found


def check(folder: Path, threshold: int) -> sdc.RunResult:
    policy = {"rules": {"small-count": {"threshold": threshold},
                        "group-disclosure": {"share": SHARE}}}
    return sdc.check(folder, build_policy(policy))


def found(result: sdc.RunResult, rules: set[str]) -> set[tuple[str, str]]:
    return {(f.rule, f.location.cell) for f in result.findings
            if f.rule in rules and f.location.cell is not None}


# "Full time" and "Part time" hold the word "time", which names a quantity: the reader takes
# the columns for two measures, not categories of one; they add up to "Total" row by row, so
# each row of them is a line of SDC103 all the same (all married people work full time).
# Transposed, the same lines are the columns: "hours" rows over marital-status columns.
TABLES = {"marital_by_sex": MARITAL_BY_SEX, "marital_by_hours": MARITAL_BY_HOURS,
          "sex_by_marital": MARITAL_BY_SEX.T.rename_axis("sex"),
          "hours_by_marital": MARITAL_BY_HOURS.T.rename_axis("hours")}


def _write(tmp_path: Path, name: str) -> tuple[Path, pd.DataFrame]:
    table = with_margins(TABLES[name])
    folder = tmp_path / "release"
    folder.mkdir()
    table.to_csv(folder / f"{name}.csv")
    return folder, table


@pytest.mark.parametrize("threshold", [3, 5, 10])
@pytest.mark.parametrize("name", sorted(TABLES))
def test_frequency_table_definitions(name: str, threshold: int, tmp_path: Path) -> None:
    folder, table = _write(tmp_path, name)
    result = check(folder, threshold)
    assert found(result, {"SDC101", "SDC102", "SDC103"}) == expected(table, threshold)
    assert result.status.value == "fail"


@pytest.mark.parametrize("threshold", [3, 5, 10])
def test_columns_named_like_quantities_are_still_counted(threshold: int,
                                                         tmp_path: Path) -> None:
    folder, table = _write(tmp_path, "marital_by_hours")
    result = check(folder, threshold)
    want = expected(table, threshold)
    assert found(result, {"SDC101", "SDC102"}) == {f for f in want if f[0] != "SDC103"}
    assert found(result, {"SDC103"}) <= want
    assert result.status.value == "fail"


def test_the_frequency_oracles_say_what_the_handbook_says() -> None:
    """The definitions reproduce the handbook's reading of its tables."""
    by_sex = expected(with_margins(MARITAL_BY_SEX), 3)
    assert ("SDC101", "C4") in by_sex  # the single woman, a count of 1
    by_hours = expected(with_margins(MARITAL_BY_HOURS), 3)
    assert ("SDC103", "B2") in by_hours  # every married person works full time
    assert ("SDC102", "C2") in by_hours  # ... which the zero says
    assert ("SDC103", "B3") in by_hours  # the divorced part-timer knows the other five


def geurts_cells() -> list[dict]:
    """Example 3 as published: the inner 2x2 suppressed, row 3 and the totals shown."""
    cells = []
    for (row, col), value in GEURTS.items():
        cells.append({"ref": f"{chr(ord('A') + int(col))}{int(row) + 1}", "row": row,
                      "col": col, "value": value, "blank": value is None})
    for row, total in GEURTS_ROW_TOTALS.items():
        cells.append({"ref": f"D{int(row) + 1}", "row": row, "col": "All", "value": total,
                      "blank": False})
    for col, total in GEURTS_COLUMN_TOTALS.items():
        cells.append({"ref": f"{chr(ord('A') + int(col))}5", "row": "All", "col": col,
                      "value": total, "blank": False})
    cells.append({"ref": "D5", "row": "All", "col": "All", "value": 16, "blank": False})
    return cells


def test_geurts_interval_by_hand_and_by_linear_programming() -> None:
    """The handbook derives X11 in [3, 6] by hand: C1 gives X11 <= 6, R2 gives X21 <= 3, so
    C1 again gives X11 >= 3. The linear programs agree, and give the other three cells."""
    intervals = {ref: (round(lo, 9), round(hi, 9))
                 for ref, (lo, hi) in feasible_intervals(geurts_cells()).items()}
    row3 = GEURTS[("3", "1")]
    c1 = GEURTS_COLUMN_TOTALS["1"] - row3  # X11 + X21
    r2 = GEURTS_ROW_TOTALS["2"]  # X21 + X22
    assert intervals["B2"] == (c1 - r2, c1)  # the handbook's [3, 6]
    assert intervals == {"B2": (3, 6), "C2": (1, 4), "B3": (0, 3), "C3": (0, 3)}


@pytest.mark.parametrize("threshold", [3, 5, 7, 10])
def test_geurts_suppression_audit(threshold: int, tmp_path: Path) -> None:
    """sdc's audit of example 3 as a researcher writes it (suppressed cells marked ``[c]``)
    reports a hidden count as known to be small exactly where its upper bound is below the
    threshold, with the interval the linear programs give."""
    folder = tmp_path / "release"
    folder.mkdir()
    lines = ["row,1,2,Total"]
    for row in ("1", "2", "3"):
        shown = ["[c]" if GEURTS[(row, col)] is None else str(GEURTS[(row, col)])
                 for col in ("1", "2")]
        lines.append(f"{row},{','.join(shown)},{GEURTS_ROW_TOTALS[row]}")
    lines.append(f"Total,{GEURTS_COLUMN_TOTALS['1']},{GEURTS_COLUMN_TOTALS['2']},16")
    (folder / "geurts.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    intervals = feasible_intervals(geurts_cells())
    want = {ref for ref, (_, hi) in intervals.items() if hi < threshold}
    result = check(folder, threshold)
    narrow = {f.location.cell: f for f in result.findings if f.rule == "SDC502"}
    assert set(narrow) == want
    for ref, finding in narrow.items():
        lo, hi = intervals[ref]
        assert finding.evidence["interval"] == pytest.approx([lo, hi])
    assert not [f for f in result.findings if f.rule == "SDC501"]  # nothing pinned
