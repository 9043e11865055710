"""Numbers in labels that still passed after round 19 (issue 12, SDC602): ``W3`` and
``west3`` beside ``East`` (read as codes), Roman numerals (``West III``), ordinal words
(``Third West``, ``West third``), a number before two words (``3 North West``) and a decoy
``10 Food products`` row that made a column of names read as SIC codes. Each is now read as a
name and a number, so the series rule names it (SDC602 ``review`` at the label). Safe twins: a
column of codes alone, stages and grades in Roman numerals, ordinal words under a name that
numbers things, and a series name the TRE adds in its policy (``unreadable-output
.ordinal_names``). Files written by pandas and openpyxl, checked by the engine in-process."""

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
SHAPES = [("W3", "W4"), ("west3", "west4"), ("West III", "West IV"),
          ("Third West", "Fourth West"), ("West third", "West fourth"),
          ("3 North West", "4 South West")]


def _named(result: sdc.RunResult) -> list[str]:
    (finding,) = result.findings
    return [loc.cell for loc in finding.related]


def _column_csv(folder: Path, labels: list[str]) -> Path:
    folder.mkdir()
    counts = [40 + 5 * i for i in range(len(labels))]
    pd.DataFrame({"region": labels, "n": counts}).to_csv(folder / "t.csv", index=False)
    return folder


def _header_csv(folder: Path, labels: list[str]) -> Path:
    folder.mkdir()
    frame = pd.DataFrame([[40, 55, 60], [30, 20, 70]], columns=labels,
                         index=pd.Index(["F", "M"], name="sex"))
    frame.to_csv(folder / "t.csv")
    return folder


def _column_xlsx(folder: Path, labels: list[str]) -> Path:
    folder.mkdir()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "t"
    sheet.append(["region", "n"])
    for i, label in enumerate(labels):
        sheet.append([label, 40 + 5 * i])
    book.save(folder / "t.xlsx")
    return folder


@pytest.mark.parametrize(("a", "b"), SHAPES)
def test_a_number_in_a_label_of_any_shape_is_named(tmp_path: Path, a: str, b: str) -> None:
    # was: pass (``W3`` read as a code, ``West III`` and ``Third West`` as names, ``3 North
    # West`` as a code and its description)
    column = sdc.check(_column_csv(tmp_path / "c", [a, b, "East"]), POLICY)
    assert findings_of(column) == {("SDC602", "t.csv", None)}
    assert column.status.value == "review" and _named(column) == ["A2", "A3"]
    # (a lower-case identifier in a header beside a name too: round 21, codes3; it passed)
    header = sdc.check(_header_csv(tmp_path / "h", [a, b, "East"]), POLICY)
    assert findings_of(header) == {("SDC602", "t.csv", None)}
    assert header.status.value == "review" and _named(header) == ["B1", "C1"]


def test_the_same_shapes_in_a_workbook(tmp_path: Path) -> None:
    result = sdc.check(_column_xlsx(tmp_path / "x", ["W3", "West III", "Third West",
                                                     "3 North West", "East"]), POLICY)
    assert {f.rule for f in result.findings} == {"SDC602"}
    assert result.status.value == "review" and _named(result) == ["A2", "A3", "A4", "A5"]


def test_a_decoy_code_row_does_not_make_names_codes(tmp_path: Path) -> None:
    # an insider adds ``10 Food products`` so the column reads as SIC codes and descriptions,
    # and ``3 North West`` as one more code: beside a plain name neither is proof
    result = sdc.check(_column_csv(tmp_path / "c", ["10 Food products", "3 North West",
                                                    "East"]), POLICY)
    assert findings_of(result) == {("SDC602", "t.csv", None)}
    assert result.status.value == "review" and _named(result) == ["A2", "A3"]


@pytest.mark.parametrize("labels", [
    ["10 Food products", "101 Processing of meat", "11 Beverages", "Other"],  # SIC alone
    ["E11", "I21", "J45", "Other", "Unknown"],  # codes alone, with a missing category
    ["RX1", "RXH", "RJ1"],  # trust codes (a code of capitals only)
    ["COVID-19", "Influenza", "RSV", "HIV-1"],
    ["Stage I", "Stage II", "Stage III", "Stage IV"],
    ["Grade III", "Female", "Male"],  # a grade is written so alone too
    ["First dose", "Second dose", "Third dose"],
    ["1 person household", "2 person household", "Couple household"],
    # a complete run under a series name says how many of its rows the table shows, which
    # the table shows anyway, with other rows beside it too
    ["Site 1", "Site 2", "Site 3", "East"],
])
def test_codes_and_series_pass(tmp_path: Path, labels: list[str]) -> None:
    result = sdc.check(_column_csv(tmp_path / "c", labels), POLICY)
    assert result.findings == [] and result.status.value == "pass", result.findings


def test_variable_names_in_a_header(tmp_path: Path) -> None:
    # ``d1`` over a column beside ``weight_kg``: a variable's name or ``d`` and 1, which no
    # code system's shape tells (round 21, codes3: was passed as a program's name); a run
    # of them numbers columns (``d1``, ``d2``, ``d3``: no number of its own); a model's
    # ``R2`` beside ``Observations`` is the corpus' Markdown means entry
    result = sdc.check(_header_csv(tmp_path / "h", ["d1", "weight_kg", "height_cm"]), POLICY)
    # (SDC203: kilograms are magnitudes without contribution evidence)
    assert findings_of(result, {"SDC602"}) == {("SDC602", "t.csv", None)}
    assert [loc.cell for f in result.findings if f.rule == "SDC602"
            for loc in f.related] == ["B1"]
    run = sdc.check(_header_csv(tmp_path / "r", ["d1", "d2", "d3"]), POLICY)
    assert "SDC602" not in {f.rule for f in run.findings}, run.findings


def test_the_policy_adds_series_names(tmp_path: Path) -> None:
    # ``Pod 1..3`` beside ``East``: under a name sdc does not know the run is reviewed (an
    # insider's ``West 1, West 2`` set below a real ``West 3``); a TRE that numbers pods adds
    # the name to its policy, which no output can
    folder = _column_csv(tmp_path / "c", ["Pod 1", "Pod 2", "Pod 3", "East"])
    result = sdc.check(folder, POLICY)
    assert findings_of(result) == {("SDC602", "t.csv", None)}
    assert _named(result) == ["A2", "A3", "A4"]
    pods = build_policy({"rules": {"unreadable-output": {"ordinal_names": ["pod"]}}})
    result = sdc.check(folder, pods)
    assert result.findings == [] and result.status.value == "pass"
    assert result.policy.params["rules"]["unreadable-output"]["ordinal_names"] == ["pod"]
    # a name is not a count: ``West 3`` alone stays reviewed under that policy
    result = sdc.check(_column_csv(tmp_path / "w", ["Pod 3", "East"]), pods)
    assert _named(result) == ["A2"]
    with pytest.raises(ConfigError, match="ordinal_names"):
        build_policy({"rules": {"unreadable-output": {"ordinal_names": ["Pod 1"]}}})
