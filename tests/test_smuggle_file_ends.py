"""Issue 12, channel 3/5 extended: bytes appended after the end of every format sdc accepts.

A viewer stops at a GIF's trailer, a TIFF's last directory entry, a PDF's ``%%EOF``, a zip
package's end record and an SVG's root element, so a patient list appended there travels
unseen. Each file is written by the real writer (Pillow, matplotlib, pandas/openpyxl,
python-docx), the payload appended, and the CLI must report SDC605 (review) on the file and
find the NHS number in the appended text (SDC604). The clean file, as written, has no SDC605.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure
from PIL import Image

from tests.test_smuggling_files import NHS, SAFE, findings, run_check

PAYLOAD = f"nhs_number,age\n{NHS},34\n{NHS},35\n".encode()


def _image(fmt: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        Image.new("RGB", (8, 6), (200, 30, 30)).save(path, format=fmt)
    return write


def _figure(path: Path) -> None:
    fig = Figure()
    fig.subplots().bar(["a", "b"], [12, 25])
    fig.savefig(path)


def _xlsx(path: Path) -> None:
    pd.DataFrame({"grp": ["a", "b"], "n": [12, 25]}).to_excel(path, index=False)


def _docx(path: Path) -> None:
    from docx import Document

    document = Document()
    document.add_paragraph("Results are in the attached tables.")
    document.save(path)


WRITERS = {
    "gif": _image("GIF"), "tiff": _image("TIFF"), "bmp": _image("BMP"),
    "webp": _image("WEBP"), "pdf": _figure, "svg": _figure, "xlsx": _xlsx, "docx": _docx,
}


def _write(folder: Path, ext: str) -> Path:
    folder.mkdir()
    path = folder / f"out.{ext}"
    WRITERS[ext](path)
    if ext in ("gif", "tiff", "bmp", "webp", "pdf", "svg"):
        (folder / "out.csv").write_text(SAFE, encoding="utf-8")  # the data behind a figure
    return path


def _hidden(report: dict) -> set[tuple[str, str, str | None]]:
    return findings(report, {"SDC605"})


@pytest.mark.parametrize("ext", sorted(WRITERS))
def test_clean_file_has_no_hidden_content(tmp_path: Path, ext: str) -> None:
    _write(tmp_path / "req", ext)
    report = run_check(tmp_path / "req")
    assert _hidden(report) == set()


@pytest.mark.parametrize("ext", ["gif", "tiff", "bmp", "webp", "pdf", "xlsx", "docx"])
def test_bytes_after_the_end_are_hidden_content_and_checked(tmp_path: Path, ext: str) -> None:
    path = _write(tmp_path / "req", ext)
    with path.open("ab") as fh:
        fh.write(PAYLOAD)
    report = run_check(tmp_path / "req")
    where = "out.xlsx[Sheet1]" if ext == "xlsx" else f"out.{ext}"
    assert ("SDC605", where, None) in _hidden(report)
    (message,) = [f["message"] for o in report["outputs"] for f in o["findings"]
                  if f["rule"] == "SDC605" and "after the end" in f["message"]]
    assert f"{len(PAYLOAD)} bytes after the end" in message
    # the appended rows are read as a table of their own: the NHS numbers are found
    identifiers = findings(report, {"SDC604"})
    assert any(path.startswith(f"out.{ext}[") for _, path, _ in identifiers), identifiers
    assert report["status"] in ("review", "fail")


def test_svg_comment_after_the_root_element(tmp_path: Path) -> None:
    path = _write(tmp_path / "req", "svg")
    with path.open("ab") as fh:
        fh.write(b"<!--" + PAYLOAD + b"-->\n")
    report = run_check(tmp_path / "req")
    assert ("SDC605", "out.svg", None) in _hidden(report)
    assert any(p.startswith("out.svg[") for _, p, _ in findings(report, {"SDC604"}))


@pytest.mark.parametrize("ext", ["xlsx", "docx"])
def test_zip_comment_and_bytes_before_and_between_members(tmp_path: Path, ext: str) -> None:
    path = _write(tmp_path / "req", ext)
    with zipfile.ZipFile(path, "a") as package:
        package.comment = f"NHS {NHS}".encode()
    clean = path.read_bytes()
    path.write_bytes(b"MZ" + PAYLOAD + clean)  # a prefix: zip readers still open it
    report = run_check(tmp_path / "req")
    where = "out.xlsx[Sheet1]" if ext == "xlsx" else f"out.{ext}"
    messages = sorted(f["message"] for o in report["outputs"] for f in o["findings"]
                      if f["rule"] == "SDC605" and f["location"]["path"] == path.name
                      and ("zip comment" in f["message"] or "outside the package" in f["message"]
                           or "before the first member" in f["message"]))
    assert len(messages) == 2, messages
    assert ("SDC605", where, None) in _hidden(report)
    assert any(f"{len(PAYLOAD) + 2:,} bytes before the first member" in m for m in messages)
    assert any("archive comment" in m for m in messages)
    assert any(p.startswith(f"out.{ext}[") for _, p, _ in findings(report, {"SDC604"}))


def test_gif_private_application_block(tmp_path: Path) -> None:
    path = _write(tmp_path / "req", "gif")
    data = path.read_bytes()
    block = b"\x21\xff\x0bSECRETDATA1" + bytes([len(PAYLOAD)]) + PAYLOAD + b"\x00"
    path.write_bytes(data[:-1] + block + data[-1:])  # before the trailer: inside the GIF
    report = run_check(tmp_path / "req")
    messages = [f["message"] for o in report["outputs"] for f in o["findings"]
                if f["rule"] == "SDC605"]
    assert messages == ["private image block: a GIF application block 'SECRETDATA1' that sdc "
                        "does not read as image metadata"]
    assert any(p.startswith("out.gif[") for _, p, _ in findings(report, {"SDC604"}))
