"""A Word run fitted into no width (issue 12, hunt15).

``w:fitText`` squeezes a run into the width it names (twentieths of a point): ``3`` then a
``0`` fitted into 1/20 point shows 3 while the cell holds 30, read as a count of 30, and
passed (``w:w`` under 20% was already caught). A run fitted into under 2 points is now hidden
text (``_hidden_shape`` in ``sdc/readers/documents/word_look.py``): taken out of the cell,
so SDC101 ``fail`` at the 3, and SDC605 on the document. A run fitted into an inch passes."""

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


def _document(path: Path, first: str, fitted: str, width: int) -> None:
    document = docx.Document()
    table = document.add_table(rows=4, cols=2)
    for r, (region, deaths) in enumerate([("Region", "Deaths"), ("North", ""), ("South", "45"),
                                          ("East", "60")]):
        table.cell(r, 0).text = region
        if r == 1:
            p = table.cell(r, 1).paragraphs[0]._p
            p.append(parse_xml(f"<w:r {W}><w:t>{first}</w:t></w:r>"))
            p.append(parse_xml(f'<w:r {W}><w:rPr><w:fitText w:val="{width}" w:id="7"/></w:rPr>'
                               f"<w:t>{fitted}</w:t></w:r>"))
        else:
            table.cell(r, 1).text = deaths
    document.save(path)


@pytest.mark.parametrize("width", [1, 39])
def test_a_digit_fitted_into_no_width_is_hidden(tmp_path: Path, width: int) -> None:
    _document(tmp_path / "t.docx", "3", "0", width)
    findings = sdc.check(tmp_path, POLICY).findings
    assert sorted((f.rule, f.status.value, f.location.cell) for f in findings) == [
        ("SDC101", "fail", "B2"), ("SDC602", "review", None), ("SDC605", "review", None)]


def test_a_run_fitted_into_an_inch_passes(tmp_path: Path) -> None:
    _document(tmp_path / "t.docx", "3", "0", 1440)
    result = sdc.check(tmp_path, POLICY)
    assert result.status.value == "pass", result.findings
