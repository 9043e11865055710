"""Issue 12 (hunt round 12): files embedded as ``data:`` URIs wherever a document carries text.

An HTML ``data-*`` attribute (``<div data-src="data:image/png;base64,...">``), a ``srcset``
candidate, a CSS ``url(data:...)`` in a ``style`` attribute or a ``<style>`` sheet, a Markdown
picture ``![](data:...)``, a JSON string and a CSS ``url()`` inside an SVG's ``<style>`` were
read as one long word or not at all: a chart or a CSV of patients rode out unread. Each is now
decoded and read as the file it is (a picture as an image file, anything else as hidden text)
and flagged (SDC605 review); one that cannot be decoded is flagged, never skipped.
"""

from __future__ import annotations

import base64
import html
import io
import json
from pathlib import Path

import docx
import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from sdc.readers.documents import data_uris
from tests.test_smuggling_files import NHS, findings, run_check

PATIENTS = "nhs_number,age\n" + "".join(f"{NHS},{30 + i}\n" for i in range(12))
CSV = "data:text/csv;base64," + base64.b64encode(PATIENTS.encode()).decode()


def _png(text: str | None = None) -> str:
    info = PngInfo()
    if text is not None:
        info.add_text("Comment", text)
    buf = io.BytesIO()
    Image.new("RGB", (4, 3)).save(buf, "PNG", pnginfo=info)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def _page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body><p>Chart of admissions</p>{body}</body></html>"


def _check(tmp_path: Path, name: str, text: str) -> dict:
    folder = tmp_path / "req"
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    return run_check(folder)


def _messages(report: dict, rule: str) -> set[str]:
    return {f["message"] for o in report["outputs"] for f in o["findings"] if f["rule"] == rule}


def _identifier_found(report: dict, path: str) -> bool:
    return any(f["rule"] == "SDC604" and f["location"]["path"] == path
               and "NHS number" in f["message"] for o in report["outputs"]
               for f in o["findings"])


@pytest.mark.parametrize(("name", "text", "where"), [
    ("page.html", _page(f'<div data-src="{CSV}"></div>'), "<div data-src>"),
    ("page.html", _page(f'<img src="chart.png" srcset="chart.png 1x, {CSV} 2x">'),
     "<img srcset> (1)"),
    ("page.html", _page(f'<div style="background: url({CSV})"></div>'), "<div style> (1)"),
    ("page.html", _page("", f'<style>.c {{ background: url("{CSV}") }}</style>'), "<style>"),
    ("notes.md", f"# Results\n\n![chart]({CSV})\n", "line 3"),
    ("notes.md", f'# Results\n\n<img src="{CSV}">\n', "line 3"),
    ("chart.json", json.dumps({"title": "admissions", "chart": CSV}), "$.chart"),
    ("table.tex", "\\begin{tabular}{lr}\nNorth & 120 \\\\\n\\end{tabular}\n% " + CSV + "\n",
     "comment on line 4"),
])
def test_a_csv_in_a_data_uri_is_flagged_and_its_identifiers_found(
        tmp_path: Path, name: str, text: str, where: str) -> None:
    report = _check(tmp_path, name, text)
    assert f"data URI: embedded data in {where}" in _messages(report, "SDC605")
    assert ("SDC605", name, None) in findings(report)
    assert _identifier_found(report, name)
    assert report["status"] == "fail"


def test_a_csv_in_a_word_paragraph_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "req"
    folder.mkdir()
    document = docx.Document()
    document.add_paragraph("Results")
    document.add_paragraph(CSV)
    document.save(folder / "report.docx")
    report = run_check(folder)
    assert "data URI: embedded data in paragraph 2" in _messages(report, "SDC605")
    assert _identifier_found(report, "report.docx")
    assert report["status"] == "fail"


def test_a_picture_in_a_data_attribute_is_read_as_an_image_file(tmp_path: Path) -> None:
    report = _check(tmp_path, "page.html", _page(f'<div data-src="{_png(f"patient {NHS}")}">'
                                                 "</div>"))
    assert _messages(report, "SDC605") == {"data URI: embedded data in <div data-src>"}
    assert any(m.startswith("data in <div data-src> (image/png).png: PNG text 'Comment'")
               for m in _messages(report, "SDC604"))
    assert report["status"] == "fail"


