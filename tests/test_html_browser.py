"""The HTML report in a real browser (headless Chromium via Playwright).

Checks what string tests cannot: flagged cells are visibly coloured, the status filter works
(so the CSP lets our own script run), nothing is requested from the network, and no payload in
a file name, header, label, sheet name or justification runs. A screenshot is saved to
``test-artifacts/`` for a person to look at.

Needs the ``playwright`` Python package and Debian's ``chromium`` (``.ci/system-deps``);
``playwright install`` is never used. Without them the test is skipped, loudly.
"""

from __future__ import annotations

import io
import shutil
import warnings
from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from sdc.reports import ReportOptions, get_reporter
from tests.conftest import write_files

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
FAIL_BG = "rgb(253, 226, 225)"  # --fail-bg
REVIEW_BG = "rgb(255, 241, 194)"  # --review-bg


def _playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = ("BROWSER TEST SKIPPED: the playwright package is not installed "
                  "(pip install playwright; see .ci/system-deps)")
        warnings.warn(reason, stacklevel=2)
        pytest.skip(reason)
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        reason = ("BROWSER TEST SKIPPED: no chromium at /usr/bin/chromium "
                  "(apt-get install chromium; see .ci/system-deps)")
        warnings.warn(reason, stacklevel=2)
        pytest.skip(reason)
    return sync_playwright


@pytest.fixture
def report(tmp_path: Path) -> Path:
    root = write_files(tmp_path / "rel", {
        "<img src=x onerror=window.pwned=1>.csv":
            'age,"<script>window.pwned=2</script>",male\n'
            '"<img src=y onerror=window.pwned=3>",7,4321\n25-34,40,28\n',
        "waived.csv": "grp,n\na,4\nb,30\nc,35\n",
        "safe.csv": "grp,n\na,12\nb,25\n",
        "wb.xlsx": {"sheets": [{"title": "<svg onload=window.pwned=4>",
                                "rows": [["age", "n"], ["18-24", 40], ["25-34", 30]]}]},
        "request.toml": '[request]\ntitle = "<script>window.pwned=5</script>"\n'
                        '[[outputs]]\npath = "safe.csv"\n'
                        'justification = "<img src=z onerror=window.pwned=6>"\n',
    })
    policy = build_policy({"waivers": [{"rule": "small-count", "path": "waived.csv",
                                        "cell": "B2", "reason": "agreed"}]})
    result = sdc.check(root, policy)
    stream = io.StringIO()
    get_reporter("html")(result, stream, ReportOptions())
    target = tmp_path / "report.html"
    target.write_text(stream.getvalue(), encoding="utf-8")
    return target


def test_report_in_chromium(report: Path) -> None:
    sync_playwright = _playwright()
    url = report.as_uri()
    stray: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})

            def route(r) -> None:
                if r.request.url == url:
                    r.continue_()
                else:
                    stray.append(r.request.url)
                    r.abort()

            context.route("**/*", route)
            page = context.new_page()
            page.on("request", lambda req: req.url not in (url,) and not req.url.startswith(
                "data:") and stray.append(req.url))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(url)
            page.wait_for_load_state("load")

            # no payload ran
            assert page.evaluate("() => window.pwned === undefined")
            assert dialogs == []

            # flagged cells are coloured; plain cells are not
            fail_cell = page.locator("td.f-fail").first
            assert fail_cell.evaluate("el => getComputedStyle(el).backgroundColor") == FAIL_BG
            assert "small-count" in fail_cell.get_attribute("title")
            review_cell = page.locator("td.f-review").first
            assert review_cell.evaluate(
                "el => getComputedStyle(el).backgroundColor") == REVIEW_BG
            plain = page.locator("table.grid td:not([class])").first
            assert plain.evaluate("el => getComputedStyle(el).backgroundColor") not in (
                FAIL_BG, REVIEW_BG)

            # the status filter hides and shows outputs
            passing = page.locator("details.output[data-status=pass]").first
            failing = page.locator("details.output[data-status=fail]").first
            assert passing.is_visible() and failing.is_visible()
            page.locator("input[data-filter=pass]").uncheck()
            assert not passing.is_visible() and failing.is_visible()
            page.locator("input[data-filter=fail]").uncheck()
            assert not failing.is_visible()
            assert page.locator("#visible-count").inner_text() == "1"  # the review output
            page.locator("input[data-filter=pass]").check()
            page.locator("input[data-filter=fail]").check()
            assert passing.is_visible() and failing.is_visible()

            # a finding's cell link leads to the cell
            link = page.locator("tr.finding.fail a[href^='#o']").first
            target = link.get_attribute("href")
            link.click()
            assert page.evaluate("() => location.hash") == target

            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "html-report.png"), full_page=True)
            assert page.evaluate("() => window.pwned === undefined")
        finally:
            browser.close()
    assert stray == [], f"the page requested {stray}"
