"""Round 35 (html35): an ``<iframe srcdoc>`` page's table cells count against ``max_cells``.

A srcdoc page is read as a page of its own (its tables are the document's), but its cells are
escaped in an attribute (``&lt;td``): the count of the page's bytes did not see them, so a
page under the limit read any number of cells through one. They are counted with the page's
own now, and a page over the limit that way is refused as a plain one is (SDC602 ``review``,
SDC606 ``fail``); its twin under the limit is read, its counts checked."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

import sdc
from sdc.policy import build_policy
from sdc.readers.documents.html import table_cells


def _table(counts: list[int]) -> str:
    """pandas' ``to_html`` of one column of counts: a header row of 2 cells, one row of 2 cells
    a count (its label and its count): ``2 + 2 * len(counts)`` cells."""
    return pd.DataFrame({"n": counts}, index=[f"area {i}" for i in range(len(counts))]).to_html()


def _page(counts: list[int]) -> str:
    """A page of one table of 2 counts (6 cells), and an iframe whose srcdoc page holds a table
    of ``counts``."""
    inner = "<html><body>" + _table(counts) + "</body></html>"
    return ("<html><body>" + _table([40, 50]) + f'<iframe srcdoc="{html.escape(inner)}">'
            "</iframe></body></html>")


def _findings(root: Path, max_cells: int) -> set[tuple[str, str, str, str]]:
    result = sdc.check(root, build_policy({"rules": {"file-too-large": {"max_cells": max_cells}}}))
    return {(o.path, f.rule, f.status.value, f.message) for o in result.outputs
            for f in o.findings}


def test_the_page_bytes_do_not_show_the_srcdoc_cells(tmp_path: Path) -> None:
    assert table_cells(_page([30] * 20).encode()) == 6  # 20 rows of the srcdoc's: unseen


def test_a_srcdoc_page_over_the_cell_limit_is_refused(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(_page([30] * 20))  # 6 cells + 42 in the srcdoc
    found = _findings(tmp_path, max_cells=47)
    assert found == {
        ("page.html", "SDC602", "review",
         "not read: 48 table cells with its <iframe srcdoc> pages' (limit 47)"),
        ("page.html", "SDC606", "fail",
         "too large: 48 table cells with its <iframe srcdoc> pages' (limit 47)")}


def test_its_twin_at_the_limit_is_read(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(_page([30] * 19 + [3]))  # a count of 3: SDC101
    assert _findings(tmp_path, max_cells=48) == {
        ("page.html", "SDC101", "fail", "count 3 is below the threshold 10"),
        ("page.html", "SDC605", "review", "active content: a <iframe> element")}


def test_a_srcdoc_inside_a_srcdoc_counts_too(tmp_path: Path) -> None:
    inner = "<html><body>" + _table([30] * 20) + "</body></html>"
    middle = f'<html><body><iframe srcdoc="{html.escape(inner)}"></iframe></body></html>'
    page = f'<html><body>{_table([40, 50])}<iframe srcdoc="{html.escape(middle)}"></iframe>'
    (tmp_path / "page.html").write_text(page + "</body></html>")
    found = _findings(tmp_path, max_cells=47)
    assert ("page.html", "SDC606", "fail",
            "too large: 48 table cells with its <iframe srcdoc> pages' (limit 47)") in found
    assert ("page.html", "SDC606") not in {f[:2] for f in _findings(tmp_path, max_cells=48)}