def test_a_plain_picture_in_a_data_attribute_is_review(tmp_path: Path) -> None:
    report = _check(tmp_path, "page.html", _page(f'<div data-src="{_png()}"></div>'))
    assert findings(report) == {("SDC605", "page.html", None)}
    assert _messages(report, "SDC605") == {"data URI: embedded data in <div data-src>"}
    assert report["status"] == "review"


def test_a_payload_that_cannot_be_decoded_is_review(tmp_path: Path) -> None:
    report = _check(tmp_path, "page.html", _page('<div data-src="data:text/csv;base64,QUJ@D">'
                                                 "</div>"))
    assert findings(report) == {("SDC605", "page.html", None)}
    assert "data URI: embedded data in <div data-src>" in _messages(report, "SDC605")
    assert report["status"] == "review"


def test_a_css_data_uri_in_an_svg_style_sheet_is_read(tmp_path: Path) -> None:
    svg = ('<svg xmlns="http://www.w3.org/2000/svg"><style>.a { fill: url("' + CSV + '") }'
           '</style><rect class="a" width="3" height="3"/></svg>')
    report = _check(tmp_path, "map.svg", svg)
    assert "embedded file: SVG embedded file 1 (text/csv): a file inside the drawing" in \
        _messages(report, "SDC605")
    assert ("SDC604", "map.svg[SVG embedded file 1 (text/csv)]", "A2") in findings(report)
    assert report["status"] == "fail"


def test_uris_past_the_limit_are_flagged_not_read(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(data_uris, "MAX_URIS", 1)
    report = _check(tmp_path, "notes.md", f"# Results\n\n![a]({_png()})\n\n![b]({CSV})\n")
    assert _messages(report, "SDC605") == {
        "data URI: embedded data in line 3",
        "embedded file: 1 more data: URIs than sdc reads; a person must check them"}
    assert not _identifier_found(report, "notes.md")  # the CSV was not read, but flagged
    assert report["status"] == "review"


def test_a_page_without_payload_and_a_linked_chart_pass(tmp_path: Path) -> None:
    folder = tmp_path / "req"
    folder.mkdir()
    (folder / "page.html").write_text(_page('<img src="chart.png" srcset="chart.png 1x" '
                                            'data-src="chart.png" style="color: red">'))
    (folder / "notes.md").write_text("# Results\n\n![chart](chart.png)\n")
    Image.new("RGB", (4, 3)).save(folder / "chart.png")
    report = run_check(folder)
    assert findings(report) == {("SDC701", "chart.png", None)}
    assert report["status"] == "review"  # the chart itself: pixels, not data


WEST = ("<table><tr><th>region</th><th>patients</th></tr><tr><td>North</td><td>120</td></tr>"
        "<tr><td>West</td><td>3</td></tr></table>")


def test_an_iframe_srcdoc_is_read_as_a_page(tmp_path: Path) -> None:
    report = _check(tmp_path, "page.html", _page(f'<iframe srcdoc="{html.escape(WEST)}">'
                                                 "</iframe>"))
    assert ("SDC101", "page.html", "B3") in findings(report)
    assert "active content: a <iframe> element" in _messages(report, "SDC605")
    assert report["status"] == "fail"


def test_an_iframe_srcdoc_nested_too_deep_is_flagged(tmp_path: Path) -> None:
    inner = "<p>notes</p>"
    for _ in range(3):
        inner = f'<iframe srcdoc="{html.escape(inner)}"></iframe>'
    report = _check(tmp_path, "page.html", _page(inner))
    assert ("embedded file: an <iframe srcdoc> nested too deep to read; a person must check it"
            in _messages(report, "SDC605"))
    assert report["status"] == "review"


def test_a_srcdoc_attribute_elsewhere_is_still_searched(tmp_path: Path) -> None:
    report = _check(tmp_path, "page.html", _page(f'<div srcdoc="patient {NHS}"></div>'))
    assert _identifier_found(report, "page.html")
