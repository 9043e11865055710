"""Round 36 (acro36): ACRO 1.0.2's ``files[].sdc.cells`` places of a shorter table.

``acro.pivot_table(df, index=["area", "grp"], values="pay", aggfunc=["mean", "count"],
margins=True)`` (written by ACRO 1.0.2, trimmed to what sdc reads): two groups have no records,
one has negative pay. ACRO computes its dominance masks on a table pandas made without the
empty groups, so ``files[].sdc.cells`` lists NK and P% at row 3 of that table, while the
outcome (aligned by labels) flags row 5, ``B / g3``. Round 35's seed 35006 ``output_3`` was
SDC602 ``review`` for it ("ACRO flagged 8 cells that sdc could not find").
"""

from __future__ import annotations

import json
from pathlib import Path

import sdc
from sdc.policy import build_policy

POLICY = build_policy({}, profile="acro")
CSV = """,,mean,count
,,pay,pay
area,grp,,
A,g1,,0
A,g2,1203.5,12
A,g3,1210.5,12
B,g1,1203.5,12
B,g2,,0
B,g3,-789.5,12
All,,707.0,48
"""
FLAGS = "MinimumThresholdCheck; PresenceOfZeroCheck; "
NEGATIVE = ("NKCheck: Dominance not defined when negative value are present PPercentCheck: "
            "Dominance not defined when negative value are present ")


def _column(margins: bool) -> dict[str, str]:
    column = {"('A', 'g1')": FLAGS, "('A', 'g2')": "ok", "('A', 'g3')": "ok",
              "('B', 'g1')": "ok", "('B', 'g2')": FLAGS,
              "('B', 'g3')": "NKCheck; PPercentCheck; ", "('All', '')": "ok"}
    return column if margins else {k: v for k, v in column.items() if "All" not in k}


def _folder(root: Path, dominance: list[list[int]], margins: bool = True) -> Path:
    """ACRO's folder for the table, ``dominance`` the NK and P% places its files list
    (``margins=False``: the same table without its ``All`` line)."""
    root.mkdir()
    csv = CSV if margins else CSV.replace("All,,707.0,48\n", "")
    (root / "output_0_0.csv").write_text(csv, encoding="utf-8")
    zeros = [[0, 0], [4, 0]]
    record = {
        "uid": "output_0", "status": "fail", "type": "table",
        "properties": {"method": "pivot_table", "mitigation": "none"},
        "files": [{"name": "output_0_0.csv", "sdc": {
            "summary": {"NKCheck": len(dominance), "PPercentCheck": len(dominance),
                        "MinimumThresholdCheck": 2, "PresenceOfZeroCheck": 2},
            "cells": {"NKCheck": dominance, "PPercentCheck": dominance,
                      "MinimumThresholdCheck": zeros, "PresenceOfZeroCheck": zeros}}}],
        "outcome": {"('mean', 'pay')": _column(margins), "('count', 'pay')": _column(margins)},
        "command": "pivot_table", "comments": [], "exception": "",
        "fair": {"statbarn": "Frequencies", "check_status": {
            "PresenceOfZeroCheck": "fail", "MinimumThresholdCheck": "fail"}},
        "summary": f"Mean : \n{NEGATIVE}\n MinimumThresholdCheck: fail - 2 cells may need "
                   "suppressing.\nFrequencyTable : \n PresenceOfZeroCheck: fail - 2 cells may "
                   "need suppressing.\n MinimumThresholdCheck: fail - 2 cells may need "
                   "suppressing.\n"}
    results = {"version": "1.0.2", "results": {"output_0": record}}
    (root / "results.json").write_text(json.dumps(results), encoding="utf-8")
    return root


def _found(root: Path) -> set[tuple[str, str, str | None]]:
    return {(f.rule, f.status.value, f.location.cell)
            for f in sdc.check(root, POLICY).findings if f.location.path == "output_0_0.csv"}


EXPECTED = {("SDC102", "fail", "D4"), ("SDC102", "fail", "D8"),
            ("SDC103", "fail", "D5"), ("SDC103", "fail", "D7"),
            ("SDC203", "review", None),
            ("SDC204", "review", "C9"), ("SDC204", "review", "D9")}


def test_places_of_acros_shorter_table_are_the_outcomes_cells(tmp_path: Path) -> None:
    # the places ACRO 1.0.2 wrote: row 3 of the mask without A/g1 and B/g2 is B/g3
    assert _found(_folder(tmp_path / "acro", [[3, 0]])) == EXPECTED


def test_a_place_beyond_the_outcomes_count_still_counts(tmp_path: Path) -> None:
    # twin: the files list names three places, the outcome one cell with NK and P%: each
    # place counts at its own cell of the file (rows 1-3 of the outcome: A / g2, A / g3,
    # B / g1), the ``All,,`` line matching the outcome's ``('All', '')`` level by level (round
    # 51; round 36 could not place them and said SDC602 with a table-wide SDC204)
    found = _found(_folder(tmp_path / "acro", [[3, 0], [1, 0], [2, 0]]))
    assert found == EXPECTED | {("SDC204", "review", "C5"), ("SDC204", "review", "C6"),
                                ("SDC204", "review", "C7")}


def test_a_shifted_place_is_not_put_on_another_cell(tmp_path: Path) -> None:
    # without margins the file's lines are the outcome's keys, so the list's row 3 could be
    # placed: it is B / g1 (C7), a cell ACRO did not flag
    assert _found(_folder(tmp_path / "acro", [[3, 0]], margins=False)) == EXPECTED
