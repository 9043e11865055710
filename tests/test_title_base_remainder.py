"""A base printed in a table's title above the sum of its counts (hunt round 13):
``Admissions (N=205)`` over wards of 100 and 102 says 3 admissions are in a ward the table
does not show, as a total row of 205 under the same wards already did (SDC101 at the total).
The title's base was checked only as a count of its own (205: fine), so the table passed. Now
the rest is a count too: SDC101 at the title (CSV) or, where the title is not in the grid (an
HTML caption), at the table's first count. Twins: a base the counts add up to, a base below
their sum (another population), a rounded table, and a table with its own total row (compared
there, not twice)."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.policy import build_policy
from tests.conftest import found_with_status as _found


def _check(tmp_path: Path, name: str, text: str) -> sdc.RunResult:
    folder = tmp_path / name.replace(".", "_")
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    return sdc.check(folder, build_policy({}))


def _csv(base: int, second: int, total: str = "") -> str:
    return f"Admissions (N={base})\nward,admissions\nA,100\nB,{second}\n{total}"


def test_a_title_base_three_above_its_counts_fails_at_the_title(tmp_path: Path) -> None:
    result = _check(tmp_path, "wards.csv", _csv(205, 102))
    # was: pass
    assert _found(result) == {("SDC101", "A1", "fail")}
    (finding,) = result.findings
    assert finding.message == ("the base 205 printed in the title is 3 more than the table's "
                               "counts (202): a category not shown: a count below the "
                               "threshold 10")


def test_an_html_caption_base_fails_at_the_first_count(tmp_path: Path) -> None:
    page = ("<html><body><table><caption>Admissions (N=205)</caption><tr><th>ward</th>"
            "<th>admissions</th></tr><tr><td>A</td><td>100</td></tr><tr><td>B</td><td>102</td>"
            "</tr></table></body></html>")
    result = _check(tmp_path, "wards.html", page)
    # was: pass
    assert _found(result) == {("SDC101", "B2", "fail")}


def test_the_twins_pass(tmp_path: Path) -> None:
    for name, text in (("adds_up.csv", _csv(205, 105)),  # 100 + 105 = 205
                       ("below.csv", _csv(150, 102)),  # another population: nothing to say
                       ("rest_of_twenty.csv", _csv(222, 102)),  # 20 not shown: a safe count
                       ("rounded.csv", "Admissions (N=210)\nward,admissions\nA,100\nB,105\n")):
        result = _check(tmp_path, name, text)
        assert result.findings == [], name
        assert result.status.value == "pass", name


def test_a_total_row_is_compared_once(tmp_path: Path) -> None:
    result = _check(tmp_path, "wards.csv", _csv(205, 102, "Total,205\n"))
    # the total row's own finding, not a second one at the title
    assert _found(result) == {("SDC101", "B5", "fail"), ("SDC402", "B5", "review")}
