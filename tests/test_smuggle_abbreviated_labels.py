"""A whole and its subgroup whose labels one of them abbreviates (issue 12, hunt17).

``a.csv`` counts all patients by ``North East``, ``South West``, ``London``; ``b.csv`` counts
the patients aged 18+ by ``NE``, ``SW``, ``LDN``: no label is shared, so SDC503 never took the
whole less the subgroup, and the 3 children in each region passed (hunt16's residual). Labels
one output alone has that each abbreviate exactly one the other alone has (its initials, or
its letters in order) are now paired one to one for the subgroup comparison and for a
re-run (``Patients`` by ``NE`` here, by ``North East`` there, one patient apart)
(``sdc.abbreviated_labels``): SDC503 ``review`` at each cell. Files as pandas writes them,
through ``sdc check``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sdc.abbreviated_labels import abbreviates, renaming
from sdc.cli import app

runner = CliRunner()
WHOLE = "Region,All patients\nNorth East,30\nSouth West,45\nLondon,60\n"


def _findings(folder: Path) -> list[tuple[str, str, str, str | None]]:
    result = runner.invoke(app, ["check", str(folder), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return sorted((o["path"], f["rule"], f["status"], f["location"]["cell"])
                  for o in json.loads(result.stdout)["outputs"] for f in o["findings"])


@pytest.mark.parametrize("labels", [("NE", "SW", "LDN"), ("N.E.", "S.W.", "Lon"),
                                    ("ne", "sw", "ldn")])
def test_a_subgroup_under_abbreviated_labels_is_compared(tmp_path: Path,
                                                         labels: tuple[str, ...]) -> None:
    (tmp_path / "a.csv").write_text(WHOLE)
    (tmp_path / "b.csv").write_text("Region,Patients aged 18+\n" + "".join(
        f"{label},{n}\n" for label, n in zip(labels, (27, 42, 57), strict=True)))
    # was: pass; each cell is the whole less the subgroup, and the same count 3 apart
    assert _findings(tmp_path) == [("b.csv", "SDC503", "review", f"B{r}")
                                   for r in (2, 2, 3, 3, 4, 4)]


@pytest.mark.parametrize(("first", "second"), [
    (WHOLE, "Region,Patients\nNE,29\nSW,45\nLDN,60\n"),
    ("Region,Patients\nNE,30\nSW,45\nLDN,60\n", "Region,Patients\nNorth East,29\n"
     "South West,45\nLondon,60\n"),
])
def test_a_rerun_under_abbreviated_labels_is_compared(tmp_path: Path, first: str, second: str
                                                      ) -> None:
    (tmp_path / "a.csv").write_text(first.replace("All patients", "Patients"))
    (tmp_path / "b.csv").write_text(second)
    # was: pass (the same labels spelt alike: SDC503 fail, 1 patient apart)
    assert _findings(tmp_path) == [("b.csv", "SDC503", "review", "B2")]


def test_abbreviated_labels_far_from_the_whole_pass(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(WHOLE)
    (tmp_path / "b.csv").write_text("Region,Patients aged 18+\nNE,17\nSW,30\nLDN,41\n")
    assert _findings(tmp_path) == []


def test_a_renaming_is_one_to_one_or_none() -> None:
    assert renaming(["NE", "SE"], ["North East", "South East", "South West"]) == {
        "NE": "North East", "SE": "South East"}
    assert renaming(["S"], ["South East", "South West"]) == {}  # which one: no guess
    assert renaming(["NE", "North East"], ["North East"]) == {}  # two for one
    assert not abbreviates("North", "North East")  # a word of it, not its abbreviation
    assert not abbreviates("E", "North East")
