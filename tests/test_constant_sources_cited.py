"""A hidden cell pinned by a number another table publishes (a constant of its table's own
system, ``sdc.linking.published_constants`` / ``links_and_constants``) names that number's
cell among the cells it is recomputed from (``related``, DESIGN: "the margins of a
recoverable suppression"). Before, a practice's hidden count read "recomputed exactly from
redacted.csv!B3, redacted.csv!B4: it is 17" beside 15 and 20: the 52 it came from was
another table's grand total, which the reviewer was not shown."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from sdc.cli import app


def _findings(root: Path) -> list[dict]:
    result = CliRunner().invoke(app, ["check", str(root), "--format", "json", "-j", "1"])
    assert result.exit_code in (0, 1), result.output
    return [f for o in json.loads(result.stdout)["outputs"] for f in o["findings"]]


def _cells(locations: list[dict]) -> list[str]:
    return [f"{loc['path']}!{loc['cell']}" for loc in locations]


def test_a_grand_total_from_another_table_is_named(tmp_path: Path) -> None:
    (tmp_path / "freq.csv").write_text("region,male,female,total\nNorth,12,15,27\n"
                                       "South,5,20,25\nTotal,17,35,52\n")
    (tmp_path / "redacted.csv").write_text("practice,count\nP1,[REDACTED]\nP2,15\nP3,20\n")
    [found] = [f for f in _findings(tmp_path) if f["rule"] == "SDC501"]
    assert found["status"] == "review"  # linked only by the population both count
    assert (found["location"]["path"], found["location"]["cell"]) == ("redacted.csv", "B2")
    assert found["evidence"]["interval"] == [17.0, 17.0]
    assert _cells(found["related"]) == ["redacted.csv!B3", "redacted.csv!B4", "freq.csv!D4"]
    assert "freq.csv!D4" in found["message"]


def test_a_margin_printed_by_a_table_of_labels_is_named(tmp_path: Path) -> None:
    # a.csv's rows are unlabelled: its Female sum (x hidden + 15) is b.csv's Female 35
    (tmp_path / "a.csv").write_text("Female,Male\n[c],20\n15,30\n")
    (tmp_path / "b.csv").write_text("sex,n\nFemale,35\nMale,50\n")
    [found] = [f for f in _findings(tmp_path) if f["rule"] == "SDC501"]
    assert (found["location"]["path"], found["location"]["cell"]) == ("a.csv", "A2")
    assert found["evidence"]["interval"] == [20.0, 20.0]
    assert _cells(found["related"]) == ["a.csv!A3", "b.csv!B2"]


def test_a_table_alone_cites_only_its_own_cells(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("region,n\nNorth,[c]\nSouth,20\nTotal,32\n")
    [found] = [f for f in _findings(tmp_path) if f["rule"] == "SDC501"]
    assert found["evidence"]["interval"] == [12.0, 12.0]
    assert _cells(found["related"]) == ["t.csv!B3", "t.csv!B4"]
