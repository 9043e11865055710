"""R's ``summary(d)`` of a data frame of numeric columns: each cell is ``Min.   :19.00``, the
statistic's name and its value, so no table reader took the block and its numbers were named
for a person (SDC602 review) although ``Min.`` and ``Max.`` are single records: the youngest
and the oldest patient. Read as describe()'s statistics-by-variable table (sdc.readers.
documents.log_r_summary): SDC302 fails them at their cells, as it does ``summary(x)`` of one
vector. Printed as R prints them (``print(summary(d))``, columns padded to one width)."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from tests.conftest import check_one_file

# R pads every cell to its column's width: the lines end in spaces, kept here
SUMMARY = "".join(line.ljust(31) + "\n" for line in [
    "      age             los",
    " Min.   :19.00   Min.   : 1.0",
    " 1st Qu.:34.00   1st Qu.: 3.0",
    " Median :47.50   Median : 6.0",
    " Mean   :48.12   Mean   : 7.9",
    " 3rd Qu.:61.00   3rd Qu.:11.0",
    " Max.   :94.00   Max.   :29.0"])
EXTREMES = {("SDC302", c, "fail") for c in ("B2", "C2", "B7", "C7")}


def _by_rule(result: sdc.RunResult, rule: str) -> set[tuple[str, str | None, str]]:
    return {(f.rule, f.location.cell, f.status.value) for f in result.findings
            if f.rule == rule}


@pytest.mark.parametrize(("name", "text"), [
    ("session.log", "> summary(d[, c(\"age\", \"los\")])\n" + SUMMARY),
    ("summary.txt", "> summary(d)\n" + SUMMARY),  # a console pasted into a .txt
    ("summary.txt", SUMMARY),  # capture.output(summary(d)) written alone
])
def test_min_and_max_of_each_column_fail(tmp_path: Path, name: str, text: str) -> None:
    # was: review (SDC602: the block's numbers, or the whole .txt, for a person)
    result = check_one_file(tmp_path, name, text)
    assert result.status.value == "fail"
    assert _by_rule(result, "SDC302") == EXTREMES
    labels = {f.location.row_label for f in result.findings if f.rule == "SDC302"}
    assert labels == {"Min.", "Max."}
    # the median and quartiles: the units behind them are not printed (review, not pass)
    assert {f.status.value for f in result.findings if f.rule == "SDC303"} == {"review"}


def test_the_missing_values_line_is_left_for_a_person(tmp_path: Path) -> None:
    text = SUMMARY + "                 NA's   :3".ljust(31) + "\n"
    result = check_one_file(tmp_path, "session.log", "> summary(d)\n" + text)
    assert _by_rule(result, "SDC302") == EXTREMES
    places = [f.evidence.get("places") for f in result.findings if f.rule == "SDC602"]
    assert ["line 9"] in places  # the NA count is no statistic of the table: not passed


@pytest.mark.parametrize("line", [
    "                 NA's   :3   extra",  # something else on the line
    " NA's   :3      NA's   :2     NA's   :1",  # more NA counts than columns
])
def test_an_odd_missing_values_line_is_read_as_before(tmp_path: Path, line: str) -> None:
    result = check_one_file(tmp_path, "session.log", "> summary(d)\n" + SUMMARY + line + "\n")
    assert result.status.value == "review"
    assert {f.rule for f in result.findings} == {"SDC602"}


def test_a_factor_column_is_read_as_before(tmp_path: Path) -> None:
    # a factor's level counts (F:120) are not this layout: the block stays a person's to read
    text = ("> summary(d)\n      age        sex    \n Min.   :19.00   F:120  \n"
            " 1st Qu.:34.00   M: 80  \n Median :47.50          \n Mean   :48.12          \n"
            " 3rd Qu.:61.00          \n Max.   :94.00          \n")
    result = check_one_file(tmp_path, "session.log", text)
    assert result.status.value == "review"
    assert {f.rule for f in result.findings} == {"SDC602"}


def test_a_safe_table_beside_it_still_passes(tmp_path: Path) -> None:
    # the twin: a table(sex) of large counts passes, alone and beside the summary's fail
    tab = "> table(d$sex)\n\n  F   M \n120  80 \n"
    assert check_one_file(tmp_path / "a", "session.log", tab).status.value == "pass"
    both = check_one_file(tmp_path / "b", "session.log", tab + "> summary(d)\n" + SUMMARY)
    assert {f.location.table for f in both.findings if f.rule == "SDC302"} == {2}
