"""Issue 12: chart text hidden in ways the paint-order test did not follow (tried from outside).

A label ``3`` (not in the data) is drawn on a matplotlib bar chart and then hidden by:

- a cover drawn by ``<use>`` (a white rectangle defined in ``<defs>``), or by a path written
  with relative commands (``m … h … v … z``);
- a style sheet (``<style>``) that paints the text white: sdc does not apply CSS selectors, so
  a sheet that sets painting properties makes every text possibly unseen;
- a clip path that holds none of the text, or a group that scales it to a speck;
- in a PDF (and SVG), a picture drawn over it (``imshow`` at a higher zorder) or a huge white
  marker (a form XObject, painted by ``Do``).

Each is SDC605 (invisible text) and SDC701 (its 3 is not in fig.csv). Heatmap annotations
(white text on an ``imshow`` picture) are seen: a picture under text is not read.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import matplotlib
import numpy as np
import pytest

from tests.test_smuggle_chart_hidden_text import WAYS, _check, _messages, _svg

matplotlib.use("Agg")
import matplotlib.pyplot as plt

INVISIBLE = f"invisible text: 1 piece(s) of text drawn so that no one sees them ({WAYS})"
NOT_IN_DATA = ("what the chart draws does not match its data file: 1 of the 1 numbers it draws "
               f"as text no one sees ({WAYS}) are not in fig.csv (invisible text '3')")


def _labelled() -> tuple[str, float, float, re.Match[str]]:
    """The bar chart with a visible label 3 (glyph paths), where its glyphs are placed, and
    the label's group."""
    svg = _svg(hidden={"y": 20}).decode()
    group = re.search(r'<g id="text_\d+">\s*<!-- 3 -->', svg)
    place = re.search(r"<!-- 3 -->.*?translate\(([\d.]+) ([\d.]+)\)", svg, re.S)
    assert group is not None and place is not None
    return svg, float(place.group(1)), float(place.group(2)), group


def _hidden_by(how: str) -> bytes:
    svg, x, y, group = _labelled()
    at = f'x="{x - 10}" y="{y - 25}"'
    if how == "use":
        extra = (f'<defs><rect id="cover" width="40" height="40" style="fill: #ffffff"/></defs>'
                 f'<use xlink:href="#cover" {at}/>')
        return svg.replace("</svg>", extra + "</svg>").encode()
    if how == "relative path":
        extra = f'<path d="m {x - 10} {y - 25} h 40 v 40 h -40 z" style="fill: #ffffff"/>'
        return svg.replace("</svg>", extra + "</svg>").encode()
    wrap = {"clip path": '<clipPath id="none"><rect width="1" height="1"/></clipPath>'
                         '<g clip-path="url(#none)">',
            "scaled group": '<g transform="scale(0.01)">'}[how]
    return (svg.replace(group.group(0), wrap + group.group(0), 1)
            .replace("</svg>", "").rstrip() + "</g></svg>").encode()


@pytest.mark.parametrize("how", ["use", "relative path", "clip path", "scaled group"])
def test_text_hidden_by_svg_constructs_is_flagged(tmp_path: Path, how: str) -> None:
    report = _check(tmp_path, _hidden_by(how))
    assert _messages(report, "SDC605") == [INVISIBLE]
    assert _messages(report, "SDC701") == [NOT_IN_DATA]


def test_the_label_unhidden_is_seen(tmp_path: Path) -> None:
    """The same chart without a cover: the label is seen (so the tests above test the cover)."""
    report = _check(tmp_path, _labelled()[0].encode())
    assert _messages(report, "SDC605") == []


def test_a_style_sheet_that_paints_makes_every_text_possibly_unseen(tmp_path: Path) -> None:
    svg = _labelled()[0].replace(
        "<defs>", "<defs><style>g[id^=text_] use { fill: #ffffff !important }</style>", 1)
    report = _check(tmp_path, svg.encode())
    assert [m.split(" piece")[0] for m in _messages(report, "SDC605")] == [
        "invisible text: 9"]  # every label: a, b, 0, 5, ..., 25 and the 3
    [message] = _messages(report, "SDC701")  # the 3 and the y tick labels 0 to 20
    assert f"6 of the 7 numbers it draws as text no one sees ({WAYS})" in message


def test_matplotlibs_own_style_sheet_hides_nothing(tmp_path: Path) -> None:
    svg = _labelled()[0]
    assert "*{stroke-linejoin: round; stroke-linecap: butt}" in svg
    assert _messages(_check(tmp_path, svg.encode()), "SDC605") == []


def _covered(cover: str, fmt: str) -> bytes:
    """The bar chart with a label 3 at (1.5, 5), covered by a white picture or marker."""
    with matplotlib.rc_context({"svg.hashsalt": "sdc-tests"}):
        fig, ax = plt.subplots()
        ax.bar(["a", "b", "c"], [12, 25, 30], color="navy")
        ax.text(1.5, 5, "3", fontsize=10, zorder=3)
        if cover == "picture":
            ax.imshow(np.ones((4, 4, 3)), extent=(1.2, 2.2, 2, 9), zorder=10, aspect="auto")
            ax.set_xlim(-0.5, 2.5)
            ax.set_ylim(0, 32)
        elif cover == "marker":
            ax.plot([1.55], [6], marker="s", markersize=40, color="white", zorder=10)
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt)
        plt.close(fig)
    return buf.getvalue()


@pytest.mark.parametrize("fmt", ["pdf", "svg"])
@pytest.mark.parametrize("cover", ["picture", "marker"])
def test_a_picture_or_marker_drawn_over_text_hides_it(tmp_path: Path, cover: str,
                                                      fmt: str) -> None:
    report = _check(tmp_path, _covered(cover, fmt), data="grp,n\na,12\nb,25\nc,30\n",
                    name=f"fig.{fmt}")
    assert _messages(report, "SDC605", f"fig.{fmt}") == [INVISIBLE]
    # the cover is drawn data too (a bar or a point the file lacks); the 3 is named
    [message] = _messages(report, "SDC701", f"fig.{fmt}")
    assert f"1 of the 1 numbers it draws as text no one sees ({WAYS})" in message
    assert message.endswith("invisible text '3')")


@pytest.mark.parametrize("fmt", ["pdf", "svg"])
def test_heatmap_annotations_on_a_picture_are_seen(tmp_path: Path, fmt: str) -> None:
    """White numbers drawn on an ``imshow`` picture (a seaborn-style annotated heatmap): the
    picture's colours are not read, so the text on it counts as seen."""
    with matplotlib.rc_context({"svg.hashsalt": "sdc-tests"}):
        fig, ax = plt.subplots()
        ax.imshow(np.random.default_rng(1).random((4, 4)))
        for i in range(4):
            ax.text(i, i, str(10 + i), color="white", ha="center", va="center")
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt)
        plt.close(fig)
    report = _check(tmp_path, buf.getvalue(), data=None, name=f"fig.{fmt}")
    assert _messages(report, "SDC605", f"fig.{fmt}") == []
