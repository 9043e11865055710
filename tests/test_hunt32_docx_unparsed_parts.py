"""Round 32 (hunt32): a Word part sdc reads itself is never left unread in silence.

``word._package_text`` reads the footnotes, endnotes, headers and footers with lxml; a part
it could not parse was skipped (``None``), and since ``_parts`` leaves those parts to it, its
text was read by nothing: footnotes nested past libxml2's 256 levels (or not well-formed)
held "North had 3 patients" and the document passed. Now the document is unreadable (SDC602
``review``); the same footnote nested 10 deep is read (its number reviewed as before), and a
document whose footnotes carry no number passes."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

import sdc
from sdc.policy import build_policy

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _document(path: Path, note: str, depth: int) -> None:
    base = path.with_suffix(".base.docx")
    made = docx.Document()
    made.add_paragraph("The results are in the notes.")
    made.save(str(base))
    body = ("<w:sdt><w:sdtContent>" * depth + f"<w:p><w:r><w:t>{note}</w:t></w:r></w:p>"
            + "</w:sdtContent></w:sdt>" * depth)
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w") as out:
        for item in source.infolist():
            out.writestr(item, source.read(item.filename))
        out.writestr("word/footnotes.xml", f'<?xml version="1.0"?><w:footnotes {W}>'
                     f'<w:footnote w:id="1">{body}</w:footnote></w:footnotes>')
    base.unlink()


def _check(root: Path) -> tuple[str, list[tuple[str, str]]]:
    result = sdc.check(root, build_policy({}))
    return str(result.status), [(f.rule, f.message) for f in result.findings]


@pytest.mark.parametrize("depth", [300, 2000])
def test_footnotes_past_the_parsers_depth_make_the_document_unreadable(
        tmp_path: Path, depth: int) -> None:
    _document(tmp_path / "report.docx", "North had 3 patients", depth)
    status, found = _check(tmp_path)
    assert "pass" not in status.lower()
    assert [rule for rule, _ in found] == ["SDC602"]
    assert "word/footnotes.xml could not be parsed" in found[0][1]


def test_footnotes_that_are_no_xml_make_the_document_unreadable(tmp_path: Path) -> None:
    _document(tmp_path / "report.docx", "North had 3 patients</w:t>", 0)  # not well-formed
    status, found = _check(tmp_path)
    assert "pass" not in status.lower() and [rule for rule, _ in found] == ["SDC602"]
    assert "word/footnotes.xml could not be parsed" in found[0][1]


def test_shallow_footnotes_are_read(tmp_path: Path) -> None:
    _document(tmp_path / "report.docx", "North had 3 patients", 10)
    _, found = _check(tmp_path)
    assert [rule for rule, _ in found] == ["SDC602"]
    assert "numbers not understood" in found[0][1]


def test_the_safe_twin_passes(tmp_path: Path) -> None:
    _document(tmp_path / "report.docx", "See the methods section", 10)
    status, found = _check(tmp_path)
    assert found == [] and "pass" in status.lower()


def _with_part(path: Path, part: str, tail: bytes) -> None:
    """A python-docx document whose ``part`` (one python-docx does not parse) ends with
    ``tail`` in place of its closing ``>``: no longer well-formed XML."""
    base = path.with_suffix(".base.docx")
    docx.Document().save(str(base))
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w") as out:
        for name in source.namelist():
            data = source.read(name)
            out.writestr(name, data.rstrip()[:-1] + tail if name == part else data)
    base.unlink()


def test_a_malformed_part_searched_for_identifiers_is_flagged(tmp_path: Path) -> None:
    """``_parts`` searches the parts no reader above reads for identifiers; one that is not
    well-formed XML was searched by nothing, and its name and birth date passed."""
    _with_part(tmp_path / "report.docx", "word/fontTable.xml",
               b"<x>John Smith, born 1961-03-02, NHS 943 476 5919</x>")
    status, found = _check(tmp_path)
    assert "fail" in status.lower()
    rules = {rule for rule, _ in found}
    assert {"SDC604", "SDC605"} <= rules
    assert any("'word/fontTable.xml' inside the .docx is not XML" in m for _, m in found)
