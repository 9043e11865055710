"""matplotlib's generated SVG ids: a genuine chart is review, an insider's id is never a pass.

matplotlib names clip paths ``p`` and markers ``m`` + the first ten hex digits of a SHA-256
salted with a random uuid. In about one SVG in a thousand such an id is ten decimal digits that
pass the NHS check digit, and a genuine chart failed SDC604. An insider controls ids too, so an
id that matches the pattern and is used only as an id (defined once, named only by
``clip-path="url(#…)"`` or a ``<use>``'s ``href``) is SDC605 review with a clear message;
anything else (the id also in text or another attribute, defined twice or on another element,
two such ids) stays text and fails SDC604. See docs/threat-model.md, channel 3.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import matplotlib
import pytest

from sdc.identifiers import nhs_number_valid
from tests.test_smuggling_files import findings, run_check

matplotlib.use("Agg")
import matplotlib.pyplot as plt

GENUINE_SALT = "s2841"  # with it, matplotlib 3.x names this chart's clip path p7051319132
GENUINE_ID = "p7051319132"
NHS_A, NHS_B = "9434765919", "4505577104"
DATA = "grp,n\na,12\nb,25\nc,30\n"


def _svg(salt: str = "sdc-tests", axes: int = 1) -> str:
    with matplotlib.rc_context({"svg.hashsalt": salt}):
        fig, axs = plt.subplots(1, axes, squeeze=False)
        for ax in axs[0]:
            ax.bar(["a", "b", "c"], [12, 25, 30])
        buf = io.StringIO()
        fig.savefig(buf, format="svg")
        plt.close(fig)
    return buf.getvalue()


def _check(tmp_path: Path, svg: str) -> dict:
    folder = tmp_path / "req"
    folder.mkdir()
    (folder / "fig.svg").write_text(svg, encoding="utf-8")
    (folder / "fig.csv").write_text(DATA, encoding="utf-8")
    return run_check(folder, "--show-values")


def _generated(report: dict) -> list[str]:
    return [f["message"] for o in report["outputs"] for f in o["findings"]
            if f["rule"] == "SDC605" and f["evidence"].get("what") == "generated id"]


def _clip_ids(svg: str) -> list[str]:
    return sorted(set(re.findall(r'<clipPath id="(p[0-9a-f]{10})"', svg)))


def test_a_genuine_clip_id_that_reads_as_an_nhs_number_is_review_not_fail(
        tmp_path: Path) -> None:
    svg = _svg(GENUINE_SALT)
    assert _clip_ids(svg) == [GENUINE_ID] and nhs_number_valid(GENUINE_ID[1:])  # the premise
    report = _check(tmp_path, svg)
    assert findings(report, {"SDC604"}) == set()
    assert ("SDC605", "fig.svg", None) in findings(report, {"SDC605"})
    assert _generated(report) == ["generated id: the id of an SVG <clipPath> reads as NHS number; "
                                  "matplotlib draws such ids at random (ten hex digits of a "
                                  "salted hash, all decimal in about one SVG in a thousand), "
                                  "but an id can carry a number: a person must check it"]
    assert report["status"] == "review"


def test_an_ordinary_chart_has_no_generated_id_finding(tmp_path: Path) -> None:
    report = _check(tmp_path, _svg())
    assert _generated(report) == []
    assert findings(report, {"SDC604", "SDC605"}) == set()


def test_an_insider_clip_id_used_only_as_an_id_is_review(tmp_path: Path) -> None:
    svg = _svg()
    (clip,) = _clip_ids(svg)
    report = _check(tmp_path, svg.replace(clip, "p" + NHS_A))
    assert findings(report, {"SDC604"}) == set()
    assert len(_generated(report)) == 1
    assert report["status"] == "review"


def test_an_insider_marker_id_used_only_by_use_elements_is_review(tmp_path: Path) -> None:
    svg = _svg()
    marker = re.findall(r'<path id="(m[0-9a-f]{10})"', svg)[0]
    report = _check(tmp_path, svg.replace(marker, "m" + NHS_A))
    assert findings(report, {"SDC604"}) == set()
    assert [m.split(";")[0] for m in _generated(report)] == [
        "generated id: the id of an SVG <path> reads as NHS number"]
    assert report["status"] == "review"


@pytest.mark.parametrize("misuse", ["title", "attribute", "twice", "other element"])
def test_an_id_used_as_more_than_an_id_fails(tmp_path: Path, misuse: str) -> None:
    svg = _svg()
    (clip,) = _clip_ids(svg)
    nhs_id = "p" + NHS_A
    svg = svg.replace(clip, nhs_id)
    if misuse == "title":
        svg = svg.replace("</svg>", f"<title>{nhs_id}</title></svg>")
    elif misuse == "attribute":
        svg = svg.replace("</svg>", f'<g data-ref="{nhs_id}"/></svg>')
    elif misuse == "twice":
        svg = svg.replace("</svg>", f'<clipPath id="{nhs_id}"><rect/></clipPath></svg>')
    else:
        svg = svg.replace(f'<clipPath id="{nhs_id}">', f'<clipPath id="x"><g id="{nhs_id}"/>')
    report = _check(tmp_path, svg)
    assert {(r, w) for r, w, _ in findings(report, {"SDC604"})} == {("SDC604", "fig.svg[text]")}
    assert _generated(report) == []
    assert report["status"] == "fail"


def test_two_clip_ids_that_read_as_nhs_numbers_fail(tmp_path: Path) -> None:
    """By chance about one SVG in a million; by design, a list of numbers in ids."""
    svg = _svg(axes=2)
    first, second = _clip_ids(svg)
    report = _check(tmp_path, svg.replace(first, "p" + NHS_A).replace(second, "p" + NHS_B))
    assert len([f for f in findings(report, {"SDC604"}) if f[1] == "fig.svg[text]"]) == 2
    assert _generated(report) == []
    assert report["status"] == "fail"


def _kinds_svg() -> str:
    """A scatter (a collection's paths ``C0_0_…``), a hatched bar (``h…``) and an image
    (``image…``), as matplotlib writes them."""
    import numpy as np

    with matplotlib.rc_context({"svg.hashsalt": "sdc-tests"}):
        fig, (left, right) = plt.subplots(1, 2)
        left.scatter(np.arange(40), np.arange(40) % 7, c=np.arange(40))
        left.bar([1], [3], hatch="//")
        right.imshow(np.arange(16).reshape(4, 4))
        buf = io.StringIO()
        fig.savefig(buf, format="svg")
        plt.close(fig)
    return buf.getvalue()


@pytest.mark.parametrize(("pattern", "tag"), [
    (r'<path id="(C[0-9a-f]+_[0-9a-f]+_[0-9a-f]{10})"', "path"),
    (r'<pattern id="(h[0-9a-f]{10})"', "pattern"),
    (r'id="(image[0-9a-f]{10})"', "image"),
])
def test_other_generated_ids_used_only_as_ids_are_review(tmp_path: Path, pattern: str,
                                                         tag: str) -> None:
    svg = _kinds_svg()
    generated = re.findall(pattern, svg)[0]
    prefix = generated[:-10]
    report = _check(tmp_path, svg.replace(generated, prefix + NHS_A))
    assert findings(report, {"SDC604"}) == set()
    assert [m.split(";")[0] for m in _generated(report)] == [
        f"generated id: the id of an SVG <{tag}> reads as NHS number"]
    assert report["status"] != "pass"  # fail here: the points themselves are SDC703
