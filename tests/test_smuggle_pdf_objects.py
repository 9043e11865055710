"""Issue 12, channel 3 completed for PDF: objects the document does not use.

A viewer follows references from the trailer; an object nothing refers to, one packed into an
object stream the cross-reference table does not list, or a string under a key no viewer
shows travels unseen. The attacks start from figures matplotlib wrote and alter them as a
PDF editor would (objects inserted, an incremental update appended); each must end in SDC605
(review) with the hidden text checked (SDC604 finds the NHS number, SDC603/SDC101 read a
table), while the figures as matplotlib wrote them raise nothing new.
"""

from __future__ import annotations

import io
import re
import zlib
from pathlib import Path

import pytest
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from sdc.readers.pdf_objects import pdf_objects
from tests.test_smuggle_file_gaps import _figure_pdf, _hidden_messages, _identifiers_in, _release
from tests.test_smuggling_files import NHS, findings, run_check

PATIENTS = "\n".join(["nhs_number,age,sex"] + [f"{NHS},{30 + i},F" for i in range(12)]) + "\n"


def _insert_before_xref(pdf: bytes, obj: bytes) -> bytes:
    """``obj`` put between the last object and the cross-reference table, startxref moved."""
    at = pdf.rindex(b"\nxref\n") + 1
    moved = pdf[:at] + obj + pdf[at:]
    old = int(re.findall(rb"startxref\s+(\d+)", pdf)[-1])
    return re.sub(rb"startxref\s+\d+", b"startxref\n%d" % (old + len(obj)), moved)


def _stream_object(number: int, content: bytes, compress: bool = True) -> bytes:
    data = zlib.compress(content) if compress else content
    flt = b" /Filter /FlateDecode" if compress else b""
    return (b"%d 0 obj\n<< /Length %d%s >>\nstream\n" % (number, len(data), flt) + data
            + b"\nendstream\nendobj\n")


def _figures() -> dict[str, bytes]:
    """Clean figures: bars, a line with markers, scatter, TrueType fonts, two pages."""
    out = {"bar.pdf": _figure_pdf("Admissions")}
    fig = Figure(figsize=(3, 2))
    ax = fig.subplots()
    ax.plot([1, 2, 3], [4, 9, 2], marker="o")
    ax.scatter([1, 2], [3, 5])
    buf = io.BytesIO()
    fig.savefig(buf, format="pdf", metadata={"Title": "Weekly admissions", "Author": "me"})
    out["line.pdf"] = buf.getvalue()
    import matplotlib

    with matplotlib.rc_context({"pdf.fonttype": 42}):
        buf = io.BytesIO()
        fig.savefig(buf, format="pdf")
        out["truetype.pdf"] = buf.getvalue()
    buf = io.BytesIO()
    with PdfPages(buf) as pages:
        for title in ("one", "two"):
            fig = Figure(figsize=(3, 2))
            fig.subplots().bar(["a", "b"], [12, 25])
            fig.axes[0].set_title(title)
            pages.savefig(fig)
    out["pages.pdf"] = buf.getvalue()
    return out


@pytest.mark.parametrize("name", ["bar.pdf", "line.pdf", "truetype.pdf", "pages.pdf"])
def test_figures_as_matplotlib_writes_them_use_every_object(name: str) -> None:
    data = _figures()[name]
    eof = data.rindex(b"%%EOF") + 5
    found = pdf_objects(data, 0, eof)
    assert found.hidden == []
    assert not [p.name for p in found.parts if "object" in p.name]


def test_an_unreferenced_object_is_hidden_content_and_its_table_is_read(tmp_path: Path) -> None:
    forged = _insert_before_xref(_figure_pdf("Admissions"),
                                 _stream_object(99, PATIENTS.encode()))
    from pypdf import PdfReader

    assert "nhs" not in PdfReader(io.BytesIO(forged)).pages[0].extract_text()
    report = run_check(_release(tmp_path, "out.pdf", forged))
    messages = _hidden_messages(report, "out.pdf")
    assert messages == ["unused objects: 1 object(s) in the PDF that no page or document part uses "
                        "(unreferenced, or left out of its cross-reference table), which no "
                        "viewer shows"], messages
    part = "out.pdf[PDF object 99 0 that the document does not use]"
    assert ("SDC604", part, "A2") in findings(report, {"SDC604"})  # read as a table
    assert report["status"] == "fail"


