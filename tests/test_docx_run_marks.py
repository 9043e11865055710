"""A Word table cell made of runs the page does not join as one number (hunt round 15, issue
12): a footnote mark in a superscript run (``3`` then a superscript ``1``) read as 31, struck
text (``30`` struck, then ``3``) as 303, and a ``0`` set in a 1-point font after a 3 as 30, so
a count of 3 passed. The mark is a superscript now (``3¹``: SDC602 review at the cell), struck
text stands apart (SDC602 review at the cell), and a run under 2 points is hidden text
(SDC605, its numbers named by SDC602). Safe twin: a superscript mark on a label, and a cell of
30 in ordinary runs, pass. Files on disk, written with python-docx as Word writes them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.shared import Pt

import sdc
from sdc.policy import build_policy
from tests.conftest import found_with_status as _found


def _check(tmp_path: Path, west: Callable[[Any], None], label: str = "West") -> sdc.RunResult:
    folder = tmp_path / "r"
    folder.mkdir(parents=True)
    document = docx.Document()
    table = document.add_table(rows=4, cols=2)
    for i, (region, n) in enumerate([("region", "n"), ("East", "40"), (label, ""),
                                      ("North", "50")]):
        table.cell(i, 0).text = region
        if n:
            table.cell(i, 1).text = n
        else:
            west(table.cell(i, 1).paragraphs[0])
    if label != "West":
        run = table.cell(2, 0).paragraphs[0].add_run("1")
        run.font.superscript = True
    document.save(str(folder / "t.docx"))
    return sdc.check(folder, build_policy({}))


def _mark(paragraph: Any) -> None:
    paragraph.add_run("3")
    paragraph.add_run("1").font.superscript = True


def _struck(paragraph: Any) -> None:
    paragraph.add_run("30").font.strike = True
    paragraph.add_run("3")


def _tiny(paragraph: Any) -> None:
    paragraph.add_run("3")
    paragraph.add_run("0").font.size = Pt(1)


@pytest.mark.parametrize("west", [_mark, _struck])
def test_a_mark_or_struck_run_beside_a_count_is_not_part_of_it(tmp_path: Path,
                                                             west: Callable[[Any], None]) -> None:
    result = _check(tmp_path, west)
    # was: pass (read as 31, 303)
    assert _found(result) == {("SDC602", "B3", "review")}


def test_a_run_in_a_one_point_font_is_hidden_text(tmp_path: Path) -> None:
    result = _check(tmp_path, _tiny)
    # was: pass (read as 30); the tiny 0 is taken out of the cell as the page shows it (round 16)
    assert _found(result) == {("SDC101", "B3", "fail"), ("SDC602", None, "review"),
                              ("SDC605", None, "review")}
    assert any(f.rule == "SDC605" and "in a font under 2 points" in f.message
               for f in result.findings)


def test_a_mark_on_a_label_and_a_safe_count_pass(tmp_path: Path) -> None:
    def thirty(paragraph: Any) -> None:
        paragraph.add_run("3")
        paragraph.add_run("0").font.bold = True

    result = _check(tmp_path, thirty, label="West")
    assert result.findings == [] and result.status.value == "pass"
    # a superscript 1 after ``West*`` reads ``West*1``: a number set off from a label by a sign
    # is how a count of 1 would be written beside it (hunt round 19), so the label is reviewed
    result = _check(tmp_path / "b", thirty, label="West*")
    assert [(f.rule, f.status.value, f.evidence["cells"]) for f in result.findings] == [
        ("SDC602", "review", ["A3"])]
