"""Round 51 (acro51): ACRO's outcome placed on a table whose margin has a name of its own.

``acro.crosstab([df.area, df.sex], df.died, values=df.pay, aggfunc="mean", margins=True,
margins_name="Everyone")`` (round 51's sweep, seed 51007 ``output_2`` of its ``extremes``
variant; ACRO 1.0.2's record trimmed to what sdc reads). pandas writes the header
``area,sex,0,1,Everyone``: codes under ``died`` and a margin name no policy lists, so the
reader takes the line for data, and no row or column label is the outcome's. Its cells were
found by their places in the file (``_file_places``) only if every data line's index labels
were the outcome key's; the margin line ``Everyone,`` (key ``('Everyone', '')``, its second
level a pad) was compared right-aligned, as ``['']``, and failed, so none of ACRO's 10 flags
was placed: base51 said each of SDC101/SDC201/SDC202 once for the whole table "in N places"
and SDC602 "ACRO flagged 10 cells that sdc could not find", and SDC602 at ``E1`` (the word
``Everyone``). Now the labels are compared level by level and each flag is named at its cell.
"""

from __future__ import annotations

import json
from pathlib import Path

import sdc
from sdc.policy import build_policy

POLICY = build_policy({}, profile="acro")
CSV = """area,sex,0,1,Everyone
East,F,13647.5,18736.333333333332,14821.846153846154
East,M,17160.14285714286,13022.5,16240.666666666666
North,F,11237.45,9608.142857142857,10815.037037037036
North,M,13478.761904761905,8063.5,11984.896551724138
South,F,15975.307692307691,11514.0,15138.8125
South,M,13471.25,10898.142857142857,12523.263157894737
Everyone,,13659.43373493976,10828.266666666666,12907.79646017699
"""
LOW = "MinimumThresholdCheck; "
ROWS = ["('East', 'F')", "('East', 'M')", "('North', 'F')", "('North', 'M')", "('South', 'F')",
        "('South', 'M')", "('Everyone', '')"]


def _outcome(margin: str) -> dict[str, dict[str, str]]:
    rows = [r.replace("Everyone", margin) for r in ROWS]
    flagged = {"0": {rows[1]: LOW}, margin: {rows[1]: LOW},
               "1": {r: LOW for r in rows[:6]} | {rows[1]: "NKCheck; PPercentCheck; " + LOW}}
    return {col: {r: flagged[col].get(r, "ok") for r in rows} for col in ("0", "1", margin)}


def _folder(root: Path, csv: str = CSV, margin: str = "Everyone") -> Path:
    """ACRO's folder for the table (``margin``: the name ACRO's outcome gives the margin)."""
    root.mkdir()
    (root / "output_2_0.csv").write_text(csv, encoding="utf-8")
    low = [[0, 1], [1, 0], [1, 1], [1, 2], [2, 1], [3, 1], [4, 1], [5, 1]]
    record = {
        "uid": "output_2", "status": "fail", "type": "table",
        "properties": {"method": "crosstab", "mitigation": "none"},
        "files": [{"name": "output_2_0.csv", "sdc": {
            "summary": {"NKCheck": 1, "PPercentCheck": 1, "MinimumThresholdCheck": 8},
            "cells": {"NKCheck": [[1, 1]], "PPercentCheck": [[1, 1]],
                      "MinimumThresholdCheck": low}}}],
        "outcome": _outcome(margin), "command": "crosstab", "comments": [], "exception": "",
        "fair": {"statbarn": "LinearAggregations", "check_status": {
            "NKCheck": "fail", "PPercentCheck": "fail", "MinimumThresholdCheck": "fail"}},
        "summary": "Mean : \nNKCheck: fail - 1 cells may need suppressing.\n PPercentCheck: "
                   "fail - 1 cells may need suppressing.\n MinimumThresholdCheck: fail - 8 "
                   "cells may need suppressing.\n"}
    results = {"version": "1.0.2", "results": {"output_2": record}}
    (root / "results.json").write_text(json.dumps(results), encoding="utf-8")
    return root


def _found(root: Path) -> set[tuple[str, str, str | None]]:
    return {(f.rule, f.status.value, f.location.cell)
            for f in sdc.check(root, POLICY).findings if f.location.path == "output_2_0.csv"}


# ACRO's 8 threshold flags (C3, D2-D7, E3) and its NK and P% flag (D3), each at its cell
EXPECTED = {("SDC101", "fail", ref) for ref in ("C3", "D2", "D3", "D4", "D5", "D6", "D7", "E3")
            } | {("SDC201", "fail", "D3"), ("SDC202", "fail", "D3")}


def test_acros_flags_are_named_at_their_cells_beside_a_margin_of_its_own(tmp_path: Path
                                                                          ) -> None:
    found = _found(_folder(tmp_path / "acro"))
    assert found == EXPECTED | {("SDC203", "review", None)}  # a mean's contributions: unknown


def test_the_same_table_with_pandas_margin_name_reads_alike(tmp_path: Path) -> None:
    # twin: ``All`` is a total the reader knows (the header is read as one): the same findings
    folder = _folder(tmp_path / "acro", CSV.replace("Everyone", "All"), margin="All")
    assert _found(folder) == EXPECTED | {("SDC203", "review", None)}


def test_a_file_whose_labels_are_not_the_outcomes_is_not_placed(tmp_path: Path) -> None:
    # twin: the file edited after ACRO (``South,M`` relabelled): no place is guessed for the
    # flag of the relabelled line (D7), which stays for the whole table with the misread
    # layout said (fail closed). Round 52: the reader learns ``Everyone`` as the table's own
    # margin (``layout_own_margin``), so the other flags are found by their labels, as
    # under ``All`` (round 51 left every flag table-wide, no label being the reader's)
    found = _found(_folder(tmp_path / "acro", CSV.replace("South,M", "South,X")))
    assert found == EXPECTED - {("SDC101", "fail", "D7")} | {
        ("SDC101", "fail", None), ("SDC203", "review", None), ("SDC602", "review", None)}


def test_index_labels_are_compared_level_by_level() -> None:
    from sdc.readers.acro_records import _rows_labelled
    from sdc.table import RawCell

    def line(row: int, *labels: str) -> list[RawCell]:  # shown cells only, as ``_shown_lines``
        return [RawCell(row=row, col=c, raw=t) for c, t in enumerate(labels) if t]

    keys = ["('East', 'F')", "('Everyone', '')"]
    assert _rows_labelled([line(1, "East", "F"), line(2, "Everyone", "")], keys, left=1)
    # a missing middle key (pandas writes it blank), and a label one level off
    assert _rows_labelled([line(1, "East", "", "F")], ["('East', nan, 'F')"], left=2)
    assert not _rows_labelled([line(1, "East", "F"), line(2, "", "Everyone")], keys, left=1)
    assert not _rows_labelled([line(1, "F", "East")], keys[:1], left=1)
