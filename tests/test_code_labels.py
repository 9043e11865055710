"""Numbers carried by labels written as codes (issue 12, SDC602; round 21, codes3).

Round 20 read a label column of codes alone (``W3``, ``E60``, ``N7``) as a code list and left
its digits unchecked, and beside plain names let ``Q3``, ``P7``, ``R2``, ``ABC-3`` and a
header's lower-case ``west3`` through as codes. Now a code's digits are a label's only in a
column (or header row) whose codes all have the shape of one real code system
(``sdc.readers.code_systems``): ICD-10, ONS GSS, NHS ODS, quarters, or a shape the TRE's
policy adds (``[rules.unreadable-output] code_shapes``); beside plain names only fixed names
(``HIV-1``) and, among a statistic's names, ``Q1``/``P25``/``R2``. Everything else is SDC602
``review`` naming the label. Safe twins: a real ICD-10 table, GSS-coded regions, ODS trusts,
quarters, quartiles beside the median. Files written by pandas and openpyxl, checked by the
engine in-process."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import sdc
from sdc.errors import ConfigError
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _named(result: sdc.RunResult) -> list[str]:
    (finding,) = result.findings
    assert finding.rule == "SDC602" and finding.status.value == "review"
    return [loc.cell for loc in finding.related]


def _column(folder: Path, labels: list[str], name: str = "region") -> Path:
    folder.mkdir()
    counts = [40 + 5 * i for i in range(len(labels))]
    pd.DataFrame({name: labels, "n": counts}).to_csv(folder / "t.csv", index=False)
    return folder


def _header(folder: Path, labels: list[str]) -> Path:
    folder.mkdir()
    # the two lines in opposite orders: labels in one order on every line would be paired by
    # their numbers (a header of one row, round 22), which is not what these tests are about
    frame = pd.DataFrame([[40 + 5 * i for i in range(len(labels))],
                          [30 + 3 * (len(labels) - 1 - i) for i in range(len(labels))]],
                         columns=labels, index=pd.Index(["F", "M"], name="sex"))
    frame.to_csv(folder / "t.csv")
    return folder


def _refs(start: str, n: int, header: bool) -> list[str]:
    return [f"{chr(ord(start) + i)}1" for i in range(n)] if header else \
        [f"{start}{i + 2}" for i in range(n)]


# (labels, the cells named): made-up codes carrying numbers
WRONG = {
    "codes alone": (["W3", "E60", "N7"], 3),
    "lower-case identifiers alone": (["west3", "east7", "north12"], 3),
    "two systems mixed": (["E11", "E06000001", "RA7"], 3),
    "letters and digits": (["AB12", "CD34", "EF5"], 3),
    "codes before a word": (["W3 London", "E60 London", "N7 London"], 3),
    # one digit opens no code with its description (SIC's are two: ``01 Crop and ...``)
    "numbers before two words": (["60 North East", "3 South West", "12 North West"], 3),
    "a section over made-up codes": (["W3 London", "W7 Leeds", "W Region"], 2),
}


@pytest.mark.parametrize("case", sorted(WRONG))
def test_a_column_of_made_up_codes_is_named(tmp_path: Path, case: str) -> None:
    labels, n = WRONG[case]
    result = sdc.check(_column(tmp_path / "c", labels), POLICY)  # was: pass
    assert findings_of(result) == {("SDC602", "t.csv", None)}
    assert result.status.value == "review" and _named(result) == _refs("A", n, False)


def test_a_header_of_made_up_codes_is_named(tmp_path: Path) -> None:
    result = sdc.check(_header(tmp_path / "h", ["W3", "E60", "N7"]), POLICY)  # was: pass
    assert findings_of(result) == {("SDC602", "t.csv", None)}
    assert result.status.value == "review" and _named(result) == ["B1", "C1", "D1"]


def test_made_up_codes_in_a_workbook(tmp_path: Path) -> None:
    folder = tmp_path / "x"
    folder.mkdir()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "t"
    sheet.append(["region", "n"])
    for label, n in [("W3", 40), ("E60", 45), ("N7", 50)]:
        sheet.append([label, n])
    book.save(folder / "t.xlsx")
    result = sdc.check(folder, POLICY)  # was: pass
    assert {f.rule for f in result.findings} == {"SDC602"}
    assert result.status.value == "review" and _named(result) == ["A2", "A3", "A4"]


@pytest.mark.parametrize("code", ["Q3", "P7", "R2", "ABC-3", "HIV-3"])
def test_a_code_beside_plain_names_is_named(tmp_path: Path, code: str) -> None:
    # was: pass (a quarter, a percentile, R², a hyphened code: codes beside names too)
    result = sdc.check(_column(tmp_path / "c", [code, "East", "West"]), POLICY)
    assert findings_of(result) == {("SDC602", "t.csv", None)}
    assert result.status.value == "review" and _named(result) == ["A2"]


def test_a_lower_case_identifier_in_a_header_beside_names_is_named(tmp_path: Path) -> None:
    result = sdc.check(_header(tmp_path / "h", ["west3", "East", "North"]), POLICY)
    assert findings_of(result) == {("SDC602", "t.csv", None)}  # was: pass
    assert result.status.value == "review" and _named(result) == ["B1"]


# safe twins: real code lists, whose digits name a code, not a count
SAFE = {
    "ICD-10 three characters": ["E11", "I10", "J45", "C34", "F32"],
    "ICD-10 with a decimal part": ["E11.9", "I10", "J45.0", "C34.1"],
    "GSS regions": [f"E1200000{i}" for i in range(1, 10)],
    "ODS trusts": ["RXH", "RA7", "R1K", "RTH"],
    "quarters": ["Q1", "Q2", "Q3", "Q4"],
    "quarters of years": ["2020 Q1", "2020 Q2", "2020 Q3"],
    "fixed names beside names": ["HIV-1", "HIV-2", "Influenza", "COVID-19"],
    # a fixed name beside a code that is reviewed stays a name; a TNM stage is bounded
    "TNM stages beside names": ["T2 N1 M0", "T1 N0 M0", "COVID-19", "Other cancer"],
    "ICD-10 with descriptions": ["E11 Type 2 diabetes mellitus", "I10 Essential hypertension",
                                 "J45 Asthma"],
    "SIC divisions": ["01 Crop and animal production", "10 Manufacture of food products",
                      "86 Human health activities"],
    "a run of one prefix": ["P1", "P2", "P3", "P4"],
    "NACE sections over divisions": ["C Manufacturing", "C10 Food products", "C11 Beverages",
                                     "G Wholesale and retail", "G45 Motor vehicles"],
}


@pytest.mark.parametrize("case", sorted(SAFE))
def test_a_real_code_list_passes(tmp_path: Path, case: str) -> None:
    result = sdc.check(_column(tmp_path / "c", SAFE[case], "code"), POLICY)
    assert result.findings == [] and result.status.value == "pass"


def test_gss_codes_over_a_header_pass(tmp_path: Path) -> None:
    result = sdc.check(_header(tmp_path / "h", ["E12000001", "E12000002", "E12000003"]),
                       POLICY)
    assert result.findings == [] and result.status.value == "pass"


def test_quartiles_beside_the_median_pass(tmp_path: Path) -> None:
    folder = tmp_path / "q"
    folder.mkdir()
    pd.DataFrame({"statistic": ["Q1", "Median", "Q3"], "age": [34.0, 51.5, 66.0]}).to_csv(
        folder / "t.csv", index=False)
    result = sdc.check(folder, POLICY)
    assert "SDC602" not in {f.rule for f in result.findings}


def test_the_policy_declares_a_code_system(tmp_path: Path) -> None:
    # London postcode districts are no built-in code system: reviewed, unless the TRE says so
    folder = _column(tmp_path / "c", ["W3", "E6", "N7"])
    assert sdc.check(folder, POLICY).status.value == "review"
    policy = build_policy({"rules": {"unreadable-output": {
        "code_shapes": [r"[A-Z]{1,2}\d{1,2}[A-Z]?"]}}})
    result = sdc.check(folder, policy)
    assert result.findings == [] and result.status.value == "pass"


@pytest.mark.parametrize(("shape", "why"), [("[A-Z", "is no regular expression"),
                                            (".*", "matches an empty label"),
                                            ("", "matches an empty label")])
def test_a_code_shape_must_be_a_pattern_of_some_code(shape: str, why: str) -> None:
    with pytest.raises(ConfigError, match=why):
        build_policy({"rules": {"unreadable-output": {"code_shapes": [shape]}}})
