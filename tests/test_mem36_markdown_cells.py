"""Round 36 (mem36): a Markdown file's raw HTML ``<table>`` blocks are bounded by ``max_cells``
as an HTML page's tables are.

The blocks are read by the HTML reader (round 31), but with no cell budget: a Markdown file
of one pasted ``to_html`` table of any size was parsed whole, where the same table as a page
over the limit is refused before it is parsed (round 34). Now the blocks' cells are counted
first (all blocks together) and a file over the limit is refused with the findings the page
gives (SDC602 ``review``, SDC606 ``fail``); its twin at the limit is read, its count checked.
A block's ``<iframe srcdoc>`` pages are counted as a page's are (round 35)."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

import sdc
from sdc.policy import build_policy


def _table(counts: list[int]) -> str:
    """``to_html`` of one column of counts: ``2 + 2 * len(counts)`` cells."""
    return pd.DataFrame({"n": counts}, index=[f"area {i}" for i in range(len(counts))]).to_html()


def _markdown(*blocks: str) -> str:
    return "# Results\n\nCounts by area.\n\n" + "\n\nMore.\n\n".join(blocks) + "\n\nEnd.\n"


def _findings(root: Path, max_cells: int) -> set[tuple[str, str, str, str]]:
    result = sdc.check(root, build_policy({"rules": {"file-too-large": {"max_cells": max_cells}}}))
    return {(o.path, f.rule, f.status.value, f.message) for o in result.outputs
            for f in o.findings}


def _refused(name: str, cells: int, limit: int, srcdocs: str = "") -> set[tuple[str, ...]]:
    verb = "not read" if srcdocs else "not parsed"
    return {(name, "SDC602", "review", f"{verb}: {cells} table cells{srcdocs} (limit {limit})"),
            (name, "SDC606", "fail", f"too large: {cells} table cells{srcdocs} (limit {limit})")}


def test_an_html_block_over_the_cell_limit_is_refused_as_its_page_is(tmp_path: Path) -> None:
    table = _table([30] * 20)  # 42 cells
    (tmp_path / "notes.md").write_text(_markdown(table))
    (tmp_path / "page.html").write_text(table)
    found = _findings(tmp_path, max_cells=41)
    assert found == _refused("notes.md", 42, 41) | _refused("page.html", 42, 41)


def test_its_twin_at_the_limit_is_read(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text(_markdown(_table([30] * 19 + [3])))  # a count of 3
    assert _findings(tmp_path, max_cells=42) == {
        ("notes.md", "SDC101", "fail", "count 3 is below the threshold 10")}


def test_the_blocks_of_one_file_count_together(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text(_markdown(_table([30] * 10), _table([40] * 10)))
    assert _findings(tmp_path, max_cells=43) == _refused("notes.md", 44, 43)  # 22 + 22
    assert _findings(tmp_path, max_cells=44) == set()


def test_a_blocks_srcdoc_cells_count_as_a_pages_do(tmp_path: Path) -> None:
    inner = "<html><body>" + _table([30] * 20) + "</body></html>"  # 42 cells
    block = f'<table><tr><td><iframe srcdoc="{html.escape(inner)}"></iframe></td></tr></table>'
    (tmp_path / "notes.md").write_text(_markdown(block))  # 1 cell of its own
    assert _findings(tmp_path, max_cells=42) == _refused(
        "notes.md", 43, 42, " with its <iframe srcdoc> pages'")
    assert ("notes.md", "SDC606") not in {f[:2] for f in _findings(tmp_path, max_cells=43)}
