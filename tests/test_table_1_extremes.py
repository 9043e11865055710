"""A "Table 1" line naming a minimum, maximum or range (``Age, min-max``; gtsummary's
``Min, Max``; tableone's ``median [range]``) publishes the youngest and the oldest: SDC302 at
its text cell. The table's statistics are text in label columns, so no measure or label
dimension named them, and such a line passed. Files on disk, as researchers write them."""

from __future__ import annotations

from pathlib import Path

import sdc
from tests.conftest import check_one_file
from tests.conftest import found_with_status as _found

SEX = 'Female,"210 (52.5%)"\nMale,"190 (47.5%)"\n'


def _check(tmp_path: Path, text: str) -> sdc.RunResult:
    return check_one_file(tmp_path, "table1.csv", text)


def test_an_age_min_max_line(tmp_path: Path) -> None:
    # was: pass
    result = _check(tmp_path, 'Characteristic,Overall (N=400)\n"Age, min-max",18-94\n' + SEX)
    assert _found(result) == {("SDC302", "B2", "fail")}
    finding = result.findings[0]
    assert "'Age, min-max'" in finding.message and "94" not in (finding.public_message or "")


def test_the_same_table_with_a_median_line_passes(tmp_path: Path) -> None:
    # the twin: a median is no single record's value (never SDC302)
    result = _check(tmp_path, 'Characteristic,Overall (N=400)\n"Age, median (IQR)",45\n' + SEX)
    assert all(f.rule != "SDC302" for f in result.findings)


def test_gtsummary_min_max_under_its_variable(tmp_path: Path) -> None:
    result = _check(tmp_path, 'Characteristic,Overall N = 400\nAge,\n'
                              '"Median (Q1, Q3)","45 (30, 60)"\n"Min, Max","18, 94"\nSex,\n'
                              + SEX)
    assert {(r, c, s) for r, c, s in _found(result) if r == "SDC302"} == {
        ("SDC302", "B4", "fail")}


def test_tableone_median_and_range(tmp_path: Path) -> None:
    result = _check(tmp_path, ',Overall\nn,400\n"age (median [range])","45.00 [18.00, 94.00]"\n'
                              '"sex = Female (%)","210 (52.5)"\n')
    assert {(r, c, s) for r, c, s in _found(result) if r == "SDC302"} == {
        ("SDC302", "B3", "fail")}


def test_the_variable_and_statistic_in_two_columns(tmp_path: Path) -> None:
    result = _check(tmp_path, 'variable,statistic,Overall\nAge,min-max,18-94\n'
                              'Sex,Female,"210 (52.5%)"\nSex,Male,"190 (47.5%)"\n')
    assert _found(result) == {("SDC302", "C2", "fail")}


def test_an_age_range_variable_of_bands_is_counts(tmp_path: Path) -> None:
    # "Age range, n (%)" over its bands: the bands are the lines' labels, their strings
    # counts; nothing is an extreme
    result = _check(tmp_path, 'Characteristic,Overall\n"Age range, n (%)",\n'
                              '18-64,"300 (75.0%)"\n65+,"100 (25.0%)"\n' + SEX)
    assert result.findings == [] and result.status.value == "pass"


def test_a_count_string_on_a_line_naming_a_maximum(tmp_path: Path) -> None:
    # "Max dose reached, n (%)": a count of people, checked as a count, not an extreme
    result = _check(tmp_path, 'Characteristic,Overall\n"Max dose reached, n (%)","120 (30.0%)"\n'
                              '"Lower dose, n (%)","280 (70.0%)"\n')
    assert all(f.rule != "SDC302" for f in result.findings)


def test_dose_range_levels_defined_by_a_bound_are_bands(tmp_path: Path) -> None:
    # `Dose range` over the levels `Low (<5mg)` and `High (>=5mg)`: categories defined by a
    # bound, no one's dose (was: SDC302 at both level labels)
    result = _check(tmp_path, 'Characteristic,Level,Overall\n'
                              'Dose range,Low (<5mg),"120 (30.0%)"\n'
                              'Dose range,High (>=5mg),"280 (70.0%)"\n')
    assert result.findings == [] and result.status.value == "pass"


def test_a_range_of_values_beside_a_band_still_fails(tmp_path: Path) -> None:
    # the twin: the line's own range (no bound sign) is still the lowest and highest dose
    result = _check(tmp_path, 'Characteristic,Level,Overall\n'
                              'Dose range,mg,0.5-12.5\n'
                              'Dose,Low (<5mg),"120 (30.0%)"\nDose,High (>=5mg),"280 (70.0%)"\n')
    assert _found(result) == {("SDC302", "C2", "fail")}
