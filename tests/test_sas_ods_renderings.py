"""SAS's own renderings (fp29): the ``.`` SAS prints for a missing number is read as the
blank it means (in a CSV, a workbook and a document's table; a policy that makes ``.`` a
marker keeps it one), ``Frequency Missing = N`` under a PROC FREQ table is a count, a
CrossTabFreqs data set is read as its table even where ``ods csv`` quotes its text, and the
ODS HTML page's generator and charset lines, its ``BEGINTABLE`` comments and its one-cell title
box are no hidden numbers. Each with its limits: a number written into any of them is still
read. docs/decisions.md, Round 28 (fp29)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

import sdc
from sdc.policy import build_policy
from sdc.readers.values import MarkerSet, missing_as_blank
from tests.conftest import check_one_file, findings_of
from tests.corpus.fp29_outputs import sas_ods_html_one_way


def test_missing_as_blank_only_for_a_lone_period() -> None:
    plain = MarkerSet(["[c]", ""])
    assert missing_as_blank(".", plain) == ""
    assert missing_as_blank("  . ", plain) == ""
    for text in ("..", ".5", "5.", "a.", "", "x"):
        assert missing_as_blank(text, plain) == text
    assert missing_as_blank(".", MarkerSet(["."])) == "."  # the policy's own marker


def test_a_period_in_a_mean_column_is_read_as_missing(tmp_path: Path) -> None:
    # before: the column held text, so 40.1 was a number nothing checked (SDC602 at C2)
    text = "region,n,mean_age\nNorth,12,40.1\nSouth,14,.\nEast,15,.\n"
    result = check_one_file(tmp_path, "t.csv", text)
    assert findings_of(result) == {("SDC203", "t.csv", None)}  # the mean, as with blanks
    blank = check_one_file(tmp_path / "b", "t.csv", text.replace(",.", ","))
    assert findings_of(blank) == findings_of(result)


def test_a_period_among_counts_is_the_blank_it_means(tmp_path: Path) -> None:
    # a blank among counts is SDC102 review (pandas' empty combination); so is the period
    result = check_one_file(tmp_path, "t.csv", "region,male,female\nNorth,12,15\n"
                                               "South,.,14\nEast,15,20\n")
    assert findings_of(result) == {("SDC102", "t.csv", "B3")}
    assert result.status.value == "review"


def test_a_period_marker_of_the_policy_stays_a_marker(tmp_path: Path) -> None:
    # with "." a suppression marker the hidden cell is audited: the row total gives it back
    (tmp_path / "t.csv").write_text("region,male,female,total\nNorth,12,15,27\n"
                                    "South,.,14,25\nTotal,23,29,52\n")
    policy = build_policy({"markers": [".", "[c]"]})
    found = {(f.rule, f.location.cell) for o in sdc.check(tmp_path, policy).outputs
             for f in o.findings}
    assert ("SDC501", "B3") in found


def test_a_small_count_beside_periods_still_fails(tmp_path: Path) -> None:
    result = check_one_file(tmp_path, "t.csv", "region,n,mean_age\nNorth,12,40.1\n"
                                               "South,3,.\nEast,15,.\n")
    assert ("SDC101", "t.csv", "B3") in findings_of(result)
    assert result.status.value == "fail"


def _workbook(path: Path, rows: list[list[object]]) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for row in rows:
        ws.append(row)
    wb.save(path)


def test_a_period_typed_in_a_workbook_is_missing_and_not_hidden_data(tmp_path: Path) -> None:
    _workbook(tmp_path / "t.xlsx", [["region", "male", "female"], ["North", 120, 150],
                                    ["South", ".", 140], ["East", 150, 200]])
    found = {(f.rule, f.location.cell) for o in sdc.check(tmp_path, build_policy({})).outputs
             for f in o.findings}
    assert found == {("SDC102", "B3")}  # not SDC602 (text in a count column), not SDC605


@pytest.mark.parametrize("footnote", ["Frequency Missing = 3", "frequency missing=3"])
def test_frequency_missing_is_a_count(tmp_path: Path, footnote: str) -> None:
    text = f'"region","Frequency"\n"East",112\n"North",104\n"South",96\n"{footnote}"\n'
    result = check_one_file(tmp_path, "f.csv", text)
    assert findings_of(result) == {("SDC101", "f.csv", "A5")}
    [found] = [f for o in result.outputs for f in o.findings]
    assert "Frequency Missing" in found.message


def test_frequency_missing_of_many_passes_and_other_text_is_not_read_so(tmp_path: Path) -> None:
    safe = '"region","Frequency"\n"East",112\n"North",104\n"South",96\n"Frequency Missing = 14"\n'
    assert check_one_file(tmp_path / "a", "f.csv", safe).status.value == "pass"
    # only the whole line: a number with more words beside it is not understood
    other = safe.replace("Frequency Missing = 14", "Frequency Missing = 14, and 3 more")
    assert findings_of(check_one_file(tmp_path / "b", "f.csv", other)) == {
        ("SDC602", "f.csv", None)}


def test_quoted_crosstab_freqs_read_as_its_table(tmp_path: Path) -> None:
    # ods csv quotes the text and _TYPE_: before, the quotes named four label columns and
    # _TABLE_'s 1s failed as counts; the reader's own proofs do not depend on the quotes
    head = '"Table","region","sex","_TYPE_","_TABLE_","Frequency","Percent"\n'
    lines = []
    cells = {("East", "Female"): 300, ("East", "Male"): 300, ("West", "Female"): 200,
             ("West", "Male"): 200}
    n = sum(cells.values())
    for (r, s), f in cells.items():
        lines.append(f'"Table region * sex","{r}","{s}","11",1,{f},{100 * f / n:g}')
    for r in ("East", "West"):
        t = cells[(r, "Female")] + cells[(r, "Male")]
        lines.append(f'"Table region * sex","{r}","","10",1,{t},{100 * t / n:g}')
    for s in ("Female", "Male"):
        t = cells[("East", s)] + cells[("West", s)]
        lines.append(f'"Table region * sex","","{s}","01",1,{t},{100 * t / n:g}')
    lines.append(f'"Table region * sex","","","00",1,{n},100')
    result = check_one_file(tmp_path / "a", "ct.csv", head + "\n".join(lines) + "\n")
    assert findings_of(result) == set() and result.status.value == "pass"
    # a lying _TYPE_ (a cell that says it is a margin): the general reading, not a pass
    lying = head + "\n".join([lines[0].replace('"11"', '"10"'), *lines[1:]]) + "\n"
    assert check_one_file(tmp_path / "b", "ct.csv", lying).status.value != "pass"


def _html(tmp_path: Path, edit: tuple[str, str] | None = None) -> set[tuple[str, str, str | None]]:
    folder = tmp_path / "src"
    folder.mkdir(parents=True, exist_ok=True)
    sas_ods_html_one_way(False)(folder)  # type: ignore[operator]
    page = (folder / "freq.html").read_text(encoding="windows-1252")
    if edit is not None:
        assert edit[0] in page
        page = page.replace(edit[0], edit[1])
    return findings_of(check_one_file(tmp_path / "run", "freq.html", page))


def test_the_ods_html_page_passes(tmp_path: Path) -> None:
    assert _html(tmp_path) == set()


@pytest.mark.parametrize(("old", "new", "finding"), [
    # a number written into the generator line or the charset is hidden text to be read
    ("Version 9.4, see", "Version 3, see", ("SDC602", "freq.html", None)),
    ("charset=windows-1252", "charset=windows-17", ("SDC602", "freq.html", None)),
    # a comment other than SAS's two marks is flagged as before
    ("<!--ENDTABLE-->", "<!--West 3-->", ("SDC605", "freq.html", None)),
    # the title box with a number in it is a table as before (not read as prose)
    ("The SAS System", "The SAS System 7", ("SDC602", "freq.html#table1", None)),
])
def test_what_the_page_carries_beyond_sas_is_still_read(
        tmp_path: Path, old: str, new: str, finding: tuple[str, str, None]) -> None:
    assert finding in _html(tmp_path, (old, new))


def test_a_one_row_table_of_words_is_prose_its_identifiers_searched(tmp_path: Path) -> None:
    table = ("<table><tr><th>region</th><th>n</th></tr><tr><td>East</td><td>120</td></tr>"
             "<tr><td>West</td><td>130</td></tr></table>")
    page = ("<html><body><table><tr><td>Sent by jane.doe@example.org</td></tr></table>"
            f"{table}</body></html>")
    found = findings_of(check_one_file(tmp_path / "a", "t.html", page))
    assert ("SDC604", "t.html", None) in found  # the address, read as the page's text
    assert not any(rule == "SDC602" for rule, _, _ in found)
