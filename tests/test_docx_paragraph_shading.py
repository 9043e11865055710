"""Word: what lies behind a run and when Word hides it (hunt round 17, issue 12). A paragraph's
shading set by its paragraph style or by its table style (``w:pPr/w:shd`` in a style, a
conditional format among them) was not read: only a paragraph's own ``w:shd`` and the cells'
fills were. A white ``0`` after a ``3`` on a table style's white paragraph shading over its
black cell fill read as 30 and passed; the page shows 3. ``w:webHidden`` (hidden in Web Layout
view and in a copy saved as a web page, shown in print) was read as shown: a ``0`` after a 3
passed as 30. Now the paragraph's shading is its own, else its style's, else its table
style's, over the cell's fill; a web-hidden run is "may be hidden" (SDC605 ``review``, read as
written). Safe twin: white text on a table style's dark paragraph shading passes (was SDC605
``review``). Files on disk, written with python-docx."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.shared import RGBColor

import sdc
from sdc.policy import build_policy
from tests.conftest import found_with_status as _found
from tests.docx_tables import NS, add_ghost_styled_table

LOOK = (f'<w:tblLook {NS} w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>')
BLACK_SHADE = '<w:shd w:val="clear" w:color="auto" w:fill="000000"/>'
WHITE_SHADE = '<w:shd w:val="clear" w:color="auto" w:fill="FFFFFF"/>'
HIDDEN_3 = {("SDC101", "B3", "fail"), ("SDC602", None, "review"), ("SDC605", None, "review")}


def _check(tmp_path: Path, runs: tuple[tuple[str, str | None, str], ...], table_style: str = "",
           paragraph_style: str = "", normal: str = "") -> sdc.RunResult:
    """Rows region/East/West/North; West's count cell holds ``runs`` (text, direct colour, run
    properties) under a table style holding ``table_style`` and, when given, in a paragraph
    style whose pPr is ``paragraph_style``; ``normal``: run properties of the Normal style."""
    folder = tmp_path / "r"
    folder.mkdir(parents=True)
    document = docx.Document()
    if normal:
        document.styles["Normal"].element.append(parse_xml(f"<w:rPr {NS}>{normal}</w:rPr>"))
    if paragraph_style:
        document.styles.element.append(parse_xml(
            f'<w:style {NS} w:type="paragraph" w:styleId="Shaded"><w:name w:val="Shaded"/>'
            f'<w:pPr>{paragraph_style}</w:pPr></w:style>'))
    table = add_ghost_styled_table(document, table_style, LOOK)
    paragraph = table.cell(2, 1).paragraphs[0]
    if paragraph_style:
        paragraph._p.get_or_add_pPr().insert(0, parse_xml(f'<w:pStyle {NS} w:val="Shaded"/>'))
    for text, colour, props in runs:
        run = paragraph.add_run(text)
        if colour:
            run.font.color.rgb = RGBColor.from_string(colour)
        if props:
            run._r.get_or_add_rPr().append(parse_xml(props.replace("/>", f" {NS}/>", 1)))
    document.save(str(folder / "t.docx"))
    return sdc.check(folder, build_policy({}))


def _banded(inner: str) -> str:
    return f'<w:tblStylePr w:type="band2Horz">{inner}</w:tblStylePr>'  # West: band2Horz


def test_a_table_styles_paragraph_shading_lies_over_its_cell_fill(tmp_path: Path) -> None:
    # white paragraph shading over a black cell: the white 0 is not seen (was: pass, 30)
    style = _banded(f"<w:pPr>{WHITE_SHADE}</w:pPr><w:tcPr>{BLACK_SHADE}</w:tcPr>")
    result = _check(tmp_path, (("3", None, ""), ("0", "FFFFFF", "")), table_style=style)
    assert _found(result) == HIDDEN_3


def test_a_count_shown_on_a_table_styles_dark_shading_is_read(tmp_path: Path) -> None:
    # white 3 shown on the black shading, black 40 hidden on it (was: SDC605 review, read 40)
    for n, style in enumerate((_banded(f"<w:pPr>{BLACK_SHADE}</w:pPr>"),
                               f"<w:pPr>{BLACK_SHADE}</w:pPr>")):
        result = _check(tmp_path / str(n), (("3", "FFFFFF", ""), ("40", "000000", "")),
                        table_style=style)
        assert _found(result) == HIDDEN_3


def test_a_paragraph_styles_shading_is_read(tmp_path: Path) -> None:
    result = _check(tmp_path, (("3", "FFFFFF", ""), ("40", "000000", "")),
                    paragraph_style=BLACK_SHADE)
    assert _found(result) == HIDDEN_3  # was: SDC605 review, read as 40


def test_white_on_a_table_styles_dark_shading_is_shown(tmp_path: Path) -> None:
    # the safe twin (was: SDC605 review, white read as on the white page)
    result = _check(tmp_path, (("30", "FFFFFF", ""),),
                    table_style=_banded(f"<w:pPr>{BLACK_SHADE}</w:pPr>"))
    assert result.findings == [] and result.status.value == "pass"


def test_text_hidden_in_web_layout_is_for_a_person(tmp_path: Path) -> None:
    # 3 then a web-hidden 0: 30 in print, 3 on screen (was: pass); a web-hidden < before a 3
    result = _check(tmp_path / "a", (("3", None, ""), ("0", None, "<w:webHidden/>")))
    assert _found(result) == {("SDC602", None, "review"), ("SDC605", None, "review")}
    assert any(f.rule == "SDC605" and "Web Layout" in f.message for f in result.findings)
    result = _check(tmp_path / "b", (("<", None, "<w:webHidden/>"), ("3", None, "")))
    # read as ``<3``: also a censored marker whose bound is below the threshold (round 25)
    assert _found(result) == {("SDC605", None, "review"), ("SDC101", "B3", "review")}


def test_web_hidden_switched_off_is_shown(tmp_path: Path) -> None:
    result = _check(tmp_path, (("3", None, ""), ("0", None, '<w:webHidden w:val="0"/>')))
    assert result.findings == [] and result.status.value == "pass"


def test_a_tiny_font_a_table_style_gives_under_normals_size_is_for_a_person(
        tmp_path: Path) -> None:
    # Word may let the table style's 1 pt size override Normal's 11 pt (as colours already
    # are weighed): the 0 may be unseen, 3 on the page (was: pass, read 30)
    tiny = _banded('<w:rPr><w:sz w:val="2"/></w:rPr>')
    runs = (("3", None, '<w:sz w:val="22"/>'), ("0", None, ""))
    result = _check(tmp_path / "a", runs, table_style=tiny, normal='<w:sz w:val="22"/>')
    assert _found(result) == {("SDC602", None, "review"), ("SDC605", None, "review")}
    # no size in Normal: the table style's is the run's, the 0 hidden (as before)
    result = _check(tmp_path / "b", runs, table_style=tiny)
    assert _found(result) == HIDDEN_3
    # the twin: a table style's ordinary size under Normal's passes
    result = _check(tmp_path / "c", runs, table_style=_banded('<w:rPr><w:sz w:val="20"/></w:rPr>'),
                    normal='<w:sz w:val="22"/>')
    assert result.findings == [] and result.status.value == "pass"
