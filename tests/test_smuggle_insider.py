"""Issue 12: channels tried from the outside as an insider would (files on disk, the CLI).

Each case writes a release folder with the real tools (pandas, openpyxl, python-docx, gzip)
and asserts the findings that stop it. Some were open (a patient list base64- or hex-encoded
in a label or a title, pasted into one quoted CSV cell, kept in a Word document's custom XML,
glossary or document variables, or in a part of an unknown kind); the rest were already
closed and stay so (Unicode digits, zero-width characters, numbers in words, a second table
after blank lines, hidden HTML, tables in .md/.tex/.txt, archives, very hidden sheets, cells
formatted to hide).
"""

from __future__ import annotations

import base64
import gzip
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from tests.test_smuggling_files import NHS, findings, run_check

PATIENTS = "nhs_number,age\n" + "".join(f"{NHS},{30 + i}\n" for i in range(20))
SAFE = "grp,n\na,12\nb,25\nc,30\n"
B64 = base64.b64encode(PATIENTS.encode()).decode()
Writer = Callable[[Path], None]


def _release(tmp_path: Path, files: dict[str, str | bytes | Writer]) -> Path:
    folder = tmp_path / "req"
    folder.mkdir()
    for name, data in files.items():
        path = folder / name
        if callable(data):
            data(path)
        elif isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
    return folder


def _pairs(report: dict) -> set[tuple[str, str]]:
    return {(rule, where) for rule, where, _ in findings(report)}


def _docx(extra: dict[str, str]) -> Writer:
    def write(path: Path) -> None:
        import docx

        document = docx.Document()
        document.add_paragraph("Admissions by group")
        buf = io.BytesIO()
        document.save(buf)
        with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w") as dst:
            for info in src.infolist():
                data = extra.pop(info.filename, None)
                dst.writestr(info, data if data is not None else src.read(info.filename))
            for name, data in extra.items():
                dst.writestr(name, data)
    return write


# --- channels that were open ----------------------------------------------------------------


@pytest.mark.parametrize("encoded", [B64, PATIENTS.encode().hex(),
                                     base64.b64encode(gzip.compress(PATIENTS.encode())).decode(),
                                     base64.urlsafe_b64encode(PATIENTS.encode()).decode()])
def test_a_patient_list_encoded_in_a_label_is_decoded_and_checked(tmp_path: Path,
                                                                  encoded: str) -> None:
    report = run_check(_release(tmp_path, {"t.csv": SAFE + f"{encoded},40\n"}))
    assert ("SDC605", "t.csv", "A5") in findings(report, {"SDC605"})
    assert ("SDC604", "t.csv[cell A5 decoded]", "A2") in findings(report, {"SDC604"})
    assert report["status"] == "fail"


def test_an_encoded_title_is_decoded_and_checked(tmp_path: Path) -> None:
    report = run_check(_release(tmp_path, {"t.csv": f"Table 1: {B64}\n" + SAFE}))
    assert ("SDC605", "t.csv", "A1") in findings(report, {"SDC605"})
    assert ("SDC604", "t.csv[cell A1 decoded]") in _pairs(report)


def test_an_encoded_blob_in_a_workbook_cell_is_decoded(tmp_path: Path) -> None:
    def write(path: Path) -> None:
        pd.DataFrame({"grp": ["a", "b", B64], "n": [12, 25, 30]}).to_excel(path, index=False)

    report = run_check(_release(tmp_path, {"t.xlsx": write}))
    assert ("SDC605", "t.xlsx[Sheet1]", "A4") in findings(report, {"SDC605"})
    assert ("SDC604", "t.xlsx[Sheet1: cell A4 decoded]") in _pairs(report)


def test_opaque_encoded_data_is_review(tmp_path: Path) -> None:
    """The guess that a blob is text is wrong (bytes sdc cannot read): long enough to carry
    data, it is still review."""
    blob = base64.b64encode(bytes(range(256)) * 2).decode()
    report = run_check(_release(tmp_path, {"t.csv": SAFE + f"{blob},40\n"}))
    assert ("SDC605", "t.csv", "A5") in findings(report, {"SDC605"})
    assert report["status"] == "review"


def test_a_patient_list_in_one_quoted_cell_is_read_as_a_table(tmp_path: Path) -> None:
    frame = pd.DataFrame({"grp": ["a", "b", "c", PATIENTS], "n": [12, 25, 30, 40]})
    folder = _release(tmp_path, {})
    frame.to_csv(folder / "t.csv", index=False)
    report = run_check(folder)
    assert ("SDC604", "t.csv[cell A5]", "A2") in findings(report, {"SDC604"})
    assert report["status"] == "fail"


