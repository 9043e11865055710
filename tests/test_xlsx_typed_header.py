"""A workbook's header of codes its cell types prove (round 24, rcodes): ``pd.crosstab(df.sex,
df.imd_quintile).to_excel()`` of codes read as text stores ``'1'``..``'5'`` as text over counts
stored as numbers, and was SDC602 ``review`` (a headerless table's first row could hold the same
numbers as counts). A number stored as text over numbers stored as numbers is a name, as R's
quotes prove a CSV's (csv_quoting). Codes stored as numbers, or a column below holding text,
prove nothing and stay ``review``; the counts below are checked either way."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd

import sdc
from sdc.policy import build_policy

_COUNTS = {"Female": [74, 564, 107, 141, 139], "Male": [57, 607, 129, 152, 163]}


def _found(folder: Path) -> set[tuple[str, str | None, str]]:
    result = sdc.check(folder, build_policy({}))
    return {(f.rule, f.location.cell, f.status.value) for f in result.findings
            if f.status.value != "pass"}


def _pandas(folder: Path, counts: dict[str, list[int]], codes: list[str] | list[int]) -> None:
    """``pd.crosstab(df.sex, df.imd_quintile).to_excel()`` from the people behind ``counts``."""
    people = [(sex, code) for sex, values in counts.items()
              for code, n in zip(codes, values, strict=True) for _ in range(n)]
    df = pd.DataFrame(people, columns=["sex", "imd_quintile"])
    table = pd.crosstab(df.sex, df.imd_quintile)
    table.columns.name = None
    table.to_excel(folder / "t.xlsx")


def _types(folder: Path) -> list[str]:
    ws = openpyxl.load_workbook(folder / "t.xlsx").active
    return [c.data_type for c in next(ws.iter_rows())]


def test_codes_stored_as_text_over_counts_pass(tmp_path: Path) -> None:
    _pandas(tmp_path, _COUNTS, ["1", "2", "3", "4", "5"])
    assert _types(tmp_path) == ["s"] * 6
    assert _found(tmp_path) == set()


def test_a_small_count_under_codes_stored_as_text_fails(tmp_path: Path) -> None:
    counts = {"Female": [74, 564, 107, 141, 139], "Male": [57, 607, 4, 152, 163]}
    _pandas(tmp_path, counts, ["1", "2", "3", "4", "5"])
    # 4 men in quintile 3; the 107 women beside them are 96% of the 111 (dominance)
    assert _found(tmp_path) == {("SDC101", "D3", "fail"), ("SDC103", "D2", "fail")}


def test_codes_stored_as_numbers_stay_reviewed(tmp_path: Path) -> None:
    # the same line as a headerless table's first row of counts: nothing proves it names
    _pandas(tmp_path, _COUNTS, [1, 2, 3, 4, 5])
    assert _types(tmp_path) == ["s"] + ["n"] * 5
    assert _found(tmp_path) == {("SDC602", None, "review")}


def test_text_below_a_code_proves_nothing(tmp_path: Path) -> None:
    # a sheet whose numbers are text everywhere (typed in by hand): no type tells names
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["sex", "1", "2", "3", "4", "5"])
    ws.append(["Female", "74", 564, 107, 141, 139])
    ws.append(["Male", 57, 607, 129, 152, 163])
    wb.save(tmp_path / "t.xlsx")
    assert ("SDC602", None, "review") in _found(tmp_path)
