"""Round 53 (hunt53): ways a small count passed the readers, each now ``review``.

* A lowered digit glued after a name no formula spells (``North₃``, ``deaths₃``; LaTeX's
  ``West\\textsubscript{3}``): a number, where ``CO₂``, ``FEV₁``, ``log₁₀`` stay formulas.
* A number glued to a name in one mark on both sides (``West|3|``, ``West^3^``; LaTeX's
  ``West\\foo{3}``, read ``West|3|``).
* A footnote mark whose earlier marks have no note (``North³`` beside the lone note
  ``³ see below``): notes are numbered from the first.
* An HTML page's inline ``<svg>`` drawing (an SVG bar chart: its data are its shapes), a
  ``<time datetime>`` that is no time, a ``download`` name stating a count.
* A file named by a sex or a place and a number, nothing else (``West 3.csv``).
* Whole numbers under a header that says nothing, falling row by row (``area,foo`` over ages
  sorted): ``value_counts()``' order excused only a column with no header at all.

Each comes with a safe twin that still passes."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy

POLICY = build_policy({})
CSV = 'Region,Deaths\n"{label}",45\nSouth,52\nEast,60\n{note}'
TEX = ("\\begin{{tabular}}{{lr}}\nRegion & Deaths \\\\\n{label} & 45 \\\\\nNorth & 52 \\\\\n"
       "East & 60 \\\\\n\\end{{tabular}}\n")
HTML = ("<html><body>{before}<table><tr><th>Region</th><th>Deaths</th></tr><tr><td>West</td>"
        "<td>45</td></tr><tr><td>North</td><td>52</td></tr><tr><td>East</td><td>60</td></tr>"
        "</table></body></html>")


def _check(folder: Path, name: str, text: str) -> list[tuple[str, str, object]]:
    """(rule, status, cell, or the cells or places named) of every finding."""
    (folder / name).write_text(text, encoding="utf-8")
    return sorted((f.rule, f.status.value, f.location.cell or f.evidence.get("cells")
                   or f.evidence.get("places") or f.evidence.get("place"))
                  for f in sdc.check(folder, POLICY).findings)


# -- lowered digits ---------------------------------------------------------------------------

@pytest.mark.parametrize("label", ["North\u2083", "deaths\u2083", "North\u2081\u2082",
                                   "Week\u2083"])
def test_a_lowered_digit_after_a_name_is_a_number(tmp_path: Path, label: str) -> None:
    """base: pass (read as ``CO₂``'s formula digit)."""
    assert _check(tmp_path, "t.csv", CSV.format(label=label, note="")) == [
        ("SDC602", "review", ["A2"])]


@pytest.mark.parametrize("label", ["CO\u2082", "FEV\u2081", "log\u2081\u2080", "PaCO\u2082",
                                   "SpO\u2082", "HbA\u2081c", "beta\u2081", "x\u2081",
                                   "CH\u2083CH\u2082OH"])
def test_a_formulas_lowered_digit_still_passes(tmp_path: Path, label: str) -> None:
    assert _check(tmp_path, "t.csv", CSV.format(label=label, note="")) == []


def test_latex_textsubscript_is_read_as_a_lowered_digit(tmp_path: Path) -> None:
    """base: pass (``West|3|``)."""
    assert _check(tmp_path, "t.tex", TEX.format(label="West\\textsubscript{3}")) == [
        ("SDC602", "review", ["A2"])]


def test_latex_textsubscript_of_a_formula_still_passes(tmp_path: Path) -> None:
    assert _check(tmp_path, "t.tex", TEX.format(label="CO\\textsubscript{2}")) == []


# -- a number glued in one mark on both sides -------------------------------------------------

@pytest.mark.parametrize("label", ["West|3|", "West^3^", "West~3~", "West*3*", "West#3#",
                                   "West;3;", "West!3!", "West+3+", "West\u00b73\u00b7",
                                   "West\u20133\u2013"])
def test_a_number_glued_in_one_mark_is_named(tmp_path: Path, label: str) -> None:
    """base: pass."""
    assert _check(tmp_path, "t.csv", CSV.format(label=label, note="")) == [
        ("SDC602", "review", ["A2"])]


def test_latex_unknown_command_around_a_number_is_named(tmp_path: Path) -> None:
    """``West\\foo{3}``: a command sdc does not know, read ``West|3|`` (base: pass)."""
    assert _check(tmp_path, "t.tex", TEX.format(label="West\\foo{3}")) == [
        ("SDC602", "review", ["A2"])]


@pytest.mark.parametrize("label", ["COVID-19", "Site A/3", "Age 85+", "A&E"])
def test_codes_and_bands_still_pass(tmp_path: Path, label: str) -> None:
    assert _check(tmp_path, "t.csv", CSV.format(label=label, note="")) == []


# -- marks numbered from the first ------------------------------------------------------------

@pytest.mark.parametrize(("label", "note"), [
    ("North\u00b3", "\u00b3 see below\n"),
    ("North\u00b2", "\u00b2 see below\n"),
    ("North\u00b3", "\u00b9 A\n\u00b3 see below\n"),
    ("North (iii)", "(iii) see below\n"),
])
def test_a_mark_whose_earlier_notes_are_missing_is_a_number(tmp_path: Path, label: str,
                                                           note: str) -> None:
    """base: pass (the mark's own note explained it)."""
    assert _check(tmp_path, "t.csv", CSV.format(label=label, note=note)) == [
        ("SDC602", "review", ["A2"])]


@pytest.mark.parametrize(("label", "note"), [
    ("North\u00b9", "\u00b9 see below\n"),
    ("North\u00b3", "\u00b9 A\n\u00b2 B\n\u00b3 see below\n"),
    ("North (iii)", "(i) a\n(ii) b\n(iii) see below\n"),
])
def test_a_mark_with_every_note_before_it_still_passes(tmp_path: Path, label: str,
                                                       note: str) -> None:
    assert _check(tmp_path, "t.csv", CSV.format(label=label, note=note)) == []


def test_a_prose_mark_whose_earlier_notes_are_missing_is_named(tmp_path: Path) -> None:
    """base: pass."""
    assert _check(tmp_path, "t.md", "North had deaths\u00b3 this year.\n\n\u00b3 see below\n"
                  ) == [("SDC602", "review", ["line 1"])]


def test_a_prose_mark_numbered_from_the_first_still_passes(tmp_path: Path) -> None:
    assert _check(tmp_path, "t.md", "North had deaths\u00b9 this year.\n\n\u00b9 see below\n"
                  ) == []


# -- HTML: an inline drawing, a time that is none, a download's name --------------------------

SVG_BARS = ('<svg width="100" height="100"><rect x="0" y="97" width="10" height="3"/>'
            '<rect x="20" y="55" width="10" height="45"/></svg>')


@pytest.mark.parametrize("before", [
    SVG_BARS,
    '<svg><g><path d="M0 0h10v3H0z"/></g></svg>',
    '<p>Updated <time datetime="3">today</time></p>',
    '<p><time datetime="West 3">today</time></p>',
    '<a download="west_3_deaths.csv" href="x.csv">data</a>',
])
def test_html_numbers_a_setting_or_a_drawing_holds_are_reviewed(tmp_path: Path,
                                                                 before: str) -> None:
    """base: pass."""
    found = _check(tmp_path, "t.html", HTML.format(before=before))
    assert [(rule, status) for rule, status, _ in found] in (
        [("SDC605", "review")], [("SDC602", "review")])


def test_an_svg_drawing_is_named_as_embedded(tmp_path: Path) -> None:
    (tmp_path / "t.html").write_text(HTML.format(before=SVG_BARS), encoding="utf-8")
    [finding] = sdc.check(tmp_path, POLICY).findings
    assert finding.rule == "SDC605"
    assert "1 inline <svg> drawing(s)" in finding.message


@pytest.mark.parametrize("before", [
    '<svg width="16" height="16"></svg>',  # draws nothing
    '<p><time datetime="2024-05-01">May</time></p>',
    '<p><time datetime="2024-05-01T10:30Z">May</time></p>',
    '<p><time datetime="10:30">morning</time></p>',
    '<a download="table_2.csv" href="x.csv">data</a>',
    '<a download href="x.csv">data</a>',
])
def test_html_settings_that_state_no_count_still_pass(tmp_path: Path, before: str) -> None:
    assert _check(tmp_path, "t.html", HTML.format(before=before)) == []


# -- falling numbers under a header that says nothing -----------------------------------------

def test_a_named_column_in_value_counts_order_is_reviewed(tmp_path: Path) -> None:
    """Ages sorted falling under ``foo`` (nameless52's left; base: pass)."""
    found = _check(tmp_path, "t.csv", "area,foo\nNorth,61\nWest,52\nEast,45\nSouth,38\n")
    assert found == [("SDC602", "review", None)]


def test_no_header_in_value_counts_order_still_passes(tmp_path: Path) -> None:
    """``value_counts().to_csv(header=False)``: pandas' order for counts."""
    assert _check(tmp_path, "t.csv", "West,110\nEast,103\nNorth,98\nSouth,89\n") == []


# -- a file named by a sex or a place and a number --------------------------------------------

SAFE = "Region,Deaths\nNorth,45\nSouth,52\nEast,60\n"


@pytest.mark.parametrize("name", ["West 3.csv", "West_3.csv", "female_3.csv",
                                  "South East 3.csv", "NE-3.csv"])
def test_a_file_named_by_a_sex_or_a_place_and_a_number(tmp_path: Path, name: str) -> None:
    """hunt52's left (base: pass): the name states that category's count."""
    assert _check(tmp_path, name, SAFE) == [("SDC602", "review", "file name")]


@pytest.mark.parametrize("name", ["Table 2.csv", "Copy 2.csv", "Book1.csv", "West (2).csv",
                                  "West 2020.csv", "Westminster 3.csv", "income_0.csv",
                                  "West3.csv"])
def test_a_file_numbered_as_a_document_still_passes(tmp_path: Path, name: str) -> None:
    assert _check(tmp_path, name, SAFE) == []
