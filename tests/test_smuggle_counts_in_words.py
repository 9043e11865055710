"""A suppressed count stated in words in a document's prose or a note (issue 12, hunt15).

A CSV's note was read for counts written in words (``North: three deaths``), a document's prose
only for digits: the same note under a Markdown table, or a paragraph under an HTML one, passed
beside the ``*`` it explains, while ``North: 3 deaths`` was SDC602 ``review``. And words from
twenty up were no count anywhere: ``twenty-seven of thirty patients survived`` (3 died) passed
in a CSV's note. A count in words is now a number of the prose (``numbers_in_prose``) and the
tens are count words (``_WORD_COUNT`` in ``sdc/readers/roles.py``): SDC602 ``review``. Notes
stating the policy in words, and numbers in words that count no people, still pass."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy

POLICY = build_policy({})

MD = "| Region | Deaths |\n|--|--:|\n| North | * |\n| South | 45 |\n| East | 60 |\n\n{note}\n"
HTML = ("<table><tr><th>Region</th><th>Deaths</th></tr><tr><td>North</td><td>*</td></tr>"
        "<tr><td>South</td><td>45</td></tr><tr><td>East</td><td>60</td></tr></table>"
        "<p>{note}</p>")
CSV = 'Region,Deaths\nNorth,*\nSouth,45\nEast,60\n"{note}"\n'


@pytest.mark.parametrize(("name", "form", "note", "place"), [
    ("t.md", MD, "North: three deaths, suppressed.", "line 7"),
    ("t.md", MD, "North had fewer than four deaths.", "line 7"),
    ("t.md", MD, "North: twenty-seven of thirty patients survived.", "line 7"),
    ("t.html", HTML, "North: three deaths, suppressed.", "text block 1"),
])
def test_a_count_in_words_in_a_documents_prose_is_read(
        tmp_path: Path, name: str, form: str, note: str, place: str) -> None:
    (tmp_path / name).write_text(form.format(note=note), encoding="utf-8")
    (finding,) = sdc.check(tmp_path, POLICY).findings
    assert (finding.rule, finding.status.value) == ("SDC602", "review")
    assert finding.evidence["places"] == [place]


def test_a_count_from_twenty_up_in_words_in_a_csv_note_is_read(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text(
        CSV.format(note="North: twenty-seven of thirty patients survived."), encoding="utf-8")
    (finding,) = sdc.check(tmp_path, POLICY).findings
    assert (finding.rule, finding.status.value) == ("SDC602", "review")
    assert [loc.cell for loc in finding.related] == ["A5"]


@pytest.mark.parametrize(("name", "form"), [("t.md", MD), ("t.html", HTML), ("t.csv", CSV)])
@pytest.mark.parametrize("note", ["Counts below ten are suppressed (*).",
                                  "Source: two national registers, twenty regions."])
def test_words_that_state_the_policy_or_count_no_people_pass(
        tmp_path: Path, name: str, form: str, note: str) -> None:
    (tmp_path / name).write_text(form.format(note=note), encoding="utf-8")
    result = sdc.check(tmp_path, POLICY)
    assert result.status.value == "pass", result.findings
