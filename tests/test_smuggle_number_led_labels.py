"""Counts written as a quantity in a label column (issue 12, labels13, round 25).

A ``Deaths`` column written ``3 days``, ``3x``, ``3.p``, ``3/p``, ``3 (approx)``, ``III
deaths``, ``3.0 days``, ``three days`` or ``3-3 days`` is text, so the reader took it for a
label column, and a label opening with a number and a unit, a mark or a bracket was a
category's name: 3 deaths in the North passed (hunt12's Left). Such a label's number
(``number_led``) is now read with its column (``coverage._number_led_ok``): a number per row
beside other label columns it is not crossed with is that row's attribute, a count in disguise
(SDC602 ``review`` at each cell). Category names that look the same still pass: Stata's
factor terms in a model (``1.female``), IMD quintiles (``1 (most deprived)``..``5``), bands
(``0-6 days``), a run of durations, a duration crossed with region (and sex) in a long table,
doses at or above the threshold. Files written by pandas (and as esttab writes them), checked
by the engine in-process."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.test_fp_esttab import _esttab, _fit

POLICY = build_policy({})


def _write(folder: Path, frame: dict[str, list]) -> Path:
    pd.DataFrame(frame).to_csv(folder / "t.csv", index=False)
    return folder


def _passes(folder: Path) -> None:
    result = sdc.check(folder, POLICY)
    assert (result.status.value, result.findings) == ("pass", [])


@pytest.mark.parametrize("deaths", [["3x", "12x"], ["3 days", "12 days"], ["3.p", "12.p"],
                                    ["3/p", "12/p"], ["3 (approx)", "12 (approx)"],
                                    ["III deaths", "XII deaths"], ["3 times", "12 times"],
                                    ["3.0 days", "12.0 days"], ["three days", "twelve days"],
                                    ["3-3 days", "12-12 days"], ["3 – p", "12 – p"]])
def test_a_count_written_as_a_quantity_beside_a_name_is_review(tmp_path: Path,
                                                               deaths: list[str]) -> None:
    folder = _write(tmp_path, {"Region": ["North", "South"], "Patients": [30, 40],
                               "Deaths": deaths})
    (finding,) = sdc.check(folder, POLICY).findings
    assert (finding.rule, finding.status.value) == ("SDC602", "review")
    assert [loc.cell for loc in finding.related] == ["C2", "C3"]


def test_counts_in_a_run_set_beside_names_are_review(tmp_path: Path) -> None:
    # 1, 2, 3 number nothing here: which region has which is the data
    folder = _write(tmp_path, {"Region": ["North", "South", "East"],
                               "Deaths": ["2 days", "1 day", "3 days"], "Patients": [30, 40, 50]})
    (finding,) = sdc.check(folder, POLICY).findings
    assert finding.rule == "SDC602"
    assert [loc.cell for loc in finding.related] == ["B2", "B3", "B4"]


def test_quantities_alone_that_are_no_run_are_review(tmp_path: Path) -> None:
    # the only label column, numbers that number no rows: a smuggled count and (the cost)
    # follow-up times of 1, 5 and 10 years look the same
    folder = _write(tmp_path, {"Deaths": ["3 days", "12 days"], "Patients": [30, 40]})
    (finding,) = sdc.check(folder, POLICY).findings
    assert (finding.rule, [loc.cell for loc in finding.related]) == ("SDC602", ["A2", "A3"])
    folder = _write(tmp_path, {"Follow-up": ["1 year", "5 years", "10 years"],
                               "Patients": [30, 40, 50]})
    (finding,) = sdc.check(folder, POLICY).findings
    assert (finding.rule, [loc.cell for loc in finding.related]) == (
        "SDC602", ["A2", "A3", "A4"])


@pytest.mark.parametrize("names", [{"female": "1.female"},
                                   {"female": "1.female", "age": "2.agegrp"}])
@pytest.mark.parametrize("plain", [False, True])
def test_stata_factor_terms_in_esttab_pass(tmp_path: Path, names: dict[str, str],
                                           plain: bool) -> None:
    (tmp_path / "t.csv").write_text(_esttab(_fit(500), plain=plain, names=names))
    _passes(tmp_path)


@pytest.mark.parametrize("frame", [
    {"IMD quintile": ["1 (most deprived)", "2", "3", "4", "5 (least deprived)"],
     "Patients": [30, 40, 50, 60, 70]},
    {"Age": ["0-6 days", "7-27 days", "28-364 days"], "Patients": [30, 40, 50]},
    {"Follow-up": ["1 year", "2 years", "3 years"], "Patients": [30, 40, 50]},
    {"Region": ["North"] * 3 + ["South"] * 3, "Follow-up": ["1 year", "5 years", "10 years"] * 2,
     "Patients": [30, 40, 50, 60, 70, 80]},
    {"Dose": ["10 mg", "20 mg", "40 mg"], "Patients": [30, 40, 50]},
], ids=["imd-quintiles", "age-bands-in-days", "follow-up-run", "follow-up-by-region", "doses"])
def test_category_names_with_numbers_pass(tmp_path: Path, frame: dict[str, list]) -> None:
    _passes(_write(tmp_path, frame))


def test_counts_crossed_with_one_label_but_not_the_other_are_review(tmp_path: Path) -> None:
    # each region shows both numbers, but once per region and sex: a number per row
    folder = _write(tmp_path, {"Region": ["North", "North", "South", "South"],
                               "Sex": ["Male", "Female", "Male", "Female"],
                               "Deaths": ["3 days", "12 days", "12 days", "3 days"],
                               "Patients": [30, 40, 50, 60]})
    (finding,) = sdc.check(folder, POLICY).findings
    assert finding.rule == "SDC602"
    assert [loc.cell for loc in finding.related] == ["C2", "C3", "C4", "C5"]


def test_a_duration_crossed_with_region_and_sex_passes(tmp_path: Path) -> None:
    _passes(_write(tmp_path, {"Region": ["North"] * 4 + ["South"] * 4,
                              "Sex": ["Male", "Male", "Female", "Female"] * 2,
                              "Follow-up": ["1 year", "5 years"] * 4,
                              "Patients": [30, 40, 50, 60, 70, 80, 90, 100]}))
