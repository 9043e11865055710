"""Round 32 (hunt32): a page declaring a 16- or 32-bit encoding its bytes do not have.

``<meta charset="utf-16">`` on a page written in ASCII (or UTF-8) made libxml2 decode it as
UTF-16: a few CJK characters, no table, no number, and the page passed, where a browser reads
it as UTF-8 (the HTML standard's rule for such a declaration) and shows the table. The page
is now read as the browser reads it; a real UTF-16 page (with its byte-order mark) is read as
before, and the safe twin passes."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy

TABLE = ("<table><tr><th>region</th><th>n</th></tr><tr><td>North</td><td>{n}</td></tr>"
         "<tr><td>South</td><td>40</td></tr></table>")


def _page(head: str, n: int) -> str:
    return f"<html><head>{head}</head><body>{TABLE.format(n=n)}</body></html>"


def _found(root: Path) -> tuple[str, set[tuple[str, str | None]]]:
    result = sdc.check(root, build_policy({}))
    return str(result.status), {(f.rule, f.location.cell) for f in result.findings}


@pytest.mark.parametrize("head", [
    '<meta charset="utf-16">',
    '<meta http-equiv="Content-Type" content="text/html; charset=UTF-16LE">',
    "<meta charset='ucs-2'>",
    '<meta charset="utf-32">',
])
def test_a_declared_wide_encoding_does_not_hide_the_table(tmp_path: Path, head: str) -> None:
    (tmp_path / "page.html").write_text(_page(head, 3), encoding="utf-8")
    status, found = _found(tmp_path)
    assert ("SDC101", "B2") in found and "fail" in status.lower()


def test_a_real_utf16_page_is_read(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_bytes(_page('<meta charset="utf-16">', 3).encode("utf-16"))
    _, found = _found(tmp_path)
    assert ("SDC101", "B2") in found


def test_the_safe_twin_passes(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(_page('<meta charset="utf-16">', 30), encoding="utf-8")
    status, found = _found(tmp_path)
    assert not found and "pass" in status.lower()
