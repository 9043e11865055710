"""A base printed in a title the table's grid does not hold (hunt round 14). An HTML
``<caption>Deaths in West (N=4)</caption>`` passed: the base was taken out of the caption's
numbers as "checked as a count", but only bases in the grid were checked (a CSV's title line
``Deaths in West (N=4)`` fails SDC101 at A1). Now a caption's base is a count, at the table's
first cell. A page's ``<title>`` printing a base over the page's only table (no caption) is
that table's title: its base is checked as a count and against the table's counts (round 13's
title-base remainder); it was SDC602 ``review`` (numbers in the ``<title>`` not understood)."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.policy import build_policy
from tests.conftest import found_with_status as _found

_ROWS = ("<tr><th>ward</th><th>admissions</th></tr><tr><td>A</td><td>100</td></tr>"
         "<tr><td>B</td><td>102</td></tr>")


def _check(tmp_path: Path, name: str, text: str) -> sdc.RunResult:
    folder = tmp_path / name.replace(".", "_")
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    return sdc.check(folder, build_policy({}))


def _page(title: str = "", caption: str = "", tables: int = 1) -> str:
    head = f"<head><title>{title}</title></head>" if title else ""
    cap = f"<caption>{caption}</caption>" if caption else ""
    return f"<html>{head}<body>" + f"<table>{cap}{_ROWS}</table>" * tables + "</body></html>"


def test_a_small_base_in_a_caption_fails(tmp_path: Path) -> None:
    result = _check(tmp_path, "t.html", _page(caption="Deaths in West (N=4)"))
    # was: pass
    assert _found(result) == {("SDC101", "A1", "fail")}
    (finding,) = result.findings
    assert finding.message == ("the base n=4 printed in the caption 'Deaths in West (N=4)': a "
                               "count below the threshold 10")


def test_a_csv_title_base_is_checked_once(tmp_path: Path) -> None:
    result = _check(tmp_path, "t.csv", "Deaths in West (N=4)\nward,admissions\nA,100\nB,102\n")
    assert _found(result) == {("SDC101", "A1", "fail")}
    assert len(result.findings) == 1


def test_a_title_over_the_only_table_is_its_title(tmp_path: Path) -> None:
    small = _check(tmp_path, "small.html", _page(title="Deaths in West (N=4)"))
    # was: SDC602 review (the <title>'s numbers not understood)
    assert _found(small) == {("SDC101", "A1", "fail")}
    above = _check(tmp_path, "above.html", _page(title="Admissions (N=205)"))
    # was: SDC602 review; 205 is 3 more than the wards' 202
    assert _found(above) == {("SDC101", "B2", "fail")}


def test_the_twins(tmp_path: Path) -> None:
    safe = _check(tmp_path, "safe.html", _page(title="Admissions (N=202)"))
    # was: SDC602 review
    assert safe.findings == []
    assert safe.status.value == "pass"
    caption = _check(tmp_path, "caption.html", _page(caption="Admissions (N=202)"))
    assert caption.findings == []
    # two tables: the title is tied to neither, its numbers are still named
    two = _check(tmp_path, "two.html", _page(title="Admissions (N=205)", tables=2))
    assert _found(two) == {("SDC602", None, "review")}
    # a number beside the base in the title is still named for a person
    more = _check(tmp_path, "more.html", _page(title="Admissions (N=202), 7 excluded"))
    assert ("SDC602", None, "review") in _found(more)
