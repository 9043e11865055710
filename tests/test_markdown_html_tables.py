"""A raw HTML ``<table>`` in a Markdown file (kableExtra or gt output kept by R Markdown's
``github_document``, ``to_html`` pasted in) was read as prose lines (hunt round 15, issue 12):
a count of 3 in it was only a number not understood (SDC602 review) where the same table in a
page fails SDC101. It is read as the HTML reader reads a page's tables, numbered with the pipe
tables in the order they appear. Safe twin: the same file with counts of 33 passes. Files on
disk."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of
from tests.conftest import found_with_status as _found

PIPE = "| sex | n |\n|---|---|\n| F | 60 |\n| M | 55 |\n"


def _check(tmp_path: Path, west: int) -> sdc.RunResult:
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "t.md").write_text(
        f"# Deaths\n\n{PIPE}\n<table class=\"table\">\n<thead><tr><th>region</th><th>n</th>"
        "</tr></thead>\n<tbody>\n<tr><td>East</td><td>40</td></tr>\n"
        f"<tr><td>West</td><td>{west}</td></tr>\n</tbody>\n</table>\n\n{PIPE}")
    return sdc.check(folder, build_policy({}))


def test_a_count_in_a_raw_html_table_is_checked(tmp_path: Path) -> None:
    result = _check(tmp_path, 3)
    # was: SDC602 review (line 12 of the text)
    assert _found(result) == {("SDC101", "B3", "fail"), ("SDC103", "B2", "fail")}
    assert findings_of(result) == {("SDC101", "t.md#table2", "B3"),
                                   ("SDC103", "t.md#table2", "B2")}


def test_a_raw_html_table_of_safe_counts_passes(tmp_path: Path) -> None:
    result = _check(tmp_path, 33)
    assert result.findings == [] and result.status.value == "pass"