def test_hashes_long_words_and_prose_are_not_flagged(tmp_path: Path) -> None:
    import hashlib

    digest = hashlib.sha256(b"x").hexdigest()
    prose = "Admissions were counted per ward and week; " * 20
    text = (f"grp,n,checksum,note\na,12,{digest},Supercalifragilisticexpialidocious\n"
            f"b,25,{digest},\"{prose}\"\nc,30,{digest},x\n")
    report = run_check(_release(tmp_path, {"t.csv": text}))
    assert findings(report, {"SDC605", "SDC604"}) == set()


@pytest.mark.parametrize(("part", "content", "what"), [
    ("customXml/item2.xml", f"<data><patient>{NHS}</patient></data>", "custom XML"),
    ("word/glossary/document.xml",
     '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
     f"<w:body><w:p><w:r><w:t>{NHS}</w:t></w:r></w:p></w:body></w:document>", "glossary"),
    ("word/patients.bin", b"\x00\x01" + PATIENTS.encode("utf-16-le"), "extra package part"),
])
def test_word_parts_no_page_shows_are_flagged_and_read(tmp_path: Path, part: str,
                                                       content: str | bytes, what: str) -> None:
    report = run_check(_release(tmp_path, {"r.docx": _docx({part: content})}), "--show-values")
    hidden = [f["evidence"].get("what") for o in report["outputs"] for f in o["findings"]
              if f["rule"] == "SDC605"]
    assert what in hidden, hidden
    assert ("SDC604", "r.docx") in _pairs(report)
    assert report["status"] == "fail"


def test_word_document_variables_and_custom_properties_are_read(tmp_path: Path) -> None:
    import docx

    folder = _release(tmp_path, {})
    document = docx.Document()
    document.add_paragraph("Admissions by group")
    document.settings.element.append(document.settings.element.makeelement(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}docVars", {}))
    var = document.settings.element[-1].makeelement(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}docVar",
        {"{http://schemas.openxmlformats.org/wordprocessingml/2006/main}name": "p",
         "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val": NHS})
    document.settings.element[-1].append(var)
    document.save(folder / "r.docx")
    report = run_check(folder, "--show-values")
    hidden = [f["evidence"].get("what") for o in report["outputs"] for f in o["findings"]
              if f["rule"] == "SDC605"]
    assert "document variables" in hidden
    assert ("SDC604", "r.docx") in _pairs(report)


def test_a_plain_word_document_has_no_new_findings(tmp_path: Path) -> None:
    import docx

    folder = _release(tmp_path, {})
    document = docx.Document()
    document.add_paragraph("Admissions by group were counted weekly.")
    document.save(folder / "r.docx")
    report = run_check(folder)
    assert findings(report, {"SDC604", "SDC605", "SDC602"}) == set()


# --- channels that were closed already, kept closed ------------------------------------------


def _hidden_sheet(path: Path) -> None:
    from openpyxl import load_workbook

    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"grp": ["a", "b"], "n": [12, 25]}).to_excel(writer, sheet_name="t",
                                                                  index=False)
        pd.read_csv(io.StringIO(PATIENTS)).to_excel(writer, sheet_name="h", index=False)
    book = load_workbook(path)
    book["h"].sheet_state = "veryHidden"
    book.save(path)


def _formatted_to_hide(path: Path) -> None:
    from openpyxl import load_workbook

    pd.DataFrame({"grp": ["a", "b"], "n": [12, 3]}).to_excel(path, index=False)
    book = load_workbook(path)
    book.active["B3"].number_format = ";;;"
    book.save(path)


def _count_as_date(path: Path) -> None:
    from openpyxl import load_workbook

    pd.DataFrame({"grp": ["a", "b", "c"], "n": [12, 3, 30]}).to_excel(path, index=False)
    book = load_workbook(path)
    book.active["B3"].number_format = "yyyy-mm-dd"  # 3 shows as 1900-01-03
    book.save(path)


def _white_text(path: Path) -> None:
    from openpyxl import load_workbook
    from openpyxl.styles import Font

    pd.DataFrame({"grp": ["a", "b", "c"], "n": [12, 25, 30]}).to_excel(path, index=False)
    book = load_workbook(path)
    book.active["D5"] = NHS
    book.active["D5"].font = Font(color="FFFFFF")
    book.save(path)


