"""The reader registry: content first, extension second, and the mismatch recorded."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import matplotlib
import pytest

from sdc.policy import build_policy
from sdc.readers import READERS, read_file
from sdc.readers.registry import choose_reader
from sdc.results import Location

matplotlib.use("Agg")

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _read(path: Path):
    return read_file(path, path.name, build_policy({}).read_options())


def _jpeg() -> bytes:
    import matplotlib.image as mpimg
    import numpy as np

    buf = io.BytesIO()
    mpimg.imsave(buf, np.zeros((2, 2, 3)), format="jpg")
    return buf.getvalue()


def _bar_svg() -> bytes:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.bar(["a", "b"], [3, 25])
    ax.set_ylabel("count")
    buf = io.BytesIO()
    fig.savefig(buf, format="svg")
    plt.close(fig)
    return buf.getvalue()


def test_every_reader_has_a_name_a_description_and_distinct_extensions() -> None:
    names = [r.name for r in READERS]
    assert len(set(names)) == len(names)
    claimed = [e for r in READERS for e in r.extensions]
    assert len(set(claimed)) == len(claimed)


def test_a_jpeg_named_png_is_read_as_a_jpeg_with_the_mismatch(tmp_path: Path) -> None:
    path = tmp_path / "fig.png"
    path.write_bytes(_jpeg())
    out, *_ = _read(path)
    assert (out.format, out.kind, out.unreadable) == ("jpeg", "chart", None)
    assert out.type_mismatch is not None and "JPEG" in out.type_mismatch


def test_an_svg_chart_named_txt_is_read_as_a_chart(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(_bar_svg())
    out, *_ = _read(path)  # the SVG's text is checked as outputs of its own
    assert (out.format, out.kind) == ("svg", "chart")
    assert out.chart is not None and out.chart.extracted
    assert sorted(c.value for c in out.table.cells) == [3.0, 25.0]
    assert out.type_mismatch is not None


def test_html_with_an_inline_svg_stays_a_document(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text("<html><body><svg><rect/></svg></body></html>")
    [out] = _read(path)
    assert (out.format, out.kind, out.type_mismatch) == ("html", "document", None)


def test_an_encrypted_workbook_is_explained_by_the_workbook_reader(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(OLE_MAGIC + b"\x00" * 600)
    [out] = _read(path)
    assert out.format == "xlsx" and out.type_mismatch is None
    assert "password-protected" in (out.unreadable or "")


@pytest.mark.parametrize("content", [b"\x1f\x8b\x08\x00" + bytes(range(256)),
                                     b"PK\x03\x04 not really a zip", bytes(range(256))])
def test_binary_named_csv_is_not_parsed_as_text(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(content)
    [out] = _read(path)
    assert out.format == "csv" and out.table is None and out.unreadable


def test_a_workbook_named_docx_is_read_as_a_workbook(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["grp", "n"])
    wb.active.append(["a", 3])
    path = tmp_path / "letter.docx"
    wb.save(path)
    [out] = _read(path)
    assert out.format == "xlsx" and out.table is not None
    assert "XLSX workbook" in (out.type_mismatch or "")


def test_a_real_docx_is_a_document(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    path = tmp_path / "letter.docx"
    path.write_bytes(buf.getvalue())
    [out] = _read(path)
    assert (out.format, out.kind, out.type_mismatch) == ("docx", "document", None)


def test_an_empty_or_garbage_png_is_unreadable(tmp_path: Path) -> None:
    for name, content in (("empty.png", b""), ("junk.png", b"\x00\x01\x02" * 50)):
        path = tmp_path / name
        path.write_bytes(content)
        out, *_ = _read(path)
        assert out.format == "png" and out.unreadable, name


def test_choice_prefers_the_extension_only_between_equal_content(tmp_path: Path) -> None:
    text = b"grp n\na 3\n"  # text, but no delimited table (round 33: those are CSV)
    for ext, expected in (("csv", "csv"), ("txt", "document"), ("png", "csv"),
                          ("xlsx", "csv"), ("R", "unknown"), ("", "unknown")):
        reader, mismatch = choose_reader(tmp_path / f"f.{ext}", ext.lower(), text)
        assert reader.name == expected, ext
        assert (mismatch is not None) == (ext in ("png", "xlsx")), ext


def test_location_serialises_the_table_number_only_when_set() -> None:
    assert "table" not in Location(path="a.csv").to_dict()
    loc = Location(path="a.html", table=2, cell="B3")
    assert loc.to_dict()["table"] == 2
    assert loc.display() == "a.html#table2!B3"


def test_read_options_carry_the_policy_limits() -> None:
    policy = build_policy({"markers": ["~"], "rules": {"file-too-large": {"max_rows": 7}}})
    options = policy.read_options()
    assert options.max_rows == 7
    assert options.markers.match("~") == "~"
