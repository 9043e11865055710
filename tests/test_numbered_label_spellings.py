"""A small count written into a label passed when the label was not spelt ``West 3`` (issue 12):
``West-3``, ``West_3``, ``West #3``, ``West3``, ``West 3.``, ``3 West``, ``West n3``,
``West three``, ``West 3rd`` beside ``East`` (``region,n`` over 40, 55, 60) were
read as category names and their numbers never checked. Every spelling is now read by the
series rule of ``West 3`` (``coverage._in_a_series``): SDC602 ``review`` at each label, in a
label column or a header, in CSV and XLSX. Safe twins: codes (ICD-10, SNOMED ids, ONS
geography codes, NHS trust codes, postcodes), bands, years and quarters pass as before, and so
do series numbered from 1 under a name that numbers things. Files written by pandas and
openpyxl, checked by the engine in-process."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from sdc.readers.numbered_names import NUMBER_WORDS, name_then_number
from tests.conftest import findings_of

POLICY = build_policy({})
SPELLINGS = [("West-3", "West-4"), ("West_3", "West_4"), ("West #3", "West #4"),
             ("West3", "West4"), ("West 3.", "West 4."), ("3 West", "4 West"),
             ("West n3", "West n4"), ("West three", "West four"), ("West#3", "West#4"),
             ("West-three", "West-four"), ("West 3rd", "West 4th"),
             ("Three West", "Four West")]


def _check(folder: Path) -> sdc.RunResult:
    return sdc.check(folder, POLICY)


def _named(result: sdc.RunResult) -> list[str]:
    (finding,) = result.findings
    return [loc.cell for loc in finding.related]


def _label_column_csv(folder: Path, labels: list[str], counts: list[int]) -> None:
    folder.mkdir()
    pd.DataFrame({"region": labels, "n": counts}).to_csv(folder / "t.csv", index=False)


def _header_csv(folder: Path, labels: list[str]) -> None:
    folder.mkdir()
    frame = pd.DataFrame([[40, 55, 60], [30, 20, 70]], columns=labels,
                         index=pd.Index(["F", "M"], name="sex"))
    frame.to_csv(folder / "t.csv")


def _label_column_xlsx(folder: Path, labels: list[str], counts: list[int]) -> None:
    folder.mkdir()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "t"
    sheet.append(["region", "n"])
    for label, count in zip(labels, counts, strict=True):
        sheet.append([label, count])
    book.save(folder / "t.xlsx")


@pytest.mark.parametrize(("a", "b"), SPELLINGS)
def test_a_small_number_in_a_label_is_named_in_every_spelling(tmp_path: Path, a: str,
                                                               b: str) -> None:
    # was: pass (the number read as part of the region's name, never checked)
    _label_column_csv(tmp_path / "c", [a, b, "East"], [40, 55, 60])
    _header_csv(tmp_path / "h", [a, b, "East"])
    _label_column_xlsx(tmp_path / "x", [a, b, "East"], [40, 55, 60])
    column, header, xlsx = (_check(tmp_path / k) for k in "chx")
    assert findings_of(column) == {("SDC602", "t.csv", None)}
    assert column.status.value == "review" and _named(column) == ["A2", "A3"]
    assert findings_of(header) == {("SDC602", "t.csv", None)}
    assert header.status.value == "review" and _named(header) == ["B1", "C1"]
    assert {f.rule for f in xlsx.findings} == {"SDC602"}
    assert xlsx.status.value == "review" and _named(xlsx) == ["A2", "A3"]


@pytest.mark.parametrize("labels", [
    ["E11", "I21", "J45", "C50"],  # ICD-10
    ["E11.9", "I21.0", "J45.9"],
    ["ICD-10 E11", "ICD-10 I21"],
    ["SNOMED 22298006", "SNOMED 44054006", "SNOMED 73211009"],  # SNOMED CT ids
    ["E06000001", "E06000002", "E08000035"],  # ONS geography codes
    ["RX1", "RXH", "RJ1", "R0A"],  # NHS trust codes
    # (postcode districts, ``LS1``, ``M1``: no built-in code system since round 21, as any
    # letters and a number have their shape; tests/test_code_labels.py, the policy's shapes)
    ["A01", "A02", "B15"],
    ["18-64", "65+", "0-17"],  # age bands
    ["Age 18-64", "Age 65+"],
    ["2019", "2020", "2021"],  # years
    ["Q1", "Q2", "Q3"],  # quarters
    ["2019 Q1", "2019 Q2"],
    ["COVID-19", "Influenza", "RSV"],
    ["HIV-1", "HPV-16", "IL-6", "PHQ-9"],
    ["SARS-CoV-2", "Covid19", "NEWS2"],
    ["Wave 1", "Wave 2", "Wave 3"],  # a series that numbers things
    ["Site 1", "Site 2", "Site 3", "Site 4"],
    ["10 Food products", "101 Processing of meat", "11 Beverages"],  # SIC codes
    ["Stage I", "Stage II", "Grade III"],  # roman numerals are left as names
    ["Wave one", "Wave two"],
    ["Area 1", "Area 2", "Area 3", "Area 4", "Area 5", "Area 6", "Area 7", "Area 8",
     "Area 9", "Area 10", "Area 11"],
    ["1 dose", "2 doses", "3 doses"],
    ["West", "East", "North"],
])
def test_codes_bands_years_and_series_pass(tmp_path: Path, labels: list[str]) -> None:
    counts = [40 + 5 * i for i in range(len(labels))]
    _label_column_csv(tmp_path / "c", labels, counts)
    _label_column_xlsx(tmp_path / "x", labels, counts)
    for k in "cx":
        result = _check(tmp_path / k)
        assert result.findings == [] and result.status.value == "pass", (k, result.findings)


def test_made_up_lower_members_do_not_make_a_count_an_ordinal(tmp_path: Path) -> None:
    # hunt8's Left: West 1 and West 2 (big counts, made up) below the real West 3 made a
    # complete run, and its 3 passed unchecked; a run of small numbers from 1 is names only
    # under a name that numbers things (Wave, Site: the twin above)
    _label_column_csv(tmp_path / "c", ["West 1", "West 2", "West 3", "East"],
                      [120, 130, 40, 60])
    result = _check(tmp_path / "c")
    assert findings_of(result) == {("SDC602", "t.csv", None)}
    assert result.status.value == "review" and _named(result) == ["A2", "A3", "A4"]
    _header_csv(tmp_path / "h", ["West-1", "West-2", "West-3"])
    result = _check(tmp_path / "h")
    assert findings_of(result) == {("SDC602", "t.csv", None)}
    assert _named(result) == ["B1", "C1", "D1"]


def test_number_words_up_to_ninety_nine() -> None:
    for word, value in NUMBER_WORDS.items():
        assert name_then_number(f"West {word}") == ("west", str(value))
        assert name_then_number(f"West-{word.upper()}") == ("west", str(value))
    assert name_then_number("West twenty-one") == ("west", "21")
    assert name_then_number("West ninety nine") == ("west", "99")
    assert [name_then_number(t) for t in ("Someone", "Often", "Done", "One person household",
                                          "HIV", "Vitamin D", "10 mg", "3 or more",
                                          "28 days", "Mar-2020", "FY2019")] == [None] * 11
    # identifiers a program wrote (R's factor terms, pandas' reset_index) are not names
    assert [name_then_number(t) for t in ("region2", "ward_4", "level_0", "q1")] == [None] * 4
    assert name_then_number("West n3") == name_then_number("West_3") == ("west", "3")
