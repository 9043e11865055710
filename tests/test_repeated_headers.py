"""Repeated column names (``region,region,n,n``): each column stays its own measure, so the
audit, the lines and the findings are the file's own, the same on every run (issue 14 item 3).
They used to share one measure name: two columns' cells fell into one line, the audit raised
a KeyError and reported it as SDC602 with a Python object id in the message. Which column is
which cannot be told from the file, so the table is also SDC602 review (without the label)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

import sdc
from sdc.cli import app
from sdc.policy import build_policy


def _found(result: sdc.RunResult) -> list[tuple[str, str, str | None, str | None]]:
    return sorted((f.rule, f.status.value, f.location.cell, f.location.column_label)
                  for f in result.findings)


def _write(path: Path, rows: list[list[object]], columns: list[str]) -> Path:
    # pandas writes the repeated names as given (mangle only happens when reading)
    pd.DataFrame(rows, columns=columns).to_csv(path, index=False)
    return path


def test_repeated_measure_names_are_audited_each_on_its_own(tmp_path: Path) -> None:
    csv = _write(tmp_path / "dup.csv",
                 [["North", "A", 12, 3], ["South", "A", 40, "[c]"], ["East", "A", 25, 14],
                  ["Total", "A", 77, 30]],
                 ["region", "region", "n", "n"])
    result = sdc.check(csv, build_policy({}))
    # D3 is 30 - 3 - 14 = 13; nothing mixes column C's counts into column D's lines
    assert _found(result) == [
        ("SDC101", "fail", "D2", "n (column D)"),
        ("SDC501", "fail", "D3", "n (column D)"),
        ("SDC602", "review", None, None),
    ]
    (doubt,) = [f for f in result.findings if f.rule == "SDC602"]
    assert doubt.message == ("table not fully understood: columns C, D have the same header: "
                             "each is checked on its own, but which is which a person must tell")


def test_repeated_names_without_totals_give_the_same_report_every_run(tmp_path: Path) -> None:
    csv = _write(tmp_path / "dup.csv",
                 [["North", "East", 12, 3], ["South", "West", 40, "[c]"],
                  ["East", "North", 25, 14]],
                 ["region", "region", "n", "n"])
    runner = CliRunner()
    reports = []
    for _ in range(2):
        done = runner.invoke(app, ["check", str(csv), "--format", "json"])
        assert done.exit_code == 1, done.output
        reports.append(json.loads(done.stdout))
    first = [(f["rule"], f["location"]["cell"], f["message"])
             for o in reports[0]["outputs"] for f in o["findings"]]
    assert first == [
        ("SDC101", "D2", "count 3 is below the threshold 10"),
        ("SDC602", None, "table not fully understood: columns C, D have the same header: each "
                         "is checked on its own, but which is which a person must tell")]
    assert reports[0]["outputs"] == reports[1]["outputs"]


def test_a_repeated_name_still_fails_closed_in_every_column(tmp_path: Path) -> None:
    """The guess (two measures) is wrong if the columns were meant as one: every cell is
    still checked as a count, so small ones fail in both."""
    csv = _write(tmp_path / "dup.csv", [["a", 4, 50], ["b", 60, 2], ["c", 30, 40]],
                 ["grp", "n", "n"])
    result = sdc.check(csv, build_policy({}))
    assert _found(result) == [("SDC101", "fail", "B2", "n (column B)"),
                              ("SDC101", "fail", "C3", "n (column C)"),
                              ("SDC602", "review", None, None)]