def test_an_unreferenced_string_object_is_checked(tmp_path: Path) -> None:
    obj = b"77 0 obj\n(Patient " + NHS.encode() + b" born 1961-03-02)\nendobj\n"
    forged = _insert_before_xref(_figure_pdf("Admissions"), obj)
    report = run_check(_release(tmp_path, "out.pdf", forged))
    assert any("1 object(s)" in m for m in _hidden_messages(report, "out.pdf"))
    assert _identifiers_in(report, "out.pdf")


def test_an_object_stream_nothing_lists_is_read(tmp_path: Path) -> None:
    """Objects packed in an object stream (PDF 1.5) that no cross-reference names."""
    inner = b"(" + NHS.encode() + b")"
    header = b"40 0 "
    content = header + inner
    obj = (b"41 0 obj\n<< /Type /ObjStm /N 1 /First %d /Length %d /Filter /FlateDecode >>\n"
           b"stream\n" % (len(header), len(zlib.compress(content)))
           + zlib.compress(content) + b"\nendstream\nendobj\n")
    forged = _insert_before_xref(_figure_pdf("Admissions"), obj)
    eof = forged.rindex(b"%%EOF") + 5
    found = pdf_objects(forged, 0, eof)
    names = [p.name for p in found.parts]
    assert "PDF object 40 0 that the document does not use" in names
    assert any(NHS in p.text for p in found.parts if p.name.startswith("PDF object 40"))
    report = run_check(_release(tmp_path, "out.pdf", forged))
    assert any("2 object(s)" in m for m in _hidden_messages(report, "out.pdf"))
    assert _identifiers_in(report, "out.pdf")


def test_an_update_adding_an_unreferenced_object_is_caught(tmp_path: Path) -> None:
    """The last revision adds an object and lists it in its cross-reference section, but
    nothing refers to it: listed is not used."""
    original = _figure_pdf("Admissions")
    prev = int(re.findall(rb"startxref\s+(\d+)", original)[-1])
    trailer = re.findall(rb"trailer\s*<<(.*?)>>\s*startxref", original, re.S)[-1]
    obj = _stream_object(60, PATIENTS.encode(), compress=False)
    offset = len(original)
    xref = b"xref\n0 1\n0000000000 65535 f \n60 1\n%010d 00000 n \n" % offset
    forged = original + obj + xref + b"trailer\n<<%s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        trailer.replace(b"/Size 25", b"/Size 61"), prev, offset + len(obj))
    report = run_check(_release(tmp_path, "out.pdf", forged))
    messages = _hidden_messages(report, "out.pdf")
    assert any("incremental update" in m for m in messages), messages
    assert any("1 object(s)" in m for m in messages), messages
    assert ("SDC604", "out.pdf[PDF object 60 0 that the document does not use]") in {
        (r, p) for r, p, _ in findings(report, {"SDC604"})}
    assert report["status"] == "fail"


def test_a_custom_key_in_the_document_information_is_checked(tmp_path: Path) -> None:
    fig = Figure(figsize=(3, 2))
    fig.subplots().bar(["a", "b"], [12, 25])
    buf = io.BytesIO()
    fig.savefig(buf, format="pdf", metadata={"Subject": f"cohort {NHS}"})
    report = run_check(_release(tmp_path, "out.pdf", buf.getvalue()))
    assert _identifiers_in(report, "out.pdf")
    assert report["status"] == "fail"


