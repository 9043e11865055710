"""Issue 12: numbers drawn in a chart as text no one sees are numbers the chart publishes.

An insider adds the unsuppressed count to a chart as text drawn transparent, white on the
white background, one shade off its background (``#fefefe`` on white, ``#000081`` on a navy
bar), under a bar drawn over it, off the canvas or in a font too small to read (matplotlib's
own ``text`` with ``alpha=0``, ``color=...``, ``zorder=0``, a far position, ``fontsize=0.5``;
SVG glyph paths and ``<text>`` elements alike). Each is SDC605 (invisible text) and, when
its number is not in the chart's data file, SDC701: the data file is not what the chart
publishes. White labels drawn on dark bars are seen, and raise nothing.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import matplotlib
import pytest

from tests.test_smuggling_files import run_check

matplotlib.use("Agg")
import matplotlib.pyplot as plt

DATA = "grp,n\na,12\nb,25\n"
HIDDEN = {
    "transparent": {"alpha": 0},
    "white on white": {"color": "white"},
    "one shade off white": {"color": "#fefefe"},
    "under a bar": {"y": 5, "zorder": 0},
    "navy on a navy bar": {"y": 5, "color": "#000081"},
    "off the canvas": {"x": 40},
    "tiny": {"fontsize": 0.5},
}


def _svg(fonttype: str = "path", hidden: dict | None = None, text: str = "3",
         white_labels: bool = False, fmt: str = "svg") -> bytes:
    """A matplotlib bar chart of 12 and 25 (``fmt`` svg or pdf) with ``text`` drawn as
    ``hidden`` says; ``fonttype`` is the SVG's (glyph paths or ``<text>``)."""
    with matplotlib.rc_context({"svg.fonttype": fonttype, "svg.hashsalt": "sdc-tests"}):
        fig, ax = plt.subplots()
        bars = ax.bar(["a", "b"], [12, 25], color="navy")
        if white_labels:
            ax.bar_label(bars, color="white", label_type="center")
        if hidden is not None:
            options = {"x": 0, "y": 20, **hidden}
            ax.text(options.pop("x"), options.pop("y"), text, **options)
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt)
        plt.close(fig)
    return buf.getvalue()


def _check(tmp_path: Path, svg: bytes, data: str | None = DATA, name: str = "fig.svg") -> dict:
    folder = tmp_path / "req"
    folder.mkdir()
    (folder / name).write_bytes(svg)
    if data is not None:
        (folder / "fig.csv").write_text(data, encoding="utf-8")
    return run_check(folder, "--show-values")


def _messages(report: dict, rule: str, name: str = "fig.svg") -> list[str]:
    return [f["message"] for o in report["outputs"] if o["path"] == name
            for f in o["findings"] if f["rule"] == rule]


WAYS = ("transparent, in the colour of what is under it, covered by a shape, off the canvas "
        "or in a font under 2 pt; or clipped, masked or styled by a style sheet sdc does not "
        "apply")
INVISIBLE = f"invisible text: 1 piece(s) of text drawn so that no one sees them ({WAYS})"


@pytest.mark.parametrize("fonttype", ["path", "none"])
@pytest.mark.parametrize("how", sorted(HIDDEN))
def test_a_hidden_number_not_in_the_data_is_flagged(tmp_path: Path, how: str,
                                                    fonttype: str) -> None:
    report = _check(tmp_path, _svg(fonttype, HIDDEN[how]))
    assert _messages(report, "SDC605") == [INVISIBLE]
    assert _messages(report, "SDC701") == [
        "what the chart draws does not match its data file: 1 of the 1 numbers it draws as "
        f"text no one sees ({WAYS}) are not in fig.csv (invisible text '3')"]
    assert report["status"] in ("review", "fail")


def test_a_hidden_number_that_is_in_the_data_is_still_hidden_content(tmp_path: Path) -> None:
    """Explained by the data (12 is a bar): no SDC701, but hidden text is still review."""
    report = _check(tmp_path, _svg(hidden=HIDDEN["transparent"], text="n = 12"))
    assert _messages(report, "SDC605") == [INVISIBLE]
    assert _messages(report, "SDC701") == []
    assert report["status"] == "review"


def test_a_hidden_number_in_a_chart_without_data_is_flagged(tmp_path: Path) -> None:
    report = _check(tmp_path, _svg(hidden=HIDDEN["white on white"]), data=None)
    assert [m.split(":")[1].strip() for m in _messages(report, "SDC701")] == [
        f"1 of the 1 numbers it draws as text no one sees ({WAYS}), and it has no data file "
        "that could explain them (invisible text '3')"]
    assert report["status"] in ("review", "fail")


@pytest.mark.parametrize("fonttype", ["path", "none"])
def test_white_labels_on_dark_bars_are_seen(tmp_path: Path, fonttype: str) -> None:
    """The guess "white text is hidden" would be wrong here: they sit on navy bars."""
    report = _check(tmp_path, _svg(fonttype, white_labels=True))
    assert _messages(report, "SDC605") == []
    assert _messages(report, "SDC701") == []


@pytest.mark.parametrize(("text", "explained"), [("12.3", True), ("12.4", False)])
def test_a_hidden_number_matches_within_its_last_written_digit(tmp_path: Path, text: str,
                                                               explained: bool) -> None:
    report = _check(tmp_path, _svg(hidden=HIDDEN["transparent"], text=text),
                    data="grp,n,mean\na,12,12.34\nb,25,20.1\n")
    assert _messages(report, "SDC701") == ([] if explained else [
        "what the chart draws does not match its data file: 1 of the 1 numbers it draws as "
        f"text no one sees ({WAYS}) are not in fig.csv (invisible text '{text}')"])


