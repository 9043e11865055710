"""Issue 12, channel 3 completed: what hides *inside* a file's end, between its blocks.

- A TIFF's directories point at its blocks (header, IFDs, values, strips); bytes between them
  that nothing points at are never shown. The attack: write the TIFF with Pillow, append a
  patient list and a copy of the first IFD, and point the header at the copy: the old IFD and
  the list sit in an unreferenced gap, and no byte follows the (new) end.
- A PDF is changed by incremental updates appended to it; the earlier revisions travel whole.
  The attack: a matplotlib figure titled with an NHS number, then an update (written byte by
  byte, as a PDF editor appends one) replacing the page's content with the untitled figure's:
  a viewer shows no number, the first revision still holds it.

Both must be SDC605 (review) with the hidden text checked (SDC604 finds the NHS number); the
files as their writers made them have no SDC605.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from PIL import Image

from tests.test_smuggling_files import NHS, SAFE, findings, run_check

PAYLOAD = f"nhs_number,age\n{NHS},34\n{NHS},35\n".encode()


def _hidden_messages(report: dict, path: str) -> list[str]:
    return [f["message"] for o in report["outputs"] for f in o["findings"]
            if f["rule"] == "SDC605" and f["location"]["path"] == path]


def _identifiers_in(report: dict, name: str) -> bool:
    return any(p.startswith(f"{name}[") for _, p, _ in findings(report, {"SDC604"}))


# --- TIFF ----------------------------------------------------------------------------------


def _pillow_tiff(pages: int = 1, compression: str | None = None) -> bytes:
    rng = np.random.default_rng(4)
    images = [Image.fromarray((rng.random((30, 40, 3)) * 255).astype("uint8"))
              for _ in range(pages)]
    buf = io.BytesIO()
    options = {"compression": compression} if compression else {}
    images[0].save(buf, "TIFF", save_all=pages > 1, append_images=images[1:], **options)
    return buf.getvalue()


def _tiff_with_gap(clean: bytes, payload: bytes) -> bytes:
    """Payload between the blocks: the first IFD copied after it, the header pointing there."""
    (ifd,) = struct.unpack("<I", clean[4:8])
    (count,) = struct.unpack("<H", clean[ifd:ifd + 2])
    directory = clean[ifd:ifd + 2 + 12 * count + 4]
    body = clean + payload + b"\x00" * (len(payload) % 2)
    return clean[:4] + struct.pack("<I", len(body)) + body[8:] + directory


def _release(tmp_path: Path, name: str, data: bytes) -> Path:
    folder = tmp_path / "req"
    folder.mkdir()
    (folder / name).write_bytes(data)
    (folder / "out.csv").write_text(SAFE, encoding="utf-8")  # the data behind the figure
    return folder


def test_tiffs_as_pillow_writes_them_have_no_gaps(tmp_path: Path) -> None:
    for i, (pages, compression) in enumerate([(1, None), (1, "tiff_lzw"), (1, "jpeg"),
                                              (3, "tiff_deflate"), (2, None)]):
        folder = tmp_path / str(i)
        folder.mkdir()
        (folder / "out.tif").write_bytes(_pillow_tiff(pages, compression))
        (folder / "out.csv").write_text(SAFE, encoding="utf-8")
        # no gap; a multi-page file says it has more pages than a viewer may show
        frames = ([] if pages == 1 else [f"more frames: {pages} frames or pages; a viewer may "
                                         "show only the first, and each must be looked at"])
        assert _hidden_messages(run_check(folder), "out.tif") == frames, (pages, compression)


def test_bytes_between_tiff_blocks_are_hidden_content_and_checked(tmp_path: Path) -> None:
    forged = _tiff_with_gap(_pillow_tiff(), PAYLOAD)
    assert Image.open(io.BytesIO(forged)).size == (40, 30)  # still a valid TIFF to Pillow
    report = run_check(_release(tmp_path, "out.tif", forged))
    messages = _hidden_messages(report, "out.tif")
    assert len(messages) == 1 and "none of its directories points at" in messages[0]
    assert "after the end" not in messages[0]  # nothing follows the new end: it is inside
    assert _identifiers_in(report, "out.tif")
    assert report["status"] == "fail"


# --- PDF -----------------------------------------------------------------------------------


def _figure_pdf(title: str) -> bytes:
    fig = Figure(figsize=(3, 2))
    ax = fig.subplots()
    ax.bar(["a", "b"], [12, 25])
    ax.set_title(title)
    buf = io.BytesIO()
    fig.savefig(buf, format="pdf")
    return buf.getvalue()


def _streams(pdf: bytes) -> list[tuple[int, bytes]]:
    """(start, decoded content) of every Flate stream."""
    found = []
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            found.append((m.start(), zlib.decompress(m.group(1))))
        except zlib.error:
            continue
    return found


def _page_content(pdf: bytes) -> tuple[int, bytes]:
    """(object number, decoded content) of the page's content stream (it draws the text)."""
    start, content = next((s, c) for s, c in _streams(pdf) if b"TJ" in c)
    number = int(re.findall(rb"(\d+) 0 obj", pdf[:start])[-1])
    return number, content


def _incremental_update(original: bytes, number: int, content: bytes) -> bytes:
    """Object ``number`` rewritten, a cross-reference section for it and a trailer whose
    /Prev points to the one before: an incremental update (PDF 1.7, 7.5.6)."""
    prev = int(re.findall(rb"startxref\s+(\d+)", original)[-1])
    trailer = re.findall(rb"trailer\s*<<(.*?)>>\s*startxref", original, re.S)[-1]
    stream = zlib.compress(content)
    offset = len(original)
    obj = (b"%d 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % (number, len(stream))
           + stream + b"\nendstream\nendobj\n")
    xref = b"xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \n" % (number, offset)
    tail = b"trailer\n<<%s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        trailer, prev, offset + len(obj))
    return original + obj + xref + tail


def test_a_pdf_as_matplotlib_writes_it_has_one_revision(tmp_path: Path) -> None:
    report = run_check(_release(tmp_path, "out.pdf", _figure_pdf("Admissions")))
    assert _hidden_messages(report, "out.pdf") == []


def test_an_earlier_pdf_revision_is_hidden_content_and_checked(tmp_path: Path) -> None:
    first = _figure_pdf(f"Patient {NHS}")
    _, clean = _page_content(_figure_pdf(""))
    forged = _incremental_update(first, _page_content(first)[0], clean)
    from pypdf import PdfReader

    shown = PdfReader(io.BytesIO(forged)).pages[0].extract_text()
    assert NHS not in shown and "Patient" not in shown  # a viewer shows the update
    report = run_check(_release(tmp_path, "out.pdf", forged))
    messages = _hidden_messages(report, "out.pdf")
    assert len(messages) == 1, messages
    assert "changed by 1 incremental update(s)" in messages[0]
    assert "hold text the last revision does not show" in messages[0]
    assert _identifiers_in(report, "out.pdf")
    assert report["status"] == "fail"


def test_an_update_that_changes_no_text_is_still_review(tmp_path: Path) -> None:
    first = _figure_pdf("Admissions")
    number, content = _page_content(first)
    report = run_check(_release(tmp_path, "out.pdf", _incremental_update(first, number,
                                                                          content)))
    messages = _hidden_messages(report, "out.pdf")
    assert len(messages) == 1 and "incremental update" in messages[0]
    assert "hold text" not in messages[0]
    assert findings(report, {"SDC604"}) == set()
    assert report["status"] == "review"
