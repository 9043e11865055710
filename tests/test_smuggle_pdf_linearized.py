"""Issue 12, channel 3 for linearized ("fast web view") PDFs.

A linearized file puts a linearization dictionary and the first page's cross-reference section
at the front, the rest at the end (and a second ``%%EOF`` after the first section). qpdf
(through pikepdf) linearizes a matplotlib figure, with and without object streams; an insider
then hides an object nothing uses, appends an incremental update, hangs a stream off the
catalog, or draws text invisibly. Each must be found as in a plain PDF; the clean linearized
figures raise nothing new.
"""

from __future__ import annotations

import io
import re
import zlib
from pathlib import Path

import pytest

from sdc.readers.pdf_objects import pdf_objects
from tests.test_smuggle_file_gaps import _figure_pdf, _hidden_messages, _release
from tests.test_smuggle_pdf_objects import PATIENTS, _stream_object
from tests.test_smuggling_files import NHS, findings, run_check

pikepdf = pytest.importorskip("pikepdf", reason="pip install 'sdc[test]' (pikepdf)")

MODES = ["plain", "object streams"]
UNUSED = ("unused objects: 1 object(s) in the PDF that no page or document part uses "
          "(unreferenced, or left out of its cross-reference table), which no viewer shows")


def _linearized(data: bytes, mode: str, change=None) -> bytes:  # type: ignore[no-untyped-def]
    pdf = pikepdf.open(io.BytesIO(data))
    if change is not None:
        change(pdf)
    out = io.BytesIO()
    streams = (pikepdf.ObjectStreamMode.generate if mode == "object streams"
               else pikepdf.ObjectStreamMode.disable)
    pdf.save(out, linearize=True, object_stream_mode=streams, deterministic_id=True)
    data = out.getvalue()
    assert b"/Linearized 1" in data[:200]
    return data


def _sdc(tmp_path: Path, data: bytes) -> dict:
    return run_check(_release(tmp_path, "out.pdf", data), "--show-values")


def _rules_on(report: dict, rule: str) -> set[str]:
    return {where for r, where, _ in findings(report, {rule})}


@pytest.mark.parametrize("mode", MODES)
def test_a_clean_linearized_figure_raises_nothing_new(tmp_path: Path, mode: str) -> None:
    data = _linearized(_figure_pdf("Admissions"), mode)
    found = pdf_objects(data, 0, data.rindex(b"%%EOF") + 5)
    assert found.hidden == []
    assert not [p.name for p in found.parts if "object" in p.name]
    report = _sdc(tmp_path, data)
    assert findings(report, {"SDC604", "SDC605"}) == set()
    assert report["status"] == "review"  # SDC702 (plain: the bars read back) or SDC602


def test_an_object_hidden_inside_a_linearized_file_is_found(tmp_path: Path) -> None:
    """Put between the last object and the main cross-reference table, as an editor would,
    with the offsets that point past it (/Prev of the first-page trailer, /T and /L of the
    linearization dictionary) moved."""
    data = _linearized(_figure_pdf("Admissions"), "plain")
    obj = _stream_object(99, PATIENTS.encode())
    at = data.rindex(b"\nxref\n") + 1
    forged = data[:at] + obj + data[at:]

    def moved(match: re.Match[bytes]) -> bytes:
        return match.group(1) + b"%d" % (int(match.group(2)) + len(obj))

    head_end = data.index(b"startxref")  # the first-page section: its trailer and the dict
    head = re.sub(rb"(/(?:Prev|T|L) )(\d+)", moved, forged[:head_end])
    forged = head + forged[head_end:]
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(forged)).pages) == 1
    report = _sdc(tmp_path, forged)
    assert _hidden_messages(report, "out.pdf") == [UNUSED]
    assert ("SDC604", "out.pdf[PDF object 99 0 that the document does not use]", "A2") in (
        findings(report, {"SDC604"}))
    assert report["status"] == "fail"


