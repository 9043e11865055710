"""A ``w:webHidden`` a style gives (issue 12, Hunt round 17, insider pass): python-docx writes
a character style or a paragraph style with ``<w:webHidden/>`` in its run properties and
applies it to the 0 after a 3 in a count cell (Word shows 30 in Print Layout and 3 in Web
Layout). hunt6 read a run's own ``w:webHidden`` as "may be hidden"; the style's is resolved the
same way (no change needed): SDC605 ``review`` with the digit named, never a pass as 30. The
same table without the style passes."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy

docx = pytest.importorskip("docx")
POLICY = build_policy({})


def _write(folder: Path, where: str) -> Path:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement

    folder.mkdir(parents=True)
    document = docx.Document()
    styles = [document.styles.add_style("Quiet", WD_STYLE_TYPE.CHARACTER),
              document.styles.add_style("QuietPara", WD_STYLE_TYPE.PARAGRAPH)]
    for style in styles:
        style.element.get_or_add_rPr().append(OxmlElement("w:webHidden"))
    table = document.add_table(rows=3, cols=2)
    for (row, col), text in {(0, 0): "region", (0, 1): "n", (1, 0): "North", (1, 1): "45",
                             (2, 0): "South"}.items():
        table.cell(row, col).text = text
    cell = table.cell(2, 1)
    cell.paragraphs[0].add_run("3")
    if where == "character":
        cell.paragraphs[0].add_run("0").style = styles[0]
    elif where == "paragraph":
        cell.add_paragraph("0", style=styles[1])
    else:
        cell.paragraphs[0].add_run("0")
    document.save(str(folder / "t.docx"))
    return folder


DOCUMENT = {("SDC602", "t.docx", None, "review"), ("SDC605", "t.docx", None, "review")}


@pytest.mark.parametrize(("where", "cells"), [
    ("character", set()),  # the run read as written (30), the document names it
    ("paragraph", {("SDC602", "t.docx", "B3", "review")})])  # two paragraphs: 3 and 0
def test_a_styles_web_hidden_digit_is_for_a_person(tmp_path: Path, where: str,
                                                   cells: set) -> None:
    result = sdc.check(_write(tmp_path / where, where), POLICY)
    assert {(f.rule, f.location.path, f.location.cell, f.status.value)
            for f in result.findings} == DOCUMENT | cells
    assert "Web Layout" in next(f.message for f in result.findings if f.rule == "SDC605")
    assert result.status.value == "review"


def test_the_same_table_without_the_style_passes(tmp_path: Path) -> None:
    result = sdc.check(_write(tmp_path / "plain", "none"), POLICY)
    assert result.findings == [] and result.status.value == "pass"