def _rewritten(pdf: bytes, change) -> bytes:
    """The figure rewritten by pypdf after ``change(writer)``: a fresh, consistent file."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    change(writer)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def test_text_drawn_invisibly_on_the_page_is_checked(tmp_path: Path) -> None:
    """Text rendering mode 3 draws nothing a viewer shows; the string is still read."""
    from pypdf.generic import ContentStream

    def hide(writer) -> None:
        page = writer.pages[0]
        content = ContentStream(page.get_contents(), writer)
        content.set_data(content.get_data() + b"\nBT /F1 1 Tf 3 Tr 10 10 Td ("
                         + NHS.encode() + b") Tj ET\n")
        page.replace_contents(content)

    forged = _rewritten(_figure_pdf("Admissions"), hide)
    assert b"%%EOF" in forged and forged.count(b"%%EOF") == 1
    report = run_check(_release(tmp_path, "out.pdf", forged))
    assert ("SDC604", "out.pdf[metadata]") in {(r, p) for r, p, _ in findings(report,
                                                                               {"SDC604"})}
    assert report["status"] == "fail"


def test_a_stream_under_a_key_no_viewer_reads_is_checked(tmp_path: Path) -> None:
    """A stream hung off the catalog under a made-up key is used, but nothing draws it."""
    from pypdf.generic import DecodedStreamObject, NameObject

    def attach(writer) -> None:
        stream = DecodedStreamObject()
        stream.set_data(PATIENTS.encode())
        writer._root_object[NameObject("/Notes")] = writer._add_object(stream)

    forged = _rewritten(_figure_pdf("Admissions"), attach)
    report = run_check(_release(tmp_path, "out.pdf", forged))
    rules = {(r, p) for r, p, _ in findings(report, {"SDC603", "SDC604"})}
    assert ("SDC604", "out.pdf[PDF stream Notes]") in rules, rules
    assert report["status"] == "fail"


def test_a_text_stream_claiming_to_be_an_image_is_still_read(tmp_path: Path) -> None:
    """The guess from a stream's dictionary is wrong: ``/Subtype /Image`` over a CSV."""
    from pypdf.generic import DecodedStreamObject, NameObject

    def attach(writer) -> None:
        stream = DecodedStreamObject()
        stream.set_data(PATIENTS.encode())
        stream[NameObject("/Subtype")] = NameObject("/Image")
        writer._root_object[NameObject("/Thumb")] = writer._add_object(stream)

    forged = _rewritten(_figure_pdf("Admissions"), attach)
    report = run_check(_release(tmp_path, "out.pdf", forged))
    assert ("SDC604", "out.pdf[PDF stream Thumb]", "A2") in findings(report, {"SDC604"})


def test_a_pdf_pypdf_cannot_open_still_has_its_objects_read(tmp_path: Path) -> None:
    """No cross-reference table, no trailer: nothing is known to be used, so every body is
    read, and the rest of the release is still checked."""
    broken = (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n2 0 obj (" + NHS.encode()
              + b") endobj\ngarbage\n%%EOF\n")
    folder = _release(tmp_path, "out.pdf", broken)
    report = run_check(folder)
    assert any(m.startswith("unreadable objects: sdc could not walk the PDF's objects")
               for m in _hidden_messages(report, "out.pdf"))
    assert _identifiers_in(report, "out.pdf")
    assert any(o["path"] == "out.csv" for o in report["outputs"])


def test_a_stream_that_decodes_to_too_much_is_read_in_part_and_flagged() -> None:
    """A small compressed stream can decode to very much: only its start is read as text,
    and the file says so (review), so many of them cannot exhaust memory."""
    from sdc.readers import pdf_objects as module

    big = b"x" * (module.MAX_STREAM_BYTES + 10)
    forged = _insert_before_xref(_figure_pdf("Admissions"), _stream_object(99, big))
    found = pdf_objects(forged, 0, forged.rindex(b"%%EOF") + 5)
    assert any(h.what == "unread objects" and "decode to more than" in h.detail
               for h in found.hidden)
    (part,) = [p for p in found.parts if p.name.startswith("PDF object 99")]
    assert len(part.text) < module.MAX_STREAM_BYTES + 100
