"""SAS ``PROC FREQ`` saved as data (fp28): ``ods output CrossTabFreqs=`` exported with ``proc
export dbms=csv`` is read as the two-way table it is, only where every line proves the shape
(``_TYPE_`` the pattern of its blanks, margins the sums, percentages of the printed counts);
``OneWayFreqs``' camelCase ``CumFrequency`` is a cumulative count whose steps are checked, also
beside SAS's ``F_region`` copy of the labels (a suppressed count as a step passed).
docs/decisions.md, Round 27 (fp28)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdc.readers.roles import role_from_text
from sdc.table import Role
from tests.conftest import check_one_file, findings_of
from tests.corpus import fp28_outputs
from tests.corpus.fp28_outputs import sas_crosstab_freqs, sas_one_way_freqs


def _written(folder: Path, write: object, name: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    write(folder)  # type: ignore[operator]
    return (folder / name).read_text()


def _crosstab(tmp_path: Path, small: bool) -> str:
    return _written(tmp_path / "source", sas_crosstab_freqs(small), "ct.csv")


def test_the_crosstab_data_set_passes_and_its_twin_fails_at_the_three(tmp_path: Path) -> None:
    safe = check_one_file(tmp_path / "a", "ct.csv", _crosstab(tmp_path / "a", False))
    assert findings_of(safe) == set() and safe.status.value == "pass"
    twin = check_one_file(tmp_path / "b", "ct.csv", _crosstab(tmp_path / "b", True))
    # F12: West / Male / Frequency; its three percentages rest on it
    assert findings_of(twin) == {("SDC101", "ct.csv", "F12"), ("SDC103", "ct.csv", "F11"),
                                 ("SDC303", "ct.csv", "G12"), ("SDC303", "ct.csv", "H12"),
                                 ("SDC303", "ct.csv", "I12")}
    assert twin.status.value == "fail"


def _edit(text: str, line: int, column: int, value: str) -> str:
    lines = text.splitlines()
    cells = lines[line].split(",")
    cells[column] = value
    lines[line] = ",".join(cells)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("line", "column", "value"), [
    (1, 3, "10"),  # a cell's _TYPE_ that says it is a margin
    (3, 3, "11"),  # a margin's _TYPE_ that says it is a cell
    (2, 4, "2"),  # a second _TABLE_ number
    (1, 7, "50.2"),  # a row percentage that is no share of the printed counts
    (3, 5, "618"),  # a row's total that is not the sum of its cells
    (15, 9, "3"),  # three lines with a variable missing: not read here
    (2, 0, "Table region * agegrp"),  # another table's name
])
def test_a_line_off_the_shape_leaves_the_table_unread(tmp_path: Path, line: int, column: int,
                                                      value: str) -> None:
    # the safe data set with one cell changed: the general reading (its blanks and codes are
    # numbers no rule checks, or read as counts), never a pass
    text = _edit(_crosstab(tmp_path, False), line, column, value)
    assert check_one_file(tmp_path, "ct.csv", text).status.value != "pass"


def test_a_combination_left_out_is_not_read_here(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # West's men 0 and their line left out (as proc freq's out= leaves a zero out), every
    # margin and percentage true: the zero is printed nowhere, so the data set is not read as
    # the whole table (the general reading: review)
    monkeypatch.setattr(fp28_outputs, "_CELLS", [[309, 308], [306, 308], [286, 298], [291, 0]])
    lines = _crosstab(tmp_path, False).splitlines()
    kept = [line for line in lines if not line.startswith("Table region * sex,West,Male,")]
    assert len(kept) == len(lines) - 1
    text = "\n".join(kept) + "\n"
    assert check_one_file(tmp_path, "ct.csv", text).status.value != "pass"
    whole = check_one_file(tmp_path / "whole", "ct.csv", "\n".join(lines) + "\n")
    assert ("SDC102", "ct.csv", "F12") in findings_of(whole)  # printed, the zero is checked


def test_a_table_number_other_than_1_is_no_code(tmp_path: Path) -> None:
    # _TABLE_ 3 on every line: one number the table's checks would never see
    text = _crosstab(tmp_path, False).replace(",1,", ",3,")
    assert text.count(",3,") == 15
    assert check_one_file(tmp_path, "ct.csv", text).status.value != "pass"


def test_three_variables_are_not_read_here(tmp_path: Path) -> None:
    text = _crosstab(tmp_path, False).replace("Table,region,sex,_TYPE_",
                                              "Table,layer,region,sex,_TYPE_")
    text = "\n".join([text.splitlines()[0]] + [
        line.replace("Table region * sex,", "Table layer * region * sex,A,")
        for line in text.splitlines()[1:]]) + "\n"
    assert check_one_file(tmp_path, "ct.csv", text).status.value != "pass"


def test_the_one_way_data_set_passes_and_its_twin_fails(tmp_path: Path) -> None:
    safe = check_one_file(tmp_path / "a", "ow.csv",
                          _written(tmp_path / "sa", sas_one_way_freqs(False), "ow.csv"))
    assert safe.status.value == "pass"
    twin = check_one_file(tmp_path / "b", "ow.csv",
                          _written(tmp_path / "sb", sas_one_way_freqs(True), "ow.csv"))
    # D5 the 3, F5 its cumulative count's step (1,818 from 1,815), E5 and G5 its shares
    assert findings_of(twin) == {("SDC101", "ow.csv", "D5"), ("SDC101", "ow.csv", "F5"),
                                 ("SDC303", "ow.csv", "E5"), ("SDC303", "ow.csv", "G5")}


@pytest.mark.parametrize("header", ["CumFrequency", "cum_n", "CUM_FREQ"])
def test_a_suppressed_count_is_its_cumulative_count_s_step(tmp_path: Path, header: str) -> None:
    # West's frequency suppressed, its cumulative count printed: 1,818 - 1,815 = 3. SAS's
    # F_region copies region, so no line ran along either label column and it passed
    text = (f"Table,F_region,region,Frequency,{header}\n"
            "Table region,East,East,617,617\nTable region,North,North,614,1231\n"
            "Table region,South,South,584,1815\nTable region,West,West,[c],1818\n")
    result = check_one_file(tmp_path, "ow.csv", text)
    assert findings_of(result) == {("SDC101", "ow.csv", "E5")}
    assert result.status.value == "fail"


@pytest.mark.parametrize(("header", "role"), [
    ("RowPercent", Role.PERCENT), ("ColPercent", Role.PERCENT), ("CumFrequency", Role.COUNT),
    ("minAge", Role.EXTREME), ("ageMax", Role.EXTREME)])
def test_camel_case_headers_read_as_their_words(header: str, role: Role) -> None:
    assert role_from_text(header) is role
