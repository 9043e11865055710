"""The HTML report: self-contained, escaped, cells highlighted and linked, big tables truncated."""

from __future__ import annotations

import base64
import hashlib
import io
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import sdc
from sdc.policy import build_policy
from sdc.reports import ReportOptions, get_reporter
from sdc.reports.html_grid import MAX_TABLE_CELLS
from tests.conftest import write_files

TABLE = "age,female,male\n18-24,7,4321\n25-34,40,28\n"
HEADER_PAYLOAD = "<script>window.pwned=1</script>"
NAME_PAYLOAD = "<img src=x onerror=window.pwned=2>.csv"


def _check(root: Path, files: dict, policy: dict | None = None) -> sdc.RunResult:
    write_files(root, files)
    return sdc.check(root, build_policy(policy or {}))


def _html(result: sdc.RunResult, **options) -> str:
    stream = io.StringIO()
    get_reporter("html")(result, stream, ReportOptions(**options))
    return stream.getvalue()


def _payload_release(tmp_path: Path) -> sdc.RunResult:
    return _check(tmp_path / "rel", {
        "t.csv": TABLE,
        NAME_PAYLOAD: f'"{HEADER_PAYLOAD}",n\na,5\nb,50\n',
        "safe.csv": "grp,n\na,12\nb,25\n",
        "request.toml": (
            '[request]\ntitle = "Study <b onmouseover=alert(1)>x</b>"\nauthor = "a.r"\n'
            '[[outputs]]\npath = "t.csv"\ndescription = "ages <script>alert(3)</script>"\n'
            'justification = "needed & \\"agreed\\""\n'),
    })


def test_researcher_strings_are_escaped(tmp_path: Path) -> None:
    html = _html(_payload_release(tmp_path))
    assert html.count("<script") == 1  # ours, at the end
    assert "<img src=x" not in html and "<b onmouseover" not in html
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=window.pwned=2&gt;.csv" in html
    assert "ages &lt;script&gt;alert(3)&lt;/script&gt;" in html
    assert "needed &amp; &#34;agreed&#34;" in html


class _Tags(HTMLParser):
    """Every start tag and attribute name the browser would build from the page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.update(name for name, _ in attrs)


def test_no_payload_becomes_markup(tmp_path: Path) -> None:
    quote_payload = 'x" onmouseover="window.pwned=7'
    result = _check(tmp_path / "r", {
        "t.csv": 'grp,"<svg onload=window.pwned=8>"\n'
                 f'"{quote_payload.replace(chr(34), 2 * chr(34))}",4\nb,300\n',
        NAME_PAYLOAD: TABLE,
    })
    assert any(f.location.row_label == quote_payload for f in result.findings)
    parser = _Tags()
    parser.feed(_html(result))
    assert parser.tags.count("script") == 1
    assert "svg" not in parser.tags
    assert not [a for a in parser.attributes if a.startswith("on")]


def test_page_is_self_contained_and_locked_down(tmp_path: Path) -> None:
    html = _html(_payload_release(tmp_path))
    refs = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert refs and all(r.startswith(("data:", "#")) for r in refs)
    assert not re.search(r"<link|@import|url\(", html)
    csp = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"',
                             html).group(1))
    assert "default-src 'none'" in csp and "img-src data:" in csp
    script = re.search(r"<script>(.*?)</script>", html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in csp


def test_top_shows_verdict_policy_request_and_justifications(tmp_path: Path) -> None:
    result = _payload_release(tmp_path)
    html = _html(result)
    assert '<span class="verdict fail">FAIL</span>' in html
    assert "<span>3 outputs</span>" in html
    assert result.policy.sha256 in html
    assert '<th class="mono">rules.small-count.threshold</th><td class="mono">10</td>' in html
    assert "<th>author</th><td>a.r</td>" in html
    assert "sdc 0.1.0" in html
    for out in result.outputs:
        assert out.sha256 in html


def test_offending_cells_are_coloured_with_tooltip_and_footnote(tmp_path: Path) -> None:
    html = _html(_payload_release(tmp_path))
    cell = re.search(r'<td id="o(\d+)-B2" class="f-fail" title="([^"]*)">7<sup>'
                     r'<a href="#o\1-f(\d+)">\3</a></sup></td>', html)
    assert cell is not None, "B2 of t.csv is highlighted"
    title = cell.group(2)
    assert "SDC101 small-count (fail): count 7 is below the threshold 10" in title
    assert "evidence: count=7, threshold=10" in title
    out, num = cell.group(1), cell.group(3)
    finding = re.search(rf'<tr class="finding fail" id="o{out}-f{num}">.*?</tr>', html, re.S)
    assert f'<a href="#o{out}-B2">B2</a>' in finding.group(0)
    assert "count=7, threshold=10" in finding.group(0)


def test_waived_finding_is_review_amber(tmp_path: Path) -> None:
    result = _check(tmp_path / "r", {"t.csv": TABLE}, policy={
        "waivers": [{"rule": "small-count", "path": "t.csv", "cell": "B2",
                     "reason": "agreed with the TRE"}]})
    html = _html(result)
    assert re.search(r'<td id="o0-B2" class="f-review" title="[^"]*waived: agreed', html)
    assert "waived: agreed with the TRE" in html


def test_passing_outputs_collapsed_failing_open_with_filter(tmp_path: Path) -> None:
    html = _html(_payload_release(tmp_path))
    opened = re.findall(r'<details class="output (\w+)" id="o\d+" data-status="\1"( open)?>',
                        html)
    assert sorted(opened) == [("fail", " open"), ("fail", " open"), ("pass", "")]
    for status in ("fail", "review", "pass"):
        assert f'<input type="checkbox" data-filter="{status}" checked>' in html


def test_heatmap_figure_is_an_inline_png(tmp_path: Path) -> None:
    html = _html(_payload_release(tmp_path))
    figures = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert figures
    assert base64.b64decode(figures[0])[:8] == b"\x89PNG\r\n\x1a\n"


def test_released_image_is_embedded(tmp_path: Path) -> None:
    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==")
    result = _check(tmp_path / "r", {"fig.png": png})
    html = _html(result)
    assert "data:image/png;base64," + base64.b64encode(png).decode() in html


def test_large_table_is_truncated_but_keeps_flagged_rows(tmp_path: Path) -> None:
    # a and b cross (b is 45..57 beside a's 50..56): no column holds the other. A b above a
    # on all 3,000 lines by 4 to 14 would be a whole and its part, reviewed on most rows
    rows = [f"g{i},{50 + i % 7},{45 + i % 13}" for i in range(3000)]
    rows[2500] = "g2500,3,70"
    result = _check(tmp_path / "r", {"big.csv": "grp,a,b\n" + "\n".join(rows) + "\n"})
    html = _html(result)
    assert "Large table (9,003 cells, 3,001 rows)" in html
    assert re.search(r'<td id="o0-B2502" class="f-fail"', html)
    assert '<a href="#o0-B2502">B2502</a>' in html
    assert "rows not shown" in html
    rendered = len(re.findall(r"<tr(?: class=\"hdr\")?><th>\d+</th>", html))
    assert MAX_TABLE_CELLS // 3 - 10 <= rendered <= MAX_TABLE_CELLS // 3 + 10
    assert len(html) < 400_000


def test_unreadable_output_has_no_table_but_findings(tmp_path: Path) -> None:
    result = _check(tmp_path / "r", {"notes.txt": "free text\n"})
    html = _html(result)
    assert "No table was read from this output." in html
    assert "SDC602 unreadable-output" in html
