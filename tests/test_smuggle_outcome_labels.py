"""A count written before what befell the people it counts, inside a label (issue 12, hunt13).

``North (3 died)`` or ``North: 3 admitted`` in a label column, beside safe counts of patients:
a number not at the label's end (so not set off as a value beside it, hunt round 19) and
before no people noun (``3 deaths`` was already a count), so the label read as a category's
name and the file passed, in a CSV, an HTML report or a Markdown table alike. A number before
an outcome word (``died``, ``admitted``, ``vaccinated``, ...) is now a count in the label:
SDC602 ``review`` naming the label cells. A code's number glued on (``COVID-19 admitted``)
is still a name. Files written as analysts write them, checked by the engine in-process."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy

POLICY = build_policy({})

CSV = "Region,Patients\n{north},30\n{south},40\n"
HTML = ("<table><tr><th>Region</th><th>Patients</th></tr><tr><td>{north}</td><td>30</td></tr>"
        "<tr><td>{south}</td><td>40</td></tr></table>")
MARKDOWN = "| Region | Patients |\n|:--|--:|\n| {north} | 30 |\n| {south} | 40 |\n"


@pytest.mark.parametrize(("name", "form", "north", "south"), [
    ("t.csv", CSV, "North (3 died)", "South (12 died)"),
    ("t.csv", CSV, "North: 3 admitted", "South: 12 admitted"),
    ("t.html", HTML, "North (3 died)", "South (12 died)"),
    ("t.md", MARKDOWN, "North \u2014 3 vaccinated", "South \u2014 12 vaccinated"),
])
def test_a_count_before_an_outcome_in_a_label_is_reviewed(
        tmp_path: Path, name: str, form: str, north: str, south: str) -> None:
    (tmp_path / name).write_text(form.format(north=north, south=south), encoding="utf-8")
    (finding,) = sdc.check(tmp_path, POLICY).findings
    assert (finding.rule, finding.status.value) == ("SDC602", "review")
    assert [loc.cell for loc in finding.related] == ["A2", "A3"]


def test_a_codes_number_before_an_outcome_is_a_name(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("Group,Patients\nCOVID-19 admitted,30\nOther admitted,40\n",
                                    encoding="utf-8")
    result = sdc.check(tmp_path, POLICY)
    assert result.status.value == "pass", result.findings
