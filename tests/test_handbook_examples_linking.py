"""The ESSnet *Handbook on SDC*'s "disclosure by linking" example (ch. 5.2, frequency tables),
in the layout the handbook prints it: three tables of one base population that share no label
combination and word their columns differently.

* employment status in Area A (``Employed``, ``Not employed``, ``Total``; one count column);
* Area A's residence and workplace counts for all persons (one row ``Area A``; columns "Number
  working in area", "Number living in area", "Living and working in area");
* the same for males (one row ``Males``; columns "Living and working in Area A", "Living in
  Area A and working elsewhere", "Working in Area A and living elsewhere").

All persons minus males living and working in Area A is the women who do: one. sdc matches the
two cells by what they count (the words of their labels and column, less the sex words) and
says ``review`` (SDC503): it cannot be sure the two tables count the same people. All persons
working in the area less those living and working there are those living elsewhere, and less
the males who do (a column "... and living elsewhere") leaves the women: 49 − 22 − 23 = 4,
also ``review``. The handbook's other cell (women living in Area A and working elsewhere:
employed minus living-and-working minus males) needs "Employed" read as residents who work
and is not derived (docs/decisions.md).
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import sdc
from sdc.policy import build_policy

THRESHOLD = 10  # sdc's default small-count threshold

EMPLOYMENT = {"Employed": 85, "Not employed": 17, "Total": 102}
ALL_PERSONS = {"Number working in area": 49, "Number living in area": 102,
               "Living and working in area": 22}
MALES = {"Living and working in Area A": 21, "Living in Area A and working elsewhere": 58,
         "Working in Area A and living elsewhere": 23}
# the two columns that count the same thing (the test's own reading of the wordings)
SAME = ("Living and working in area", "Living and working in Area A")
# all persons working in the area less those also living there are those living elsewhere, of
# whom the males' third column counts the men (the test's own reading)
REST = ("Number working in area", "Living and working in area",
        "Working in Area A and living elsewhere")


def csv_line(values: list) -> str:
    return ",".join(str(v) for v in values)


def write_release(folder: Path, males_name: str, all_persons: dict[str, int]) -> None:
    folder.mkdir()
    (folder / "employment_status_area_a.csv").write_text(
        "\n".join([",Number of Persons", *(f"{k},{v}" for k, v in EMPLOYMENT.items())]) + "\n",
        encoding="utf-8")
    (folder / "residence_workplace.csv").write_text(
        csv_line(["", *all_persons]) + "\n" + csv_line(["Area A", *all_persons.values()]) + "\n",
        encoding="utf-8")
    (folder / males_name).write_text(
        csv_line(["", *MALES]) + "\n" + csv_line(["Males", *MALES.values()]) + "\n",
        encoding="utf-8")


def males_cell(column: str) -> str:
    """Where the males table's cell of ``column`` is: one header line, one label column."""
    return f"{chr(ord('B') + list(MALES).index(column))}2"


def check(folder: Path) -> sdc.RunResult:
    return sdc.check(folder, build_policy({"rules": {"small-count": {"threshold": THRESHOLD}}}))


def expected(all_persons: dict[str, int]) -> dict[str, float]:
    """The males' cells whose whole (or the rest of a whole's count) minus them is below the
    threshold (and not zero)."""
    found = {males_cell(SAME[1]): float(all_persons[SAME[0]] - MALES[SAME[1]]),
             males_cell(REST[2]): float(all_persons[REST[0]] - all_persons[REST[1]]
                                        - MALES[REST[2]])}
    return {at: diff for at, diff in found.items() if 0 < diff < THRESHOLD}


def test_literal_linking_example_is_review(tmp_path: Path) -> None:
    """The tables as published, the males' file named for them: the woman living and
    working in Area A is found at the males' "Living and working in Area A" cell, and the
    women working in Area A and living elsewhere (49 − 22 − 23, three counts of two tables)
    at the males' "Working in Area A and living elsewhere"."""
    write_release(tmp_path / "release", "males_working_living_area_a.csv", ALL_PERSONS)
    result = check(tmp_path / "release")
    want = expected(ALL_PERSONS)
    assert want == {"B2": 1.0, "D2": 4.0}  # the handbook's unique woman, and its four
    got = {f.location.cell: f for f in result.findings if f.rule == "SDC503"}
    assert {(f.location.path, at) for at, f in got.items()} == {
        ("males_working_living_area_a.csv", at) for at in want}
    assert {f.status.value for f in got.values()} == {"review"}  # no proof of the same units
    assert got["B2"].evidence == {"whole": float(ALL_PERSONS[SAME[0]]),
                                  "subgroup": float(MALES[SAME[1]]),
                                  "difference": want["B2"]}
    assert [(r.path, r.cell) for r in got["B2"].related] == [("residence_workplace.csv", "D2")]
    assert got["D2"].evidence == {"whole": float(ALL_PERSONS[REST[0]]),
                                  "part": float(ALL_PERSONS[REST[1]]),
                                  "subgroup": float(MALES[REST[2]]),
                                  "difference": want["D2"]}
    assert [(r.path, r.cell) for r in got["D2"].related] == [
        ("residence_workplace.csv", "B2"), ("residence_workplace.csv", "D2")]
    assert result.status.value == "review"


def test_rest_of_a_count_safe_twin(tmp_path: Path) -> None:
    """The same release where 8 more people work in Area A (12 women working there and living
    elsewhere): only the living-and-working woman is left to review."""
    twin = {**ALL_PERSONS, REST[0]: ALL_PERSONS[REST[0]] + 8}
    write_release(tmp_path / "release", "males_working_living_area_a.csv", twin)
    result = check(tmp_path / "release")
    assert expected(twin) == {"B2": 1.0}
    assert [f.location.cell for f in result.findings if f.rule == "SDC503"] == ["B2"]


