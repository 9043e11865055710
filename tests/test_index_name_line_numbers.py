"""pandas' index-name line (``region,,,``) is looked for deep under the header only when a
header line repeats a name (``F,F,M,M``; ``,cost,cost,cost`` under ``,mean,std,count``). A
first data row repeating a number (``East,,12,12``: its one value and its row margin, as ACRO
writes a suppressed table) is no header line: taken for one, the fully suppressed ``West,,,``
further down passed for the index's name, every line above it became a header, and the
West cells the margins give away were never audited (a wrong ``review``; beside ACRO's
results.json, a cell ACRO flagged got no finding)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def test_a_data_row_repeating_a_number_is_no_header_line(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("region,F,M,All\nEast,,12,12\nNorth,30,40,70\nSouth,20,25,45\nWest,,,\n"
                    "All,53,80,133\n", encoding="utf-8")
    result = sdc.check(path, POLICY)
    (output,) = result.outputs
    assert (output.table.header_rows, output.table.data_rows) == ([1], [2, 3, 4, 5, 6])
    assert findings_of(result, {"SDC501"}) == {
        ("SDC501", "t.csv", "B2"), ("SDC501", "t.csv", "B5"), ("SDC501", "t.csv", "C5"),
        ("SDC501", "t.csv", "D5")}
    assert result.status == "fail"


def test_a_line_of_repeated_names_still_finds_the_index_name(tmp_path: Path) -> None:
    frame = pd.DataFrame({"region": ["North"] * 12 + ["South"] * 15,
                          "cost": [float(100 + 7 * i) for i in range(27)]})
    pivot = frame.pivot_table(index="region", values="cost", aggfunc=["mean", "std", "count"])
    pivot.to_csv(tmp_path / "p.csv")
    result = sdc.check(tmp_path / "p.csv", POLICY)
    (output,) = result.outputs
    assert output.table.header_rows == [1, 2, 3]
    assert output.table.data_rows == [4, 5]
