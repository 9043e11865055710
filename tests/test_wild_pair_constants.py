"""A pair of tables tried alone with the numbers one publishes for the other (issue 12, hunt12).

Found by ``test_wild_constants``' property test on a new seed (12), shrunk by hand to four
files: ``t2.csv`` prints no grand total (wild) and hides its old Male; ``t3.csv`` hides both
margins under a Total of 159. t2's published Female sum (110) is a constant of t3's Female, and
t2's Male sum is wild-linked to t3's Male: together 159 - 110 = 49 Male, so t2's hidden old
Male is 49 - 45 = 4. ``t0.csv`` (wild too) and ``t4.csv`` contradict each other, so the wild
links as a whole contradict: each pair's wild links were then tried alone *without* the
constants, and the constants only without the wild links. Neither gives the 4, and t2.csv
passed while the weak links as links (the oracle) find it. Each pair is now also tried with its
own constants (``_each_pair_with_its_constants``): SDC501 ``review`` at t2.csv C3. Safe twin:
both of t2's Male cells hidden (their sum 49 leaves each a wide range), beside a decoy that
contradicts t0 by its Total alone (t4's Male 1 would pin t2's Male sum to 1: SDC502, on main
too)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from sdc.cli import app
from tests.conftest import write_files

runner = CliRunner()

DECOYS = {"t0.csv": "age,Female,Male\nyoung,[c],[c]\nold,26,3\n",
          "t4.csv": "sex,n\nFemale,[c]\nMale,1\nTotal,26\n"}
MARGINS = "sex,n\nFemale,[c]\nMale,[c]\nTotal,159\n"


def _findings(folder: Path) -> tuple[dict[str, str], set[tuple[str, str, str, str]]]:
    result = runner.invoke(app, ["check", str(folder), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    outputs = json.loads(result.stdout)["outputs"]
    return ({o["path"]: o["status"] for o in outputs},
            {(o["path"], f["rule"], f["location"]["cell"], f["status"])
             for o in outputs for f in o["findings"] if o["path"] == "t2.csv"})


def test_a_pair_gives_the_hidden_cell_back_with_its_own_constants(tmp_path: Path) -> None:
    root = write_files(tmp_path / "r", {**DECOYS, "t3.csv": MARGINS,
                                        "t2.csv": "age,Female,Male\nyoung,40,45\nold,70,[c]\n"})
    statuses, found = _findings(root)
    assert found == {("t2.csv", "SDC501", "C3", "review")}
    assert statuses["t2.csv"] == "review"


def test_its_twin_with_both_male_cells_hidden_passes(tmp_path: Path) -> None:
    root = write_files(tmp_path / "r", {
        "t0.csv": DECOYS["t0.csv"], "t4.csv": "sex,n\nFemale,[c]\nMale,[c]\nTotal,20\n",
        "t3.csv": MARGINS, "t2.csv": "age,Female,Male\nyoung,40,[c]\nold,70,[c]\n"})
    statuses, found = _findings(root)
    assert found == set()
    assert statuses["t2.csv"] == "pass"
