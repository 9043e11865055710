"""pandas writes a workbook with XlsxWriter when it is installed (its preferred engine) and with
openpyxl otherwise; a researcher's environment may have either: the same table gets the same
findings whichever wrote it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy

FRAME = pd.DataFrame({"region": ["North", "North", "South", "South", "East", "East"],
                      "sex": ["F", "M", "F", "M", "F", "M"],
                      "n": [12, 4, 30, 41, 25, 19]})


def _crosstab() -> pd.DataFrame:
    people = FRAME.loc[FRAME.index.repeat(FRAME["n"])]
    return pd.crosstab(people["region"], people["sex"], margins=True)


SAVES = {
    "crosstab": lambda path, engine: _crosstab().to_excel(path, engine=engine),
    "crosstab-unmerged": lambda path, engine: _crosstab().to_excel(
        path, engine=engine, merge_cells=False),
    "long, no index": lambda path, engine: FRAME.to_excel(path, engine=engine, index=False),
    "two header levels": lambda path, engine: FRAME.pivot_table(
        index="region", columns="sex", values="n", aggfunc=["sum"]).to_excel(
        path, engine=engine),
}


def _found(folder: Path) -> list[tuple[str, str | None, str]]:
    result = sdc.check(folder, build_policy({}))
    return sorted((f.rule, f.location.cell, f.status.value) for f in result.findings)


@pytest.mark.parametrize("shape", sorted(SAVES))
def test_both_writers_get_the_same_findings(tmp_path: Path, shape: str) -> None:
    found = {}
    for engine in ("openpyxl", "xlsxwriter"):
        folder = tmp_path / engine
        folder.mkdir()
        SAVES[shape](folder / "t.xlsx", engine)
        found[engine] = _found(folder)
    assert found["xlsxwriter"] == found["openpyxl"]
    # North's 4 men are below the threshold: every shape names a count-rule failure
    assert any(rule == "SDC101" and status == "fail"
               for rule, _, status in found["xlsxwriter"])


def test_the_crosstab_fails_at_the_small_cell(tmp_path: Path) -> None:
    SAVES["crosstab"](tmp_path / "t.xlsx", "xlsxwriter")
    # rows: header, East, North, South, All; columns: region, F, M, All
    assert ("SDC101", "C3", "fail") in _found(tmp_path)
