"""Round 52 (hunt52): ways a small count passed the readers, each now ``review``.

* A raised digit ending a label (``North³``, ``North ³``, HTML ``<sup>3</sup>`` and
  ``&sup3;``, LaTeX ``\\textsuperscript{3}``) or a lower-case Roman numeral in brackets
  (``North (iii)``) that no note of the table or its page explains: a number beside a name,
  not a footnote's mark (SDC602 at the label's cell). With its note (``³ Includes X``, gt's
  ``¹ n (%)``), or as a power (``R²``, ``km²``, ``chi²``), it passes as before.
* A label's number wrapped in ``_`` or ``+`` (``South _3_``, ``South +3+``) (SDC602).
* A Roman numeral before the people it counts in prose (``North had III deaths``), and a
  mark in prose no line of the document explains (``deaths³``, JSON ``"West³"``) (SDC602).
* A file or folder name stating a count (``North_3_deaths.csv``, ``West=3/``) (SDC602 on
  the file).

Each comes with a safe twin that still passes."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy

POLICY = build_policy({})
CSV = 'Region,Deaths\n"{label}",45\nSouth,52\nEast,60\n'
HTML = ("<table><tr><th>Region</th><th>Deaths</th></tr><tr><td>{label}</td><td>45</td></tr>"
        "<tr><td>North</td><td>52</td></tr><tr><td>East</td><td>60</td></tr></table>{note}")
TEX = ("\\begin{{tabular}}{{lr}}\nRegion & Deaths \\\\\n{label} & 45 \\\\\nNorth & 52 \\\\\n"
       "East & 60 \\\\\n\\end{{tabular}}\n{note}")
# the mark's note in the table's foot, the page's notes before it (hunt53: notes are
# numbered from the first; a ``³`` whose note is the only one is a number)
HTML_NOTES = "<tr><td colspan='2'><sup>3</sup> Includes X.</td></tr>"
PAGE_NOTES = "<p>&sup1; A.</p><p>&sup2; B.</p>"
MD = "| Region | Deaths |\n|---|---|\n| {label} | 45 |\n| North | 52 |\n| East | 60 |\n\n{note}"


def _check(folder: Path) -> list[tuple[str, str, object]]:
    """(rule, status, cell, or cells or places named, or the place evidence) of every
    finding."""
    return sorted((f.rule, f.status.value, f.location.cell or f.evidence.get("cells")
                   or f.evidence.get("places") or f.evidence.get("place"))
                  for f in sdc.check(folder, POLICY).findings)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("label", [
    "North \u00b3", "North\u00b3", "Total\u00b9", "North \u00b2", "North\u00b9\u00b2",
    "North (iii)", "North (i)", "North (iv)",
])
def test_a_mark_no_note_explains_is_a_number(tmp_path: Path, label: str) -> None:
    _write(tmp_path, "t.csv", CSV.format(label=label))
    assert _check(tmp_path) == [("SDC602", "review", ["A2"])]


@pytest.mark.parametrize(("name", "template", "label"), [
    ("t.html", HTML, "South &sup3;"),
    ("t.html", HTML, "South<sup>3</sup>"),
    ("t.tex", TEX, "South \\textsuperscript{3}"),
    ("t.md", MD, "South\u00b3"),
])
def test_a_documents_mark_no_note_explains_is_a_number(tmp_path: Path, name: str,
                                                      template: str, label: str) -> None:
    _write(tmp_path, name, template.format(label=label, note=""))
    assert _check(tmp_path) == [("SDC602", "review", ["A2"])]


@pytest.mark.parametrize("text", [
    # notes numbered from the first (hunt53: a ``³`` whose note is the only one is a number)
    'Region,Deaths\nNorth\u00b3,45\nSouth,52\nEast,60\n\u00b9 A\n\u00b2 B\n\u00b3 Includes X\n',
    'Characteristic\u00b9,Deaths\nNorth,45\nSouth,52\nEast,60\n\u00b9 n (%)\n',
    'Region,Deaths\nNorth (iii),45\nSouth,52\nEast,60\n(i) a\n(ii) b\n(iii) includes X\n',
    'Region,Deaths\nPart (i),45\nPart (ii),52\nPart (iii),60\n',
    'Term,Deaths\nR\u00b2,45\nArea km\u00b2,52\nBMI kg/m\u00b2,60\n',
    'Term,Deaths\nPearson chi\u00b2,45\nCO\u2082,52\nEast,60\n',
])
def test_a_mark_with_its_note_or_a_power_still_passes(tmp_path: Path, text: str) -> None:
    _write(tmp_path, "t.csv", text)
    assert _check(tmp_path) == []


@pytest.mark.parametrize(("name", "template", "label", "note"), [
    ("t.html", HTML.replace("</table>", f"<tfoot>{HTML_NOTES}</tfoot></table>"),
     "South<sup>3</sup>", PAGE_NOTES),
    ("t.html", HTML, "South<sup>3</sup>", f"{PAGE_NOTES}<p>&sup3; Includes X.</p>"),
    ("t.html", HTML.replace("</table>", f"<tfoot>{HTML_NOTES}</tfoot></table>"),
     "South &sup3;", PAGE_NOTES),
    ("t.tex", TEX, "South \\textsuperscript{3}", "\\textsuperscript{1} A.\n\n"
     "\\textsuperscript{2} B.\n\n\\textsuperscript{3} Includes X.\n"),
    ("t.md", MD, "South\u00b3", "\u00b9 A.\n\n\u00b2 B.\n\n\u00b3 Includes X.\n"),
])
def test_a_documents_mark_with_its_note_still_passes(tmp_path: Path, name: str,
                                                    template: str, label: str,
                                                    note: str) -> None:
    _write(tmp_path, name, template.format(label=label, note=note))
    assert _check(tmp_path) == []


@pytest.mark.parametrize("label", ["South _3_", "South +3+", "South __3__"])
def test_a_number_wrapped_in_a_words_or_a_bands_mark_is_named(tmp_path: Path,
                                                              label: str) -> None:
    _write(tmp_path, "t.csv", CSV.format(label=label))
    assert _check(tmp_path) == [("SDC602", "review", ["A2"])]


@pytest.mark.parametrize("label", ["Age 65+", "Over 3+ visits", "Top 10%", "first_name"])
def test_bands_and_identifiers_still_pass(tmp_path: Path, label: str) -> None:
    _write(tmp_path, "t.csv", CSV.format(label=label))
    assert _check(tmp_path) == []


@pytest.mark.parametrize(("name", "text"), [
    ("t.md", "North had III deaths.\n"),
    ("t.md", "We saw XII new cases in the North.\n"),
    ("t.log", "West: III deaths\n"),
])
def test_a_roman_count_in_prose_is_named(tmp_path: Path, name: str, text: str) -> None:
    _write(tmp_path, name, text)
    assert _check(tmp_path) == [("SDC602", "review", ["line 1"])]


@pytest.mark.parametrize("text", [
    "Stage III patients were included.\n", "Type II diabetes patients were excluded.\n",
    "A Phase III trial.\n", "North had iii deaths.\n", "X patients is a placeholder.\n",
])
def test_a_series_numeral_in_prose_still_passes(tmp_path: Path, text: str) -> None:
    _write(tmp_path, "t.md", text)
    assert _check(tmp_path) == []


SAFE = "Region,Deaths\nNorth,45\nSouth,52\nEast,60\n"


@pytest.mark.parametrize("name", [
    "North_3_deaths.csv", "West=3/t.csv", "n=3.csv", "3 patients.csv", "North-3-cases.csv",
])
def test_a_count_in_a_file_or_folder_name_is_named(tmp_path: Path, name: str) -> None:
    _write(tmp_path, name, SAFE)
    assert _check(tmp_path) == [("SDC602", "review", "file name")]


@pytest.mark.parametrize("name", [
    "output_0.csv", "hist1_0.csv", "output_3-r2.csv", "Table 2.csv", "Book1.csv",
    "results (2).csv", "covid_19_deaths.csv", "age_65_patients.csv", "wave_3_patients.csv",
    "year=2020/t.csv", "part=0/t.csv", "deaths_2020.csv",
])
def test_tool_made_names_still_pass(tmp_path: Path, name: str) -> None:
    _write(tmp_path, name, SAFE)
    assert _check(tmp_path) == []


@pytest.mark.parametrize(("name", "text", "place"), [
    ("t.json", '{"note": "West\\u00b3"}', "$.note"),
    ("t.md", "North had deaths\u00b3 this year.\n", "line 1"),
])
def test_a_prose_mark_no_note_explains_is_named(tmp_path: Path, name: str, text: str,
                                               place: str) -> None:
    _write(tmp_path, name, text)
    assert _check(tmp_path) == [("SDC602", "review", [place])]


@pytest.mark.parametrize(("name", "text"), [
    ("t.json", '{"note": "West\\u00b3", "foot": ["\\u00b9 A", "\\u00b2 B", "\\u00b3 Includes X"]}'),
    ("t.md", "North had deaths\u00b3 this year.\n\n\u00b9 A.\n\n\u00b2 B.\n\n\u00b3 Includes X.\n"),
    ("t.md", "Area in km\u00b2 and the R\u00b2 of the fit.\n"),
])
def test_a_prose_mark_with_its_note_or_a_power_still_passes(tmp_path: Path, name: str,
                                                           text: str) -> None:
    _write(tmp_path, name, text)
    assert _check(tmp_path) == []