def _zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("patients.csv", PATIENTS)


HTML = ("<html><body><table><tr><th>grp</th><th>n</th></tr><tr><td>a</td><td>12</td></tr>"
        f"<tr><td>b</td><td>25</td></tr></table><!-- {PATIENTS} --><div style='display:none'>"
        f"{NHS}</div></body></html>")


@pytest.mark.parametrize(("files", "expected", "status"), [
    ({"t.csv": "grp,n\na,１２\nb,３\nc,30\n"}, {("SDC101", "t.csv")}, "fail"),  # fullwidth
    ({"t.csv": "grp,n\na,١٢\nb,٣\nc,30\n"}, {("SDC101", "t.csv")}, "fail"),  # Arabic-Indic
    ({"t.csv": "grp,n\na,12\nb,\u200b3\nc,30\n"}, {("SDC602", "t.csv")}, "review"),
    ({"t.csv": "grp,n\na,12\nb,1\u200b3\nc,3\u200b0\n"}, {("SDC602", "t.csv")}, "review"),
    ({"t.csv": "grp,n\na,twelve\nb,three\nc,thirty\n"}, {("SDC602", "t.csv")}, "review"),
    ({"t.csv": SAFE + "\n\n" + PATIENTS}, {("SDC602", "t.csv"), ("SDC604", "t.csv")}, "fail"),
    ({"t.html": HTML}, {("SDC604", "t.html"), ("SDC605", "t.html")}, "fail"),
    ({"t.md": "| grp | n |\n|---|---|\n| a | 12 |\n| b | 3 |\n"}, {("SDC101", "t.md")}, "fail"),
    ({"t.tex": "\\begin{tabular}{lr}\ngrp & n \\\\\na & 12 \\\\\nb & 3 \\\\\n\\end{tabular}\n"},
     {("SDC101", "t.tex")}, "fail"),
    ({"t.txt": "grp  n\na    12\nb    3\n"}, {("SDC101", "t.txt")}, "fail"),
    ({"t.zip": _zip}, {("SDC601", "t.zip"), ("SDC602", "t.zip")}, "fail"),
    ({"t.csv.gz": gzip.compress(PATIENTS.encode())}, {("SDC601", "t.csv.gz")}, "fail"),
    ({"t.xlsx": _hidden_sheet}, {("SDC604", "t.xlsx[h]"), ("SDC605", "t.xlsx[h]")}, "fail"),
    ({"t.xlsx": _formatted_to_hide}, {("SDC101", "t.xlsx[Sheet1]")}, "fail"),
    ({"t.xlsx": _white_text}, {("SDC604", "t.xlsx[Sheet1]")}, "fail"),
    ({"t.xlsx": _count_as_date}, {("SDC602", "t.xlsx[Sheet1]")}, "review"),
], ids=["fullwidth", "arabic-indic", "zero-width", "zero-width-inside", "words",
        "second-table", "html-hidden", "markdown", "latex", "text", "zip", "gzip",
        "very-hidden-sheet", "number-format-;;;", "white-font", "count-formatted-as-date"])
def test_channels_already_closed_stay_closed(tmp_path: Path, files: dict, expected: set,
                                             status: str) -> None:
    report = run_check(_release(tmp_path, files))
    assert expected <= _pairs(report), _pairs(report)
    assert report["status"] == status


def test_an_nhs_number_split_by_zero_width_spaces_is_found(tmp_path: Path) -> None:
    label = "\u200b".join(NHS.split(" "))  # renders as 9434765919
    report = run_check(_release(tmp_path, {"t.csv": SAFE + f"d {label},40\n"}))
    assert ("SDC605", "t.csv", "A5") in findings(report, {"SDC605"})
    assert ("SDC604", "t.csv[cell text]") in _pairs(report)
    assert report["status"] == "fail"


def test_an_identifier_in_a_folder_name_is_found(tmp_path: Path) -> None:
    """The folders of a release travel with it, like its file names."""
    folder = _release(tmp_path, {})
    (folder / "pt_9434765919").mkdir()
    (folder / "pt_9434765919" / "t.csv").write_text(SAFE, encoding="utf-8")
    report = run_check(folder, "--show-values")
    (finding,) = [f for o in report["outputs"] for f in o["findings"] if f["rule"] == "SDC604"]
    assert finding["message"] == "the folder name contains an identifier: NHS number"
    assert report["status"] == "fail"


