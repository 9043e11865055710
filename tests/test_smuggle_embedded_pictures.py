"""Issue 12, channels 3 and 5 together: pictures inside a workbook or a Word document.

A picture in ``xl/media/`` or ``word/media/`` can carry what a picture file can (text chunks,
bytes after ``IEND``, a CSV under a picture's name), and was flagged but never decoded. It is
now read as an image file is; its pixels stay out of scope. Pictures are put in with the real
writers (openpyxl, python-docx) from PNGs Pillow wrote, then altered as an insider would.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pandas as pd
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from tests.test_smuggling_files import NHS, findings, run_check

PATIENTS = "\n".join(["nhs_number,age,sex"] + [f"{NHS},{30 + i},F" for i in range(12)]) + "\n"


def _png(text: str | None = None, after: bytes = b"") -> bytes:
    info = PngInfo()
    if text is not None:
        info.add_text("Comment", text)
    buf = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(buf, "PNG", pnginfo=info)
    return buf.getvalue() + after


def _workbook(folder: Path, picture: bytes) -> Path:
    from openpyxl import load_workbook
    from openpyxl.drawing.image import Image as XlImage

    folder.mkdir()
    path = folder / "book.xlsx"
    pd.DataFrame({"grp": ["a", "b"], "n": [12, 25]}).to_excel(path, index=False)
    book = load_workbook(path)
    book.active.add_image(XlImage(io.BytesIO(picture)), "D2")
    book.save(path)
    with zipfile.ZipFile(path) as zf:
        assert zf.read("xl/media/image1.png") == picture  # openpyxl keeps the bytes
    return folder


def _replace_member(path: Path, name: str, data: bytes) -> None:
    copy = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(copy, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, data if info.filename == name else src.read(info.filename))
    shutil.move(copy, path)


def _messages(report: dict, rule: str = "SDC605") -> list[str]:
    return [f["message"] for o in report["outputs"] for f in o["findings"] if f["rule"] == rule]


def test_a_clean_picture_is_flagged_and_nothing_more(tmp_path: Path) -> None:
    report = run_check(_workbook(tmp_path / "r", _png()))
    assert findings(report, {"SDC604", "SDC602"}) == set()
    assert [m for m in _messages(report) if "picture" in m or "image" in m] == [
        "embedded image: an embedded picture (1 part(s))"]
    assert report["status"] == "review"


def test_text_chunks_of_a_workbook_picture_are_checked(tmp_path: Path) -> None:
    report = run_check(_workbook(tmp_path / "r", _png(f"patient {NHS}")))
    assert any(p == "book.xlsx[package]" for _, p, _ in findings(report, {"SDC604"}))
    assert report["status"] == "fail"


def test_bytes_after_a_workbook_pictures_end_are_flagged_and_read(tmp_path: Path) -> None:
    report = run_check(_workbook(tmp_path / "r", _png(after=PATIENTS.encode())))
    assert any(m.startswith("data after the image: xl/media/image1.png: ") for m in
               _messages(report)), _messages(report)
    part = "book.xlsx[xl/media/image1.png: bytes after the PNG end]"
    assert ("SDC604", part, "A2") in findings(report, {"SDC604"})
    assert report["status"] == "fail"


def test_a_csv_under_a_pictures_name_is_read_as_a_table(tmp_path: Path) -> None:
    folder = _workbook(tmp_path / "r", _png())
    _replace_member(folder / "book.xlsx", "xl/media/image1.png", PATIENTS.encode())
    report = run_check(folder)
    assert any("xl/media/image1.png: the file is not a .png image" in m
               for m in _messages(report)), _messages(report)
    assert ("SDC604", "book.xlsx[xl/media/image1.png]", "A2") in findings(report, {"SDC604"})
    assert report["status"] == "fail"


def test_an_emf_picture_gives_its_strings(tmp_path: Path) -> None:
    """A format sdc does not walk: its printable strings (ASCII and UTF-16) are words."""
    folder = _workbook(tmp_path / "r", _png())
    emf = b"\x01\x00\x00\x00" + b"\x00" * 36 + f"patient {NHS}".encode("utf-16-le") + b"\x00" * 8
    with zipfile.ZipFile(folder / "book.xlsx", "a") as zf:
        zf.writestr("xl/media/image2.emf", emf)
    report = run_check(folder)
    assert any(p == "book.xlsx[package]" for _, p, _ in findings(report, {"SDC604"}))


def test_a_word_documents_picture_is_read(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Admissions by group")
    document.add_picture(io.BytesIO(_png(f"patient {NHS}", after=b"trailing words")))
    folder = tmp_path / "r"
    folder.mkdir()
    document.save(folder / "report.docx")
    report = run_check(folder, "--show-values")
    assert any(r == "SDC604" and p.startswith("report.docx") for r, p, _ in findings(report))
    assert any("bytes after the end of the PNG image" in m for m in _messages(report)), \
        _messages(report)
    assert report["status"] == "fail"


def test_zero_padding_is_padding_only_when_short(tmp_path: Path) -> None:
    """The guess that zeros after the end are alignment holds for a few bytes only: a long run
    of zeros (a length that could itself be a number, or a block to be filled) is flagged."""
    from sdc.readers.image_parts import embedded_picture

    assert embedded_picture("xl/media/image1.png", _png(after=b"\x00")).hidden == []
    (item,) = embedded_picture("xl/media/image1.png", _png(after=b"\x00" * 64)).hidden
    assert item.what == "data after the image"
