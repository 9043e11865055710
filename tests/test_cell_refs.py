"""``output.not_understood`` keeps the cells nothing checks, their references made when read
(``sdc.table.CellRefs``): a row-level file has hundreds of thousands (issue 12 ch. 12, issue
14 §3). SDC602 names the same cells, in file order, as when they were strings."""

from __future__ import annotations

import pickle
from pathlib import Path

import pandas as pd

import sdc
from sdc.coverage import enforce_coverage
from sdc.policy import build_policy
from sdc.readers import read_output


def test_the_uncovered_cells_are_named_in_file_order(tmp_path: Path) -> None:
    # two measures whose names say nothing beside a run of ids (labels): every value is a
    # number no rule checks
    frame = pd.DataFrame({"id": range(101, 161), "a": [1.5] * 60, "b": [2.5] * 60})
    frame.to_csv(tmp_path / "rows.csv", index=False)
    policy = build_policy({})
    (output,) = read_output(tmp_path / "rows.csv", "rows.csv", policy)
    enforce_coverage([output], policy)
    refs = output.not_understood
    expected = [f"{col}{row}" for row in range(2, 62) for col in "BC"]
    assert len(refs) == 120
    assert refs == expected and list(refs) == expected
    assert refs[:3] == ["B2", "C2", "B3"] and refs[-1] == "C61" and "B30" in refs
    assert pickle.loads(pickle.dumps(refs)) == expected  # -j workers send it back
    (finding,) = [f for f in sdc.check(tmp_path / "rows.csv", policy).findings
                  if f.rule == "SDC602" and "not understood" in f.message]
    assert finding.message == ("120 numbers not understood (no rule checks them): "
                               + ", ".join(expected[:50]) + " and 70 more")
    assert finding.evidence["cells"] == expected[:50]


def test_text_in_a_count_column_beyond_those_named_stays_uncovered(tmp_path: Path) -> None:
    # a count column, so its numbers are checked; 25 cells of text with a digit: SDC602 names
    # the first 20 one by one (NAMED_UNPARSED) and the coverage check names the other 5
    counts = [str(20 + k) for k in range(60)] + [f"{k} approx" for k in range(1, 26)]
    frame = pd.DataFrame({"region": [f"Area {chr(65 + k // 26)}{chr(65 + k % 26)}"
                                     for k in range(85)], "count": counts})
    frame.to_csv(tmp_path / "t.csv", index=False)
    policy = build_policy({})
    (output,) = read_output(tmp_path / "t.csv", "t.csv", policy)
    enforce_coverage([output], policy)
    assert output.table is not None and len(output.table.unparsed) == 25
    assert output.not_understood == [f"B{row}" for row in range(82, 87)]
