"""Issue 12, channel 3 for files inside an SVG: ``data:`` URIs.

matplotlib writes ``imshow`` pixels into an SVG as ``<image xlink:href="data:image/png;base64,
...">``. A PNG carried that way can hold what a PNG file can (text chunks, bytes after
``IEND``), and a ``data:text/csv`` URI can carry a table; both were read only as one long
word. They are now decoded: a picture is read as an image file is, anything else is SDC605
and its text checked.
"""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from tests.test_smuggling_files import NHS, findings, run_check

PATIENTS = "nhs_number,age\n" + "".join(f"{NHS},{30 + i}\n" for i in range(12))


def _imshow_svg() -> str:
    fig = Figure(figsize=(3, 2))
    fig.subplots().imshow(np.arange(12).reshape(3, 4))
    buf = io.StringIO()
    fig.savefig(buf, format="svg")
    return buf.getvalue()


def _png(text: str, after: bytes = b"") -> str:
    info = PngInfo()
    info.add_text("Comment", text)
    buf = io.BytesIO()
    Image.new("RGB", (4, 3)).save(buf, "PNG", pnginfo=info)
    return base64.b64encode(buf.getvalue() + after).decode()


def _swap_picture(svg: str, payload: str) -> str:
    return re.sub(r"data:image/png;base64,[^\"]+", f"data:image/png;base64,{payload}", svg,
                  count=1)


def _release(tmp_path: Path, svg: str) -> Path:
    folder = tmp_path / "req"
    folder.mkdir()
    (folder / "map.svg").write_text(svg, encoding="utf-8")
    return folder


def _hidden(report: dict) -> list[str]:
    return [f["message"] for o in report["outputs"] for f in o["findings"]
            if f["rule"] == "SDC605"]


def test_matplotlibs_own_embedded_picture_adds_nothing(tmp_path: Path) -> None:
    report = run_check(_release(tmp_path, _imshow_svg()))
    assert _hidden(report) == []
    assert findings(report, {"SDC604"}) == set()


def test_text_and_trailing_bytes_of_an_embedded_picture_are_checked(tmp_path: Path) -> None:
    svg = _swap_picture(_imshow_svg(), _png(f"patient {NHS}", after=PATIENTS.encode()))
    report = run_check(_release(tmp_path, svg))
    assert any(m.startswith("data after the image: SVG embedded file 1 (image/png).png: ")
               for m in _hidden(report)), _hidden(report)
    where = {p for _, p, _ in findings(report, {"SDC604"})}
    assert "map.svg[SVG embedded file 1 (image/png).png: bytes after the PNG end]" in where
    assert report["status"] == "fail"


def test_a_csv_data_uri_is_flagged_and_read_as_a_table(tmp_path: Path) -> None:
    uri = "data:text/csv;base64," + base64.b64encode(PATIENTS.encode()).decode()
    svg = _imshow_svg().replace("</svg>", f'<a href="{uri}"><text>notes</text></a></svg>')
    report = run_check(_release(tmp_path, svg))
    assert "embedded file: SVG embedded file 2 (text/csv): a file inside the drawing" in \
        _hidden(report)
    assert ("SDC604", "map.svg[SVG embedded file 2 (text/csv)]", "A2") in findings(
        report, {"SDC604"})
