"""A count written after its count word in a header or a label (hunt round 14): ``West deaths 3``
or ``deaths (West: 3)`` as a CSV column header (or a row label) passed, while ``3 deaths in
West`` and ``West: 3`` were already numbers not understood (SDC602). The count word before the
number, or a colon inside brackets, now says the same. Twins that still pass: a category or
code name with a number (``Stage 3`` beside ``Stage 4``, ``Type 1 diabetes``; alone, ``Stage 3``
is SDC602 since round 16, see tests/test_name_number_labels.py), a rate's base
(``per 1,000``), an interval (``95% CI``), a share (``Top 10%``), a year, a period and an age
bound after a count word (``Deaths 2019``, ``deaths 28 days``, ``patients 65+``)."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import found_with_status as _found


def _check(tmp_path: Path, name: str, text: str) -> sdc.RunResult:
    folder = tmp_path / name.replace(".", "_")
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    return sdc.check(folder, build_policy({}))


@pytest.mark.parametrize("header", ["West deaths 3", "deaths (West: 3)", "[West = 3] patients",
                                    "patients: 12", "admissions 7 (West)"])
def test_a_header_stating_a_count_is_not_understood(tmp_path: Path, header: str) -> None:
    text = f'region,"{header}",other\nA,40,50\nB,45,60\n'
    result = _check(tmp_path, "t.csv", text)
    # was: pass (``patients: 12`` was already named: a value after a colon at the end)
    assert ("SDC602", None, "review") in _found(result), header
    (finding,) = [f for f in result.findings if f.rule == "SDC602"]
    assert finding.message == "1 number not understood (no rule checks them): B1"
    assert result.status.value == "review"


@pytest.mark.parametrize("label", ["West deaths 3", "deaths (West: 3)"])
def test_a_row_label_stating_a_count_is_not_understood(tmp_path: Path, label: str) -> None:
    text = f'region,count\n"{label}",40\nEast,50\nNorth,60\n'
    result = _check(tmp_path, "t.csv", text)
    # was: pass
    assert _found(result) == {("SDC602", None, "review")}
    (finding,) = result.findings
    assert finding.message == "1 number not understood (no rule checks them): A2"


@pytest.mark.parametrize("header", ["Stage 1|Stage 2", "Dose 1|Dose 2", "Type 1 diabetes",
                                    "Deaths per 1,000", "Deaths 2019", "deaths 2019/20",
                                    "deaths 28 days", "patients 65+", "Top 10%", "Wave 1|Wave 2"])
def test_the_twins_still_pass(tmp_path: Path, header: str) -> None:
    columns = ",".join(f'"{h}"' for h in header.split("|"))
    values = ",".join(["40"] * (header.count("|") + 1))
    text = f"region,{columns},count\nA,{values},50\nB,{values},60\n"
    result = _check(tmp_path, "t.csv", text)
    assert not [f for f in result.findings if f.rule == "SDC602"], header


@pytest.mark.parametrize("header", ["Stage 3", "Dose 2", "Wave 2"])
def test_a_lone_name_and_number_is_read_by_a_person(tmp_path: Path, header: str) -> None:
    # round 16 (issue 12): alone, `Wave 2` cannot be told from `West 3` (a count beside a
    # place); only a series (`Wave 1`, `Wave 2`) makes it a name (tests/test_name_number_labels)
    text = f'region,"{header}",count\nA,40,50\nB,45,60\n'
    result = _check(tmp_path, "t.csv", text)
    # (`Dose` also names a magnitude: SDC203 review beside it)
    (finding,) = [f for f in result.findings if f.rule == "SDC602"]
    assert finding.message == "1 number not understood (no rule checks them): B1"
    assert result.status.value == "review"


def test_a_header_count_in_an_xlsx_is_not_understood(tmp_path: Path) -> None:
    from openpyxl import Workbook
    folder = tmp_path / "book"
    folder.mkdir()
    book = Workbook()
    sheet = book.active
    for row in (["region", "West deaths 3", "count"], ["A", 40, 50], ["B", 45, 60]):
        sheet.append(row)
    book.save(folder / "t.xlsx")
    result = sdc.check(folder, build_policy({}))
    # was: pass
    assert result.status.value == "review"
    assert {f.rule for f in result.findings} == {"SDC602"}
