"""What joins the digits of a cell's number in an HTML table that the page does not join (hunt
round 15, issue 12): a footnote mark ``3<sup>1</sup>`` read as 31, a count beside text a style
sheet hides (``3<span class="x">0</span>`` with ``.x { display: none }``) as 30, and struck or
annotating text (``<del>30</del><ins>3</ins>``, ruby ``<rt>``) as 303, so a table with a
count of 3 passed. The mark is a superscript now (the cell is not a number a rule reads:
SDC602 review at the cell), hidden elements by a simple selector are hidden text (SDC605,
their numbers named by SDC602), and struck text stands apart. Safe twins: stargazer's
``<sup>***</sup>`` and ``R<sup>2</sup>``, and a style sheet hiding an empty element, pass.
White text on a page that sets no background is hidden text too. Digits of two elements
(``3<a href="#n1">1</a>``, a footnote link read as 31) are no one number: the cell is SDC602
review (the hidden span's ``3|0`` too). Files on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import found_with_status as _found


def _page(west: str, head: str = "") -> str:
    return (f"<html><head>{head}</head><body><table><tr><th>region</th><th>n</th></tr>"
            f"<tr><td>East</td><td>40</td></tr><tr><td>West</td><td>{west}</td></tr>"
            "<tr><td>North</td><td>50</td></tr></table></body></html>")


def _check(tmp_path: Path, page: str) -> sdc.RunResult:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "t.html").write_text(page)
    return sdc.check(folder, build_policy({}))


@pytest.mark.parametrize("west", ["3<sup>1</sup>", "3<sub>0</sub>", "<del>30</del><ins>3</ins>",
                                  "<s>30</s>3", "<ruby>30<rt>3</rt></ruby>"])
def test_a_mark_or_struck_text_beside_a_count_is_not_part_of_it(tmp_path: Path,
                                                               west: str) -> None:
    result = _check(tmp_path, _page(west))
    # was: pass (read as 31, 30, 303, 303, 303)
    assert _found(result) == {("SDC602", "B3", "review")}


@pytest.mark.parametrize("head", ["<style>.x { display: none }</style>",
                                  "<style>span.x{visibility:hidden}</style>",
                                  "<style>/* pad */ #x, .y { font-size: 0 }</style>"])
def test_text_a_style_sheet_hides_is_hidden_text(tmp_path: Path, head: str) -> None:
    result = _check(tmp_path, _page("3<span class='x' id='x'>0</span>", head))
    # was: pass (read as 30)
    assert _found(result) == {("SDC602", None, "review"), ("SDC605", None, "review"),
                             ("SDC602", "B3", "review")}  # 3|0: two elements' digits
    assert any(f.rule == "SDC602" and f.message.endswith("hidden <span> 1 (hidden)")
               for f in result.findings)


def test_a_style_sheet_hiding_by_a_selector_not_worked_out_is_flagged(tmp_path: Path) -> None:
    result = _check(tmp_path, _page("30", "<style>tr:nth-child(3) td { display: none }</style>"))
    # was: pass
    assert _found(result) == {("SDC605", None, "review")}
    (finding,) = result.findings
    assert "1 style sheet rule(s) hide elements by selectors that are not worked out" in \
        finding.message


def test_a_style_sheet_hiding_an_empty_element_passes(tmp_path: Path) -> None:
    page = _page("30", "<style>.empty { display: none }</style>")
    result = _check(tmp_path, page.replace("</table>", "</table><p class='empty'></p>"))
    assert result.findings == [] and result.status.value == "pass"


def test_stargazer_stars_and_r_squared_are_read_as_before() -> None:
    from sdc.readers.documents.html import read_html

    doc = read_html(b"<table><tr><td>R<sup>2</sup></td><td>0.753</td></tr>"
                    b"<tr><td>3<sup>1</sup></td><td>5.3<sup>***</sup></td></tr></table>")
    assert doc.tables[0].rows == [["R\u00b2", "0.753"], ["3\u00b9", "5.3***"]]


@pytest.mark.parametrize("style", ["color:#fff", "color: white", "COLOR:rgb(255, 255, 255)"])
def test_white_text_on_a_page_with_no_background_is_hidden_text(tmp_path: Path,
                                                                 style: str) -> None:
    result = _check(tmp_path, _page(f"3<span style='{style}'>0</span>"))
    # was: pass (read as 30)
    assert _found(result) == {("SDC602", None, "review"), ("SDC605", None, "review"),
                             ("SDC602", "B3", "review")}  # 3|0: two elements' digits


def test_white_text_on_a_background_is_read_as_before(tmp_path: Path) -> None:
    page = _page("30").replace("<th>n</th>", "<th style='color:#fff;background:#333'>n</th>")
    result = _check(tmp_path, page.replace("<td>East</td>",
                                           "<td style='color:white' bgcolor='navy'>East</td>"))
    assert result.findings == [] and result.status.value == "pass"


@pytest.mark.parametrize("style", ["opacity:0", "opacity: 0.0 !important", "color:transparent",
                                   "visibility:collapse", "font-size:0px"])
def test_text_styled_invisible_is_hidden_text(tmp_path: Path, style: str) -> None:
    result = _check(tmp_path, _page(f"3<span style='{style}'>0</span>"))
    # was: pass (read as 30) for opacity, transparent and collapse
    assert _found(result) == {("SDC602", None, "review"), ("SDC605", None, "review"),
                             ("SDC602", "B3", "review")}  # 3|0: two elements' digits


@pytest.mark.parametrize("head, style", [("", "font-size:0.9em"),
                                         ("<style>.small { font-size: 0.85rem }</style>", ""),
                                         ("<style>.faint { opacity: 0.5 }</style>", "")])
def test_a_small_or_faint_cell_is_read_as_shown(tmp_path: Path, head: str, style: str) -> None:
    page = _page("30", head).replace("<td>30</td>",
                                     f"<td class='small faint' style='{style}'>30</td>")
    result = _check(tmp_path, page)
    # font-size:0.9em read as a size of zero: SDC605 review before
    assert result.findings == [] and result.status.value == "pass"


@pytest.mark.parametrize("west", ['3<a href="#n1">1</a>', "<div>3</div><div>1</div>",
                                  "<span>3</span><b>0</b>", '3<span class="fn"><a>1</a></span>'])
def test_digits_of_two_elements_are_no_one_number(tmp_path: Path, west: str) -> None:
    result = _check(tmp_path, _page(west))
    # was: pass (a footnote link 3<a>1</a> read as 31; two blocks or spans as 31, 30)
    assert _found(result) == {("SDC602", "B3", "review")}


@pytest.mark.parametrize("west", ['<a href="#n1">31</a>', "<b>31</b>", "<span>31</span>",
                                  "3<span>1</span>".replace("1", "") + "1"])
def test_a_number_wholly_inside_one_element_is_read(tmp_path: Path, west: str) -> None:
    assert _found(_check(tmp_path, _page(west))) == set()


def _labelled(west_label: str, west: str, note: str = "") -> str:
    page = _page(west).replace("<td>West</td>", f"<td>{west_label}</td>")
    # the footnote the mark refers to, under the table as gt writes it (hunt52: a mark no
    # note explains is a number beside a name)
    # the page's earlier notes after the table: notes are numbered from the first (hunt53: a
    # ``²`` whose note is the only one is a number)
    raised = str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077"
                           "\u2078\u2079")
    earlier = "".join(f"<p>{''.join(f'&#{ord(c)};' for c in str(n).translate(raised))} "
                      "Includes Z.</p>"
                      for n in range(1, int(note or 1)))
    return page.replace("</table>", f"<tfoot><tr><td colspan='2'><sup>{note}</sup> Includes "
                        f"Y.</td></tr></tfoot></table>{earlier}" if note else "</table>")


@pytest.mark.parametrize(("label", "note"), [("West<sup>1</sup>", "1"),
                                             ("West<sup> 2 </sup>", "2")])
def test_a_footnote_mark_on_a_label_is_read_as_the_page_shows_it(tmp_path: Path, label: str,
                                                                 note: str) -> None:
    # round 25 (fp25): read as West1, how a count could be written (SDC602 review)
    result = _check(tmp_path, _labelled(label, "33", note))
    assert result.findings == [] and result.status.value == "pass"


def test_a_mark_whose_earlier_notes_are_missing_is_a_number(tmp_path: Path) -> None:
    """``West¹²`` whose note is the page's only one (round 52: pass): notes are numbered from
    the first, so a twelfth with no first is a number dressed as a mark (hunt53)."""
    page = _page("33").replace("<td>West</td>", "<td>West<sup>12</sup></td>").replace(
        "</table>", "<tfoot><tr><td colspan='2'><sup>12</sup> Includes Y.</td></tr></tfoot>"
        "</table>")
    result = _check(tmp_path, page)
    assert _found(result) == {("SDC602", None, "review")}
    assert [f.evidence["cells"] for f in result.findings] == [["A3"]]


def test_a_small_count_beside_a_marked_label_fails_at_its_cell(tmp_path: Path) -> None:
    result = _check(tmp_path, _labelled("West<sup>1</sup>", "3", "1"))
    assert _found(result) == {("SDC101", "B3", "fail")}


@pytest.mark.parametrize("label", ["West<sup>123</sup>", "West <sup>3</sup>",
                                   "West<sub>3</sub>", "West<sup>3 died</sup>"])
def test_other_raised_or_spaced_numbers_on_a_label_are_named(tmp_path: Path,
                                                             label: str) -> None:
    # no footnote mark's shape (glued, one or two digits, raised): a number in a label
    result = _check(tmp_path, _labelled(label, "33"))
    assert ("SDC602", None, "review") in _found(result)
    assert result.status.value != "pass"


def test_a_marked_label_reads_as_a_superscript() -> None:
    from sdc.readers.documents.html import read_html

    doc = read_html(b"<table><tr><td>Total<sup>1</sup></td><td>R<sup>2</sup></td></tr></table>")
    assert doc.tables[0].rows == [["Total\u00b9", "R\u00b2"]]