def test_rest_of_a_count_needs_the_word_it_negates(tmp_path: Path) -> None:
    """The males' "Living in Area A and working elsewhere" (58) is compared with the rest of
    "Number living in area" less "Living and working in area" (102 − 22 = 80, which also
    holds those not employed; "working" is the word negated), not with the rest of "Number
    working in area" (27, where "living" is): 22 apart, nothing. The handbook's 85 − 22 − 58
    needs "Employed" read as living in the area and working (no shared words): not derived."""
    write_release(tmp_path / "release", "males_working_living_area_a.csv", ALL_PERSONS)
    result = check(tmp_path / "release")
    c2 = [f for f in result.findings if f.rule == "SDC503" and f.location.cell == "C2"]
    assert c2 == []
    assert ALL_PERSONS["Number living in area"] - ALL_PERSONS[SAME[0]] - MALES[
        "Living in Area A and working elsewhere"] >= THRESHOLD


def test_literal_linking_example_named_by_its_row_only(tmp_path: Path) -> None:
    """The males' file named neutrally: its one row ``Males`` names the subgroup."""
    write_release(tmp_path / "release", "table_3.csv", ALL_PERSONS)
    result = check(tmp_path / "release")
    got = {(f.location.path, f.location.cell): f.status.value
           for f in result.findings if f.rule == "SDC503"}
    assert got == {("table_3.csv", at): "review" for at in expected(ALL_PERSONS)}
    assert got  # not empty: the example is disclosive


def test_linking_safe_twin_has_no_linking_finding(tmp_path: Path) -> None:
    """The same layout where all persons living and working in Area A are 12 more than the
    males: no difference below the threshold, nothing to review across the tables. The males'
    table is one line under a header of texts no vocabulary knows: fail closed, its columns
    are paired by their numbers (round 22 flat3, as round 21 did): 'Working in Area A and
    living elsewhere' 23 over 'Living and working in Area A' 21 is SDC101 review at B2 (sdc
    cannot read that the words exclude each other; a person can). Nothing else."""
    twin = {**ALL_PERSONS, SAME[0]: MALES[SAME[1]] + THRESHOLD + 2}
    twin["Number working in area"] = twin[SAME[0]] + MALES["Working in Area A and living "
                                                           "elsewhere"] + THRESHOLD
    write_release(tmp_path / "release", "males_working_living_area_a.csv", twin)
    result = check(tmp_path / "release")
    assert expected(twin) == {}
    assert [f for f in result.findings if f.rule == "SDC503"] == []
    ordered = sorted(MALES, key=lambda column: -MALES[column])  # neighbours of one line
    small = {males_cell(sub) for whole, sub in pairwise(ordered)
             if 0 < MALES[whole] - MALES[sub] < THRESHOLD}
    assert small == {males_cell(SAME[1])}
    assert {(f.rule, f.location.path, f.location.cell, f.status.value)
            for f in result.findings} == {
        ("SDC101", "males_working_living_area_a.csv", at, "review") for at in small}


def test_other_wordings_are_not_matched(tmp_path: Path) -> None:
    """Columns that count other things ("Number living in area" and "Living in Area A and
    working elsewhere") are not compared even when their difference is small."""
    folder = tmp_path / "release"
    folder.mkdir()
    (folder / "residence.csv").write_text(",Number living in area\nArea A,60\n",
                                          encoding="utf-8")
    (folder / "males.csv").write_text(
        ",Living in Area A and working elsewhere\nMales,58\n", encoding="utf-8")
    result = check(folder)
    assert 0 < 60 - 58 < THRESHOLD
    assert [f for f in result.findings if f.rule == "SDC503"] == []


def test_only_row_of_either_sex_names_the_subgroup(tmp_path: Path) -> None:
    """The handbook's other sex, worded as a researcher might: a table whose one row is
    ``Women`` beside the all-persons table is a subgroup of it."""
    folder = tmp_path / "release"
    folder.mkdir()
    (folder / "residence_workplace.csv").write_text(
        csv_line(["", *ALL_PERSONS]) + "\n" + csv_line(["Area A", *ALL_PERSONS.values()]) + "\n",
        encoding="utf-8")
    women = {SAME[1]: ALL_PERSONS[SAME[0]] - 3}
    (folder / "table_4.csv").write_text(
        csv_line(["", *women]) + "\n" + csv_line(["Women", *women.values()]) + "\n",
        encoding="utf-8")
    result = check(folder)
    got = [(f.location.path, f.location.cell, f.status.value, f.evidence["difference"])
           for f in result.findings if f.rule == "SDC503"]
    assert got == [("table_4.csv", "B2", "review",
                    float(ALL_PERSONS[SAME[0]] - women[SAME[1]]))]


def test_a_table_of_both_sexes_is_no_subgroup(tmp_path: Path) -> None:
    """Rows ``Males`` and ``Females`` in one neutrally named table: no dimension has a single
    label, so the table is not read as a subgroup and its rows are not compared with the
    all-persons table by their words (each row's own counts are checked by SDC101)."""
    folder = tmp_path / "release"
    folder.mkdir()
    (folder / "residence_workplace.csv").write_text(
        csv_line(["", *ALL_PERSONS]) + "\n" + csv_line(["Area A", *ALL_PERSONS.values()]) + "\n",
        encoding="utf-8")
    rows = {"Males": ALL_PERSONS[SAME[0]] - 2, "Females": 12}
    (folder / "table_5.csv").write_text(
        csv_line(["", SAME[1]]) + "\n" + "\n".join(f"{k},{v}" for k, v in rows.items()) + "\n",
        encoding="utf-8")
    result = check(folder)
    assert [f for f in result.findings if f.rule == "SDC503"] == []
