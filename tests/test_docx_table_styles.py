"""A Word table style's conditional formats matched to cells (hunt round 16, issue 12): a
custom table style whose banded rows (``w:tblStylePr w:type="band2Horz"``), whole table or
last column set white text made a ``0`` after a black ``3`` (or a ``<`` before it) white on
the white page; only the run's own and its styles' colours were read, so the cell read as 30
(or the marker ``<3``) and passed a count of 3. The style's formats are now matched to the
cell through the table's ``w:tblLook`` and the cell's place, in the order Office applies
them; where the match is not certain (no ``w:tblLook``) every possibility is weighed and
faint text in any is "may be hidden" (SDC605 review), never shown. Safe twins: a format the
table's look switches off, a white header on a dark fill, and a safe table in each of the
100 table styles python-docx's template carries. Files on disk, written with python-docx."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import RGBColor
from docx.text.run import Run

import sdc
from sdc.policy import build_policy
from tests.conftest import found_with_status as _found
from tests.docx_tables import NS, add_ghost_styled_table

LOOK = ('<w:tblLook {ns} w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="{last}" w:noHBand="0" w:noVBand="1"/>')


def _check(tmp_path: Path, kind: str, props: str = '<w:color w:val="FFFFFF"/>',
           runs: tuple[tuple[str, str | None], ...] = (("3", "000000"), ("0", None)),
           look: str | None = LOOK, last_column: str = "0", fill: str = "",
           others: str | None = None) -> sdc.RunResult:
    """Rows region/East/West/North; West's count cell holds ``runs`` (text, direct colour)
    under a table style whose ``kind`` format sets ``props`` (and a cell ``fill``); the other
    cells' text in the colour ``others`` when given."""
    folder = tmp_path / "r"
    folder.mkdir(parents=True)
    document = docx.Document()
    shading = (f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{fill}"/></w:tcPr>'
               if fill else "")
    style_body = (f'<w:tblStylePr w:type="{kind}"><w:rPr>{props}</w:rPr>{shading}'
                  '</w:tblStylePr>')

    def colour_other(run: Run) -> None:
        if others:
            run.font.color.rgb = RGBColor.from_string(others)

    table = add_ghost_styled_table(
        document, style_body, None if look is None else look.format(ns=NS, last=last_column),
        on_count=colour_other)
    for text, colour in runs:
        run = table.cell(2, 1).paragraphs[0].add_run(text)
        if colour:
            run.font.color.rgb = RGBColor.from_string(colour)
    document.save(str(folder / "t.docx"))
    return sdc.check(folder, build_policy({}))


def test_a_digit_a_banded_row_whitens_is_hidden_text(tmp_path: Path) -> None:
    # West is the second data row under a header row: band2Horz
    result = _check(tmp_path, "band2Horz")
    assert _found(result) == {("SDC101", "B3", "fail"), ("SDC602", None, "review"),
                              ("SDC605", None, "review")}  # was: pass (read as 30)


def test_a_marker_a_banded_row_whitens_is_no_marker(tmp_path: Path) -> None:
    result = _check(tmp_path, "band2Horz", runs=(("<", None), ("3", "000000")))
    assert _found(result) == {("SDC101", "B3", "fail"), ("SDC605", None, "review")}  # was: pass


def test_a_digit_the_last_column_whitens_when_the_look_shows_it(tmp_path: Path) -> None:
    result = _check(tmp_path, "lastCol", last_column="1", others="000000")
    assert _found(result) == {("SDC101", "B3", "fail"), ("SDC602", None, "review"),
                              ("SDC605", None, "review")}  # was: pass


def test_a_format_the_look_switches_off_is_not_applied(tmp_path: Path) -> None:
    no_bands = LOOK.replace('w:noHBand="0"', 'w:noHBand="1"')
    for n, (kind, props, look) in enumerate((
            ("lastCol", '<w:color w:val="FFFFFF"/>', LOOK), ("lastCol", "<w:vanish/>", LOOK),
            ("band2Horz", '<w:color w:val="FFFFFF"/>', no_bands))):
        result = _check(tmp_path / str(n), kind, props=props, look=look, last_column="0")
        assert result.findings == [] and result.status.value == "pass"


def test_white_on_the_banded_rows_own_dark_fill_is_shown(tmp_path: Path) -> None:
    result = _check(tmp_path, "band2Horz", runs=(("30", None),), fill="1F3864")
    assert result.findings == [] and result.status.value == "pass"


def test_without_a_look_every_match_is_weighed(tmp_path: Path) -> None:
    # whether West is banded depends on switches the file does not set: may be hidden
    result = _check(tmp_path, "band2Horz", look=None)
    assert _found(result) == {("SDC602", None, "review"), ("SDC605", None, "review")}
    assert any(f.rule == "SDC605" and "table style may give" in f.message
               for f in result.findings)


ROWS = [("region", "men", "women"), ("East", "40", "52"), ("West", "31", "27"),
        ("North", "50", "45"), ("Total", "121", "124")]
# this template's Colorful Shading Accent 3 lacks the corner format its siblings have: the
# first column's white text on the first row's white fill, as Office draws it
CORNERLESS = "Colorful Shading Accent 3"


def _styled(folder: Path, names: list[str]) -> Path:
    """One document holding the safe table once in each of the table styles ``names``."""
    folder.mkdir(parents=True)
    document = docx.Document()
    for name in names:
        table = document.add_table(rows=len(ROWS), cols=len(ROWS[0]))
        table.style = document.styles[name]
        for i, row in enumerate(ROWS):
            for j, value in enumerate(row):
                table.cell(i, j).text = value
    document.save(str(folder / "t.docx"))
    return folder


def _flagged_one_by_one(tmp_path: Path, names: list[str]) -> dict[str, set]:
    """The styles whose table alone is not ``pass`` (a failure's diagnosis only)."""
    flagged = {}
    for n, name in enumerate(names):
        result = sdc.check(_styled(tmp_path / "each" / str(n), [name]), build_policy({}))
        if result.status.value != "pass":
            flagged[name] = _found(result)
    return flagged


def test_safe_tables_in_the_templates_table_styles(tmp_path: Path) -> None:
    # the 99 styles expected safe share one document: python-docx's template (every style's
    # XML) is read once instead of 99 times (29 s of CI CPU); each table is read under its own
    # style, and white text in any of them would make the document SDC605 review
    names = [s.name for s in docx.Document().styles if s.type == WD_STYLE_TYPE.TABLE]
    assert len(names) == 100 and CORNERLESS in names
    safe = [name for name in names if name != CORNERLESS]
    together = sdc.check(_styled(tmp_path / "safe", safe), build_policy({}))
    assert len(together.outputs) == len(safe) + 1  # the document's text and each table
    assert together.status.value == "pass" and together.findings == [], \
        _flagged_one_by_one(tmp_path, safe)
    alone = sdc.check(_styled(tmp_path / "cornerless", [CORNERLESS]), build_policy({}))
    assert _found(alone) == {("SDC605", None, "review")}