TABULAR = "\\begin{tabular}{lr}\ngrp & n \\\\\na & 12 \\\\\nb & 25 \\\\\n\\end{tabular}\n"


def test_latex_comments_are_searched_for_identifiers(tmp_path: Path) -> None:
    report = run_check(_release(tmp_path, {"t.tex": TABULAR + f"% patient {NHS}\n"}))
    assert ("SDC604", "t.tex") in _pairs(report)
    assert report["status"] == "fail"


def test_a_table_in_latex_comments_is_flagged(tmp_path: Path) -> None:
    hidden = "".join(f"% {line}\n" for line in "grp,n\na,3\nb,4\n".splitlines())
    report = run_check(_release(tmp_path, {"t.tex": TABULAR + hidden}))
    assert {("SDC605", "t.tex"), ("SDC602", "t.tex")} <= _pairs(report)


def test_a_tools_own_latex_comments_raise_nothing(tmp_path: Path) -> None:
    header = ("% Table created by stargazer v.5.2.3 by Marek Hlavac, Social Policy Institute. "
              "E-mail: marek.hlavac at gmail.com\n% Date and time: Tue, Dec 01, 2026 - "
              "10:00:00\n% Requires LaTeX packages: dcolumn\n")
    report = run_check(_release(tmp_path, {"t.tex": header + TABULAR}))
    assert findings(report) == set()


BODY_EXTRAS = {
    "field code": ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> '
                   'HYPERLINK "http://x/9434765919" </w:instrText></w:r><w:r>'
                   '<w:fldChar w:fldCharType="end"/></w:r></w:p>'),
    "simple field": f'<w:p><w:fldSimple w:instr=" AUTHOR patient {NHS} "/></w:p>',
    "control name": (f'<w:sdt><w:sdtPr><w:alias w:val="patient {NHS}"/></w:sdtPr><w:sdtContent>'
                     '<w:p><w:r><w:t>x</w:t></w:r></w:p></w:sdtContent></w:sdt>'),
    "text box": ('<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>'
                 f'<w:txbxContent><w:p><w:r><w:t>patient {NHS}</w:t></w:r></w:p></w:txbxContent>'
                 '</v:textbox></v:shape></w:pict></w:r></w:p>'),
}


@pytest.mark.parametrize("what", list(BODY_EXTRAS))
def test_word_body_text_python_docx_does_not_read_is_searched(tmp_path: Path, what: str) -> None:
    """Field codes, content-control names and text boxes are in word/document.xml but not in
    python-docx's paragraphs."""
    import docx

    document = docx.Document()
    document.add_paragraph("Admissions by group")
    buf = io.BytesIO()
    document.save(buf)
    with zipfile.ZipFile(buf) as src:
        body = src.read("word/document.xml").decode()
    body = body.replace("<w:sectPr", BODY_EXTRAS[what] + "<w:sectPr", 1)
    report = run_check(_release(tmp_path, {"r.docx": _docx({"word/document.xml": body})}))
    assert ("SDC604", "r.docx") in _pairs(report)
    assert report["status"] == "fail"


def test_a_data_link_in_an_html_page_is_decoded(tmp_path: Path) -> None:
    html = ("<html><body><table><tr><th>grp</th><th>n</th></tr><tr><td>a</td><td>12</td></tr>"
            f"</table><a href='data:text/csv;base64,{B64}'>data</a></body></html>")
    report = run_check(_release(tmp_path, {"t.html": html}))
    assert {("SDC604", "t.html"), ("SDC605", "t.html")} <= _pairs(report)
    assert report["status"] == "fail"


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_in_the_folder_does_not_block_the_check(tmp_path: Path) -> None:
    """Opening a FIFO blocks until someone writes to it: the check would never end (a check
    that can be stopped can be skipped). It is reported, never opened."""
    import json
    import os
    import subprocess
    import sys

    folder = _release(tmp_path, {"t.csv": SAFE})
    os.mkfifo(folder / "pipe.csv")
    done = subprocess.run([sys.executable, "-m", "sdc", "check", str(folder), "-f", "json"],
                          capture_output=True, text=True, timeout=120)
    report = json.loads(done.stdout)
    (finding,) = [f for o in report["outputs"] for f in o["findings"]]
    assert (finding["rule"], finding["location"]["path"]) == ("SDC602", "pipe.csv")
    assert finding["message"] == "a named pipe (FIFO), not a file: sdc never opens it"
