"""A decoy table does not silence another table's numbers (issue 12, wrong pass).

``t0`` (a labelled table with no grand total) hides young/Female; ``t1`` prints Female 1,
which with old/Female 1 gives it back as 0. A decoy ``t2`` whose hidden Female must be 0
contradicts ``t1``, so ``t1`` was read as another population for every table and its number
for ``t0`` was dropped: ``t0`` passed. Now ``t1`` is another population only for ``t2``."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.policy import build_policy
from tests.conftest import write_files

T0 = "age,Female,Male\nyoung,[c],0\nold,1,0\n"
T1 = "sex,n\nFemale,1\nMale,0\nTotal,[c]\n"
DECOY = "sex,n\nFemale,[c]\nMale,0\nTotal,0\n"
# two tables by region, whose grand totals join the tables in one component with the decoy
REGIONS = "region,n\nNorth,0\nSouth,0\nTotal,0\n"


def _t0_findings(tmp_path: Path, files: dict[str, str]) -> set[tuple[str, str | None, str]]:
    root = write_files(tmp_path / "r", files)
    result = sdc.check(root, build_policy({}))
    return {(f.rule, f.location.cell, f.status.value) for f in result.findings
            if f.location.path == "t0.csv" and f.rule.startswith("SDC5")}


def test_a_decoy_does_not_drop_another_tables_number(tmp_path: Path) -> None:
    assert _t0_findings(tmp_path, {"t0.csv": T0, "t1.csv": T1, "t2.csv": DECOY,
                                          "r0.csv": REGIONS, "r1.csv": REGIONS}) == {
        ("SDC501", "B2", "review")}  # was: nothing at t0


def test_without_the_number_the_hidden_cell_stays_hidden(tmp_path: Path) -> None:
    # safe twin: no table prints Female, so nothing gives young/Female back
    files = {"t0.csv": T0, "t2.csv": DECOY, "r0.csv": REGIONS, "r1.csv": REGIONS}
    assert _t0_findings(tmp_path, files) == set()


def test_a_decoy_does_not_drop_the_wild_links(tmp_path: Path) -> None:
    # t1 and t2 hide a Female that must be 0, the decoy t3 one that must be 1: t0's Female
    # column equals each (pairs of unknowns, wild links), together they contradict, and all
    # were dropped; t1's alone gives young/Female back (0). Was: nothing at t0
    hidden_female = "sex,n\nFemale,[c]\nMale,0\nTotal,{}\n"
    files = {"t0.csv": "age,Female,Male\nyoung,[c],0\nold,0,0\n",
             "t1.csv": hidden_female.format(0), "t2.csv": hidden_female.format(0),
             "t3.csv": hidden_female.format(1), "r0.csv": REGIONS, "r1.csv": REGIONS}
    assert _t0_findings(tmp_path, files) == {("SDC501", "B2", "review")}


def test_a_table_that_contradicts_itself_does_not_drop_the_numbers(tmp_path: Path) -> None:
    # t2's young row total 1 over cells 0 and 0 (SDC402): the component fits no values, each
    # table was audited alone without the constants; t1's Male 0 gives young/Male back.
    # Was: nothing at t0
    files = {"t0.csv": "age,Female,Male\nyoung,0,[c]\nold,0,0\n",
             "t1.csv": "sex,n\nFemale,0\nMale,0\nTotal,0\n",
             "t2.csv": "age,Female,Male,Total\nyoung,0,0,1\nold,0,0,0\nTotal,0,0,0\n",
             "r0.csv": REGIONS, "r1.csv": REGIONS}
    assert _t0_findings(tmp_path, files) == {("SDC501", "C2", "review")}
