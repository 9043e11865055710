"""Issue 12, channel 5 completed: text a workbook shows or keeps outside its cells.

A custom number format shows any text beside a cell's value (``"943 476 5919"0``), and a
sheet keeps conditional-format text, autofilter values and properties that no cell holds.
The styles and the sheet's non-cell XML were taken as formatting and never read; they are now
searched for identifiers (``book.xlsx[package]``). Workbooks written by pandas, altered with
openpyxl.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

import sdc
from sdc.policy import build_policy

NHS = "943 476 5919"


def _book_with(tmp_path: Path, change: Callable) -> Path:
    folder = tmp_path / "req"
    folder.mkdir()
    path = folder / "t.xlsx"
    pd.DataFrame({"grp": ["a", "b", "c"], "n": [12, 25, 30]}).to_excel(path, index=False)
    book = load_workbook(path)
    change(book.active)
    book.save(path)
    return folder


def _number_format(ws) -> None:
    ws["B2"].number_format = f'"{NHS}"0'  # the cell shows the NHS number before 12


def _conditional_format(ws) -> None:
    from openpyxl.formatting.rule import Rule
    from openpyxl.styles.differential import DifferentialStyle

    ws.conditional_formatting.add("A1:A4", Rule(type="containsText", operator="containsText",
                                                text=NHS, dxf=DifferentialStyle()))


def _filter_values(ws) -> None:
    ws.auto_filter.ref = "A1:B4"
    ws.auto_filter.add_filter_column(0, [NHS, "a"])


def _code_name(ws) -> None:
    ws.sheet_properties.codeName = "pt9434765919"


@pytest.mark.parametrize("change", [_number_format, _conditional_format, _filter_values,
                                    _code_name])
def test_text_outside_the_cells_is_searched_for_identifiers(tmp_path: Path,
                                                            change: Callable) -> None:
    result = sdc.check(_book_with(tmp_path, change), build_policy({}))
    where = {(f.rule, f.location.sheet) for f in result.findings}
    assert ("SDC604", "package") in where, where
    assert result.status.value == "fail"


def test_a_plain_workbooks_formatting_raises_nothing(tmp_path: Path) -> None:
    result = sdc.check(_book_with(tmp_path, lambda ws: None), build_policy({}))
    assert [f.rule for f in result.findings] == []
