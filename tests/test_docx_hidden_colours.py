"""Word runs no reader sees (hunt round 16, issue 12): a digit coloured like what lies behind
it (white on the white page, theme colour background1, near-white #FEFEFE, black on a black
cell, red on a red cell, yellow text on a yellow highlight, black on black run shading) and
runs a character style hides, shrinks under 2 points, raises or strikes (only the run's own
formatting was read): ``3`` then such a ``0`` read as 30 and passed a count of 3. A hidden
run is taken out of the cell as the page shows it (SDC101 at the 3) and is the document's
hidden text (SDC605, its numbers named by SDC602); a raised or struck run is a mark (SDC602 at
the cell). White text on a page whose screen background is dark may be seen: flagged, read as
written. Safe twins: white on a dark cell, red text, black on a yellow highlight and light
grey text pass. Files on disk, written with python-docx."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

import sdc
from sdc.policy import build_policy
from tests.conftest import found_with_status as _found

Run = Callable[[Any], None]


def _check(tmp_path: Path, runs: list[tuple[str, Run | None]], fill: str | None = None,
           style: str | None = None, page: str | None = None) -> sdc.RunResult:
    folder = tmp_path / "r"
    folder.mkdir(parents=True)
    document = docx.Document()
    if style:
        ghost = document.styles.add_style("Ghost", WD_STYLE_TYPE.CHARACTER)
        if style == "white":
            ghost.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        elif style == "vanish":
            ghost.element.get_or_add_rPr().append(OxmlElement("w:vanish"))
        elif style == "superscript":
            ghost.font.superscript = True
        elif style == "tiny":
            ghost.font.size = Pt(1)
        elif style == "strike":
            ghost.font.strike = True
    table = document.add_table(rows=4, cols=2)
    for i, (region, n) in enumerate([("region", "n"), ("East", "40"), ("West", ""),
                                      ("North", "50")]):
        table.cell(i, 0).text = region
        if n:
            table.cell(i, 1).text = n
    cell = table.cell(2, 1)
    for text, fmt in runs:
        run = cell.paragraphs[0].add_run(text)
        if fmt is not None:
            fmt(run)
    if fill:
        cell._tc.get_or_add_tcPr().append(_shading(fill))
    if page:
        background = OxmlElement("w:background")
        background.set(qn("w:color"), page)
        document.element.insert(0, background)
    document.save(str(folder / "t.docx"))
    return sdc.check(folder, build_policy({}))


def _shading(fill: str) -> Any:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    return shd


def _rgb(hex_: str) -> Run:
    def set_colour(run: Any) -> None:
        run.font.color.rgb = RGBColor.from_string(hex_)
    return set_colour


def _theme(run: Any) -> None:
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "auto")
    colour.set(qn("w:themeColor"), "background1")
    run._r.get_or_add_rPr().append(colour)


def _yellow_on_highlight(run: Any) -> None:
    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0x00)
    highlight = OxmlElement("w:highlight")
    highlight.set(qn("w:val"), "yellow")
    run._r.get_or_add_rPr().append(highlight)


def _black_on_shading(run: Any) -> None:
    run.font.color.rgb = RGBColor(0, 0, 0)
    run._r.get_or_add_rPr().append(_shading("000000"))


def _ghost(run: Any) -> None:
    run.style = "Ghost"


HIDDEN = {("SDC101", "B3", "fail"), ("SDC602", None, "review"), ("SDC605", None, "review")}


@pytest.mark.parametrize("zero, fill", [
    (_rgb("FFFFFF"), None), (_rgb("FEFEFE"), None), (_theme, None),
    (_yellow_on_highlight, None), (_black_on_shading, None),
    (_rgb("000000"), "000000"), (_rgb("C00000"), "C00000")])
def test_a_digit_coloured_like_its_background_is_hidden_text(
        tmp_path: Path, zero: Run, fill: str | None) -> None:
    result = _check(tmp_path, [("3", None), ("0", zero)], fill=fill)
    # was: pass (read as 30)
    assert _found(result) == HIDDEN
    assert any(f.rule == "SDC605" and "coloured like its background" in f.message
               for f in result.findings)


def test_a_hidden_digit_before_the_count_is_taken_out_too(tmp_path: Path) -> None:
    result = _check(tmp_path, [("1", _rgb("FFFFFF")), ("3", None)])
    assert _found(result) == HIDDEN  # was: pass (read as 13)


def test_a_count_all_in_white_is_hidden_text(tmp_path: Path) -> None:
    result = _check(tmp_path, [("3", _rgb("FFFFFF"))])
    # was: SDC101 at B3 (read though not shown): the number is the document's hidden text now
    assert _found(result) == {("SDC602", None, "review"), ("SDC605", None, "review")}


@pytest.mark.parametrize("style", ["white", "vanish", "tiny"])
def test_a_character_style_that_hides_hides(tmp_path: Path, style: str) -> None:
    result = _check(tmp_path, [("3", None), ("0", _ghost)], style=style)
    assert _found(result) == HIDDEN  # was: pass (read as 30)


@pytest.mark.parametrize("style, runs", [("superscript", [("3", None), ("1", _ghost)]),
                                         ("strike", [("30", _ghost), ("3", None)])])
def test_a_character_style_that_raises_or_strikes_makes_a_mark(
        tmp_path: Path, style: str, runs: list[tuple[str, Run | None]]) -> None:
    result = _check(tmp_path, runs, style=style)
    assert _found(result) == {("SDC602", "B3", "review")}  # was: pass (31, 303)


def test_white_on_a_page_dark_on_screen_may_be_seen(tmp_path: Path) -> None:
    result = _check(tmp_path, [("30", _rgb("FFFFFF"))], page="000000")
    # white on paper, shown on a black screen background: a person decides; read as written
    assert _found(result) == {("SDC602", None, "review"), ("SDC605", None, "review")}
    assert any(f.rule == "SDC605" and "may stand on" in f.message for f in result.findings)


@pytest.mark.parametrize("runs, fill", [
    ([("30", _rgb("FFFFFF"))], "1F3864"),   # white on a dark blue cell
    ([("30", _rgb("C00000"))], None),       # red text
    ([("3", None), ("0", _rgb("D9D9D9"))], None),  # light grey, still read
])
def test_safe_twins_pass(tmp_path: Path, runs: list[tuple[str, Run | None]],
                         fill: str | None) -> None:
    result = _check(tmp_path, runs, fill=fill)
    assert result.findings == [] and result.status.value == "pass"


def test_black_on_a_yellow_highlight_passes(tmp_path: Path) -> None:
    def highlighted(run: Any) -> None:
        highlight = OxmlElement("w:highlight")
        highlight.set(qn("w:val"), "yellow")
        run._r.get_or_add_rPr().append(highlight)

    result = _check(tmp_path, [("30", highlighted)])
    assert result.findings == [] and result.status.value == "pass"


def _prop(tag: str, value: str | None) -> Run:
    def set_prop(run: Any) -> None:
        el = OxmlElement(tag)
        if value is not None:
            el.set(qn("w:val"), value)
        run._r.get_or_add_rPr().append(el)
    return set_prop


def test_a_marker_squeezed_to_nothing_is_hidden_text(tmp_path: Path) -> None:
    result = _check(tmp_path, [("<", _prop("w:w", "1")), ("3", None)])
    # was: pass (read as the marker <3 where the page shows 3)
    assert _found(result) == {("SDC101", "B3", "fail"), ("SDC605", None, "review")}
    assert any("squeezed" in f.message for f in result.findings)


@pytest.mark.parametrize("runs", [
    [("<", _prop("w:spacing", "-300")), ("3", None)],   # condensed over the 3
    [("<", _prop("w:strike", None)), ("3", None)],      # a struck sign
    [("3", None), ("0", _prop("w:position", "-100"))],  # lowered 50 points
])
def test_a_run_laid_over_struck_or_moved_stands_apart(tmp_path: Path,
                                                       runs: list[tuple[str, Run | None]]) -> None:
    result = _check(tmp_path, runs)
    # was: pass (<3, the marker, read once with a space: '< 3'; 30)
    assert _found(result) == {("SDC602", "B3", "review")}


def test_condensed_or_raised_by_little_reads_as_before(tmp_path: Path) -> None:
    result = _check(tmp_path, [("3", _prop("w:spacing", "-10")), ("0", _prop("w:position", "2"))])
    assert result.findings == [] and result.status.value == "pass"


def test_a_line_break_between_digits_stays_a_space_when_runs_are_walked(tmp_path: Path) -> None:
    from sdc.readers.documents.word import read_docx

    def broken(run: Any) -> None:
        run._r.insert(0, OxmlElement("w:br"))

    _check(tmp_path, [("3", None), ("0", broken), ("1", _rgb("FFFFFF"))])
    doc = read_docx((tmp_path / "r" / "t.docx").read_bytes())
    # the white 1 is taken out; the break between 3 and 0 is a space (was '30')
    assert doc.tables[0].rows[2] == ["West", "3 0"]
