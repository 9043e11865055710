"""A ``data:`` URI inside a decoded ``data:`` URI (hunt round 13): a page embedded as
``data:text/html`` whose own ``data-src`` holds a CSV of regions was flagged at the outer URI
(SDC605 review) and the inner one read as a long word, so its West = 3 went unchecked. Now
the URIs a decoded payload holds are read in turn, down to three levels (the CSV's 3 fails
SDC101); one level deeper is flagged, not read (review). The twin, a page embedded with a
linked picture only, is review for the embedding and nothing else."""

from __future__ import annotations

import base64
from pathlib import Path

from tests.test_smuggling_files import findings, run_check

REGIONS = "region,deaths\nNorth,120\nSouth,130\nWest,3\n"


def _uri(kind: str, text: str) -> str:
    return f"data:{kind};base64," + base64.b64encode(text.encode()).decode()


def _nested(levels: int) -> str:
    """A CSV inside ``levels`` - 1 pages, each embedding the one below in a ``data-src``."""
    uri = _uri("text/csv", REGIONS)
    for _ in range(levels - 1):
        uri = _uri("text/html", f"<html><body><p>Figure</p><div data-src='{uri}'></div>"
                                "</body></html>")
    return uri


def _check(tmp_path: Path, uri: str) -> dict:
    folder = tmp_path / "req"
    folder.mkdir()
    (folder / "report.html").write_text(f"<html><body><h1>Report</h1><div data-src='{uri}'>"
                                        "</div></body></html>", encoding="utf-8")
    return run_check(folder)


def _messages(report: dict) -> set[str]:
    return {f["message"] for o in report["outputs"] for f in o["findings"]
            if f["rule"] == "SDC605"}


def test_a_csv_in_a_page_in_a_data_uri_is_read(tmp_path: Path) -> None:
    report = _check(tmp_path, _nested(2))
    # was: review only (the inner URI a long word of hidden text)
    assert ("SDC101", "report.html", "B4") in findings(report)
    assert _messages(report) == {"data URI: embedded data in <div data-src>",
                                 "data URI: embedded data in <div data-src> > data URI"}
    assert report["status"] == "fail"


def test_three_levels_are_read(tmp_path: Path) -> None:
    report = _check(tmp_path, _nested(3))
    assert ("SDC101", "report.html", "B4") in findings(report)
    assert report["status"] == "fail"


def test_a_fourth_level_is_flagged_not_read(tmp_path: Path) -> None:
    report = _check(tmp_path, _nested(4))
    assert ("SDC101", "report.html", "B4") not in findings(report)
    assert ("embedded file: the data in <div data-src> > data URI > data URI holds 1 data: "
            "URI(s) nested too deep for sdc to read; a person must check them"
            in _messages(report))
    assert report["status"] == "review"


def test_a_page_with_a_linked_picture_is_review_for_its_embedding_only(tmp_path: Path) -> None:
    uri = _uri("text/html", "<html><body><img src='chart.png' alt='chart'></body></html>")
    report = _check(tmp_path, uri)
    assert findings(report) == {("SDC605", "report.html", None)}
    assert _messages(report) == {"data URI: embedded data in <div data-src>"}
    assert report["status"] == "review"
