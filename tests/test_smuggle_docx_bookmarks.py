"""A count in a Word bookmark's name (issue 12, hunt17).

A bookmark's name is stored in ``word/document.xml`` and shown by no page; the package's
attribute text was searched for identifiers only, so ``North_deaths_3`` beside a safe table
passed. A bookmark's name is now read as a LaTeX cross-reference key is
(``source_notes.key_not_understood``): SDC602 ``review`` naming the bookmark's part; Word's
own (``_Toc…``, ``_Ref…``, ``_GoBack``) and a name with its number glued on (``Table3``) pass.
Files as python-docx writes them, through ``sdc check``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sdc.cli import app

docx = pytest.importorskip("docx")
runner = CliRunner()
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def bookmarked_docx(bookmark: str) -> bytes:
    """A python-docx document: a region table under a paragraph carrying ``bookmark``."""
    import io

    from docx.oxml import parse_xml

    d = docx.Document()
    p = d.add_paragraph("Patients by region")
    table = d.add_table(rows=3, cols=2)
    for r, row in enumerate([("Region", "Patients"), ("North", "30"), ("South", "45")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    p._p.append(parse_xml(f'<w:bookmarkStart {W} w:id="0" w:name="{bookmark}"/>'))
    p._p.append(parse_xml(f'<w:bookmarkEnd {W} w:id="0"/>'))
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _document(folder: Path, bookmark: str) -> None:
    folder.mkdir()
    (folder / "t.docx").write_bytes(bookmarked_docx(bookmark))


def _findings(folder: Path) -> list[tuple[str, str, str]]:
    result = runner.invoke(app, ["check", str(folder), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return [(f["rule"], f["status"], f["message"].rsplit(": ", 1)[-1])
            for o in json.loads(result.stdout)["outputs"] for f in o["findings"]]


@pytest.mark.parametrize("bookmark", ["North_deaths_3", "north:3"])
def test_a_count_in_a_bookmark_s_name_is_named(tmp_path: Path, bookmark: str) -> None:
    _document(tmp_path / "r", bookmark)
    # was: pass
    assert _findings(tmp_path / "r") == [
        ("SDC602", "review", "bookmark name in 'word/document.xml' (hidden)")]


@pytest.mark.parametrize("bookmark", ["_Toc123456789", "_Ref98765432", "_GoBack", "Table3",
                                      "results_2023"])
def test_word_s_own_bookmarks_pass(tmp_path: Path, bookmark: str) -> None:
    _document(tmp_path / "r", bookmark)
    assert _findings(tmp_path / "r") == []
