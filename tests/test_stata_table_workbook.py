"""Stata's ``table region sex, statistic(frequency) statistic(percent)`` exported with
``collect export ... .xlsx`` (hunt2, round 14): each region on a line of its own, its
``Frequency`` and ``Percent`` lines indented under it, ``Sex`` over ``Female``, ``Male`` and
``Total`` above. Read as a plain grid it was SDC602 ``review`` (30 numbers not understood)
with a count of 3 as with none; now the Frequency lines are counts and the Percent lines
their shares of the whole (``sdc.readers.layout_stata_table``). The workbook is written with
openpyxl as the export lays it out (Stata is not installed)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

import sdc
from sdc.policy import build_policy
from sdc.readers import read_output
from tests.conftest import found_with_status as _found


def _workbook(folder: Path, west_female: int, statistics: tuple[str, ...] = (
        "Frequency", "Percent"), percent_off: float = 0.0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    counts = {"North": (40, 35), "South": (30, 32), "East": (28, 30), "West": (west_female, 15)}
    females, males = (sum(v[k] for v in counts.values()) for k in (0, 1))
    n = females + males
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in ([None, "Sex", None, None], [None, "Female", "Male", "Total"], ["Region"]):
        sheet.append(row)
    for region, (f, m) in [*counts.items(), ("Total", (females, males))]:
        sheet.append([f"  {region}"])
        for name in statistics:
            if name == "Frequency":
                sheet.append(["    Frequency", f, m, f + m])
            else:
                sheet.append(["    Percent", *(round(100 * x / n + percent_off, 2)
                                               for x in (f, m, f + m))])
    sheet.merge_cells("B1:D1")
    path = folder / "table.xlsx"
    book.save(path)
    return path


def _check(path: Path) -> sdc.RunResult:
    return sdc.check(path.parent, build_policy({}))


def test_a_3_fails_at_its_frequency(tmp_path: Path) -> None:
    # was: review (SDC602: 30 numbers not understood), the 3 unchecked
    result = _check(_workbook(tmp_path / "t", 3))
    assert _found(result) == {("SDC101", "B14", "fail"), ("SDC103", "C14", "fail"),
                              ("SDC303", "B15", "fail")}


def test_the_safe_twin_passes(tmp_path: Path) -> None:
    # was: review
    result = _check(_workbook(tmp_path / "t", 12))
    assert result.findings == [] and result.status.value == "pass"


def test_the_reading(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "t", 12)
    (output,) = read_output(path, path.name, build_policy({}))
    table = output.table
    assert table is not None and table.dimensions == ["Region", "Sex"]
    assert [(m.name, m.role.value) for m in table.measures] == [
        ("Frequency", "count"), ("Percent", "percent")]
    west = {(c.measure.name, c.coords["Sex"]): c.value for c in table.cells
            if c.coords["Region"] == "West"}
    assert west[("Frequency", "Female")] == 12 and west[("Frequency", "Total")] == 27
    assert {c.coords["Region"] for c in table.cells if c.total_dims} >= {"Total"}


def test_frequencies_alone_are_read_too(tmp_path: Path) -> None:
    assert _found(_check(_workbook(tmp_path / "t", 3, ("Frequency",)))) == {
        ("SDC101", "B11", "fail"), ("SDC103", "C11", "fail")}


def test_shares_that_are_not_their_counts_are_for_a_person(tmp_path: Path) -> None:
    # percentages 1 point off their counts: the share, not the count, may be the data
    result = _check(_workbook(tmp_path / "t", 12, percent_off=1.0))
    assert ("SDC602", None, "review") in _found(result)
    assert result.status.value == "review"


def test_a_percent_only_table_leaves_the_general_reading(tmp_path: Path) -> None:
    result = _check(_workbook(tmp_path / "t", 3, ("Percent",)))
    assert result.status.value != "pass"
