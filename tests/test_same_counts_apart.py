"""SDC503: two tables that publish the same counts under most label combinations they share
and a few units apart under the others are one count on two slightly different sets of units
(a re-run with an extra patient, an exclusion, ACRO's margins recomputed after suppression
beside a table with the true total): each combination ``0 < d < threshold`` apart is ``fail``
(docs/acro-differences.md, "One count in two tables"). Two different counts (deaths and
admissions) do not agree so: they are left alone. Files on disk, as researchers write them."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.policy import build_policy

POLICY = build_policy({})


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def _differencing(result: sdc.RunResult) -> set[tuple[str, str | None, str]]:
    return {(f.location.path, f.location.cell, f.status.value) for f in result.findings
            if f.rule == "SDC503"}


CROSSTAB = ("area,F,M,All\nEast,40,45,85\nNorth,51,53,104\nWest,[c],12,12\n"
            "All,91,110,201\n")


def test_a_one_way_table_with_the_true_total_beside_recomputed_margins(tmp_path: Path) -> None:
    result = sdc.check(_write(tmp_path / "r", {
        "area_by_sex.csv": CROSSTAB, "area.csv": "area,n\nEast,85\nNorth,104\nWest,16\n"}),
        POLICY)
    assert _differencing(result) == {("area_by_sex.csv", "D4", "fail")}
    apart = next(f for f in result.findings if f.rule == "SDC503")
    assert apart.evidence == {"difference": 4, "agreeing": 2, "shared": 3}
    assert "12 here against 16 there" in apart.message
    assert "12" not in apart.public_message and "16" not in apart.public_message


def test_every_copy_of_the_table_is_reported(tmp_path: Path) -> None:
    # identical tables are compared once, but each copy is its own output with its finding
    one_way = "area,n\nEast,85\nNorth,104\nWest,16\n"
    result = sdc.check(_write(tmp_path / "r", {
        "area_by_sex.csv": CROSSTAB, "area.csv": one_way, "area_copy.csv": one_way}), POLICY)
    assert _differencing(result) == {("area_by_sex.csv", "D4", "fail"),
                                     ("area_copy.csv", "B4", "fail")}


def test_a_rerun_with_one_more_patient_fails_where_it_changed(tmp_path: Path) -> None:
    # the same cells: before, one review for the pair ("the same table as ..."); the extra
    # patient is in North/F, its row, its column and the grand total
    result = sdc.check(_write(tmp_path / "r", {
        "run1.csv": "region,Female,Male,Total\nNorth,20,30,50\nSouth,40,25,65\n"
                    "Total,60,55,115\n",
        "run2.csv": "region,Female,Male,Total\nNorth,21,30,51\nSouth,40,25,65\n"
                    "Total,61,55,116\n"}), POLICY)
    assert _differencing(result) == {("run2.csv", cell, "fail")
                                     for cell in ("B2", "D2", "B4", "D4")}


def test_a_rerun_that_gained_a_category_fails_where_it_changed(tmp_path: Path) -> None:
    result = sdc.check(_write(tmp_path / "r", {
        "week1.csv": "region,patients\nNorth,120\nSouth,85\nWest,64\n",
        "week2.csv": "region,patients\nNorth,120\nSouth,85\nWest,67\nWales,12\n"}), POLICY)
    assert _differencing(result) == {("week2.csv", "B4", "fail")}


def test_two_different_counts_by_area_are_not_compared(tmp_path: Path) -> None:
    result = sdc.check(_write(tmp_path / "r", {
        "deaths.csv": "area,deaths\nEast,12\nNorth,30\nWest,15\nSouth,22\n",
        "admissions.csv": "area,admissions\nEast,140\nNorth,260\nWest,90\nSouth,17\n"
                          "Wales,31\n"}), POLICY)
    assert _differencing(result) == set()


def test_equal_zeros_and_one_equal_count_are_no_evidence(tmp_path: Path) -> None:
    # East and North are 0 in both, South 40 in both: one non-zero count agrees, and the
    # West 15 against 17 is then no difference of units
    result = sdc.check(_write(tmp_path / "r", {
        "a.csv": "area,n\nEast,0\nNorth,0\nWest,15\nSouth,40\n",
        "b.csv": "area,n\nEast,0\nNorth,0\nWest,17\nSouth,40\nWales,50\n"}), POLICY)
    assert _differencing(result) == set()


def test_more_cells_apart_than_alike_are_different_counts(tmp_path: Path) -> None:
    # two of five shared counts agree, three differ: not taken for one count
    result = sdc.check(_write(tmp_path / "r", {
        "a.csv": "area,n\nEast,85\nNorth,104\nWest,16\nSouth,40\nWales,33\n",
        "b.csv": "area,n\nEast,85\nNorth,104\nWest,12\nSouth,47\nWales,30\nScotland,20\n"}),
        POLICY)
    assert _differencing(result) == set()


def test_two_rounded_tables_differ_by_their_rounding(tmp_path: Path) -> None:
    # every count a multiple of 5 in both: a margin summed from rounded cells is 5 off the
    # other table's rounded margin by rounding alone; the pair stays a re-run review
    result = sdc.check(_write(tmp_path / "r", {
        "a.csv": "area,F,M,All\nEast,40,45,85\nNorth,50,55,105\nWest,5,15,20\n"
                 "All,95,115,210\n",
        "b.csv": "area,F,M,All\nEast,40,45,85\nNorth,50,55,105\nWest,10,15,25\n"
                 "All,100,115,215\n"}), POLICY)
    assert _differencing(result) == {("b.csv", "D5", "review")}


def test_labels_compare_whatever_their_case(tmp_path: Path) -> None:
    result = sdc.check(_write(tmp_path / "r", {
        "area_by_sex.csv": CROSSTAB, "area.csv": "area,n\neast,85\nnorth,104\nwest,16\n"}),
        POLICY)
    assert _differencing(result) == {("area_by_sex.csv", "D4", "fail")}


def test_tables_whose_labels_repeat_are_no_one_count(tmp_path: Path) -> None:
    # Each region twice: a table's index keeps one count per label combination, so the
    # first rows (20, 40 in both) looked like agreement and 60 against 65 like 5 units
    # apart, while the second rows (31/77, 50/88, 70/99) show two different counts. Found
    # on two independently generated long tables read with repeated labels: every region's
    # first year and deprivation code "agreed".
    result = sdc.check(_write(tmp_path / "r", {
        "a.csv": "region,n\nA,20\nA,31\nB,40\nB,50\nC,60\nC,70\n",
        "b.csv": "region,n\nA,20\nA,77\nB,40\nB,88\nC,65\nC,99\n"}), POLICY)
    # no "same counts" fail; the re-run comparison's review (every shared combination
    # within the threshold) is older and stays: a person looks
    assert _differencing(result) == {("b.csv", "B6", "review")}
