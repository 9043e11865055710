"""A title naming the base of its percentages in words (``Deaths by region (% of 120
deaths)``, ``Percentage of all 1,200 patients``) gives their counts away as ``N=120`` does:
2.5% of 120 is 3 deaths. Before, the base was not read (SDC303 review: units unknown)."""

from __future__ import annotations

from pathlib import Path

import sdc
from tests.conftest import check_one_file
from tests.conftest import found_with_status as _found


def _check(tmp_path: Path, text: str) -> sdc.RunResult:
    return check_one_file(tmp_path, "deaths.csv", text)


def test_percent_of_120_deaths_in_the_title(tmp_path: Path) -> None:
    # was: review (SDC303 and SDC602 only)
    result = _check(tmp_path, "Deaths by region (% of 120 deaths)\nRegion,%\nNorth,2.5\n"
                              "South,47.5\nEast,50.0\n")
    assert _found(result) == {("SDC101", "B3", "fail"), ("SDC602", None, "review")}
    assert "of the printed base 120 is 3" in next(
        f.message for f in result.findings if f.rule == "SDC101")


def test_percentage_of_all_patients_quoted_title(tmp_path: Path) -> None:
    result = _check(tmp_path, '"Percentage of all 1,200 patients, by region"\nRegion,%\n'
                              "North,0.5\nSouth,49.5\nEast,50.0\n")
    assert ("SDC101", "B3", "fail") in _found(result)


def test_shares_of_ten_or_more_have_no_count_finding(tmp_path: Path) -> None:
    # the twin: 30, 30 and 60 deaths, no count finding (their units are now known: no SDC303
    # review); the title's number is still named for a person, as before
    result = _check(tmp_path, "Deaths by region (% of 120 deaths)\nRegion,%\nNorth,25.0\n"
                              "South,25.0\nEast,50.0\n")
    assert _found(result) == {("SDC602", None, "review")}