@pytest.mark.parametrize("how", sorted(HIDDEN))
def test_a_hidden_number_in_a_pdf_chart_is_flagged(tmp_path: Path, how: str) -> None:
    report = _check(tmp_path, _svg(hidden=HIDDEN[how], fmt="pdf"), name="fig.pdf")
    assert _messages(report, "SDC605", "fig.pdf") == [INVISIBLE]
    assert _messages(report, "SDC701", "fig.pdf") == [
        "what the chart draws does not match its data file: 1 of the 1 numbers it draws as "
        f"text no one sees ({WAYS}) are not in fig.csv (invisible text '3')"]


def test_text_in_render_mode_3_in_a_pdf_chart_is_flagged(tmp_path: Path) -> None:
    """Invisible render mode (``3 Tr``), written into the figure's content by pypdf."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ContentStream

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_svg(fmt="pdf"))))
    page = writer.pages[0]
    content = ContentStream(page.get_contents(), writer)
    content.set_data(content.get_data() + b"\nq 1 0 0 1 100 200 cm BT /F1 10 Tf 3 Tr 0 0 Td "
                     b"(7) Tj ET Q\n")
    page.replace_contents(content)
    buf = io.BytesIO()
    writer.write(buf)
    report = _check(tmp_path, buf.getvalue(), name="fig.pdf")
    assert _messages(report, "SDC605", "fig.pdf") == [INVISIBLE]
    assert [m.rsplit("(", 1)[1] for m in _messages(report, "SDC701", "fig.pdf")] == [
        "invisible text '7')"]


def test_white_labels_on_dark_bars_in_a_pdf_are_seen(tmp_path: Path) -> None:
    report = _check(tmp_path, _svg(white_labels=True, fmt="pdf"), name="fig.pdf")
    assert _messages(report, "SDC605", "fig.pdf") == []
    assert _messages(report, "SDC701", "fig.pdf") == []


def test_text_inside_svg_definitions_is_hidden_text(tmp_path: Path) -> None:
    """A ``<text>`` in ``<defs>`` is drawn only where something uses it: here nowhere."""
    svg = _svg().replace(b"</svg>", b'<defs><text x="100" y="100">4</text></defs></svg>')
    report = _check(tmp_path, svg)
    assert _messages(report, "SDC605") == [INVISIBLE]
    assert [m.rsplit("(", 1)[1] for m in _messages(report, "SDC701")] == [
        "invisible text '4')"]


def test_light_grey_and_legend_covered_text_is_seen(tmp_path: Path) -> None:
    """Where "too close to its background" would be wrong: light grey text (#dddddd on white,
    contrast 1.36:1) and a bar label under matplotlib's legend (white at 0.8 opacity)."""
    with matplotlib.rc_context({"svg.hashsalt": "sdc-tests"}):
        fig, ax = plt.subplots()
        bars = ax.bar(["a", "b"], [12, 25], color="navy", label="n")
        ax.bar_label(bars)
        ax.text(0, 20, "source: audit", color="#dddddd")
        ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.55))
        buf = io.BytesIO()
        fig.savefig(buf, format="svg")
        plt.close(fig)
    report = _check(tmp_path, buf.getvalue())
    assert _messages(report, "SDC605") == []


@pytest.mark.parametrize("cover", [
    '<rect x="0" y="0" width="2000" height="2000" fill="#ffffff"/>',
    '<g transform="translate(-10 -10) scale(4)"><rect width="500" height="500" '
    'style="fill: white"/></g>',
    '<image x="0" y="0" width="2000" height="2000" href="data:image/png;base64,{png}"/>',
])
def test_a_shape_written_over_the_whole_chart_hides_all_its_text(tmp_path: Path,
                                                                  cover: str) -> None:
    """A hand-written cover (a rectangle, one in a transformed group, a picture) after every
    label: every label is hidden, so every number is a number the chart publishes."""
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (1, 1), "white").save(png, format="PNG")
    cover = cover.replace("{png}", base64.b64encode(png.getvalue()).decode())
    svg = _svg().replace(b"</svg>", cover.encode() + b"</svg>")
    report = _check(tmp_path, svg)
    assert [m.split(" piece")[0] for m in _messages(report, "SDC605")] == [
        "invisible text: 8"]  # the tick labels a, b, 0, 5, ..., 25


def test_a_red_label_on_a_green_bar_of_the_same_luminance_is_review_not_pass(
        tmp_path: Path) -> None:
    """The contrast test compares luminance, so it is wrong for red on an equally light green:
    the label is taken as unseen, which asks a person (review) and never passes."""
    with matplotlib.rc_context({"svg.hashsalt": "sdc-tests"}):
        fig, ax = plt.subplots()
        bars = ax.bar(["a", "b"], [12, 25], color="#00a000")
        ax.bar_label(bars, color="#ff0000", label_type="center")
        buf = io.BytesIO()
        fig.savefig(buf, format="svg")
        plt.close(fig)
    report = _check(tmp_path, buf.getvalue())
    assert [m.split(" piece")[0] for m in _messages(report, "SDC605")] == ["invisible text: 2"]
    assert _messages(report, "SDC701") == []  # 12 and 25 are the data's
    assert report["status"] == "review"
