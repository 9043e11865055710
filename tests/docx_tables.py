"""The Word table the style tests share: rows region/East/West/North under a custom table
style ``Ghost``, with a chosen ``w:tblLook`` (or none), so each test sets only the style's
formats and West's count cell."""

from __future__ import annotations

from collections.abc import Callable

from docx.document import Document
from docx.oxml import parse_xml
from docx.table import Table
from docx.text.run import Run

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
ROWS = [("region", "n"), ("East", "40"), ("West", ""), ("North", "50")]
_TBL_LOOK = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblLook"


def add_ghost_styled_table(document: Document, style_body: str, look: str | None,
                           on_count: Callable[[Run], None] | None = None) -> Table:
    """Add the table style ``Ghost`` (``style_body`` after its row band size) and a 4 x 2
    table of ROWS in it, its ``w:tblLook`` replaced by ``look`` (None: no look); West's count
    cell (row 2, column 1) is left empty for the test. ``on_count`` is called with each count
    run written (to colour it)."""
    document.styles.element.append(parse_xml(
        f'<w:style {NS} w:type="table" w:styleId="Ghost"><w:name w:val="Ghost"/>'
        f'<w:tblPr><w:tblStyleRowBandSize w:val="1"/></w:tblPr>{style_body}</w:style>'))
    table = document.add_table(rows=4, cols=2)
    tbl_pr = table._tbl.tblPr
    tbl_pr.insert(0, parse_xml(f'<w:tblStyle {NS} w:val="Ghost"/>'))
    for old in tbl_pr.findall(_TBL_LOOK):
        tbl_pr.remove(old)
    if look is not None:
        tbl_pr.append(parse_xml(look))
    for i, (region, n) in enumerate(ROWS):
        table.cell(i, 0).text = region
        if n:
            run = table.cell(i, 1).paragraphs[0].add_run(n)
            if on_count is not None:
                on_count(run)
    return table
