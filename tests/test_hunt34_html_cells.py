"""Round 34 (hunt34): an HTML page of more table cells than the policy's ``max_cells``.

A page's cells are held as objects while it is read: a 50 MB table of short numbers (4.3
million cells) peaked at ~4 GiB. Its cells are now counted on its bytes before it is parsed,
and a page over ``max_cells`` is refused (SDC602 ``review``, SDC606 ``fail``); the files
beside it are still checked, and a page within the limit is read as before."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import sdc
from sdc.policy import build_policy
from sdc.readers.documents.html import table_cells


def _page(rows: int) -> str:
    """pandas' ``to_html`` of a count table: two header rows of 3 cells (the columns' over
    the index's name), then ``rows`` rows of 3 cells, every count at least 30."""
    frame = pd.DataFrame({"F": [30 + r for r in range(rows)], "M": [60 + r for r in range(rows)]},
                         index=pd.Index([f"area {r}" for r in range(rows)], name="area"))
    return frame.to_html()


def _findings(root: Path, max_cells: int) -> set[tuple[str, str, str, str]]:
    result = sdc.check(root, build_policy({"rules": {"file-too-large": {"max_cells": max_cells}}}))
    return {(o.path, f.rule, f.status.value, f.message) for o in result.outputs
            for f in o.findings}


def test_a_page_over_the_cell_limit_is_refused_and_the_rest_checked(tmp_path: Path) -> None:
    (tmp_path / "big.html").write_text(_page(20))  # 2 x 3 header cells, 20 x 3: 66 cells
    pd.DataFrame({"n": [3, 40]}, index=["x", "y"]).to_csv(tmp_path / "a.csv")
    assert table_cells((tmp_path / "big.html").read_bytes()) == 66
    found = _findings(tmp_path, max_cells=65)
    assert {f for f in found if f[0] == "big.html"} == {
        ("big.html", "SDC602", "review", "not parsed: 66 table cells (limit 65)"),
        ("big.html", "SDC606", "fail", "too large: 66 table cells (limit 65)")}
    assert ("a.csv", "SDC101", "fail") in {f[:3] for f in found}  # still checked


def test_a_page_within_the_limit_is_read(tmp_path: Path) -> None:
    (tmp_path / "big.html").write_text(_page(20))
    assert _findings(tmp_path, max_cells=66) == set()