@pytest.mark.parametrize("mode", MODES)
def test_an_update_appended_to_a_linearized_file_is_found(tmp_path: Path, mode: str) -> None:
    """Editing a linearized file appends an incremental update (the file is no longer
    linearized, but still opens): it adds an object nothing uses."""
    data = _linearized(_figure_pdf("Admissions"), mode)
    with pikepdf.open(io.BytesIO(data)) as pdf:  # open while read: a closed Pdf gives (0, 0)
        root = pdf.Root.objgen[0]
    assert root > 0
    prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    obj = _stream_object(90, PATIENTS.encode(), compress=False)
    offset = len(data)
    xref = b"xref\n0 1\n0000000000 65535 f \n90 1\n%010d 00000 n \n" % offset
    forged = data + obj + xref + (b"trailer\n<< /Size 91 /Root %d 0 R /Prev %d >>\nstartxref\n"
                                  b"%d\n%%%%EOF\n" % (root, prev, offset + len(obj)))
    report = _sdc(tmp_path, forged)
    messages = _hidden_messages(report, "out.pdf")
    assert any(m.startswith("earlier revision: the PDF was changed by 1 incremental update(s)")
               for m in messages), messages
    assert UNUSED in messages
    assert ("SDC604", "out.pdf[PDF object 90 0 that the document does not use]") in {
        (r, p) for r, p, _ in findings(report, {"SDC604"})}
    assert report["status"] == "fail"


@pytest.mark.parametrize("mode", MODES)
def test_a_stream_under_a_made_up_key_of_a_linearized_file_is_read(tmp_path: Path,
                                                                    mode: str) -> None:
    def attach(pdf) -> None:  # type: ignore[no-untyped-def]
        pdf.Root.Notes = pdf.make_indirect(pikepdf.Stream(pdf, PATIENTS.encode()))

    report = _sdc(tmp_path, _linearized(_figure_pdf("Admissions"), mode, attach))
    assert ("SDC604", "out.pdf[PDF stream Notes]", "A2") in findings(report, {"SDC604"})
    assert report["status"] == "fail"


@pytest.mark.parametrize("mode", MODES)
def test_invisible_text_in_a_linearized_file_is_checked(tmp_path: Path, mode: str) -> None:
    """Text rendering mode 3 (drawn as nothing) on the first page, in the linearized part a
    viewer shows first."""
    def hide(pdf) -> None:  # type: ignore[no-untyped-def]
        page = pdf.pages[0]
        page.contents_add(pikepdf.Stream(pdf, b"BT /F1 1 Tf 3 Tr 10 10 Td (" + NHS.encode()
                                         + b") Tj ET"), prepend=False)

    report = _sdc(tmp_path, _linearized(_figure_pdf("Admissions"), mode, hide))
    assert any(where.startswith("out.pdf[") for where in _rules_on(report, "SDC604"))
    assert report["status"] == "fail"


def test_an_object_stream_nothing_lists_in_a_linearized_file_is_read(tmp_path: Path) -> None:
    """An object stream packed with a string, put before the end section's cross-reference
    stream of a linearized file that uses object streams; nothing refers to it."""
    data = _linearized(_figure_pdf("Admissions"), "object streams")
    header = b"70 0 "
    content = header + b"(" + NHS.encode() + b")"
    packed = zlib.compress(content)
    obj = (b"71 0 obj\n<< /Type /ObjStm /N 1 /First %d /Length %d /Filter /FlateDecode >>\n"
           b"stream\n" % (len(header), len(packed)) + packed + b"\nendstream\nendobj\n")
    at = data.rindex(b"%%EOF")
    at = data.rindex(b"startxref", 0, at)
    forged = data[:at] + obj + data[at:]  # after the last object, before startxref
    found = pdf_objects(forged, 0, forged.rindex(b"%%EOF") + 5)
    assert "PDF object 70 0 that the document does not use" in [p.name for p in found.parts]
    report = _sdc(tmp_path, forged)
    assert any(m.startswith("unused objects: 2 object(s)")
               for m in _hidden_messages(report, "out.pdf"))
    assert "out.pdf[metadata]" in _rules_on(report, "SDC604")  # its string, with the others
    assert report["status"] == "fail"
