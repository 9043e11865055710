"""A decoy table that contradicts the release made the audit drop every weak link of its
component at once (and, through a second panel of one file, every strong one), so a margin in
another table that gives a hidden cell back was unlinked with it and the release passed (issue
12, hunt8). When the links contradict, each pair of tables' links is now tried alone over the
ones kept: the hidden cell is found through the margin (SDC501 review: the links do not all
hold). Files on disk, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from sdc.cli import app
from tests.conftest import write_files

runner = CliRunner()

# North's F and M hidden; the sex margin gives them back: 65 - 25 - 30 = 10, 67 - 15 - 22 = 30
ROWS = "region,F,M,Total\nNorth,*,*,40\nSouth,25,15,40\nWest,30,22,52\n"
MARGIN = "sex,n\nF,65\nM,67\nTotal,132\n"
# a totals row no cells of ROWS can reach (F 20 < 25 + 30), consistent in itself
DECOY = "region,F,M,Total\nTotal,20,112,132\n"


def _check(root: Path) -> tuple[str, list[tuple[str, str, str, str]]]:
    result = runner.invoke(app, ["check", str(root), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    found = sorted((o["path"], f["rule"], f["location"]["cell"], f["status"])
                   for o in report["outputs"] for f in o["findings"])
    statuses = {o["status"] for o in report["outputs"]}
    status = "fail" if "fail" in statuses else "review" if "review" in statuses else "pass"
    return status, found


def _messages(root: Path, rule: str) -> dict[str, str]:
    result = runner.invoke(app, ["check", str(root), "--format", "json", "--show-values"])
    report = json.loads(result.stdout)
    return {o["path"] + (f" ({o['table']})" if o.get("table") else ""): f["message"]
            for o in report["outputs"] for f in o["findings"] if f["rule"] == rule}


def test_a_decoy_table_no_longer_unlinks_the_margin(tmp_path: Path) -> None:
    root = write_files(tmp_path / "r", {"a.csv": ROWS, "b.csv": MARGIN, "c.csv": DECOY})
    # was: pass (the decoy's link to a.csv contradicted, and b.csv's was dropped with it);
    # round 20: the contradiction itself is SDC402 review on the two tables that cannot both
    # hold (not on b.csv, whose links hold)
    assert _check(root) == ("review", [("a.csv", "SDC402", None, "review"),
                                       ("a.csv", "SDC501", "B2", "review"),
                                       ("a.csv", "SDC501", "C2", "review"),
                                       ("c.csv", "SDC402", None, "review")])
    messages = _messages(root, "SDC402")
    assert "shares with c.csv cannot all be the same numbers" in messages["a.csv"]
    assert "shares with a.csv cannot" in messages["c.csv"]


def test_a_decoy_second_panel_no_longer_unlinks_the_margin(tmp_path: Path) -> None:
    root = write_files(tmp_path / "r", {"t.csv": ROWS + "\n" + DECOY, "b.csv": MARGIN})
    assert _check(root) == ("review", [("t.csv", "SDC402", None, "review"),
                                       ("t.csv", "SDC402", None, "review"),
                                       ("t.csv", "SDC501", "B2", "review"),
                                       ("t.csv", "SDC501", "C2", "review")])


def test_without_the_margin_the_decoy_is_still_named(tmp_path: Path) -> None:
    # was: pass, the contradiction silent (nothing gives North's cells back, F + M = 40 only,
    # but the audit dropped the decoy's links: what they would have shown was not checked)
    root = write_files(tmp_path / "r", {"a.csv": ROWS, "c.csv": DECOY})
    assert _check(root) == ("review", [("a.csv", "SDC402", None, "review"),
                                       ("c.csv", "SDC402", None, "review")])


def test_a_hidden_rectangle_beside_the_decoy_and_the_margin_is_named_for_the_decoy(
        tmp_path: Path) -> None:
    # North's and South's F and M hidden, each in [0, 35] through the margin: no cell given
    # back, the decoy's contradiction alone reviewed
    rows = "region,F,M,Total\nNorth,*,*,40\nSouth,*,*,40\nWest,30,22,52\n"
    root = write_files(tmp_path / "r", {"a.csv": rows, "b.csv": MARGIN, "c.csv": DECOY})
    assert _check(root) == ("review", [("a.csv", "SDC402", None, "review"),
                                       ("c.csv", "SDC402", None, "review")])


def test_tables_that_agree_pass(tmp_path: Path) -> None:
    # the twin: the same rectangle, the margin and a totals row that its cells can reach
    # (F 65, M 67: the margin's)
    rows = "region,F,M,Total\nNorth,*,*,40\nSouth,*,*,40\nWest,30,22,52\n"
    agrees = "region,F,M,Total\nTotal,65,67,132\n"
    root = write_files(tmp_path / "r", {"a.csv": rows, "b.csv": MARGIN, "c.csv": agrees})
    assert _check(root) == ("pass", [])
