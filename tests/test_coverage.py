"""The coverage invariant (sdc.coverage): every number in an output is checked by an enabled rule
or named in an SDC602 finding. A property test throws random layouts with one small count
placed anywhere at the checker and asserts none of them ends in ``pass``."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

HEADER_WORDS = ["n", "count", "deaths", "condition", "outcome", "status", "or", "lower", "upper",
                "estimate", "Type 1 diabetes", "Stage 3", "Age 0-17", "Year 2019", "Group A",
                "yr", "grp", "value", "x", "", "female", "male", "2019", "2020", "region",
                "total", "patients", "cases", "level", "type"]
LABEL_WORDS = ["North", "South", "East", "West", "Stage 2", "Type 2", "Group B", "Age 18-64",
               "0-17", "65+", "Unknown", "2019", "2020", "A", "B", "", "Male", "Female"]
TITLES = ["Table 1: admissions by region", "Deaths by age band, 2019", "Source: HES 2019/20",
          "Counts below 10 are suppressed", "Figure 2", "Hospital admissions"]
POLICY = build_policy({})


def _check_text(text: str, name: str = "t.csv") -> sdc.RunResult:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        return sdc.check(path, POLICY)


@st.composite
def tables_with_one_small_count(draw: st.DrawFn) -> str:
    n_rows = draw(st.integers(2, 6))
    n_labels = draw(st.integers(0, 2))
    n_measures = draw(st.integers(1, 4))
    header = [draw(st.sampled_from(HEADER_WORDS)) for _ in range(n_labels + n_measures)]
    rows = [header]
    for _ in range(n_rows):
        labels = [draw(st.sampled_from(LABEL_WORDS)) for _ in range(n_labels)]
        values = [str(draw(st.integers(10, 5000))) for _ in range(n_measures)]
        rows.append(labels + values)
    if n_labels and draw(st.booleans()):
        rows[1][0] = ""  # a blank first label (NA)
    # one small count anywhere: a header cell, a label, a data cell
    r = draw(st.integers(0, len(rows) - 1))
    c = draw(st.integers(0, len(header) - 1))
    rows[r][c] = str(draw(st.integers(1, 9)))
    if draw(st.booleans()):
        rows = [list(col) for col in zip(*rows, strict=True)]  # transposed
    width = len(rows[0])
    for title in reversed(draw(st.lists(st.sampled_from(TITLES), max_size=2))):
        rows.insert(0, [title] + [""] * (width - 1))
    for note in draw(st.lists(st.sampled_from(TITLES), max_size=2)):
        rows.append([note] + [""] * (width - 1))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@settings(max_examples=125, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables_with_one_small_count())
def test_one_small_count_anywhere_never_passes(text: str) -> None:
    result = _check_text(text)
    assert result.status.value != "pass", text


def test_a_number_in_a_title_is_named() -> None:
    result = _check_text("Deaths in North: 3\nregion,deaths\nNorth,30\nSouth,40\n")
    assert findings_of(result) == {("SDC602", "t.csv", None)}
    (finding,) = result.findings
    assert finding.message.startswith("1 number not understood") and "A1" in finding.message
    assert [loc.cell for loc in finding.related] == ["A1"]


def test_a_count_hidden_in_a_label_is_named() -> None:
    result = _check_text("region,deaths\nNorth (3 patients),30\nSouth,40\n")
    assert findings_of(result) == {("SDC602", "t.csv", None)}
    assert [loc.cell for loc in result.findings[0].related] == ["A2"]


@pytest.mark.parametrize("label", ["West [3]", "West {3}", "West: 3", "West - 3", "West, 3",
                                   "West 3/40", "West (3/40)", "West 7.5%", "West n 3",
                                   "West (N 3)", "West 1 death", "West 3 pts",
                                   # hunt round 19: any other sign sets the number off too
                                   "West | 3", "West = 3", "West; 3", "West → 3", "West -> 3",
                                   "West ... 3", "West · 3", "West ~3", "West*3", "West / 3",
                                   "West . 3", "West (North) = 3", "West 3.", "West #3",
                                   "West 3×"])
def test_a_value_beside_a_label_is_named(label: str) -> None:
    # letters beside a number used to make any label a category ("Stage 3"), so a count set
    # off from its label by brackets, a colon, a dash or a comma, or a fraction, passed
    result = _check_text(f'region,deaths\nNorth,30\nSouth,40\n"{label}",50\n')
    assert findings_of(result) == {("SDC602", "t.csv", None)}
    assert [loc.cell for loc in result.findings[0].related] == ["A4"]


@pytest.mark.parametrize("value", ["3 of 40", "3 out of 40", "3 of 40 (7.5%)"])
def test_a_count_of_its_base_written_out_is_named(value: str) -> None:
    # `deaths` over "3 of 40" and an n (%) string: the column is text, so a label column, and
    # "3 of 40" had letters beside its numbers: a category's name, passed
    result = _check_text(f'region,deaths\nNorth,"{value}"\nSouth,"25 (41.0%)"\n')
    assert findings_of(result) == {("SDC602", "t.csv", None)}
    assert [loc.cell for loc in result.findings[0].related] == ["B2"]


def test_a_label_naming_its_item_before_of_stays_a_label() -> None:
    rows = "".join(f'"Cycle {i} of 6",{40 + i}\n' for i in range(1, 4))
    assert _check_text("cycle,n\n" + rows).findings == []


def test_a_count_in_words_in_a_note_is_named() -> None:
    result = _check_text("region,deaths\nNorth,30\nSouth,40\n\n"
                         "Note: seven patients in West were transferred\n")
    assert findings_of(result) == {("SDC602", "t.csv", None)}
    assert result.status.value == "review"


def test_categories_with_numbers_in_their_names_pass() -> None:
    # (``Stage 3`` beside ``Key Stage 2`` alone is a run of small numbers not from its start:
    # SDC602 review since hunt8, tests/test_name_number_labels.py)
    labels = ["Stage 1", "Type 2 diabetes", "Key Stage 2", "Quintile 5 - least deprived",
              "Phase 2: 2021", "ICD-10: C50", "Top 10%", "One person household",
              "One adult and one or more children", "T2 N1 M0", "Chapter 2 - Neoplasms",
              "BMI >= 30", "eGFR < 60", "HbA1c ≥ 48", "Income over £50", "COVID-19",
              "No. 3 ward", "Site A/3", "Class of '93", "Cohort | 2019", "SARS-CoV-2"]
    rows = "".join(f'"{label}",{40 + i}\n' for i, label in enumerate(labels))
    assert _check_text("category,n\n" + rows).findings == []


def test_a_base_printed_in_a_label_is_checked_as_a_count() -> None:
    # n=3 is understood only because SDC101 checks it: small, it fails at the label
    assert findings_of(_check_text("region,deaths\nNorth (n=3),30\nSouth,40\n")) == {
        ("SDC101", "t.csv", "A2")}
    assert _check_text("Deaths by region (n=70)\nregion,deaths\nNorth,30\nSouth,40\n"
                       ).findings == []


def test_a_printed_base_is_named_when_counts_are_not_checked() -> None:
    # with the count rules off nothing checks n=200: the title is named, never passed
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_text("Table 1 (n=200)\nregion,mean_age\nNorth,40.1\nSouth,42.3\n")
        result = sdc.check(path, build_policy({"ignore": ["SDC101", "SDC102", "SDC103"]}))
    assert any(f.rule == "SDC602" and "A1" in f.message for f in result.findings)


def test_a_count_in_a_note_is_named() -> None:
    result = _check_text("region,deaths\nNorth,30\nSouth,40\nNote: 3 patients were excluded\n")
    assert [loc.cell for loc in result.findings[0].related] == ["A4"]
    assert result.status.value == "review"


def test_labels_that_are_labels_pass() -> None:
    text = ('"Table 2: admissions by age band and year, 2019/20"\n'
            "age,2019,2020\n0-17,25,30\n18-64,40,45\n65+,50,55\n"
            "Source: HES. Counts below 10 are suppressed and rounded to the nearest 5.\n")
    assert _check_text(text).findings == []


def test_a_role_no_enabled_rule_checks_is_named() -> None:
    """Switching off the count rules leaves counts unchecked: they are named instead."""
    off = {name: {"status": "off"} for name in ("small-count", "zero-count",
                                                 "group-disclosure")}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_text("region,deaths\nNorth,30\nSouth,40\n", encoding="utf-8")
        result = sdc.check(path, build_policy({"rules": off}))
    (finding,) = result.findings
    assert finding.rule == "SDC602"
    assert [loc.cell for loc in finding.related] == ["B2", "B3"]


def test_unknown_measure_cells_are_named() -> None:
    result = _check_text("region,score\nNorth,1.5\nSouth,2.25\n")
    named = [f for f in result.findings if f.related]
    assert [loc.cell for loc in named[0].related] == ["B2", "B3"]


def test_percentile_names_in_a_header_are_understood() -> None:
    # ``df.groupby("region").sbp.describe()[["count", "50%", "25%", "75%"]]``: the header's
    # 50%/25%/75% name percentiles (their values are checked under SDC303 with the count)
    result = _check_text("region,count,50%,25%,75%\nEast,833.0,137.0,116.0,158.0\n"
                         "North,834.0,136.0,114.0,158.0\n")
    assert findings_of(result) == set()
    # a small count beside them still fails
    result = _check_text("region,count,50%,25%\nEast,833.0,137.0,116.0\nNorth,4.0,136.0,114.0\n")
    assert findings_of(result, {"SDC101"}) == {("SDC101", "t.csv", "B3")}


@pytest.mark.parametrize("word", ["biggest", "greatest", "outlier", "extreme",
                                  "top contributor", "top_contribution", "Largest contributor"])
def test_an_extreme_under_another_name_is_one_records_value(word: str) -> None:
    # `region,patients,biggest` over 94, 91, 88: read as counts of at least 10, it passed
    # (and `top contributor`, one contributor's value as `top1` is)
    result = _check_text(f"region,patients,{word}\nNorth,120,94\nSouth,98,91\nEast,110,88\n")
    assert findings_of(result) == {("SDC302", "t.csv", c) for c in ("C2", "C3", "C4")}

