"""Round 32 (hunt32): an HTML page the parser cannot read whole is never read in part.

libxml2 (lxml's HTML parser) recovers from a page nested past 256 elements by leaving out
everything deeper, and from a text node past 10 MB by stopping there, silently: a table
inside 300 ``<div>`` was no table and its 3 no number, so the page passed where a browser
shows the table. A fatal parser error now makes the page unreadable (SDC602 ``review``);
below the limit the table is read as before (SDC101 at its cell), and a safe page passes."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy

TABLE = ("<table><tr><th>region</th><th>n</th></tr><tr><td>North</td><td>{n}</td></tr>"
         "<tr><td>South</td><td>40</td></tr></table>")


def _page(depth: int, n: int) -> str:
    return ("<html><body>" + "<div>" * depth + TABLE.format(n=n) + "</div>" * depth
            + "</body></html>")


def _findings(root: Path) -> tuple[str, set[tuple[str, str, str | None, str]]]:
    result = sdc.check(root, build_policy({}))
    return (str(result.status), {(f.rule, str(f.status), f.location.cell, f.location.path)
                                 for f in result.findings})


@pytest.mark.parametrize("depth", [300, 5000])
def test_a_table_nested_past_the_parsers_depth_is_unreadable_not_passed(
        tmp_path: Path, depth: int) -> None:
    (tmp_path / "page.html").write_text(_page(depth, 3), encoding="utf-8")
    status, found = _findings(tmp_path)
    assert "pass" not in status.lower()
    assert [f[:2] for f in found] == [("SDC602", str(sdc.Status.REVIEW))]
    result = sdc.check(tmp_path, build_policy({}))
    assert "could not be read whole" in result.findings[0].message


def test_below_the_depth_the_table_is_read(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(_page(200, 3), encoding="utf-8")
    _, found = _findings(tmp_path)
    assert ("SDC101", str(sdc.Status.FAIL), "B2", "page.html") in {
        (r, s, c, p.split(",")[0]) for r, s, c, p in found}


def test_a_safe_page_nested_below_the_depth_passes(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(_page(200, 30), encoding="utf-8")
    status, found = _findings(tmp_path)
    assert not found and "pass" in status.lower()


def test_a_deep_html_table_in_markdown_is_unreadable(tmp_path: Path) -> None:
    # R Markdown keeps a kableExtra table as raw HTML: here inside 100 tables' cells
    block = "<table><tr><td>" * 100 + TABLE.format(n=3) + "</td></tr></table>" * 100
    (tmp_path / "notes.md").write_text(f"# Results\n\n{block}\n", encoding="utf-8")
    status, found = _findings(tmp_path)
    assert "pass" not in status.lower() and {f[0] for f in found} == {"SDC602"}


def test_a_text_node_past_the_parsers_limit_is_unreadable() -> None:
    """A paragraph of 11 MB: libxml2 stops near 10 MB and the table after it was left out."""
    from sdc.readers.documents.html import read_html
    from sdc.readers.documents.model import DocumentError

    page = "<html><body><p>" + "a " * 5_500_000 + "</p>" + TABLE.format(n=3) + "</body></html>"
    with pytest.raises(DocumentError, match="could not be read whole"):
        read_html(page.encode("utf-8"))
    assert len(read_html(_page(10, 3).encode("utf-8")).tables) == 1
