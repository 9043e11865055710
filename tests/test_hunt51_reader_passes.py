"""Round 51 (hunt51): ways a small count passed the readers, each now ``review``.

* A label's number in a form of its own (``North ③``, ``North ½``, ``North Ⅲ``, a set-apart
  ``North ³``, a digit under a combining mark ``North 3⃣``), a Roman numeral set off as a
  value (``North: III``), or a whole number set in marks no name uses (``South ^3^``,
  ``South 3!``, ``South 3.0``): read as a name, where ``North 3`` is a value (SDC602).
* Characters that show nothing and carry a digit (tag characters, variation selectors), in a
  CSV's or a Word table's cell (SDC605).
* Prose and logs writing a count as ``③``; an HTML ``<ol start="3">``; LaTeX's
  ``\\textthreesuperior`` in a count cell; a JSON object's key ``"3"`` (SDC602).
* XLSX: a shared string no cell uses holding a digit, a string's phonetic guide, a cell with
  two values, an element's text outside the cells, a link target or a hyperlink's display
  with a number, a part's title with a number (SDC605).
* Word: a field code outside any field, a comments part no relationship names, a symbol
  character drawn as a digit (SDC602 and SDC605).

Each comes with a safe twin that still passes."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

import sdc
from sdc.policy import build_policy

POLICY = build_policy({})
CSV = 'Region,Deaths\n"{label}",45\nSouth,52\nEast,60\n'


def _check(folder: Path) -> list[tuple[str, str, object]]:
    """(rule, status, cell, or cells or places named) of every finding."""
    return sorted((f.rule, f.status.value, f.location.cell or f.evidence.get("cells")
                   or f.evidence.get("places")) for f in sdc.check(folder, POLICY).findings)


@pytest.mark.parametrize("label", [
    "North \u2462", "North \u00bd", "North \u2162", "North \u00b3 here", "North \u2083",
    "North 3\u20e3", "North 3\u0301", "North: III", "North (III)",
    "South ^3^", "South |3|", "South 3!", "South 3;", "South 3.0", "South 3)", "South *3*",
    "South ~3~", "South /3/",
])
def test_a_value_in_a_form_of_its_own_beside_a_label_is_named(tmp_path: Path,
                                                              label: str) -> None:
    (tmp_path / "t.csv").write_text(CSV.format(label=label), encoding="utf-8")
    assert _check(tmp_path) == [("SDC602", "review", ["A2"])]


# (``Total¹`` and ``North ²`` pass with the note their mark refers to: a mark no note
# explains is a number, hunt52's tests)
@pytest.mark.parametrize("label", [
    "North", "CO\u2082", "Site A/3", "BMI >= 30",
    "COVID-19", "SF-36", "ICD-10", "Age 65+", "Top 10%",
    "Type 2 diabetes", "EQ-5D", "PM2.5", "Level 3 (A-level)", "Grade III",
])
def test_names_holding_numbers_still_pass(tmp_path: Path, label: str) -> None:
    (tmp_path / "t.csv").write_text(CSV.format(label=label), encoding="utf-8")
    assert _check(tmp_path) == []


@pytest.mark.parametrize("label", ["North\U000e0033", "North\ufe0f"])
def test_a_character_that_shows_nothing_in_a_label_is_flagged(tmp_path: Path,
                                                              label: str) -> None:
    (tmp_path / "t.csv").write_text(CSV.format(label=label), encoding="utf-8")
    assert _check(tmp_path) == [("SDC605", "review", "A2")]


@pytest.mark.parametrize(("name", "text", "place"), [
    ("t.md", "North had \u2462 deaths\n", "line 1"),
    ("t.md", "North: \u00bd of deaths\n", "line 1"),
    ("t.log", "West had \u2462 deaths\n", "line 1"),
])
def test_prose_counts_in_a_form_of_their_own_are_named(tmp_path: Path, name: str, text: str,
                                                       place: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert _check(tmp_path) == [("SDC602", "review", [place])]


def test_prose_footnote_marks_still_pass(tmp_path: Path) -> None:
    (tmp_path / "t.md").write_text("Deaths by region\u00b9\n\n\u00b9 Source: registry\n",
                                   encoding="utf-8")
    assert _check(tmp_path) == []


HTML = ("<table><tr><th>Region</th><th>Deaths</th></tr><tr><td>North</td><td>45</td></tr>"
        "<tr><td>South</td><td>52</td></tr><tr><td>East</td><td>60</td></tr></table>{}")


def test_an_ordered_lists_start_is_named(tmp_path: Path) -> None:
    (tmp_path / "t.html").write_text(HTML.format("<ol start='3'><li>West</li></ol>"))
    assert _check(tmp_path) == [("SDC602", "review", ["<ol start> (hidden)"])]
    (tmp_path / "t.html").write_text(HTML.format("<ol><li>West</li></ol>"))
    assert _check(tmp_path) == []


TEX = ("\\begin{{tabular}}{{lr}}\nRegion & Deaths \\\\\nNorth & {} \\\\\nSouth & 52 \\\\\n"
       "East & 60 \\\\\n\\end{{tabular}}\n")


def test_latex_textcomp_numbers_are_read(tmp_path: Path) -> None:
    (tmp_path / "t.tex").write_text(TEX.format("\\textthreesuperior"))
    assert _check(tmp_path) == [("SDC602", "review", "B2")]
    (tmp_path / "t.tex").write_text(TEX.format("\\textthreeoldstyle"))
    assert _check(tmp_path) == [("SDC101", "fail", "B2")]


def test_a_json_keys_number_is_named(tmp_path: Path) -> None:
    (tmp_path / "t.json").write_text(json.dumps({"3": "North", "note": "deaths"}))
    assert _check(tmp_path) == [("SDC602", "review", ["$.3 (key)"])]
    (tmp_path / "t.json").write_text(json.dumps({"model_1": "logit", "2019": "North"}))
    assert _check(tmp_path) == []


# --- XLSX -------------------------------------------------------------------------------

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"


def _book(path: Path, edits: dict[str, Callable[[str], str]] | None = None) -> None:
    """A workbook as pandas writes it with XlsxWriter (shared strings, the sheets' titles in
    ``docProps/app.xml``), its parts edited as an insider would."""
    import pandas as pd

    plain = path.with_suffix(".plain.xlsx")
    pd.DataFrame({"Region": ["North", "South", "East"], "Deaths": [45, 52, 60]}).to_excel(
        plain, index=False, sheet_name="Table", engine="xlsxwriter")
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w") as out:
        for name in src.namelist():
            data = src.read(name)
            if edits and name in edits:
                data = edits[name](data.decode()).encode()
            out.writestr(name, data)
    plain.unlink()


def _hidden(folder: Path) -> list[tuple[str, str, str | None, str]]:
    return sorted((f.rule, f.status.value, f.location.sheet, f.message)
                  for f in sdc.check(folder, POLICY).findings)


@pytest.mark.parametrize(("part", "edit", "message"), [
    (STRINGS, lambda s: s.replace("</sst>", "<si><t>3</t></si></sst>"),
     "cell data not shown: xl/sharedStrings.xml: 1 shared strings no cell shows that hold a "
     "digit"),
    (STRINGS, lambda s: s.replace("<t>North</t>", '<t>North</t><rPh sb="0" eb="1"><t>3</t>'
                                                   "</rPh>"),
     "cell data not shown: xl/sharedStrings.xml: 1 phonetic guides (rPh) of strings"),
    (SHEET, lambda s: s.replace("<v>45</v>", "<v>45</v><v>3</v>"),
     f"cell data not shown: {SHEET}: 1 cells holding more than one value (one is shown)"),
    (SHEET, lambda s: s.replace("</worksheet>", '<extLst><ext uri="{X}"><x:n xmlns:x="urn:x">'
                                                "West 3</x:n></ext></extLst></worksheet>"),
     f"number outside the cells: {SHEET}: an element's text outside the cells hold(s) a "
     "number no cell shows: a person must read it"),
    ("docProps/app.xml", lambda s: s.replace("<vt:lpstr>Table</vt:lpstr>",
                                             "<vt:lpstr>West 3</vt:lpstr>"),
     "number outside the cells: docProps/app.xml: 1 title(s) of the workbook's parts hold a "
     "number no cell shows: a person must read it"),
])
def test_xlsx_parts_no_cell_shows(tmp_path: Path, part: str, edit: Callable[[str], str],
                                  message: str) -> None:
    _book(tmp_path / "t.xlsx", {part: edit})
    assert _hidden(tmp_path) == [("SDC605", "review", "Table", message)]


def test_the_plain_workbook_passes(tmp_path: Path) -> None:
    _book(tmp_path / "t.xlsx")
    assert _hidden(tmp_path) == []


def _linked(path: Path, target: str | None = None, display: str | None = None) -> None:
    from openpyxl.worksheet.hyperlink import Hyperlink

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Table"
    for row in [("Region", "Deaths"), ("North", 45), ("South", 52), ("East", 60)]:
        sheet.append(row)
    if target is not None:
        sheet["A2"].hyperlink = target
    if display is not None:
        sheet["A2"].hyperlink = Hyperlink(ref="A2", location="'Table'!A1", display=display)
    book.save(path)


def test_a_links_target_or_display_with_a_number_is_flagged(tmp_path: Path) -> None:
    _linked(tmp_path / "t.xlsx", target="https://example.org/?West=3")
    assert _hidden(tmp_path) == [
        ("SDC605", "review", "Table", "number outside the cells: xl/worksheets/_rels/"
         "sheet1.xml.rels: 1 link target(s) outside the workbook hold a number no cell "
         "shows: a person must read it")]
    _linked(tmp_path / "t.xlsx", display="West 3")
    assert _hidden(tmp_path) == [
        ("SDC605", "review", "Table", "number outside the cells: xl/worksheets/sheet1.xml: a "
         "hyperlink display hold(s) a number no cell shows: a person must read it")]


@pytest.mark.parametrize(("target", "display"), [
    ("https://www.ons.gov.uk/peoplepopulationandcommunity", None), (None, "North")])
def test_plain_links_pass(tmp_path: Path, target: str | None, display: str | None) -> None:
    _linked(tmp_path / "t.xlsx", target=target, display=display)
    assert _hidden(tmp_path) == []


# --- Word -------------------------------------------------------------------------------

DOCUMENT = "word/document.xml"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _word(path: Path, label: str = "South", edits: dict[str, Callable[[str], str]] | None
          = None, extra: dict[str, str] | None = None) -> None:
    import docx

    plain = path.with_suffix(".plain.docx")
    document = docx.Document()
    table = document.add_table(rows=0, cols=2)
    for a, b in [("Region", "Deaths"), ("North", "45"), (label, "52"), ("East", "60")]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = a, b
    document.save(plain)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w") as out:
        for name in src.namelist():
            data = src.read(name)
            if edits and name in edits:
                data = edits[name](data.decode()).encode()
            out.writestr(name, data)
        for name, text in (extra or {}).items():
            out.writestr(name, text)
    plain.unlink()


def _body(xml: str) -> Callable[[str], str]:
    return lambda s: s.replace("</w:body>", xml + "</w:body>")


@pytest.mark.parametrize(("edits", "extra", "place", "flag"), [
    ({DOCUMENT: _body('<w:p><w:r><w:instrText> QUOTE "West 3" </w:instrText></w:r></w:p>')},
     None, "field code 1 (hidden)", "field code"),
    (None, {"word/comments.xml": f'<w:comments {W}><w:comment w:id="0" w:author="a"><w:p>'
                                 "<w:r><w:t>West 3</w:t></w:r></w:p></w:comment></w:comments>"},
     "comment 1 (hidden)", "comment"),
    ({DOCUMENT: lambda s: s.replace("<w:t>52</w:t>", '<w:t>52</w:t></w:r><w:r><w:sym '
                                    'w:font="Arial" w:char="0033"/>', 1)},
     None, "symbol characters (hidden)", "symbol characters"),
])
def test_word_text_no_page_shows_is_named(tmp_path: Path, edits: dict | None,
                                          extra: dict | None, place: str, flag: str) -> None:
    _word(tmp_path / "t.docx", edits=edits, extra=extra)
    findings = sdc.check(tmp_path, POLICY).findings
    assert sorted((f.rule, f.status.value) for f in findings) == [
        ("SDC602", "review"), ("SDC605", "review")]
    assert [f.evidence["places"] for f in findings if f.rule == "SDC602"] == [[place]]
    assert [f.evidence["what"] for f in findings if f.rule == "SDC605"] == [flag]


def test_a_word_tables_tag_character_is_flagged_and_read(tmp_path: Path) -> None:
    _word(tmp_path / "t.docx", label="South\U000e0033")  # what the tag spells: ``South 3``
    assert sorted((f.rule, f.status.value, f.evidence.get("what") or f.evidence.get("places"))
                  for f in sdc.check(tmp_path, POLICY).findings) == [
        ("SDC602", "review", ["table 1 cell A3 without invisible characters (hidden)"]),
        ("SDC605", "review", "invisible characters")]


@pytest.mark.parametrize(("name", "text", "place"), [
    ("t.md", "North\U000e0033 had deaths\n", "line 1"),
    ("t.tex", "North\U000e0033 region\n", "line 1"),
    ("t.json", '{"note": "North\U000e0033 region"}', "$.note"),
])
def test_prose_tag_characters_are_flagged_and_read(tmp_path: Path, name: str, text: str,
                                                  place: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert sorted((f.rule, f.status.value, f.evidence.get("what") or f.evidence.get("places"))
                  for f in sdc.check(tmp_path, POLICY).findings) == [
        ("SDC602", "review", [f"{place} without invisible characters (hidden)"]),
        ("SDC605", "review", "invisible characters")]


def test_a_plain_word_table_passes(tmp_path: Path) -> None:
    _word(tmp_path / "t.docx", edits={DOCUMENT: lambda s: s.replace(
        "<w:t>52</w:t>", '<w:t>52</w:t></w:r><w:r><w:sym w:font="Symbol" w:char="F0B1"/>', 1)})
    assert _check(tmp_path) == []
