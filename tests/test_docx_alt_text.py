"""A picture's alt text in a Word document (hunt round 14): ``<wp:docPr descr="West had 3
deaths">`` is not on the page, but a screen reader reads it aloud and it travels in the file.
It was never read: the document passed. Now each picture's or chart's alt text and title is
text of the document (hidden), its numbers checked as any text's. Twins: no alt text, and alt
text without a count, still pass."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import found_with_status as _found


def _png(path: Path) -> None:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\xff\xff\xff" * 4 for _ in range(4))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0,
                                                                        0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _docx(folder: Path, descr: str | None, title: str | None = None) -> None:
    import docx
    from docx.shared import Inches

    folder.mkdir(parents=True)
    picture = folder.parent / f"{folder.name}.png"
    _png(picture)
    document = docx.Document()
    document.add_paragraph("Results below.")
    document.add_picture(str(picture), width=Inches(1))
    plain = folder.parent / f"{folder.name}.docx"
    document.save(str(plain))
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(folder / "report.docx", "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                attrs = "".join(f' {k}="{v}"' for k, v in (("descr", descr), ("title", title))
                                if v is not None)
                text = data.decode("utf-8")
                start = text.index("<wp:docPr ")
                end = text.index("/>", start)
                tag = text[start:end]
                for attr in ("descr", "title"):  # python-docx's own (empty) ones, if any
                    tag = tag.replace(f' {attr}=""', "")
                data = (text[:start] + tag + attrs + text[end:]).encode("utf-8")
            zout.writestr(item, data)


@pytest.mark.parametrize(("descr", "title"), [("West had 3 deaths", None),
                                              (None, "Deaths (n=3)")])
def test_a_count_in_alt_text_is_read(tmp_path: Path, descr: str | None,
                                     title: str | None) -> None:
    _docx(tmp_path / "out", descr, title)
    result = sdc.check(tmp_path / "out", build_policy({}))
    # was: pass
    assert _found(result) == {("SDC602", None, "review")}
    (finding,) = result.findings
    assert finding.message == ("numbers not understood (no rule checks them) in 1 place of the "
                               "text, to be read by a person: alt text 1 of a picture or chart "
                               "(hidden)")


@pytest.mark.parametrize("descr", [None, "A bar chart of admissions by ward, 2023"])
def test_the_twins_pass(tmp_path: Path, descr: str | None) -> None:
    _docx(tmp_path / "out", descr)
    result = sdc.check(tmp_path / "out", build_policy({}))
    assert result.findings == []
    assert result.status.value == "pass"
