"""A count in a Word table cell or paragraph inside an element python-docx does not read
(issue 12, hunt15).

python-docx's ``cell.text`` reads a paragraph's own runs: a run inside a content control
(``w:sdt``, in the paragraph or around it), a simple field's result (``w:fldSimple``), a smart
tag, a custom XML element, a bidi wrapper (``w:dir``, ``w:bdo``), a moved-to revision, a ruby's
base, an equation (``m:oMathPara``) or a markup-compatibility choice was not read, so North's
3 deaths read as a blank cell and passed while Word shows 3. The cell is now read from every
run the page shows (``_cell_paragraphs``, ``_shown_runs`` in
``sdc/readers/documents/word.py``): SDC101 ``fail`` at B2. Text moved away (``w:moveFrom``)
is a tracked deletion: hidden text, its number SDC602. A body paragraph is read the same way
(``North had <3> deaths`` in a content control or a field: SDC602 ``review``). Documents as
python-docx writes them, the XML set as Word writes these elements."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

import sdc
from sdc.policy import build_policy

POLICY = build_policy({})
W = nsdecls("w")
MATH = 'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
RUN = "<w:r><w:t>{n}</w:t></w:r>"

WRAPPERS = {
    "content control": f"<w:sdt {W}><w:sdtPr/><w:sdtContent>{RUN}</w:sdtContent></w:sdt>",
    "simple field": f'<w:fldSimple {W} w:instr=" MERGEFIELD deaths ">{RUN}</w:fldSimple>',
    "smart tag": f'<w:smartTag {W} w:uri="u" w:element="e">{RUN}</w:smartTag>',
    "custom xml": f'<w:customXml {W} w:element="e">{RUN}</w:customXml>',
    "dir": f'<w:dir {W} w:val="ltr">{RUN}</w:dir>',
    "bdo": f'<w:bdo {W} w:val="ltr">{RUN}</w:bdo>',
    "moved to": f'<w:moveTo {W} w:id="1" w:author="a">{RUN}</w:moveTo>',
    "ruby base": (f"<w:r {W}><w:ruby><w:rubyPr/><w:rubyBase>{RUN}</w:rubyBase></w:ruby></w:r>"),
    "equation": (f"<m:oMathPara {MATH}><m:oMath><m:r><m:t>{{n}}</m:t></m:r></m:oMath>"
                 "</m:oMathPara>"),
    "choice": (f'<mc:AlternateContent {MC} {W}><mc:Choice Requires="w14">{RUN}</mc:Choice>'
               f"<mc:Fallback>{RUN}</mc:Fallback></mc:AlternateContent>"),
}


def _document(path: Path, *north_xml: str) -> None:
    document = docx.Document()
    table = document.add_table(rows=4, cols=2)
    for r, (region, deaths) in enumerate([("Region", "Deaths"), ("North", ""), ("South", "45"),
                                          ("East", "60")]):
        table.cell(r, 0).text = region
        if r == 1:
            for xml in north_xml:
                table.cell(r, 1).paragraphs[0]._p.append(parse_xml(xml))
        else:
            table.cell(r, 1).text = deaths
    document.save(path)


@pytest.mark.parametrize("wrapper", list(WRAPPERS))
def test_a_count_inside_a_wrapper_is_read(tmp_path: Path, wrapper: str) -> None:
    _document(tmp_path / "t.docx", WRAPPERS[wrapper].replace("{n}", "3"))
    result = sdc.check(tmp_path, POLICY)
    small = [(f.rule, f.status.value, f.location.cell) for f in result.findings
             if f.rule == "SDC101"]
    assert small == [("SDC101", "fail", "B2")], result.findings


@pytest.mark.parametrize("wrapper", [w for w in WRAPPERS if w != "moved to"])
def test_a_safe_count_inside_a_wrapper_passes(tmp_path: Path, wrapper: str) -> None:
    _document(tmp_path / "t.docx", WRAPPERS[wrapper].replace("{n}", "30"))
    result = sdc.check(tmp_path, POLICY)
    assert result.status.value == "pass", result.findings


def test_text_moved_away_is_a_tracked_deletion(tmp_path: Path) -> None:
    _document(tmp_path / "t.docx", f"<w:r {W}><w:t>30</w:t></w:r>",
              f'<w:moveFrom {W} w:id="1" w:author="a"><w:r><w:t>3</w:t></w:r></w:moveFrom>')
    findings = sdc.check(tmp_path, POLICY).findings
    assert sorted((f.rule, f.status.value) for f in findings) == [("SDC602", "review"),
                                                                  ("SDC605", "review")]
    (numbers,) = (f for f in findings if f.rule == "SDC602")
    assert numbers.evidence["places"] == ["tracked deletions (hidden)"]


def _prose(path: Path, xml: str, *, body_level: bool = False) -> None:
    document = docx.Document()
    table = document.add_table(rows=4, cols=2)
    for r, (region, deaths) in enumerate([("Region", "Deaths"), ("North", "*"), ("South", "45"),
                                          ("East", "60")]):
        table.cell(r, 0).text, table.cell(r, 1).text = region, deaths
    if body_level:
        document.element.body.insert(len(document.element.body) - 1, parse_xml(xml))
    else:
        paragraph = document.add_paragraph("Note: ")
        paragraph._p.append(parse_xml(xml))
        paragraph._p.append(parse_xml(f'<w:r {W}><w:t xml:space="preserve"> deaths.</w:t></w:r>'))
    document.save(path)


@pytest.mark.parametrize(("xml", "body_level"), [
    (WRAPPERS["content control"].replace("{n}", "North 3"), False),
    (WRAPPERS["simple field"].replace("{n}", "North 3"), False),
    (f"<w:sdt {W}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>North had 3 deaths.</w:t></w:r>"
     "</w:p></w:sdtContent></w:sdt>", True),
])
def test_a_count_inside_a_wrapper_in_prose_is_read(
        tmp_path: Path, xml: str, body_level: bool) -> None:
    _prose(tmp_path / "t.docx", xml, body_level=body_level)
    (finding,) = sdc.check(tmp_path, POLICY).findings
    assert (finding.rule, finding.status.value) == ("SDC602", "review")
    assert finding.evidence["places"] == ["paragraph 1"]


def test_prose_in_a_wrapper_without_a_number_passes(tmp_path: Path) -> None:
    _prose(tmp_path / "t.docx", WRAPPERS["content control"].replace("{n}", "North had no"))
    result = sdc.check(tmp_path, POLICY)
    assert result.status.value == "pass", result.findings


def test_a_count_inside_a_content_control_in_a_header_is_read(tmp_path: Path) -> None:
    _prose(tmp_path / "t.docx", WRAPPERS["content control"].replace("{n}", "North had no"))
    document = docx.Document(str(tmp_path / "t.docx"))
    document.sections[0].header.paragraphs[0]._p.append(
        parse_xml(WRAPPERS["content control"].replace("{n}", "North 3")))
    document.save(tmp_path / "t.docx")
    (finding,) = sdc.check(tmp_path, POLICY).findings
    assert (finding.rule, finding.status.value) == ("SDC602", "review")
    assert finding.evidence["places"] == ["section 1 header"]


def _field(code: str, cached: str) -> list[str]:
    return [f'<w:r {W}><w:fldChar w:fldCharType="begin"/></w:r>',
            f'<w:r {W}><w:instrText xml:space="preserve">{code}</w:instrText></w:r>',
            f'<w:r {W}><w:fldChar w:fldCharType="separate"/></w:r>',
            f"<w:r {W}><w:t>{cached}</w:t></w:r>",
            f'<w:r {W}><w:fldChar w:fldCharType="end"/></w:r>']


@pytest.mark.parametrize("north", [
    [f'<w:fldSimple {W} w:instr=" = 3 "><w:r><w:t>30</w:t></w:r></w:fldSimple>'],
    [f"<w:fldSimple {W} w:instr=' IF 1 = 1 \"30\" \"3\" '><w:r><w:t>30</w:t></w:r>"
     "</w:fldSimple>"],
    _field(" QUOTE 3 ", "30"),
    _field(" SEQ deaths \\r 3 ", "30"),
])
def test_a_field_that_computes_its_text_from_a_number_is_flagged(
        tmp_path: Path, north: list[str]) -> None:
    """Updating the fields shows 3 where Word cached 30 (hunt15): the code's number is hidden
    text (SDC602) and the document is flagged (SDC605)."""
    _document(tmp_path / "t.docx", *north)
    findings = sdc.check(tmp_path, POLICY).findings
    assert sorted((f.rule, f.status.value) for f in findings) == [("SDC602", "review"),
                                                                  ("SDC605", "review")]
    (numbers,) = (f for f in findings if f.rule == "SDC602")
    assert numbers.evidence["places"] == ["field code 1 (hidden)"]


@pytest.mark.parametrize("code", [" MERGEFIELD deaths ", " = SUM(ABOVE) ", " PAGE ",
                                  ' TOC \\o "1-3" \\h ', " SEQ Table \\* ARABIC ",
                                  ' = B3+B4 \\# "0" '])
def test_a_field_whose_code_holds_no_count_passes(tmp_path: Path, code: str) -> None:
    _document(tmp_path / "t.docx", *_field(code, "30"))
    result = sdc.check(tmp_path, POLICY)
    assert result.status.value == "pass", result.findings


def test_a_computing_field_in_a_footer_is_flagged(tmp_path: Path) -> None:
    _prose(tmp_path / "t.docx", WRAPPERS["content control"].replace("{n}", "North had no"))
    document = docx.Document(str(tmp_path / "t.docx"))
    footer = document.sections[0].footer.paragraphs[0]._p
    footer.append(parse_xml(f'<w:fldSimple {W} w:instr=" QUOTE 3 "><w:r><w:t>Page 1</w:t>'
                            "</w:r></w:fldSimple>"))
    document.save(tmp_path / "t.docx")
    findings = sdc.check(tmp_path, POLICY).findings
    assert sorted((f.rule, f.status.value) for f in findings) == [("SDC602", "review"),
                                                                  ("SDC605", "review")]
    (numbers,) = (f for f in findings if f.rule == "SDC602")
    assert numbers.evidence["places"] == ["field code 1 (hidden)"]


@pytest.mark.parametrize("wrapper", ["smartTag", "customXml"])
def test_a_smart_tag_or_custom_xml_attribute_is_hidden_text(tmp_path: Path, wrapper: str) -> None:
    """``<w:attr w:val="3"/>`` beside North's 30: no page shows it (hunt15)."""
    element = 'w:uri="u" w:element="e"' if wrapper == "smartTag" else 'w:element="e"'
    _document(tmp_path / "t.docx",
              f'<w:{wrapper} {W} {element}><w:{wrapper}Pr><w:attr w:name="n" w:val="3"/>'
              f"</w:{wrapper}Pr><w:r><w:t>30</w:t></w:r></w:{wrapper}>")
    findings = sdc.check(tmp_path, POLICY).findings
    assert sorted((f.rule, f.status.value) for f in findings) == [("SDC602", "review"),
                                                                  ("SDC605", "review")]
    (numbers,) = (f for f in findings if f.rule == "SDC602")
    assert numbers.evidence["places"] == ["smart tag and custom XML attributes (hidden)"]
