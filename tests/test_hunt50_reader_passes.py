"""Round 50 (hunt50): four ways a count passed the readers, each now SDC602 ``review``.

* A label that encloses its value in quotes or in another script's brackets (``North "3"``,
  ``North «3»``, ``North （3）``, ``North 「3」``, ``North <3>``), or sets off or encloses a
  number word (``North: three``, ``North (three)``): read as a name, where ``North (3)`` and
  ``North: 3`` are values (``sdc/readers/roles.py``: ``enclosed_value``).
* A ``.log``'s line stating a count in words (``There were three deaths.``): a log named only
  lines with digits, where Markdown and HTML prose name counts in words
  (``sdc/readers/documents/logs.py``: ``_holds_numbers``).
* A terminal's control sequences in a log (``North ESC[8m3ESC[0m cases``): the ``3`` was read
  glued to the sequence's letters, a code (``_TERMINAL_CODES``).
* HTML text split over elements between a letter and a digit (``North<b>3</b>``,
  ``<span>North</span><span>3</span>``): read as the code ``North3``, though style can set
  either element apart (``sdc/readers/documents/html.py``: ``_WORD_DIGIT_APART``).

Each comes with the safe twin that still passes."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy

POLICY = build_policy({})

CSV = 'Region,Deaths\n"{label}",45\nSouth,45\nEast,60\n'


@pytest.mark.parametrize("label", [
    'North ""3""', "North '3'", "North \u201c3\u201d", "North \u00ab3\u00bb", "North <3>",
    "North \u300c3\u300d", "North \uff083\uff09", "North: three", "North (three)",
    'North ""three""', "North - twelve",
])
def test_a_value_enclosed_or_spelt_beside_a_label_is_named(tmp_path: Path, label: str) -> None:
    (tmp_path / "t.csv").write_text(CSV.format(label=label), encoding="utf-8")
    (finding,) = sdc.check(tmp_path, POLICY).findings
    assert (finding.rule, finding.status.value) == ("SDC602", "review")
    assert finding.evidence["cells"] == ["A2"]


@pytest.mark.parametrize("label", [
    "North", "Type 1 diabetes", "Class of '93",
    "Children: none", "Households (one person)",
])
def test_names_with_numbers_still_pass(tmp_path: Path, label: str) -> None:
    (tmp_path / "t.csv").write_text(
        'Region,Deaths\n"{}",45\nSouth,45\nEast,60\n'.format(label.replace('"', '""')),
        encoding="utf-8")
    result = sdc.check(tmp_path, POLICY)
    assert result.status.value == "pass", result.findings


@pytest.mark.parametrize("line", [
    "There were three deaths.", "North region: three cases after exclusion",
    "\x1b[1mNorth\x1b[0m had twelve admissions",
])
def test_a_logs_count_in_words_is_named(tmp_path: Path, line: str) -> None:
    (tmp_path / "t.log").write_text(f"{line}\n", encoding="utf-8")
    (finding,) = sdc.check(tmp_path, POLICY).findings
    assert (finding.rule, finding.status.value) == ("SDC602", "review")
    assert finding.evidence["places"] == ["line 1"]


def test_a_number_behind_a_terminal_sequence_is_named(tmp_path: Path) -> None:
    (tmp_path / "t.log").write_text("North \x1b[8m3\x1b[0m cases\n", encoding="utf-8")
    (finding,) = sdc.check(tmp_path, POLICY).findings
    assert (finding.rule, finding.status.value) == ("SDC602", "review")
    assert finding.evidence["places"] == ["line 1"]


@pytest.mark.parametrize("line", [
    "\x1b[1mNorth\x1b[0m region", "There were several deaths.", "Two-sided test",
])
def test_a_logs_text_without_counts_passes(tmp_path: Path, line: str) -> None:
    (tmp_path / "t.log").write_text(f"{line}\n", encoding="utf-8")
    result = sdc.check(tmp_path, POLICY)
    assert result.status.value == "pass", result.findings


def test_a_coloured_logs_table_is_read_as_its_text(tmp_path: Path) -> None:
    """R's coloured console: the sequences are no part of the table, whose 3 fails."""
    (tmp_path / "t.log").write_text(
        "> table(df$region)\n\n\x1b[1mEast\x1b[0m North South \n  120     3    45 \n",
        encoding="utf-8")
    findings = sdc.check(tmp_path, POLICY).findings
    assert [(f.rule, f.status.value, f.location.cell) for f in findings
            if f.rule == "SDC101"] == [("SDC101", "fail", "B2")]


@pytest.mark.parametrize("body", [
    "<p>North<b>3</b></p>", "<div><span>North</span><span>3</span></div>",
    "<p><span>3</span><span>North</span></p>",
])
def test_html_prose_split_between_a_word_and_a_digit_is_named(tmp_path: Path, body: str
                                                             ) -> None:
    (tmp_path / "t.html").write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    (finding,) = sdc.check(tmp_path, POLICY).findings
    assert (finding.rule, finding.status.value) == ("SDC602", "review")
    assert finding.evidence["places"] == ["text block 1"]


@pytest.mark.parametrize("body", [
    "<p><b>North</b> region</p>", "<p>Deaths by <i>region</i>, 2019</p>",
    "<div><span>North</span><span>East</span></div>",
])
def test_html_prose_split_without_a_number_passes(tmp_path: Path, body: str) -> None:
    (tmp_path / "t.html").write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    result = sdc.check(tmp_path, POLICY)
    assert result.status.value == "pass", result.findings


TABLE = ("<table><tr><th>Region</th><th>Deaths</th></tr><tr><td>{label}</td><td>45</td></tr>"
         "<tr><td>South</td><td>45</td></tr><tr><td>East</td><td>60</td></tr></table>")


def test_an_html_label_split_between_a_word_and_a_digit_is_named(tmp_path: Path) -> None:
    (tmp_path / "t.html").write_text(TABLE.format(label="<span>North</span><span>3</span>"),
                                     encoding="utf-8")
    (finding,) = sdc.check(tmp_path, POLICY).findings
    assert (finding.rule, finding.status.value) == ("SDC602", "review")
    assert finding.evidence["cells"] == ["A2"]


def test_an_html_label_in_one_element_passes(tmp_path: Path) -> None:
    (tmp_path / "t.html").write_text(TABLE.format(label="<b>North</b>"), encoding="utf-8")
    result = sdc.check(tmp_path, POLICY)
    assert result.status.value == "pass", result.findings


def test_a_terminal_sequence_in_a_csv_label_is_shown_hidden(tmp_path: Path) -> None:
    """``North ESC[8m3ESC[0m``: a terminal conceals the 3; read as a code it passed."""
    (tmp_path / "t.csv").write_text(CSV.format(label="North \x1b[8m3\x1b[0m"), encoding="utf-8")
    (finding,) = sdc.check(tmp_path, POLICY).findings
    assert (finding.rule, finding.status.value, finding.location.cell) == (
        "SDC605", "review", "A2")


def test_a_csv_without_terminal_sequences_passes(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text(CSV.format(label="North [east]"), encoding="utf-8")
    result = sdc.check(tmp_path, POLICY)
    assert result.status.value == "pass", result.findings
